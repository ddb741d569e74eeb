import {
  EDITOR_EDITABLE_STATES,
  PERMISSIONS,
  rolesAllow,
  UNIT_EDITABLE_STATES,
  UNIT_ROLES,
  type TArticleState,
  type TPermission,
  type TRole,
} from '@baosong/contract';

/** What permission checks need to know of an article. */
export interface ArticleFacts {
  unitId: number;
  createdById: number;
  state: TArticleState;
  /** Set once the article has left the unit: only then does the office see it. */
  firstSubmittedAt: Date | null;
}

/** The authenticated user as every permission check sees it. */
export interface Actor {
  id: number;
  username: string;
  roles: TRole[];
  unitId: number | null;
}

/**
 * The one policy module. Routes name a permission in their config and the auth hook asks `can`; resource-level
 * questions (which unit's data) are asked here too, never decided ad hoc in a route or service.
 */
export const policy = {
  can(actor: Actor, permission: TPermission): boolean {
    return rolesAllow(actor.roles, permission);
  },
  /** A unit's own people see their unit; office roles with units.read see all. */
  canViewUnit(actor: Actor, unitId: number): boolean {
    if (rolesAllow(actor.roles, 'units.read')) return true;
    return actor.unitId === unitId && actor.roles.some((r) => UNIT_ROLES.includes(r));
  },
  /** Scores and ledgers: scoring.read holders see every unit's, a unit's people only their own unit's. */
  canViewUnitScores(actor: Actor, unitId: number): boolean {
    return rolesAllow(actor.roles, 'scoring.read') || this.isOwnUnit(actor, unitId);
  },
  /** A unit's people see their unit's articles (drafts only their author); the office sees what has left a unit. */
  canViewArticle(actor: Actor, a: ArticleFacts): boolean {
    if (a.firstSubmittedAt && rolesAllow(actor.roles, 'articles.office.read')) return true;
    if (this.isOwnUnit(actor, a.unitId)) return a.state === 'draft' ? a.createdById === actor.id : true;
    return false;
  },
  isOwnUnit(actor: Actor, unitId: number): boolean {
    return actor.unitId === unitId && actor.roles.some((r) => UNIT_ROLES.includes(r));
  },
  /** The author, or the unit's approver, may edit while the piece is with the unit. */
  canEditAsUnit(actor: Actor, a: ArticleFacts): boolean {
    if (!this.isOwnUnit(actor, a.unitId) || !UNIT_EDITABLE_STATES.includes(a.state)) return false;
    return a.createdById === actor.id || actor.roles.includes('unit_approver');
  },
  canEditAsEditor(actor: Actor, a: ArticleFacts): boolean {
    return rolesAllow(actor.roles, 'articles.desk') && EDITOR_EDITABLE_STATES.includes(a.state) && a.firstSubmittedAt !== null;
  },
  /** Office roles see every issue in every state; the reading room (leaders) only released ones. */
  canSeeIssue(actor: Actor, state: string): boolean {
    if (rolesAllow(actor.roles, 'issues.office')) return true;
    return state === 'released' && rolesAllow(actor.roles, 'issues.read');
  },
  /** Which issues a list may show: all, released only, or none (403). */
  issueListScope(actor: Actor): 'all' | 'released' | null {
    if (rolesAllow(actor.roles, 'issues.office')) return 'all';
    return rolesAllow(actor.roles, 'issues.read') ? 'released' : null;
  },
  /** Follow-ups: the desk sees all; a unit's people those addressed to their unit; others none. */
  followupScope(actor: Actor): { all: true } | { unitId: number } | null {
    if (rolesAllow(actor.roles, 'followups.manage')) return { all: true };
    if (actor.unitId && rolesAllow(actor.roles, 'followups.unit')) return { unitId: actor.unitId };
    return null;
  },
  /** Notices: the desk sees drafts and released ones; everyone else signed in only released ones. */
  noticeScope(actor: Actor): 'all' | 'released' | null {
    if (rolesAllow(actor.roles, 'notices.manage')) return 'all';
    return rolesAllow(actor.roles, 'notices.read') ? 'released' : null;
  },
  /** Dashboards: every unit for scoring.read holders; a unit's people their own unit's figures; others none. */
  dashboardScope(actor: Actor): { all: true } | { unitId: number } | null {
    if (rolesAllow(actor.roles, 'scoring.read')) return { all: true };
    if (actor.unitId && actor.roles.some((r) => UNIT_ROLES.includes(r))) return { unitId: actor.unitId };
    return null;
  },
  /** Solicitations: the desk and auditors see all; a unit's people those addressed to their unit; others none. */
  solicitationScope(actor: Actor): { all: true } | { unitId: number } | null {
    if (rolesAllow(actor.roles, 'solicitations.manage') || rolesAllow(actor.roles, 'solicitations.compliance')) return { all: true };
    if (actor.unitId && rolesAllow(actor.roles, 'solicitations.unit')) return { unitId: actor.unitId };
    return null;
  },
  permissions: PERMISSIONS,
};
