import { and, asc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { TNoticeFacts, TNoticePeriod, TNotableKind } from '@baosong/contract';
import {
  articles,
  channels,
  dedupMatches,
  followups,
  followupUnits,
  forwardedPieces,
  forwardedPieceSources,
  forwardings,
  instructions,
  issueItems,
  issues,
  placements,
  publications,
  unitGroups,
  units,
  upstreamInstructions,
  upstreamOutcomes,
} from '../db/schema.js';
import type { Database, DbOrTx } from '../db/connect.js';
import { getAssessment } from '../scoring/service.js';
import { now } from '../lib/clock.js';
import { compliance } from '../features/solicitations/service.js';

/**
 * NoticeFacts for a year or a month, read from the records (Asia/Shanghai calendar). Read-only; what it counts:
 * - adopted from units: articles adopted by the desk (decision in the period);
 * - forwarded to the province / adopted there / by the State Council: pieces of signed-off forwardings on channels of
 *   level province or state (sent in the period) and their adopted outcomes (recorded for the period), the State
 *   Council ones with an upstream instruction;
 * - issues per publication: released issues dated in the period, errata left out; those with an instruction of the
 *   city's principal leader (rank city_principal) on the issue or one of its pieces;
 * - honours: from the year's assessment (noticeHonours, read before and passed in): the frozen one, else the current
 *   one flagged provisional;
 * - problems: low adoption rates among the units that submit most, 调研/建议 pieces, late and missing solicitation
 *   answers (deadline in the period), flagged duplicates, follow-ups not answered by their due date.
 */

export interface PeriodRange {
  /** YYYY-MM-DD, inclusive */
  from: string;
  /** YYYY-MM-DD, inclusive */
  to: string;
  start: Date;
  /** Exclusive */
  end: Date;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function periodRange(p: TNoticePeriod): PeriodRange {
  const [y1, m1] = p.kind === 'annual' ? [p.year, 1] : [p.year, p.month];
  const [y2, m2] = p.kind === 'annual' ? [p.year + 1, 1] : p.month === 12 ? [p.year + 1, 1] : [p.year, p.month + 1];
  const from = `${y1}-${pad(m1)}-01`;
  const next = `${y2}-${pad(m2)}-01`;
  const end = new Date(`${next}T00:00:00+08:00`);
  const last = new Date(end.getTime() - 12 * 3600 * 1000);
  const to = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(last);
  return { from, to, start: new Date(`${from}T00:00:00+08:00`), end };
}

const int = sql<number>`count(*)::int`;

/** Units with counts, best first (ties in the order of the unit list), at most `limit`, only those above zero. */
function best(rows: Array<{ unitId: number; n: number }>, order: Map<number, { name: string; pos: number }>, limit: number): string[] {
  return rows
    .filter((r) => r.n > 0 && order.has(r.unitId))
    .sort((a, b) => b.n - a.n || order.get(a.unitId)!.pos - order.get(b.unitId)!.pos)
    .slice(0, limit)
    .map((r) => order.get(r.unitId)!.name);
}

/** How many units a "notable" list names at most. */
const NOTABLE_LIMIT = 5;
/** How many units the low-adoption problem names at most. */
const LOW_ADOPTION_LIMIT = 5;

/**
 * The honours of a year by group, from its assessment (getAssessment): the frozen one if the year was frozen, else
 * the current one, flagged provisional. Units by short name, in rank order; null for a month or when nobody is
 * honoured. Needs the Database (the assessment may bring the ledger up to date), so call it before a transaction.
 */
export async function noticeHonours(database: Database, period: TNoticePeriod): Promise<TNoticeFacts['honours']> {
  if (period.kind !== 'annual') return null;
  const a = await getAssessment(database, String(period.year));
  const names = new Map((await database.db.select({ id: units.id, name: units.name, short: units.shortName }).from(units)).map((u) => [u.id, u.short || u.name]));
  const groups: Array<{ group: string; winner: string[]; advanced: string[] }> = [];
  for (const row of a.rows) {
    if (!row.honour) continue;
    let g = groups.find((x) => x.group === row.groupName);
    if (!g) groups.push((g = { group: row.groupName, winner: [], advanced: [] }));
    (row.honour === 'winner' ? g.winner : g.advanced).push(names.get(row.unitId) ?? row.unitName);
  }
  if (!groups.length) return null;
  return a.frozen ? { groups } : { groups, provisional: true };
}

export async function noticeFacts(db: DbOrTx, period: TNoticePeriod, honours: TNoticeFacts['honours'] = null): Promise<TNoticeFacts> {
  const r = periodRange(period);
  const unitRows = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName })
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .orderBy(asc(unitGroups.sortOrder), asc(units.id));
  // Units are named as the notice names them: by short name where they have one (东光县, 市商务局).
  const order = new Map(unitRows.map((u, pos) => [u.id, { name: u.shortName || u.name, pos }]));

  // ---- articles: submitted and adopted per unit and type ----
  const submittedRows = await db
    .select({ unitId: articles.unitId, type: articles.type, n: int })
    .from(articles)
    .where(and(isNotNull(articles.firstSubmittedAt), gte(articles.firstSubmittedAt, r.start), lt(articles.firstSubmittedAt, r.end)))
    .groupBy(articles.unitId, articles.type);
  const adoptedRows = await db
    .select({ unitId: articles.unitId, type: articles.type, n: int })
    .from(articles)
    .where(and(eq(articles.state, 'adopted'), gte(articles.decidedAt, r.start), lt(articles.decidedAt, r.end)))
    .groupBy(articles.unitId, articles.type);
  const sum = (rows: Array<{ n: number }>): number => rows.reduce((s, x) => s + x.n, 0);
  const perUnit = (rows: Array<{ unitId: number; n: number }>): Map<number, number> => {
    const m = new Map<number, number>();
    for (const x of rows) m.set(x.unitId, (m.get(x.unitId) ?? 0) + x.n);
    return m;
  };
  const submittedBy = perUnit(submittedRows);
  const adoptedBy = perUnit(adoptedRows);
  const submitted = sum(submittedRows);
  const adoptedFromUnits = sum(adoptedRows);
  const ofType = (type: string): Array<{ unitId: number; n: number }> => adoptedRows.filter((x) => x.type === type);

  // ---- forwarding upward ----
  const upward = async (level: 'province' | 'state') => {
    const [sent] = await db
      .select({ n: int })
      .from(forwardedPieces)
      .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
      .innerJoin(channels, eq(channels.id, forwardings.channelId))
      .where(and(eq(forwardings.state, 'sent'), eq(channels.level, level), gte(forwardings.sentOn, r.from), lt(forwardings.sentOn, periodRangeNext(r))));
    const adopted = await db
      .select({ outcomeId: upstreamOutcomes.id, pieceId: upstreamOutcomes.pieceId })
      .from(upstreamOutcomes)
      .innerJoin(forwardedPieces, eq(forwardedPieces.id, upstreamOutcomes.pieceId))
      .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
      .innerJoin(channels, eq(channels.id, forwardings.channelId))
      .where(and(eq(upstreamOutcomes.result, 'adopted'), eq(channels.level, level), gte(upstreamOutcomes.outcomeOn, r.from), lt(upstreamOutcomes.outcomeOn, periodRangeNext(r))));
    return { sent: sent?.n ?? 0, adopted };
  };
  const province = await upward('province');
  const state = await upward('state');
  const instructedOutcomes = state.adopted.length
    ? await db
        .selectDistinct({ outcomeId: upstreamInstructions.outcomeId })
        .from(upstreamInstructions)
        .where(inArray(upstreamInstructions.outcomeId, state.adopted.map((o) => o.outcomeId)))
    : [];
  const stateUnits = state.adopted.length
    ? await db
        .select({ unitId: forwardedPieceSources.unitId, n: sql<number>`count(distinct ${forwardedPieceSources.pieceId})::int` })
        .from(forwardedPieceSources)
        .where(inArray(forwardedPieceSources.pieceId, state.adopted.map((o) => o.pieceId)))
        .groupBy(forwardedPieceSources.unitId)
    : [];

  // ---- publications: released issues and instructions on them ----
  const pubRows = await db.select({ id: publications.id, name: publications.name }).from(publications).orderBy(asc(publications.sortOrder), asc(publications.id));
  const issueRows = await db
    .select({ id: issues.id, publicationId: issues.publicationId })
    .from(issues)
    .where(and(eq(issues.state, 'released'), sql`${issues.erratumOfId} is null`, gte(issues.issueDate, r.from), lt(issues.issueDate, periodRangeNext(r))));
  const issueIds = issueRows.map((i) => i.id);
  const instructionRows = issueIds.length
    ? await db
        .select({ issueId: sql<number>`coalesce(${instructions.issueId}, ${issueItems.issueId})`, itemId: instructions.itemId, rank: instructions.leaderRank })
        .from(instructions)
        .leftJoin(issueItems, eq(issueItems.id, instructions.itemId))
        .where(sql`coalesce(${instructions.issueId}, ${issueItems.issueId}) in (${sql.join(issueIds.map((id) => sql`${id}`), sql`, `)})`)
    : [];
  const publicationFacts = pubRows.map((p) => {
    const mine = new Set(issueRows.filter((i) => i.publicationId === p.id).map((i) => i.id));
    const on = instructionRows.filter((x) => mine.has(Number(x.issueId)));
    return {
      name: p.name,
      issues: mine.size,
      principalInstructed: new Set(on.filter((x) => x.rank === 'city_principal').map((x) => Number(x.issueId))).size,
      instructed: new Set(on.map((x) => Number(x.issueId))).size,
    };
  });

  // Units whose pieces drew instructions: an instruction on a piece credits its sources, one on an issue all of them.
  const instructedUnits = new Map<number, number>();
  if (instructionRows.length) {
    const placed = await db
      .select({ issueId: placements.issueId, itemId: placements.itemId, unitId: placements.unitId })
      .from(placements)
      .where(inArray(placements.issueId, [...new Set(instructionRows.map((x) => Number(x.issueId)))]));
    for (const ins of instructionRows) {
      const credited = new Set(placed.filter((p) => (ins.itemId ? p.itemId === ins.itemId : p.issueId === Number(ins.issueId))).map((p) => p.unitId));
      for (const u of credited) instructedUnits.set(u, (instructedUnits.get(u) ?? 0) + 1);
    }
  }

  const notable: Array<{ kind: TNotableKind; units: string[] }> = [
    { kind: 'instructions', units: best([...instructedUnits].map(([unitId, n]) => ({ unitId, n })), order, NOTABLE_LIMIT) },
    { kind: 'feedback', units: best(ofType('feedback'), order, NOTABLE_LIMIT) },
    { kind: 'experience', units: best(ofType('experience'), order, NOTABLE_LIMIT) },
    { kind: 'adoptions', units: best(ofType('news'), order, NOTABLE_LIMIT) },
    { kind: 'state_council', units: best(stateUnits, order, 8) },
  ];

  // ---- problems ----
  const overallRate = submitted > 0 ? adoptedFromUnits / submitted : 0;
  const submitters = [...submittedBy.entries()].filter(([, n]) => n > 0);
  const averageSubmitted = submitters.length ? submitted / submitters.length : 0;
  const lowAdoption = submitters
    .filter(([unitId, n]) => n >= averageSubmitted && (adoptedBy.get(unitId) ?? 0) / n < overallRate / 2)
    .sort((a, b) => b[1] - a[1] || order.get(a[0])!.pos - order.get(b[0])!.pos)
    .slice(0, LOW_ADOPTION_LIMIT)
    .map(([unitId, n]) => ({ unit: order.get(unitId)?.name ?? String(unitId), submitted: n, adopted: adoptedBy.get(unitId) ?? 0 }));
  const inDepthSubmitted = sum(submittedRows.filter((x) => x.type === 'research' || x.type === 'suggestion'));

  const solicitationRows = await compliance(db, { from: r.from, to: r.to });
  const failing = solicitationRows.filter((x) => x.late + x.missing > 0).sort((a, b) => b.late + b.missing - (a.late + a.missing));

  const [dups] = await db
    .select({ n: sql<number>`count(distinct ${dedupMatches.articleId})::int` })
    .from(dedupMatches)
    .innerJoin(articles, eq(articles.id, dedupMatches.articleId))
    .where(and(eq(dedupMatches.flagged, true), gte(articles.firstSubmittedAt, r.start), lt(articles.firstSubmittedAt, r.end)));

  // Follow-ups due in the period (and already due) whose unit had no answer by the due date.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now());
  const dueRows = await db
    .select({ followupId: followupUnits.followupId, unitId: followupUnits.unitId, dueDate: followups.dueDate })
    .from(followupUnits)
    .innerJoin(followups, eq(followups.id, followupUnits.followupId))
    .where(and(gte(followups.dueDate, r.from), lt(followups.dueDate, periodRangeNext(r)), lt(followups.dueDate, today)));
  const answers = dueRows.length
    ? await db
        .select({ followupId: articles.followupId, unitId: articles.unitId, at: sql<string>`min(${articles.firstSubmittedAt})` })
        .from(articles)
        .where(and(inArray(articles.followupId, [...new Set(dueRows.map((d) => d.followupId))]), isNotNull(articles.firstSubmittedAt)))
        .groupBy(articles.followupId, articles.unitId)
    : [];
  const overdue = dueRows.filter((d) => {
    const a = answers.find((x) => x.followupId === d.followupId && x.unitId === d.unitId);
    return !a || new Date(a.at) >= new Date(`${d.dueDate}T24:00:00+08:00`);
  });
  const overdueUnits = perUnit(overdue.map((d) => ({ unitId: d.unitId, n: 1 })));

  return {
    period,
    adoptedFromUnits,
    submitted,
    forwardedToProvince: province.sent,
    adoptedByProvince: province.adopted.length,
    adoptedByStateCouncil: state.adopted.length,
    stateCouncilInstructed: instructedOutcomes.length,
    publications: publicationFacts,
    honours: period.kind === 'annual' ? honours : null,
    notable,
    problems: {
      lowAdoption,
      inDepthSubmitted,
      solicitationAssignments: solicitationRows.reduce((s, x) => s + x.targeted, 0),
      solicitationLate: solicitationRows.reduce((s, x) => s + x.late, 0),
      solicitationMissing: solicitationRows.reduce((s, x) => s + x.missing, 0),
      solicitationUnits: failing.slice(0, 5).map((x) => order.get(x.unitId)?.name ?? x.unitName),
      duplicatesCaught: dups?.n ?? 0,
      overdueFollowups: overdue.length,
      overdueFollowupUnits: best([...overdueUnits].map(([unitId, n]) => ({ unitId, n })), order, 5),
    },
  };
}

/** The first day after the period, YYYY-MM-DD (for date columns compared with <). */
function periodRangeNext(r: PeriodRange): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(r.end);
}
