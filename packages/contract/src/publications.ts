import { z } from 'zod';
import type { TRole } from './roles.js';

// ---------- publications (刊物) ----------
export const PUBLICATION_KINDS = ['routine', 'special', 'leaders_reference', 'supplement'] as const;
export const ZPublicationKind = z.enum(PUBLICATION_KINDS);
export type TPublicationKind = z.infer<typeof ZPublicationKind>;
export const PUBLICATION_KIND_LABELS_ZH: Record<TPublicationKind, string> = {
  routine: '常规简报',
  special: '专报',
  leaders_reference: '领导参阅',
  supplement: '增刊',
};

export const ZDistribution = z.object({
  bao: z.string().trim().max(500).default(''),
  song: z.string().trim().max(500).default(''),
  fa: z.string().trim().max(500).default(''),
});
export type TDistribution = z.infer<typeof ZDistribution>;

export const ZPublication = z.object({
  id: z.number().int(),
  name: z.string(),
  masthead: z.string().nullable(),
  kind: ZPublicationKind,
  compilingUnit: z.string(),
  distribution: ZDistribution,
  activeFrom: z.number().int(),
  activeTo: z.number().int().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  issueCount: z.number().int(),
});
export type TPublication = z.infer<typeof ZPublication>;
export const ZPublicationInput = z.object({
  name: z.string().trim().min(2).max(50),
  /** 刊头 text; the name is printed when empty. */
  masthead: z
    .string()
    .trim()
    .max(50)
    .nullish()
    .transform((v) => (v ? v : null)),
  kind: ZPublicationKind,
  compilingUnit: z.string().trim().min(2).max(60),
  distribution: ZDistribution.default({ bao: '', song: '', fa: '' }),
  activeFrom: z.number().int().min(2000).max(2100),
  activeTo: z.number().int().min(2000).max(2100).nullable().default(null),
  sortOrder: z.number().int().min(0).max(10000).default(100),
});
export const ZPublicationPatch = ZPublicationInput.partial().extend({ active: z.boolean().optional() });

// ---------- issues (期) ----------
export const ISSUE_STATES = ['draft', 'awaiting_signoff', 'released'] as const;
export const ZIssueState = z.enum(ISSUE_STATES);
export type TIssueState = z.infer<typeof ZIssueState>;
export const ISSUE_STATE_LABELS_ZH: Record<TIssueState, string> = { draft: '编辑中', awaiting_signoff: '待签发', released: '已印发' };

export const ISSUE_ACTIONS = ['send_for_signoff', 'sign_off', 'send_back', 'recall'] as const;
export const ZIssueAction = z.enum(ISSUE_ACTIONS);
export type TIssueAction = z.infer<typeof ZIssueAction>;
export const ISSUE_ACTION_LABELS_ZH: Record<TIssueAction, string> = {
  send_for_signoff: '送签',
  sign_off: '签发',
  send_back: '退回',
  recall: '撤回修改',
};
/** The issue workflow as data; the server enforces it and the UI offers exactly these. */
export const ISSUE_TRANSITIONS: Record<TIssueAction, { from: readonly TIssueState[]; to: TIssueState; roles: readonly TRole[]; commentRequired: boolean }> = {
  send_for_signoff: { from: ['draft'], to: 'awaiting_signoff', roles: ['editor'], commentRequired: false },
  recall: { from: ['awaiting_signoff'], to: 'draft', roles: ['editor'], commentRequired: false },
  sign_off: { from: ['awaiting_signoff'], to: 'released', roles: ['issuer'], commentRequired: false },
  send_back: { from: ['awaiting_signoff'], to: 'draft', roles: ['issuer'], commentRequired: true },
};
export function issueActionsFor(roles: readonly TRole[], state: TIssueState): TIssueAction[] {
  return ISSUE_ACTIONS.filter((a) => ISSUE_TRANSITIONS[a].from.includes(state) && roles.some((r) => ISSUE_TRANSITIONS[a].roles.includes(r)));
}

export const ZIssueItemSource = z.object({
  articleId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  title: z.string(),
});
export const ZIssueItem = z.object({
  id: z.number().int(),
  position: z.number().int(),
  kind: z.enum(['heading', 'piece']),
  title: z.string(),
  bodyHtml: z.string(),
  /** full: one article as adopted; composite: written from several units' articles (综合采用). */
  adoption: z.enum(['full', 'composite']).nullable(),
  sources: z.array(ZIssueItemSource),
});
export type TIssueItem = z.infer<typeof ZIssueItem>;

export const ZIssueSummary = z.object({
  id: z.number().int(),
  publicationId: z.number().int(),
  publicationName: z.string(),
  /** What the masthead prints: the publication's masthead text, else its name. */
  masthead: z.string(),
  publicationKind: ZPublicationKind,
  year: z.number().int(),
  number: z.number().int(),
  totalNumber: z.number().int(),
  issueDate: z.string(),
  state: ZIssueState,
  pieceCount: z.number().int(),
  instructionCount: z.number().int(),
  erratumOfId: z.number().int().nullable(),
  releasedAt: z.string().nullable(),
  rowVersion: z.number().int(),
});
export type TIssueSummary = z.infer<typeof ZIssueSummary>;

export const ZIssue = ZIssueSummary.extend({
  editorNote: z.string().nullable(),
  compilingUnit: z.string(),
  distribution: ZDistribution,
  items: z.array(ZIssueItem),
  events: z.array(
    z.object({ action: z.string(), actor: z.string().nullable(), comment: z.string().nullable(), at: z.string() }),
  ),
  allowedActions: z.array(ZIssueAction),
  editable: z.boolean(),
});
export type TIssue = z.infer<typeof ZIssue>;

export const ZIssueCreate = z.object({
  publicationId: z.number().int().positive(),
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  editorNote: z.string().trim().max(2000).nullish(),
  erratumOfId: z.number().int().positive().nullish(),
});
export const ZIssuePatch = z.object({
  rowVersion: z.number().int(),
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  editorNote: z.string().trim().max(2000).nullable().optional(),
  /** The whole ordered content, replacing what was there (drafts only). */
  items: z
    .array(
      z.object({
        kind: z.enum(['heading', 'piece']),
        title: z.string().trim().max(200),
        bodyHtml: z.string().max(2_000_000).default(''),
        articleIds: z.array(z.number().int().positive()).max(30).default([]),
      }),
    )
    .max(100)
    .optional(),
});
export const ZIssueTransitionBody = z.object({ rowVersion: z.number().int(), comment: z.string().trim().max(2000).optional() });

// ---------- instructions (批示) ----------
/** The built-in ranks (scoring rules refer to them); administrators may add more (ZLeaderRankSettings). */
export const LEADER_RANKS = ['city_principal', 'city_other', 'provincial', 'state_council'] as const;
/** A rank code: a built-in one or one an administrator configured; the server checks which exist. */
export const ZLeaderRank = z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/);
export type TLeaderRank = string;
export const ZLeaderRankDef = z.object({ code: ZLeaderRank, label: z.string().trim().min(1).max(30) });
export type TLeaderRankDef = z.infer<typeof ZLeaderRankDef>;
/** The configured extra ranks (the built-ins are always there and are not listed here). */
export const ZLeaderRankSettings = z.object({ extra: z.array(ZLeaderRankDef).max(30) });
export const LEADER_RANK_LABELS_ZH: Record<(typeof LEADER_RANKS)[number], string> = {
  city_principal: '市政府主要领导',
  city_other: '其他市领导',
  provincial: '省领导',
  state_council: '国务院领导',
};
export const ZInstruction = z.object({
  id: z.number().int(),
  issueId: z.number().int().nullable(),
  articleId: z.number().int().nullable(),
  /** The piece instructed; null when the instruction is on the whole issue. */
  itemId: z.number().int().nullable(),
  itemTitle: z.string().nullable(),
  leaderName: z.string(),
  leaderRank: ZLeaderRank,
  instructedOn: z.string(),
  text: z.string(),
  recordedBy: z.string(),
  onBehalf: z.boolean(),
  createdAt: z.string(),
});
export type TInstruction = z.infer<typeof ZInstruction>;
export const ZInstructionInput = z.object({
  issueId: z.number().int().positive(),
  /** One piece of the issue, or the whole issue when omitted. */
  itemId: z.number().int().positive().nullish(),
  leaderName: z.string().trim().min(1).max(30).optional(),
  leaderRank: ZLeaderRank.optional(),
  instructedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  text: z.string().trim().min(1).max(5000),
});

// ---------- follow-ups (落实反馈) ----------
export const ZFollowupUnitStatus = z.enum(['pending', 'answered', 'overdue']);
export const ZFollowup = z.object({
  id: z.number().int(),
  instructionId: z.number().int().nullable(),
  title: z.string(),
  requirement: z.string(),
  dueDate: z.string(),
  state: z.enum(['open', 'closed']),
  overdue: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  units: z.array(
    z.object({ unitId: z.number().int(), unitName: z.string(), status: ZFollowupUnitStatus, articleIds: z.array(z.number().int()) }),
  ),
});
export type TFollowup = z.infer<typeof ZFollowup>;
export const ZFollowupInput = z.object({
  instructionId: z.number().int().positive().nullish(),
  title: z.string().trim().min(2).max(200),
  requirement: z.string().trim().min(1).max(5000),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  unitIds: z.array(z.number().int().positive()).min(1).max(200),
});
