import { z } from 'zod';
import { ZLeaderRank, ZPublicationKind } from './publications.js';
import { ZChannelLevel } from './forwarding.js';

// ---------- the rule-set document (计分办法), versioned per year ----------

const ZRuleId = z.string().trim().regex(/^[a-z0-9][a-z0-9_.-]{0,59}$/);
const ZPoints = z.number().min(-10000).max(10000);

/**
 * Points for a piece placed in a released issue of our own periodicals. Matches a publication (by id) or a
 * publication kind (or every publication when both are empty). Composite pieces (综合采用): `split` divides the
 * composite points among the contributing units, `each` gives every contributing unit `composite` points.
 * `across`: `cumulative` counts every placement of an article; `highest` counts only the article's best placement
 * among the `highest` rules.
 */
export const ZPlacementRule = z.object({
  id: ZRuleId,
  label: z.string().trim().max(60).default(''),
  publicationKind: ZPublicationKind.nullable().default(null),
  publicationId: z.number().int().positive().nullable().default(null),
  full: ZPoints,
  composite: ZPoints,
  compositeMode: z.enum(['split', 'each']).default('split'),
  across: z.enum(['cumulative', 'highest']).default('cumulative'),
});
export type TPlacementRule = z.infer<typeof ZPlacementRule>;


/**
 * Points for a piece forwarded upward (上报) and for its adoption upstream (上级采用), matched by channel (id) or
 * channel level, and for adoptions optionally by upstream publication. `officeMultiplier` multiplies the points when
 * the office forwarded a piece of its own periodical (the office worked the piece up) rather than the unit's article.
 * Several contributing units share the points like composite placements (`split`) or each get them (`each`).
 */
export const ZUpstreamRule = z.object({
  id: ZRuleId,
  label: z.string().trim().max(60).default(''),
  channelLevel: ZChannelLevel.nullable().default(null),
  channelId: z.number().int().positive().nullable().default(null),
  upstreamPublicationId: z.number().int().positive().nullable().default(null),
  forwarded: ZPoints,
  adopted: ZPoints,
  officeMultiplier: z.number().min(0).max(100).default(1),
  compositeMode: z.enum(['split', 'each']).default('each'),
});
export type TUpstreamRule = z.infer<typeof ZUpstreamRule>;

/** Bonus for a leader's instruction (批示) by rank; counted once per article per rank unless `countEach`. */
export const ZInstructionRule = z.object({
  id: ZRuleId,
  label: z.string().trim().max(60).default(''),
  rank: ZLeaderRank,
  points: ZPoints,
  countEach: z.boolean().default(false),
});
export type TInstructionRule = z.infer<typeof ZInstructionRule>;

/**
 * Solicitations (约稿): points for an answer on time and for an adopted answer (rated 采用), penalties for late and
 * missing answers; `zeroAfterMissing` mandatory answers missing in a year set that year's score to zero (null: off).
 */
export const ZSolicitationRule = z.object({
  onTime: ZPoints.default(0),
  adopted: ZPoints.default(0),
  late: ZPoints.default(0),
  missing: ZPoints.default(0),
  zeroAfterMissing: z.number().int().min(1).max(100).nullable().default(null),
});

/** Base points each month a unit meets its submission target (the unit's monthly target, else `defaultTarget`). */
export const ZMonthlyTargetRule = z.object({
  points: ZPoints,
  defaultTarget: z.number().int().min(1).max(1000).nullable().default(null),
});

/** A penalty each month a unit's adoption rate (adopted ÷ submitted) is under `threshold`, from `minSubmitted` pieces. */
export const ZAdoptionRateRule = z.object({
  threshold: z.number().min(0).max(1),
  penalty: ZPoints,
  minSubmitted: z.number().int().min(1).max(1000).default(1),
});

export const TIE_BREAKS = ['adopted_pieces', 'upstream_adoptions', 'instructions', 'adoption_rate', 'submitted', 'unit_order'] as const;
export const ZTieBreak = z.enum(TIE_BREAKS);
export type TTieBreak = z.infer<typeof ZTieBreak>;
export const TIE_BREAK_LABELS_ZH: Record<TTieBreak, string> = {
  adopted_pieces: '采用篇数',
  upstream_adoptions: '上级采用篇数',
  instructions: '领导批示次数',
  adoption_rate: '采用率',
  submitted: '报送篇数',
  unit_order: '单位排序',
};

/**
 * Honours per ranking group (by group name; `*` for every group not named): the first `winners` units are 优胜单位,
 * the next `advanced` 先进单位 (mode `count`), or units scoring at least the thresholds (mode `threshold`). Units
 * with no points are never named.
 */
export const ZHonoursRule = z.object({
  group: z.string().trim().min(1).max(50),
  mode: z.enum(['count', 'threshold']).default('count'),
  winners: z.number().min(0).max(100000),
  advanced: z.number().min(0).max(100000),
});
export type THonoursRule = z.infer<typeof ZHonoursRule>;

export const ZRuleSetDocument = z.object({
  placements: z.array(ZPlacementRule).max(50).default([]),
  upstream: z.array(ZUpstreamRule).max(50).default([]),
  instructions: z.array(ZInstructionRule).max(50).default([]),
  solicitation: ZSolicitationRule.default({ onTime: 0, adopted: 0, late: 0, missing: 0, zeroAfterMissing: null }),
  monthlyTarget: ZMonthlyTargetRule.nullable().default(null),
  adoptionRate: ZAdoptionRateRule.nullable().default(null),
  honours: z.array(ZHonoursRule).max(50).default([]),
  tieBreak: z.array(ZTieBreak).max(TIE_BREAKS.length).default(['adopted_pieces', 'instructions', 'unit_order']),
});
export type TRuleSetDocument = z.infer<typeof ZRuleSetDocument>;
export type TRuleSetDocumentInput = z.input<typeof ZRuleSetDocument>;

/**
 * The default rule set, modelled on published municipal rules (计分办法). The year simulator and a fresh install use
 * it; the seed's honours: 5 county-level governments and 8 departments as 优胜单位, 4 and 12 as 先进单位.
 */
export const DEFAULT_RULE_SET: TRuleSetDocument = ZRuleSetDocument.parse({
  placements: [
    { id: 'routine', label: '常规简报', publicationKind: 'routine', full: 5, composite: 2, compositeMode: 'each', across: 'cumulative' },
    { id: 'special', label: '专报', publicationKind: 'special', full: 10, composite: 5, compositeMode: 'each', across: 'cumulative' },
    { id: 'leaders-reference', label: '领导参阅', publicationKind: 'leaders_reference', full: 20, composite: 10, compositeMode: 'each', across: 'cumulative' },
    { id: 'supplement', label: '增刊', publicationKind: 'supplement', full: 5, composite: 2, compositeMode: 'each', across: 'cumulative' },
  ],
  upstream: [
    { id: 'province', label: '报送省政府办公厅', channelLevel: 'province', forwarded: 5, adopted: 40 },
    { id: 'state-council', label: '报送国务院办公厅', channelLevel: 'state', forwarded: 30, adopted: 80 },
  ],
  instructions: [
    { id: 'city-principal', label: '市政府主要领导批示', rank: 'city_principal', points: 30 },
    { id: 'provincial', label: '省领导批示', rank: 'provincial', points: 50 },
    { id: 'state-council', label: '国务院领导批示', rank: 'state_council', points: 100 },
  ],
  solicitation: { onTime: 0, adopted: 0, late: -5, missing: -10, zeroAfterMissing: null },
  monthlyTarget: null,
  adoptionRate: null,
  honours: [
    { group: '县市区', mode: 'count', winners: 5, advanced: 4 },
    { group: '市直部门', mode: 'count', winners: 8, advanced: 12 },
    { group: '*', mode: 'count', winners: 3, advanced: 3 },
  ],
  tieBreak: ['adopted_pieces', 'upstream_adoptions', 'instructions', 'unit_order'],
});

export const ZRuleSetSummary = z.object({
  id: z.number().int(),
  year: z.number().int(),
  version: z.number().int(),
  name: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TRuleSetSummary = z.infer<typeof ZRuleSetSummary>;
export const ZRuleSet = ZRuleSetSummary.extend({ document: ZRuleSetDocument });
export type TRuleSet = z.infer<typeof ZRuleSet>;
export const ZRuleSetInput = z.object({
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(2).max(60),
  note: z.string().trim().max(500).nullish(),
  document: ZRuleSetDocument,
});

// ---------- periods ----------
/** `2026` (year), `2026-Q2` (quarter), `2026-05` (month). */
export const ZPeriod = z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/);
export type TPeriodKind = 'year' | 'quarter' | 'month';
export function periodRange(period: string): { kind: TPeriodKind; year: number; from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (m: number) => new Date(Date.UTC(year, m, 0)).getUTCDate();
  if (period.length === 4) return { kind: 'year', year, from: `${year}-01-01`, to: `${year}-12-31` };
  if (period[5] === 'Q') {
    const q = Number(period[6]);
    const m1 = (q - 1) * 3 + 1;
    return { kind: 'quarter', year, from: `${year}-${pad(m1)}-01`, to: `${year}-${pad(m1 + 2)}-${pad(lastDay(m1 + 2))}` };
  }
  const m = Number(period.slice(5, 7));
  return { kind: 'month', year, from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${pad(lastDay(m))}` };
}

// ---------- the ledger ----------
export const SCORE_EVENT_KINDS = ['placement', 'forwarded', 'upstream_adopted', 'instruction', 'solicitation', 'monthly', 'adjustment', 'zeroing'] as const;
export type TScoreEventKind = (typeof SCORE_EVENT_KINDS)[number];
export const SCORE_EVENT_KIND_LABELS_ZH: Record<TScoreEventKind, string> = {
  placement: '刊物采用',
  forwarded: '上报',
  upstream_adopted: '上级采用',
  instruction: '领导批示',
  solicitation: '约稿',
  monthly: '月度报送',
  adjustment: '人工加减分',
  zeroing: '全年清零',
};

export const ZLedgerEntry = z.object({
  unitId: z.number().int(),
  on: z.string(),
  eventKind: z.enum(SCORE_EVENT_KINDS),
  eventId: z.string(),
  ruleId: z.string(),
  ruleSetVersion: z.number().int(),
  points: z.number(),
  note: z.string(),
});
export type TLedgerEntry = z.infer<typeof ZLedgerEntry>;

export const ZUnitLedger = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  period: z.string(),
  ruleSetVersion: z.number().int().nullable(),
  total: z.number(),
  entries: z.array(ZLedgerEntry),
});
export type TUnitLedger = z.infer<typeof ZUnitLedger>;

// ---------- the assessment ----------
export const ZHonour = z.enum(['winner', 'advanced']).nullable();
export const HONOUR_LABELS_ZH = { winner: '优胜单位', advanced: '先进单位' } as const;
export const ZAssessmentRow = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  groupId: z.number().int(),
  groupName: z.string(),
  rank: z.number().int(),
  total: z.number(),
  adoptedPieces: z.number().int(),
  upstreamAdoptions: z.number().int(),
  instructions: z.number().int(),
  solicitationOnTime: z.number().int(),
  solicitationLate: z.number().int(),
  solicitationMissing: z.number().int(),
  submitted: z.number().int(),
  adoptionRate: z.number().nullable(),
  honour: ZHonour,
});
export type TAssessmentRow = z.infer<typeof ZAssessmentRow>;
export const ZAssessment = z.object({
  period: z.string(),
  from: z.string(),
  to: z.string(),
  ruleSetId: z.number().int().nullable(),
  ruleSetVersion: z.number().int().nullable(),
  ruleSetName: z.string(),
  rows: z.array(ZAssessmentRow),
  frozen: z
    .object({ at: z.string(), by: z.string(), changedSince: z.boolean() })
    .nullable(),
});
export type TAssessment = z.infer<typeof ZAssessment>;

export const ZWhatIfInput = z.object({ period: ZPeriod, document: ZRuleSetDocument });
export const ZWhatIfRow = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  groupName: z.string(),
  currentRank: z.number().int(),
  currentTotal: z.number(),
  draftRank: z.number().int(),
  draftTotal: z.number(),
  /** Positive: moves up by that many places. */
  moved: z.number().int(),
  currentHonour: ZHonour,
  draftHonour: ZHonour,
});
export type TWhatIfRow = z.infer<typeof ZWhatIfRow>;
export const ZWhatIf = z.object({ period: z.string(), rows: z.array(ZWhatIfRow) });
export type TWhatIf = z.infer<typeof ZWhatIf>;

export const ZAdjustment = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  on: z.string(),
  points: z.number(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TAdjustment = z.infer<typeof ZAdjustment>;
export const ZAdjustmentInput = z.object({
  unitId: z.number().int().positive(),
  on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  points: z.number().min(-1000).max(1000).refine((n) => n !== 0),
  reason: z.string().trim().min(4).max(500),
});
