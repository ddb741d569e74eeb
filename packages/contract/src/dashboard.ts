import { z } from 'zod';
import { ZAssessmentRow, ZPeriod } from './scoring.js';
import { ZComplianceRow } from './forwarding.js';

/**
 * Dashboards (PRODUCT.md §11): figures of a period counted from the records. Articles are counted by the month they
 * first left their unit (收到): `submitted` is how many, `adopted` how many of those the desk adopted, so the adoption
 * rate is adopted ÷ submitted of the same pieces (as in the assessment). The upward funnel follows those same pieces.
 */
export const DASHBOARD_TABLES = ['months', 'units', 'groups', 'funnel', 'publications', 'compliance', 'ranking'] as const;
export const ZDashboardTable = z.enum(DASHBOARD_TABLES);
export type TDashboardTable = z.infer<typeof ZDashboardTable>;

export const ZDashboardQuery = z.object({
  period: ZPeriod,
  /** Office viewers only: one group, or one unit. */
  groupId: z.coerce.number().int().positive().optional(),
  unitId: z.coerce.number().int().positive().optional(),
});
export type TDashboardQuery = z.infer<typeof ZDashboardQuery>;
export const ZDashboardExportQuery = ZDashboardQuery.extend({ table: ZDashboardTable.optional() });

const counts = { submitted: z.number().int(), adopted: z.number().int(), adoptionRate: z.number().nullable() };

export const ZDashboardMonth = z.object({ month: z.string(), ...counts });
export const ZDashboardUnit = z.object({ unitId: z.number().int(), unitName: z.string(), groupId: z.number().int(), groupName: z.string(), ...counts });
export const ZDashboardGroup = z.object({ groupId: z.number().int(), groupName: z.string(), units: z.number().int(), ...counts });
export const ZDashboardFunnel = z.object({
  /** Pieces received (first submitted) in the period … */
  received: z.number().int(),
  /** … adopted by the desk … */
  adopted: z.number().int(),
  /** … sent upward in a signed-off forwarding … */
  forwarded: z.number().int(),
  /** … adopted by the upper level … */
  adoptedAbove: z.number().int(),
  /** … and instructed by a leader (ours or upstream). */
  instructed: z.number().int(),
});
export const ZDashboardPublication = z.object({
  publicationId: z.number().int(),
  name: z.string(),
  /** Released issues dated in the period (errata left out). */
  issues: z.number().int(),
  /** Pieces in them. */
  pieces: z.number().int(),
  /** Units' articles placed in them (a composite piece counts each). */
  articles: z.number().int(),
  /** Issues with a leader's instruction on the issue or one of its pieces. */
  instructedIssues: z.number().int(),
});
/** The compliance page's counts per unit (without its list of failures), plus the on-time rate. */
export const ZDashboardCompliance = ZComplianceRow.omit({ failures: true }).extend({
  /** On time ÷ (on time + late + missing); null when nothing was due. */
  onTimeRate: z.number().nullable(),
});
export const ZDashboard = z.object({
  period: z.string(),
  from: z.string(),
  to: z.string(),
  /** office: every unit (scoring.read holders); unit: the viewer's own unit only. */
  scope: z.enum(['office', 'unit']),
  groupId: z.number().int().nullable(),
  unitId: z.number().int().nullable(),
  months: z.array(ZDashboardMonth),
  units: z.array(ZDashboardUnit),
  groups: z.array(ZDashboardGroup),
  funnel: ZDashboardFunnel,
  publications: z.array(ZDashboardPublication),
  compliance: z.array(ZDashboardCompliance),
  /** The assessment's ranking (office scope only; null for a unit's people). */
  ranking: z.array(ZAssessmentRow).nullable(),
});
export type TDashboard = z.infer<typeof ZDashboard>;
export type TDashboardUnit = z.infer<typeof ZDashboardUnit>;
export type TDashboardGroup = z.infer<typeof ZDashboardGroup>;
export type TDashboardMonth = z.infer<typeof ZDashboardMonth>;
export type TDashboardPublication = z.infer<typeof ZDashboardPublication>;
export type TDashboardCompliance = z.infer<typeof ZDashboardCompliance>;
