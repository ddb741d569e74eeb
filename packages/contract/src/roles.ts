import { z } from 'zod';

/** The roles of PRODUCT.md §2. One person may hold several. */
export const ROLES = [
  'reporter',
  'unit_approver',
  'editor',
  'issuer',
  'leader',
  'administrator',
  'auditor',
] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** Roles whose holders act for one reporting unit and therefore must belong to one. */
export const UNIT_ROLES: readonly TRole[] = ['reporter', 'unit_approver'];

/**
 * Every permission the product knows, with the roles that hold it. The server's policy module decides with this
 * table (plus unit scoping); the web app reads the same table to show only what the server will allow.
 */
export const PERMISSIONS = {
  'units.read': ['administrator', 'editor', 'issuer', 'auditor', 'leader'],
  'units.manage': ['administrator'],
  'users.read': ['administrator', 'auditor'],
  'users.manage': ['administrator'],
  /** Write and submit the unit's articles; see the unit's own list. */
  'articles.unit': ['reporter', 'unit_approver'],
  /** The editorial desk: every submitted article, claims, edits, decisions. */
  'articles.desk': ['editor'],
  /** Read submitted articles office-wide without deciding (the issuer signs off what editors compose). */
  'articles.office.read': ['editor', 'issuer'],
  'topics.read': ['reporter', 'unit_approver', 'editor', 'issuer', 'leader', 'administrator', 'auditor'],
  'topics.manage': ['administrator'],
  'settings.manage': ['administrator'],
  'publications.read': ['editor', 'issuer', 'leader', 'administrator'],
  'publications.manage': ['administrator'],
  /** Every issue in every state: those who compose and sign off. */
  'issues.office': ['editor', 'issuer'],
  'issues.compose': ['editor'],
  /** Released issues: the reading room. */
  'issues.read': ['editor', 'issuer', 'leader'],
  'instructions.record': ['leader', 'editor'],
  'followups.manage': ['editor'],
  'followups.unit': ['reporter', 'unit_approver'],
  'channels.read': ['editor', 'issuer', 'administrator', 'auditor'],
  'channels.manage': ['administrator'],
  /** Forwarded pieces and their upstream outcomes. */
  'forwarding.read': ['editor', 'issuer', 'auditor'],
  'forwarding.manage': ['editor'],
  'forwarding.signoff': ['issuer'],
  'solicitations.manage': ['editor'],
  'solicitations.unit': ['reporter', 'unit_approver'],
  'solicitations.compliance': ['editor', 'auditor'],
  /** Notices (通报): generate, edit, refresh, release. */
  'notices.manage': ['editor'],
  /** Released notices, for everyone signed in; drafts only for notices.manage. */
  'notices.read': ['reporter', 'unit_approver', 'editor', 'issuer', 'leader', 'administrator', 'auditor'],
  /** The outbox of e-mail and webhook messages. */
  'delivery.manage': ['administrator'],
  /** Full-text search; what it finds is scoped by who may see each article. */
  /** Browse, export and verify the audit trail (read-only; nobody can change it). */
  'audit.read': ['auditor'],
  'search.use': ['reporter', 'unit_approver', 'editor', 'issuer'],
  /** Dashboards: office-wide for scoring.read holders, the viewer's own unit for a unit's people (policy.dashboardScope). */
  'dashboard.read': ['reporter', 'unit_approver', 'editor', 'issuer', 'leader', 'administrator', 'auditor'],
  /** Assessments, rankings and dashboards of every unit (units see their own ledger through the policy). */
  'scoring.read': ['editor', 'issuer', 'leader', 'administrator', 'auditor'],
  /** Rule sets, what-if and freezing the official assessment. */
  'scoring.manage': ['administrator'],
  /** Manual adjustments with a reason (false information, late urgent report …). */
  'scoring.adjust': ['editor'],
} as const satisfies Record<string, readonly TRole[]>;
export type TPermission = keyof typeof PERMISSIONS;

export function rolesAllow(roles: readonly TRole[], permission: TPermission): boolean {
  const allowed: readonly TRole[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** Chinese role names, as they appear in import templates and official documents. */
export const ROLE_LABELS_ZH: Record<TRole, string> = {
  reporter: '信息员',
  unit_approver: '单位审核人',
  editor: '编辑',
  issuer: '签发人',
  leader: '领导',
  administrator: '管理员',
  auditor: '审计员',
};
