import { z } from 'zod';
import { ZLeaderRank } from './publications.js';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

// ---------- channels (上报渠道) and their publications ----------
export const CHANNEL_LEVELS = ['province', 'state', 'other'] as const;
export const ZChannelLevel = z.enum(CHANNEL_LEVELS);
export const ZUpstreamPublication = z.object({ id: z.number().int(), channelId: z.number().int(), name: z.string(), sortOrder: z.number().int(), active: z.boolean() });
export type TUpstreamPublication = z.infer<typeof ZUpstreamPublication>;
export const ZChannel = z.object({
  id: z.number().int(),
  name: z.string(),
  level: ZChannelLevel,
  sortOrder: z.number().int(),
  active: z.boolean(),
  publications: z.array(ZUpstreamPublication),
});
export type TChannel = z.infer<typeof ZChannel>;
export const ZChannelInput = z.object({
  name: z.string().trim().min(2).max(50),
  level: ZChannelLevel.default('other'),
  sortOrder: z.number().int().min(0).max(10000).default(100),
});
export const ZChannelPatch = z.object({
  name: z.string().trim().min(2).max(50).optional(),
  level: ZChannelLevel.optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
  active: z.boolean().optional(),
});
export const ZUpstreamPublicationInput = z.object({ name: z.string().trim().min(2).max(50), sortOrder: z.number().int().min(0).max(10000).default(100) });
export const ZUpstreamPublicationPatch = ZUpstreamPublicationInput.partial().extend({ active: z.boolean().optional() });

// ---------- forwarding (上报) ----------
export const FORWARDING_STATES = ['awaiting_signoff', 'sent', 'rejected'] as const;
export const ZForwardingState = z.enum(FORWARDING_STATES);
export const OUTCOME_RESULTS = ['adopted', 'not_adopted'] as const;
export const ZOutcomeResult = z.enum(OUTCOME_RESULTS);
export const OUTCOME_RESULT_LABELS_ZH: Record<z.infer<typeof ZOutcomeResult>, string> = { adopted: '采用', not_adopted: '未采用' };

export const ZUpstreamInstructionInput = z.object({
  leaderRank: ZLeaderRank,
  leaderName: z.string().trim().min(1).max(30),
  instructedOn: ZDay,
  text: z.string().trim().min(1).max(5000),
});
export const ZUpstreamInstruction = ZUpstreamInstructionInput.extend({ id: z.number().int() });
export type TUpstreamInstruction = z.infer<typeof ZUpstreamInstruction>;

export const ZOutcome = z.object({
  result: ZOutcomeResult,
  upstreamPublicationId: z.number().int().nullable(),
  upstreamPublicationName: z.string().nullable(),
  issueLabel: z.string().nullable(),
  outcomeOn: z.string(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  instructions: z.array(ZUpstreamInstruction),
});
export type TOutcome = z.infer<typeof ZOutcome>;
export const ZOutcomeInput = z.object({
  result: ZOutcomeResult,
  upstreamPublicationId: z.number().int().positive().nullish(),
  issueLabel: z.string().trim().max(30).nullish(),
  outcomeOn: ZDay,
  note: z.string().trim().max(2000).nullish(),
  instructions: z.array(ZUpstreamInstructionInput).max(20).default([]),
});
export type TOutcomeInput = z.input<typeof ZOutcomeInput>;

export const ZPieceSource = z.object({ articleId: z.number().int(), unitId: z.number().int(), unitName: z.string() });
export const ZForwardedPiece = z.object({
  id: z.number().int(),
  forwardingId: z.number().int(),
  channelId: z.number().int(),
  channelName: z.string(),
  forwardingState: ZForwardingState,
  sentOn: z.string().nullable(),
  itemId: z.number().int().nullable(),
  articleId: z.number().int().nullable(),
  title: z.string(),
  /** Credit: every contributing unit (several for a composite piece). */
  sources: z.array(ZPieceSource),
  outcome: ZOutcome.nullable(),
});
export type TForwardedPiece = z.infer<typeof ZForwardedPiece>;
export const ZForwardedPieceFull = ZForwardedPiece.extend({ bodyHtml: z.string() });
export type TForwardedPieceFull = z.infer<typeof ZForwardedPieceFull>;

export const ZForwarding = z.object({
  id: z.number().int(),
  channelId: z.number().int(),
  channelName: z.string(),
  state: ZForwardingState,
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  signedOffBy: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  sentOn: z.string().nullable(),
  rejectComment: z.string().nullable(),
  pieces: z.array(ZForwardedPieceFull),
});
export type TForwarding = z.infer<typeof ZForwarding>;
export const ZForwardingSummary = ZForwarding.omit({ pieces: true }).extend({ pieceCount: z.number().int(), titles: z.array(z.string()) });
export type TForwardingSummary = z.infer<typeof ZForwardingSummary>;

/** A piece to forward: a piece of one of our released issues (composite pieces too), or an adopted article. */
export const ZForwardPieceRef = z
  .object({ itemId: z.number().int().positive().optional(), articleId: z.number().int().positive().optional() })
  .refine((p) => (p.itemId === undefined) !== (p.articleId === undefined), { message: 'give exactly one of itemId, articleId' });
export const ZForwardingInput = z.object({
  channelId: z.number().int().positive(),
  pieces: z.array(ZForwardPieceRef).min(1).max(100),
  note: z.string().trim().max(2000).nullish(),
});
export const ZForwardingReject = z.object({ comment: z.string().trim().min(1).max(2000) });

/** What may be forwarded: released pieces of our periodicals and adopted articles, with what was done already. */
export const ZForwardCandidate = z.object({
  itemId: z.number().int().nullable(),
  articleId: z.number().int().nullable(),
  title: z.string(),
  /** e.g. 《沧州政务交流》2026年第3期, or null for an adopted article not yet placed. */
  placedIn: z.string().nullable(),
  date: z.string(),
  units: z.array(z.string()),
  /** Channels it already went through (or awaits sign-off for). */
  forwardedTo: z.array(z.string()),
});
export type TForwardCandidate = z.infer<typeof ZForwardCandidate>;

export const ZForwardedPieceQuery = z.object({
  awaitingOutcome: z.enum(['true', 'false']).optional(),
  channelId: z.coerce.number().int().optional(),
  unitId: z.coerce.number().int().optional(),
});

// ---------- solicitations (约稿) ----------
export const SOLICITATION_STATUSES = ['pending', 'answered_on_time', 'answered_late', 'missing', 'declined'] as const;
export const ZSolicitationStatus = z.enum(SOLICITATION_STATUSES);
export type TSolicitationStatus = z.infer<typeof ZSolicitationStatus>;
export const SOLICITATION_RATINGS = ['adopted', 'ordinary', 'unqualified'] as const;
export const ZSolicitationRating = z.enum(SOLICITATION_RATINGS);
export const SOLICITATION_RATING_LABELS_ZH: Record<z.infer<typeof ZSolicitationRating>, string> = { adopted: '采用', ordinary: '一般', unqualified: '不合格' };
export const SOLICITATION_STATUS_LABELS_ZH: Record<TSolicitationStatus, string> = {
  pending: '待报送',
  answered_on_time: '按时报送',
  answered_late: '逾期报送',
  missing: '未报送',
  declined: '已说明不报',
};

export const ZSolicitationTarget = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  status: ZSolicitationStatus,
  articleIds: z.array(z.number().int()),
  answeredAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  rating: ZSolicitationRating.nullable(),
});
export type TSolicitationTarget = z.infer<typeof ZSolicitationTarget>;
export const ZUpstreamSolicitation = z.object({ id: z.number().int(), channelId: z.number().int().nullable(), channelName: z.string().nullable(), topic: z.string(), deadline: z.string() });
export const ZSolicitation = z.object({
  id: z.number().int(),
  topic: z.string(),
  requirements: z.string(),
  deadline: z.string(),
  mandatory: z.boolean(),
  state: z.enum(['open', 'closed']),
  upstream: ZUpstreamSolicitation.nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  targets: z.array(ZSolicitationTarget),
});
export type TSolicitation = z.infer<typeof ZSolicitation>;
export const ZSolicitationInput = z
  .object({
    topic: z.string().trim().min(2).max(200),
    requirements: z.string().trim().min(1).max(5000),
    deadline: z.iso.datetime({ offset: true }),
    mandatory: z.boolean().default(true),
    /** A whole group's active units, or chosen units (or both). */
    groupIds: z.array(z.number().int().positive()).max(50).default([]),
    unitIds: z.array(z.number().int().positive()).max(500).default([]),
    upstream: z
      .object({ channelId: z.number().int().positive().nullish(), topic: z.string().trim().min(2).max(200), deadline: z.iso.datetime({ offset: true }) })
      .nullish(),
  })
  .refine((s) => s.groupIds.length + s.unitIds.length > 0, { message: 'choose at least one unit or group', path: ['unitIds'] });
export const ZSolicitationDecline = z.object({ reason: z.string().trim().min(2).max(1000) });
export const ZSolicitationRate = z.object({ unitId: z.number().int().positive(), rating: ZSolicitationRating });

export const ZComplianceQuery = z.object({ from: ZDay, to: ZDay, unitId: z.coerce.number().int().optional() });
export const ZComplianceRow = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  groupName: z.string(),
  targeted: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  declined: z.number().int(),
  pending: z.number().int(),
  /** Late and missing answers: the list the office criticises (通报批评). */
  failures: z.array(z.object({ solicitationId: z.number().int(), topic: z.string(), deadline: z.string(), status: ZSolicitationStatus, answeredAt: z.string().nullable() })),
});
export type TComplianceRow = z.infer<typeof ZComplianceRow>;

// ---------- outbox ----------
export const ZOutboxMessage = z.object({
  id: z.number().int(),
  channel: z.enum(['email', 'webhook']),
  recipient: z.string(),
  subject: z.string(),
  state: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TOutboxMessage = z.infer<typeof ZOutboxMessage>;
export const ZOutboxQuery = z.object({ state: z.enum(['pending', 'sending', 'sent', 'failed']).optional() });
