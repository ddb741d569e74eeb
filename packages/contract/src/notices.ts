import { z } from 'zod';

/**
 * The notice (通报, PRODUCT.md §11): an annual or monthly document in the seed's structure — 一、situation, 二、problems,
 * 三、requirements — generated from the records. Its paragraphs are text with {{name}} placeholders; each placeholder
 * is a figure that carries the query behind it (a key of NOTICE_FIGURE_KEYS and its params), so that the figures
 * can be refreshed after the editor has rewritten the words around them.
 */

// ---------- period ----------
export const NOTICE_KINDS = ['annual', 'monthly'] as const;
export const ZNoticeKind = z.enum(NOTICE_KINDS);
export type TNoticeKind = z.infer<typeof ZNoticeKind>;
export const NOTICE_KIND_LABELS_ZH: Record<TNoticeKind, string> = { annual: '年度通报', monthly: '月度通报' };

export const ZNoticePeriod = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('annual'), year: z.number().int().min(2000).max(2100) }),
  z.object({ kind: z.literal('monthly'), year: z.number().int().min(2000).max(2100), month: z.number().int().min(1).max(12) }),
]);
export type TNoticePeriod = z.infer<typeof ZNoticePeriod>;

/** "2014年" or "2014年6月" as the notice's text names its period. */
export function noticePeriodLabel(p: TNoticePeriod): string {
  return p.kind === 'annual' ? `${p.year}年` : `${p.year}年${p.month}月`;
}

/** Parse "2014" or "2014-06" (the command line's --year / --month). */
export function parseNoticePeriod(text: string): TNoticePeriod | null {
  const m = /^(\d{4})(?:-(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const r = ZNoticePeriod.safeParse(m[2] ? { kind: 'monthly', year: Number(m[1]), month: Number(m[2]) } : { kind: 'annual', year: Number(m[1]) });
  return r.success ? r.data : null;
}

// ---------- document number 〔2015〕N号 ----------
export const ZDocNumber = z.object({
  /** 发文机关代字, e.g. 沧政办字; may be empty. */
  prefix: z.string().trim().max(20).default(''),
  year: z.number().int().min(2000).max(2100),
  number: z.number().int().min(1).max(9999),
});
export type TDocNumber = z.infer<typeof ZDocNumber>;

/** GB/T 9704: 机关代字 + year in 六角括号〔〕 + number without leading zeros + 号. */
export function formatDocNumber(d: Pick<TDocNumber, 'year' | 'number'> & { prefix?: string }): string {
  return `${(d.prefix ?? '').trim()}〔${d.year}〕${d.number}号`;
}

// ---------- the computed figures ----------
export const HONOUR_LEVELS = ['winner', 'advanced'] as const;
export const ZHonourLevel = z.enum(HONOUR_LEVELS);
export type THonourLevel = z.infer<typeof ZHonourLevel>;
export const HONOUR_LEVEL_LABELS_ZH: Record<THonourLevel, string> = { winner: '优胜单位', advanced: '先进单位' };

/** Kinds of good work the situation section names units for, found in the data. */
export const NOTABLE_KINDS = ['instructions', 'feedback', 'experience', 'adoptions', 'state_council'] as const;
export const ZNotableKind = z.enum(NOTABLE_KINDS);
export type TNotableKind = z.infer<typeof ZNotableKind>;

const ZUnitRate = z.object({ unit: z.string(), submitted: z.number().int(), adopted: z.number().int() });

export const ZNoticeFacts = z.object({
  period: ZNoticePeriod,
  /** Pieces adopted from units in the period. */
  adoptedFromUnits: z.number().int(),
  submitted: z.number().int(),
  forwardedToProvince: z.number().int(),
  adoptedByProvince: z.number().int(),
  adoptedByStateCouncil: z.number().int(),
  /** Of those adopted by the State Council General Office, how many carry a State Council leader's instruction. */
  stateCouncilInstructed: z.number().int(),
  publications: z.array(
    z.object({
      name: z.string(),
      issues: z.number().int(),
      /** Issues with at least one instruction by the city's principal leader. */
      principalInstructed: z.number().int(),
      /** Issues with any leader's instruction. */
      instructed: z.number().int(),
    }),
  ),
  /**
   * Honours by group (names in rank order) from the year's frozen assessment, else from the current one with
   * `provisional` set; null when no unit is honoured (and for a month).
   */
  honours: z
    .object({
      groups: z.array(z.object({ group: z.string(), winner: z.array(z.string()), advanced: z.array(z.string()) })),
      provisional: z.boolean().optional(),
    })
    .nullable(),
  /** Units that stand out, by kind of good work, best first. */
  notable: z.array(z.object({ kind: ZNotableKind, units: z.array(z.string()) })),
  problems: z.object({
    /** Units with many submissions and a low adoption rate. */
    lowAdoption: z.array(ZUnitRate),
    /** In-depth (调研/建议) pieces among those submitted. */
    inDepthSubmitted: z.number().int(),
    /** Solicitation assignments, and those answered late or not at all, with the units concerned. */
    solicitationAssignments: z.number().int(),
    solicitationLate: z.number().int(),
    solicitationMissing: z.number().int(),
    solicitationUnits: z.array(z.string()),
    /** Submissions flagged as duplicates; null when the product keeps no such data. */
    duplicatesCaught: z.number().int().nullable(),
    overdueFollowups: z.number().int(),
    overdueFollowupUnits: z.array(z.string()),
  }),
});
export type TNoticeFacts = z.infer<typeof ZNoticeFacts>;

// ---------- figures: query key + params → value ----------
export const NOTICE_FIGURE_KEYS = [
  'adopted_from_units',
  'submitted',
  'forwarded_to_province',
  'adopted_by_province',
  'adopted_by_state_council',
  'state_council_instructed',
  /** params: publication (name) */
  'publication_issues',
  /** params: publication (name) */
  'publication_principal_instructed',
  /** params: group, level */
  'honours',
  /** params: kind */
  'notable_units',
  'low_adoption_units',
  'low_adoption_submitted',
  'low_adoption_rate',
  'overall_adoption_rate',
  'in_depth_submitted',
  'in_depth_share',
  'solicitation_assignments',
  'solicitation_late',
  'solicitation_missing',
  'solicitation_units',
  'duplicates_caught',
  'overdue_followups',
  'overdue_followup_units',
] as const;
export const ZNoticeFigureKey = z.enum(NOTICE_FIGURE_KEYS);
export type TNoticeFigureKey = z.infer<typeof ZNoticeFigureKey>;

export const ZFigureFormat = z.enum(['count', 'percent', 'list']);
export const ZNoticeFigure = z.object({
  key: ZNoticeFigureKey,
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  format: ZFigureFormat,
  /** A count, a percentage (0–100, one decimal) or a list of unit names. */
  value: z.union([z.number(), z.array(z.string())]),
});
export type TNoticeFigure = z.infer<typeof ZNoticeFigure>;

export const ZNoticeParagraph = z.object({
  id: z.string().min(1).max(40),
  /** Text with {{name}} placeholders for the figures. */
  text: z.string().max(20000),
  figures: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), ZNoticeFigure).default({}),
  /** Whether the editor changed the generated words. */
  edited: z.boolean().default(false),
});
export type TNoticeParagraph = z.infer<typeof ZNoticeParagraph>;

export const NOTICE_SECTIONS = ['situation', 'problems', 'requirements'] as const;
export const ZNoticeSectionId = z.enum(NOTICE_SECTIONS);
export type TNoticeSectionId = z.infer<typeof ZNoticeSectionId>;

export const ZNoticeContent = z.object({
  title: z.string().trim().min(1).max(200),
  /** 主送机关 */
  addressees: z.string().trim().max(500),
  sections: z
    .array(z.object({ id: ZNoticeSectionId, heading: z.string().trim().min(1).max(200), paragraphs: z.array(ZNoticeParagraph).max(100) }))
    .max(3),
  /** 发文机关署名 */
  issuingOffice: z.string().trim().min(1).max(60),
  /** 成文日期 YYYY-MM-DD */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** 抄送 */
  copyTo: z.string().trim().max(500).default(''),
  /** 发文机关标志 of the red header (沧州市人民政府办公室文件); the issuing office with 文件 when empty. */
  mark: z.string().trim().max(60).optional(),
  /** 印发机关 of the 版记; the issuing office when empty. */
  printedBy: z.string().trim().max(60).optional(),
});
export type TNoticeContent = z.infer<typeof ZNoticeContent>;

const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;

export function formatFigure(f: Pick<TNoticeFigure, 'format' | 'value'>): string {
  if (Array.isArray(f.value)) return f.value.join('、');
  if (f.format === 'percent') return `${Number(f.value.toFixed(1))}%`;
  return String(f.value);
}

/** A paragraph's text with its figures filled in; an unknown placeholder is left as written. */
export function renderNoticeParagraph(p: Pick<TNoticeParagraph, 'text' | 'figures'>): string {
  return p.text.replace(PLACEHOLDER, (whole, name: string) => {
    const f = p.figures[name];
    return f ? formatFigure(f) : whole;
  });
}

/** Placeholder names a paragraph's text uses. */
export function noticePlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

// ---------- stored notices (drafts and released) ----------
export const NOTICE_STATES = ['draft', 'released'] as const;
export const ZNoticeState = z.enum(NOTICE_STATES);
export type TNoticeState = z.infer<typeof ZNoticeState>;
export const NOTICE_STATE_LABELS_ZH: Record<TNoticeState, string> = { draft: '草稿', released: '已印发' };

/** A notice as the list shows it. */
export const ZNoticeSummary = z.object({
  id: z.number().int(),
  kind: ZNoticeKind,
  year: z.number().int(),
  month: z.number().int().nullable(),
  state: ZNoticeState,
  title: z.string(),
  docNumber: ZDocNumber.nullable(),
  /** 沧政办字〔2015〕3号, or null while no number is given. */
  docNumberText: z.string().nullable(),
  updatedAt: z.string(),
  releasedAt: z.string().nullable(),
});
export type TNoticeSummary = z.infer<typeof ZNoticeSummary>;

export const ZNotice = ZNoticeSummary.extend({
  content: ZNoticeContent,
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  releasedBy: z.string().nullable(),
  /** When the figures were last computed from the records. */
  refreshedAt: z.string(),
  rowVersion: z.number().int(),
});
export type TNotice = z.infer<typeof ZNotice>;

/** Generate a draft for a year or a month from the records. */
/** A day that exists on the calendar (not 2026-02-30): it is printed on the notice as is. */
const ZCalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d && d >= '2000-01-01' && d <= '2100-12-31';
  }, 'not a calendar day');
export const ZNoticeGenerateInput = z.object({
  period: ZNoticePeriod,
  issuingOffice: z.string().trim().min(1).max(60).optional(),
  /** How the text names the office ("市政府办公室"). */
  office: z.string().trim().min(1).max(60).optional(),
  addressees: z.string().trim().max(500).optional(),
  copyTo: z.string().trim().max(500).optional(),
  date: ZCalendarDay.optional(),
  docNumber: ZDocNumber.nullable().optional(),
});
export type TNoticeGenerateInput = z.infer<typeof ZNoticeGenerateInput>;

/** The editor's changes to a draft: the words of paragraphs (figures stay linked) and the notice's framing. */
export const ZNoticeUpdateInput = z.object({
  rowVersion: z.number().int(),
  title: z.string().trim().min(1).max(200).optional(),
  addressees: z.string().trim().max(500).optional(),
  issuingOffice: z.string().trim().min(1).max(60).optional(),
  copyTo: z.string().trim().max(500).optional(),
  mark: z.string().trim().max(60).optional(),
  printedBy: z.string().trim().max(60).optional(),
  date: ZCalendarDay.optional(),
  docNumber: ZDocNumber.nullable().optional(),
  /** A paragraph is named by its section and its id (ids repeat across sections). */
  paragraphs: z.array(z.object({ section: ZNoticeSectionId, id: z.string().min(1).max(40), text: z.string().max(20000) })).max(300).optional(),
});
export type TNoticeUpdateInput = z.infer<typeof ZNoticeUpdateInput>;

export const ZNoticeVersionInput = z.object({ rowVersion: z.number().int() });

// ---------- the issuing office's defaults (an administrator's settings) ----------
/**
 * What a new draft starts from: who issues it and how, its document number, its distribution block and the template
 * paragraphs of 三、requirements. A draft keeps its own copy; changing the settings changes no existing notice.
 */
export const ZNoticeSettings = z.object({
  /** 发文机关署名, also the signature line: 沧州市人民政府办公室 */
  issuingOffice: z.string().trim().min(1).max(60),
  /** 发文机关标志 of the red header; empty = the issuing office with 文件. */
  mark: z.string().trim().max(60),
  /** How the body names the office: 市政府办公室 */
  office: z.string().trim().min(1).max(60),
  /** 主送 */
  addressees: z.string().trim().max(500),
  /** 抄送 (the distribution block) */
  copyTo: z.string().trim().max(500),
  /** 印发机关 of the 版记; empty = the issuing office. */
  printedBy: z.string().trim().max(60),
  /** 发文机关代字, e.g. 沧政办字; empty = none. */
  docNumberPrefix: z.string().trim().max(20),
  /** The first number of a year's sequence; a new draft gets the next number not used by a released notice. */
  docNumberStart: z.number().int().min(1).max(9999),
  /** 三、the requirements for the next period, one paragraph each. */
  requirements: z.array(z.string().trim().min(1).max(2000)).min(1).max(20),
});
export type TNoticeSettings = z.infer<typeof ZNoticeSettings>;

/**
 * How a draft differs from one generated from the records now, beyond the values of its figures (which refresh
 * updates): paragraphs that would be added (a problem newly found, a kind of good work newly notable), paragraphs
 * whose subject has gone, and unedited paragraphs whose generated wording would change (e.g. the honours sentence
 * once the assessment is frozen). 三、requirements are template text and are not compared.
 */
const ZDriftParagraph = z.object({ section: ZNoticeSectionId, id: z.string(), text: z.string() });
export const ZNoticeDrift = z.object({
  added: z.array(ZDriftParagraph),
  gone: z.array(ZDriftParagraph),
  reworded: z.array(ZDriftParagraph),
});
export type TNoticeDrift = z.infer<typeof ZNoticeDrift>;
