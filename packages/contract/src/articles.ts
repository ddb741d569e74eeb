import { z } from 'zod';
import type { TRole } from './roles.js';

// ---------- enumerations ----------
export const ARTICLE_TYPES = ['news', 'experience', 'problem', 'suggestion', 'feedback', 'research'] as const;
export const ZArticleType = z.enum(ARTICLE_TYPES);
export type TArticleType = z.infer<typeof ZArticleType>;
/** 动态, 经验, 问题, 建议, 落实反馈, 调研 */
export const ARTICLE_TYPE_LABELS_ZH: Record<TArticleType, string> = {
  news: '动态',
  experience: '经验',
  problem: '问题',
  suggestion: '建议',
  feedback: '落实反馈',
  research: '调研',
};

export const URGENCIES = ['normal', 'urgent', 'very_urgent'] as const;
export const ZUrgency = z.enum(URGENCIES);
export type TUrgency = z.infer<typeof ZUrgency>;

export const ARTICLE_STATES = [
  'draft',
  'awaiting_unit_approval',
  'submitted',
  'in_review',
  'adopted',
  'not_adopted',
  'returned',
  'reserved',
  'withdrawn',
  /** Past years' pieces brought in by the archive import: already decided, no further actions. */
  'archived',
] as const;
export const ZArticleState = z.enum(ARTICLE_STATES);
export type TArticleState = z.infer<typeof ZArticleState>;

// ---------- the lifecycle as data ----------
export const ARTICLE_ACTIONS = [
  'submit',
  'send_for_approval',
  'approve',
  'unit_return',
  'withdraw',
  'reopen',
  'claim',
  'release',
  'adopt',
  'reject',
  'return',
  'reserve',
] as const;
export const ZArticleAction = z.enum(ARTICLE_ACTIONS);
export type TArticleAction = z.infer<typeof ZArticleAction>;

export interface ArticleTransition {
  from: readonly TArticleState[];
  to: TArticleState;
  roles: readonly TRole[];
  /** Whose article: the acting user's own unit (unit roles) or any submitted article (office roles). */
  scope: 'own_unit' | 'office';
  /** A comment (reason) is required. */
  commentRequired: boolean;
  /** Only when the unit needs (true) or does not need (false) unit approval. */
  unitApproval?: boolean;
  /** Runs the submission guards (classification, personal data, quota). */
  guarded?: boolean;
}

/**
 * Every allowed move of an article. The server refuses anything not in this table (409 ILLEGAL_TRANSITION) and the
 * web app offers exactly the actions it permits for the user's roles and the article's state.
 */
export const ARTICLE_TRANSITIONS: Record<TArticleAction, ArticleTransition> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', roles: ['reporter', 'unit_approver'], scope: 'own_unit', commentRequired: false, unitApproval: false, guarded: true },
  send_for_approval: { from: ['draft', 'returned'], to: 'awaiting_unit_approval', roles: ['reporter'], scope: 'own_unit', commentRequired: false, unitApproval: true, guarded: true },
  approve: { from: ['awaiting_unit_approval'], to: 'submitted', roles: ['unit_approver'], scope: 'own_unit', commentRequired: false, guarded: true },
  unit_return: { from: ['awaiting_unit_approval'], to: 'returned', roles: ['unit_approver'], scope: 'own_unit', commentRequired: true },
  withdraw: { from: ['awaiting_unit_approval', 'submitted'], to: 'withdrawn', roles: ['reporter', 'unit_approver'], scope: 'own_unit', commentRequired: false },
  reopen: { from: ['withdrawn'], to: 'draft', roles: ['reporter', 'unit_approver'], scope: 'own_unit', commentRequired: false },
  claim: { from: ['submitted'], to: 'in_review', roles: ['editor'], scope: 'office', commentRequired: false },
  release: { from: ['in_review'], to: 'submitted', roles: ['editor'], scope: 'office', commentRequired: false },
  adopt: { from: ['in_review', 'reserved'], to: 'adopted', roles: ['editor'], scope: 'office', commentRequired: false },
  reject: { from: ['in_review', 'reserved'], to: 'not_adopted', roles: ['editor'], scope: 'office', commentRequired: true },
  return: { from: ['in_review', 'reserved'], to: 'returned', roles: ['editor'], scope: 'office', commentRequired: true },
  reserve: { from: ['in_review'], to: 'reserved', roles: ['editor'], scope: 'office', commentRequired: false },
};

/** States in which the unit may still edit the text. */
export const UNIT_EDITABLE_STATES: readonly TArticleState[] = ['draft', 'returned'];
/** States in which an editor may edit (each save a new version). */
export const EDITOR_EDITABLE_STATES: readonly TArticleState[] = ['in_review', 'reserved'];
/** States the office sees (never drafts or what is still inside the unit). */
export const OFFICE_VISIBLE_STATES: readonly TArticleState[] = ['submitted', 'in_review', 'adopted', 'not_adopted', 'returned', 'reserved', 'withdrawn'];

export interface ActionContext {
  roles: readonly TRole[];
  state: TArticleState;
  /** The user belongs to the article's unit. */
  ownUnit: boolean;
  unitNeedsApproval: boolean;
}

export function actionAllowed(action: TArticleAction, ctx: ActionContext): boolean {
  const t = ARTICLE_TRANSITIONS[action];
  if (!t.from.includes(ctx.state)) return false;
  if (!ctx.roles.some((r) => t.roles.includes(r))) return false;
  if (t.scope === 'own_unit' && !ctx.ownUnit) return false;
  if (t.unitApproval !== undefined && t.unitApproval !== ctx.unitNeedsApproval) {
    // An approver submitting their own unit's piece needs no second approval.
    if (!(action === 'submit' && ctx.roles.includes('unit_approver'))) return false;
  }
  return true;
}

export function allowedActions(ctx: ActionContext): TArticleAction[] {
  return ARTICLE_ACTIONS.filter((a) => actionAllowed(a, ctx));
}

// ---------- API shapes ----------
export const ZAuthor = z.object({ name: z.string().trim().min(1).max(30), phone: z.string().trim().max(40).default('') });
export type TAuthor = z.infer<typeof ZAuthor>;

const articleFieldShapes = {
  title: z.string().trim().max(200),
  bodyHtml: z.string().max(2_000_000),
  type: ZArticleType,
  topicIds: z.array(z.number().int().positive()).max(20),
  authors: z.array(ZAuthor).max(10),
  signer: z.string().trim().max(30),
  urgency: ZUrgency,
  /** The follow-up (落实反馈) this article answers; the type becomes 落实反馈. */
  followupId: z.number().int().positive().nullable().optional(),
  /** The solicitation (约稿) this article answers. */
  solicitationId: z.number().int().positive().nullable().optional(),
};
/** A new article: omitted lists and texts start empty. */
export const ZArticleFields = z.object({
  ...articleFieldShapes,
  topicIds: articleFieldShapes.topicIds.default([]),
  authors: articleFieldShapes.authors.default([]),
  signer: articleFieldShapes.signer.default(''),
  urgency: articleFieldShapes.urgency.default('normal'),
});
/**
 * A save: only the fields sent change. No defaults here — with defaults, zod would fill omitted fields and a save of
 * the body alone would wipe topics, authors and signer.
 */
export const ZArticleDraftInput = z.object(articleFieldShapes).partial().extend({
  /** Optimistic concurrency: the rowVersion the client last saw. */
  rowVersion: z.number().int().optional(),
});
export type TArticleDraftInput = z.input<typeof ZArticleDraftInput>;

export const ZGuardFinding = z.object({
  kind: z.enum(['classification', 'id_number', 'mobile', 'bank_card', 'quota_cap', 'quota_target', 'empty']),
  severity: z.enum(['block', 'confirm', 'info']),
  message: z.string(),
  match: z.string().nullable(),
  offset: z.number().int().nullable(),
});
export type TGuardFinding = z.infer<typeof ZGuardFinding>;

export const ZAttachment = z.object({
  id: z.number().int(),
  filename: z.string(),
  mime: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});
export type TAttachment = z.infer<typeof ZAttachment>;

export const ZArticleSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  type: ZArticleType,
  urgency: ZUrgency,
  state: ZArticleState,
  unit: z.object({ id: z.number().int(), name: z.string(), groupId: z.number().int(), groupName: z.string() }),
  createdBy: z.object({ id: z.number().int(), displayName: z.string() }),
  assignee: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  topicIds: z.array(z.number().int()),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  updatedAt: z.string(),
  rowVersion: z.number().int(),
  charCount: z.number().int(),
  /** The last duplicate check flagged earlier pieces (雷同). */
  duplicate: z.boolean(),
});
export type TArticleSummary = z.infer<typeof ZArticleSummary>;

export const ZArticleEvent = z.object({
  id: z.number().int(),
  action: z.string(),
  fromState: ZArticleState.nullable(),
  toState: ZArticleState.nullable(),
  actor: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  comment: z.string().nullable(),
  at: z.string(),
});
export type TArticleEvent = z.infer<typeof ZArticleEvent>;

export const ZArticle = ZArticleSummary.extend({
  bodyHtml: z.string(),
  authors: z.array(ZAuthor),
  signer: z.string(),
  decisionComment: z.string().nullable(),
  followupId: z.number().int().nullable(),
  solicitationId: z.number().int().nullable(),
  versionCount: z.number().int(),
  attachments: z.array(ZAttachment),
  events: z.array(ZArticleEvent),
  allowedActions: z.array(ZArticleAction),
  canEdit: z.boolean(),
});
export type TArticle = z.infer<typeof ZArticle>;
/** A draft made from a Word file, with what could not be brought over (e.g. EMF pictures). */
export const ZArticleImported = ZArticle.extend({ importWarnings: z.array(z.string()) });
export type TArticleImported = z.infer<typeof ZArticleImported>;

export const ZTransitionBody = z.object({
  rowVersion: z.number().int(),
  comment: z.string().trim().max(2000).optional(),
  /** The user confirms the flagged personal data is meant to be there. */
  confirmPersonalData: z.boolean().optional(),
});

export const ZVersion = z.object({
  versionNo: z.number().int(),
  kind: z.enum(['unit', 'editor']),
  title: z.string(),
  createdBy: z.object({ id: z.number().int(), displayName: z.string() }),
  createdAt: z.string(),
  charCount: z.number().int(),
});
export const ZDiffOp = z.tuple([z.union([z.literal(-1), z.literal(0), z.literal(1)]), z.string()]);
export const ZVersionDiff = z.object({ from: z.number().int(), to: z.number().int(), title: z.array(ZDiffOp), body: z.array(ZDiffOp) });

export const ZArticleListQuery = z.object({
  state: z.union([ZArticleState, z.array(ZArticleState)]).optional(),
  unitId: z.coerce.number().int().optional(),
  groupId: z.coerce.number().int().optional(),
  type: ZArticleType.optional(),
  topicId: z.coerce.number().int().optional(),
  urgency: ZUrgency.optional(),
  assigneeId: z.coerce.number().int().optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  q: z.string().trim().max(100).optional(),
  /** Only articles flagged as duplicates. */
  duplicates: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZArticleList = z.object({
  items: z.array(ZArticleSummary),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
});

export const ZTopic = z.object({ id: z.number().int(), year: z.number().int(), name: z.string(), active: z.boolean(), sortOrder: z.number().int() });
export type TTopic = z.infer<typeof ZTopic>;
export const ZTopicInput = z.object({
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(1).max(100),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(10000).default(100),
});

export const ZNotification = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  articleId: z.number().int().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ARTICLE_STATE_LABELS_ZH: Record<TArticleState, string> = {
  draft: '草稿',
  awaiting_unit_approval: '待单位审核',
  submitted: '已报送',
  in_review: '编辑中',
  adopted: '已采用',
  not_adopted: '未采用',
  returned: '退回修改',
  reserved: '备用',
  withdrawn: '已撤回',
  archived: '历史稿件',
};
export const ARTICLE_ACTION_LABELS_ZH: Record<TArticleAction, string> = {
  submit: '报送',
  send_for_approval: '送单位审核',
  approve: '审核通过并报送',
  unit_return: '退回',
  withdraw: '撤回',
  reopen: '重新编辑',
  claim: '认领',
  release: '放回待处理',
  adopt: '采用',
  reject: '不采用',
  return: '退回修改',
  reserve: '备用',
};

export const ZGuardSettings = z.object({ classificationPatterns: z.array(z.string().min(1).max(200)).max(100) });
export type TGuardSettings = z.infer<typeof ZGuardSettings>;
