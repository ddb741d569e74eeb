import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, inArray, lte, lt, sql } from 'drizzle-orm';
import {
  DEFAULT_RULE_SET,
  periodRange,
  type TAdjustment,
  type TAssessment,
  type TLedgerEntry,
  type TRuleSet,
  type TRuleSetDocument,
  type TRuleSetSummary,
  type TScoreEventKind,
  type TUnitLedger,
  type TWhatIf,
} from '@baosong/contract';
import { assessments, channels, publications, ruleSets, scoreAdjustments, scoreLedger, scoreYears, solicitations, unitGroups, units, upstreamPublications, users } from '../db/schema.js';
import type { Database, DbOrTx } from '../db/connect.js';
import { AppError, notFound } from '../lib/errors.js';
import { writeAudit } from '../lib/audit.js';
import { now } from '../lib/clock.js';
import type { Actor } from '../lib/policy.js';
import { collectEvents } from './collect.js';
import { scoreEvents, totalsFor, type ScoreEvent } from './engine.js';
import { EMPTY_COMPONENTS, rankUnits, type Components, type RankUnit } from './rank.js';

/**
 * Marks stored ledgers stale, inside the caller's write transaction: the year of the change, or every year when the
 * change may touch several (a rule set of one year only touches that year). The next read recomputes.
 */
export async function markScoringStale(tx: DbOrTx, year?: number): Promise<void> {
  // Only rows not yet stale: a busy day of submissions does not queue up on the same rows.
  if (year === undefined) await tx.update(scoreYears).set({ stale: true }).where(eq(scoreYears.stale, false));
  else await tx.update(scoreYears).set({ stale: true }).where(eq(scoreYears.year, year));
}

/** The rule set in force for a year: its highest version, else the latest of an earlier year, else the default. */
export async function ruleSetInForce(db: DbOrTx, year: number): Promise<{ id: number | null; version: number; name: string; document: TRuleSetDocument }> {
  const [row] = await db.select().from(ruleSets).where(lte(ruleSets.year, year)).orderBy(desc(ruleSets.year), desc(ruleSets.version)).limit(1);
  if (!row) return { id: null, version: 0, name: '默认计分办法', document: DEFAULT_RULE_SET };
  return { id: row.id, version: row.version, name: row.name, document: row.document };
}

const INSERT_CHUNK = 2000;

/** Recomputes and stores one year's ledger from the events (one transaction; bulk multi-row inserts). */
export async function recomputeYear(database: Database, year: number): Promise<{ events: number; entries: number }> {
  const db = database.db;
  const rs = await ruleSetInForce(db, year);
  const events = await collectEvents(db, { from: `${year}-01-01`, to: `${year}-12-31` });
  const entries = scoreEvents(events, rs.document, rs.version);
  const at = now();
  await db.transaction(async (tx) => {
    await tx.delete(scoreLedger).where(eq(scoreLedger.year, year));
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      await tx.insert(scoreLedger).values(entries.slice(i, i + INSERT_CHUNK).map((e) => ({ year, ...e })));
    }
    await tx
      .insert(scoreYears)
      .values({ year, stale: false, ruleSetId: rs.id, computedAt: at })
      .onConflictDoUpdate({ target: scoreYears.year, set: { stale: false, ruleSetId: rs.id, computedAt: at } });
  });
  return { events: events.length, entries: entries.length };
}

/**
 * The stored ledger of a year, recomputed first when stale, never computed, or when a solicitation deadline has
 * passed since (a missing answer appears with time, not with a write).
 */
export async function ensureLedger(database: Database, year: number): Promise<void> {
  // Single flight per process and year: dashboards read while submissions keep marking the ledger stale; concurrent
  // readers share one recomputation instead of each deleting and rewriting the same year. One already under way may
  // have started before the caller's own change: wait for it, then check (and share) again.
  if (!ensuring.has(database)) ensuring.set(database, new Map());
  const flights = ensuring.get(database)!;
  const under = flights.get(year);
  if (under) await under.catch(() => {});
  let running = flights.get(year);
  if (!running) {
    const p: Promise<void> = ensureLedgerOnce(database, year).finally(() => {
      if (flights.get(year) === p) flights.delete(year);
    });
    flights.set(year, p);
    running = p;
  }
  return running;
}
const ensuring = new WeakMap<Database, Map<number, Promise<void>>>();

async function ensureLedgerOnce(database: Database, year: number): Promise<void> {
  const db = database.db;
  const [state] = await db.select().from(scoreYears).where(eq(scoreYears.year, year));
  let stale = !state || state.stale || !state.computedAt;
  if (!stale) {
    const [passed] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(solicitations)
      .where(and(gt(solicitations.deadline, state!.computedAt!), lte(solicitations.deadline, now())));
    stale = (passed?.n ?? 0) > 0;
  }
  if (stale) await recomputeYear(database, year);
}

async function ledgerEntries(db: DbOrTx, from: string, to: string, unitId?: number): Promise<TLedgerEntry[]> {
  const rows = await db
    .select()
    .from(scoreLedger)
    .where(and(eq(scoreLedger.year, Number(from.slice(0, 4))), gte(scoreLedger.on, from), lte(scoreLedger.on, to), unitId ? eq(scoreLedger.unitId, unitId) : undefined))
    .orderBy(asc(scoreLedger.id));
  return rows.map((r) => ({
    unitId: r.unitId,
    on: r.on,
    eventKind: r.eventKind as TScoreEventKind,
    eventId: r.eventId,
    ruleId: r.ruleId,
    ruleSetVersion: r.ruleSetVersion,
    points: r.points,
    note: r.note,
  }));
}

/** Every entry behind a unit's total for a period (zeroing only in a whole-year period). */
export async function unitLedger(database: Database, unitId: number, period: string): Promise<TUnitLedger> {
  const p = periodRange(period);
  const [unit] = await database.db.select({ name: units.name }).from(units).where(eq(units.id, unitId));
  if (!unit) throw notFound();
  await ensureLedger(database, p.year);
  const entries = (await ledgerEntries(database.db, p.from, p.to, unitId)).filter((e) => p.kind === 'year' || e.eventKind !== 'zeroing');
  const total = Math.round(entries.reduce((s, e) => s + e.points, 0) * 100) / 100;
  const [state] = await database.db.select().from(scoreYears).where(eq(scoreYears.year, p.year));
  const rs = state?.ruleSetId ? (await database.db.select({ version: ruleSets.version }).from(ruleSets).where(eq(ruleSets.id, state.ruleSetId)))[0] : null;
  return { unitId, unitName: unit.name, period, ruleSetVersion: rs?.version ?? 0, total, entries };
}

async function rankUnitsList(db: DbOrTx): Promise<RankUnit[]> {
  const rows = await db
    .select({ unitId: units.id, unitName: units.name, groupId: units.groupId, groupName: unitGroups.name, active: units.active })
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.id), asc(units.id));
  return rows.map((r, i) => ({ unitId: r.unitId, unitName: r.unitName, groupId: r.groupId, groupName: r.groupName, order: i, active: r.active }));
}

/** The main components of each unit's result over [from, to], counted from the events. */
export function componentsOf(events: readonly ScoreEvent[], from: string, to: string): Map<number, Components> {
  const out = new Map<number, Components & { adoptedSubmitted: number; articles: Set<number> }>();
  const get = (u: number) => {
    let c = out.get(u);
    if (!c) out.set(u, (c = { ...EMPTY_COMPONENTS, adoptedSubmitted: 0, articles: new Set<number>() }));
    return c;
  };
  for (const e of events) {
    if (e.on < from || e.on > to) continue;
    const c = get(e.unitId);
    switch (e.kind) {
      case 'placement':
        c.articles.add(e.articleId);
        break;
      case 'upstream_adopted':
        c.upstreamAdoptions++;
        break;
      case 'instruction':
        c.instructions++;
        break;
      case 'solicitation':
        if (e.status === 'answered_on_time') c.solicitationOnTime++;
        else if (e.status === 'answered_late') c.solicitationLate++;
        else if (e.status === 'missing') c.solicitationMissing++;
        break;
      case 'monthly':
        c.submitted += e.submitted;
        c.adoptedSubmitted += e.adopted;
        break;
    }
  }
  const result = new Map<number, Components>();
  for (const [u, c] of out) {
    const { adoptedSubmitted, articles, ...rest } = c;
    result.set(u, { ...rest, adoptedPieces: articles.size, adoptionRate: c.submitted ? Math.round((adoptedSubmitted / c.submitted) * 1000) / 1000 : null });
  }
  return result;
}

function fingerprint(entries: readonly TLedgerEntry[]): string {
  const h = createHash('sha256');
  for (const e of [...entries].sort((a, b) => a.unitId - b.unitId || a.eventId.localeCompare(b.eventId) || a.ruleId.localeCompare(b.ruleId))) {
    h.update(`${e.unitId}|${e.eventId}|${e.ruleId}|${e.points}\n`);
  }
  return h.digest('hex');
}

/** Units shown in a ranking: active ones, and inactive ones with something in the period. */
function shown(list: (RankUnit & { active: boolean })[], totals: Map<number, number>, comps: Map<number, Components>): RankUnit[] {
  return list.filter((u) => u.active || totals.has(u.unitId) || comps.has(u.unitId));
}

/** The live assessment of a period from the stored ledger (recomputed if stale). */
async function liveAssessment(database: Database, period: string): Promise<{ result: TAssessment; fingerprint: string }> {
  const db = database.db;
  const p = periodRange(period);
  await ensureLedger(database, p.year);
  const rs = await ruleSetInForce(db, p.year);
  const entries = (await ledgerEntries(db, p.from, p.to)).filter((e) => p.kind === 'year' || e.eventKind !== 'zeroing');
  const totals = totalsFor(entries, p.from, p.to, p.kind === 'year');
  const events = await collectEvents(db, { from: p.from, to: p.to });
  const comps = componentsOf(events, p.from, p.to);
  const list = (await rankUnitsList(db)) as (RankUnit & { active: boolean })[];
  const rows = rankUnits(shown(list, totals, comps), totals, comps, rs.document);
  return {
    result: { period, from: p.from, to: p.to, ruleSetId: rs.id, ruleSetVersion: rs.version, ruleSetName: rs.name, rows, frozen: null },
    fingerprint: fingerprint(entries),
  };
}

/** The assessment of a period: the frozen (official) one if there is one, with a warning when events changed since. */
export async function getAssessment(database: Database, period: string): Promise<TAssessment> {
  const db = database.db;
  const [frozen] = await db.select({ a: assessments, by: users.displayName }).from(assessments).innerJoin(users, eq(users.id, assessments.frozenById)).where(eq(assessments.period, period));
  if (!frozen) return (await liveAssessment(database, period)).result;
  const live = await liveAssessment(database, period);
  return { ...frozen.a.result, frozen: { at: frozen.a.frozenAt.toISOString(), by: frozen.by, changedSince: live.fingerprint !== frozen.a.fingerprint } };
}

/** Freezes a period's assessment as official; a frozen period is never recomputed. */
export async function freezeAssessment(database: Database, actor: Actor, period: string, ip?: string): Promise<void> {
  const live = await liveAssessment(database, period);
  await database.db.transaction(async (tx) => {
    const [exists] = await tx.select({ p: assessments.period }).from(assessments).where(eq(assessments.period, period)).for('update');
    if (exists) throw new AppError('ASSESSMENT_FROZEN', 409, { period });
    await tx.insert(assessments).values({ period, result: live.result, fingerprint: live.fingerprint, frozenById: actor.id });
    await writeAudit(tx, {
      actor,
      action: 'assessment.freeze',
      targetType: 'assessment',
      targetId: period,
      ip,
      outcome: 'ok',
      details: { ruleSetVersion: live.result.ruleSetVersion, honours: live.result.rows.filter((r) => r.honour).map((r) => [r.unitId, r.honour]) },
    });
  });
}

/**
 * What if: the period ranked under the rule set in force and under a draft, both computed in memory from the same
 * events (nothing is saved). Rows in the draft's order; `moved` > 0 means the unit moves up.
 */
/** A rule that names a publication or channel that does not exist would never match: refused, with the field named. */
async function assertRuleSetReferences(db: DbOrTx, doc: TRuleSetDocument): Promise<void> {
  const refs: { field: string; table: typeof publications | typeof channels | typeof upstreamPublications; id: number }[] = [];
  doc.placements.forEach((p, i) => p.publicationId !== null && refs.push({ field: `document.placements.${i}.publicationId`, table: publications, id: p.publicationId }));
  doc.upstream.forEach((u, i) => {
    if (u.channelId !== null) refs.push({ field: `document.upstream.${i}.channelId`, table: channels, id: u.channelId });
    if (u.upstreamPublicationId !== null) refs.push({ field: `document.upstream.${i}.upstreamPublicationId`, table: upstreamPublications, id: u.upstreamPublicationId });
  });
  const missing: { field: string; message: string }[] = [];
  for (const table of [publications, channels, upstreamPublications]) {
    const mine = refs.filter((r) => r.table === table);
    if (!mine.length) continue;
    const found = new Set((await db.select({ id: table.id }).from(table).where(inArray(table.id, [...new Set(mine.map((r) => r.id))]))).map((r) => r.id));
    for (const r of mine) if (!found.has(r.id)) missing.push({ field: r.field, message: `no record ${r.id}` });
  }
  if (missing.length) throw new AppError('VALIDATION_FAILED', 400, {}, missing);
}

export async function whatIf(database: Database, period: string, draft: TRuleSetDocument): Promise<TWhatIf> {
  const db = database.db;
  await assertRuleSetReferences(db, draft);
  const p = periodRange(period);
  const rs = await ruleSetInForce(db, p.year);
  // The whole year's events, so the zeroing rule sees every missing answer of the year.
  const events = await collectEvents(db, { from: `${p.year}-01-01`, to: `${p.year}-12-31` });
  const comps = componentsOf(events, p.from, p.to);
  const list = (await rankUnitsList(db)) as (RankUnit & { active: boolean })[];
  const rank = (doc: TRuleSetDocument, version: number) => {
    const totals = totalsFor(scoreEvents(events, doc, version), p.from, p.to, p.kind === 'year');
    return rankUnits(shown(list, totals, comps), totals, comps, doc);
  };
  const current = new Map(rank(rs.document, rs.version).map((r) => [r.unitId, r]));
  const draftRows = rank(draft, rs.version + 1);
  return {
    period,
    rows: draftRows.map((d) => {
      const c = current.get(d.unitId);
      const currentRank = c?.rank ?? d.rank;
      return {
        unitId: d.unitId,
        unitName: d.unitName,
        groupName: d.groupName,
        currentRank,
        currentTotal: c?.total ?? 0,
        draftRank: d.rank,
        draftTotal: d.total,
        moved: currentRank - d.rank,
        currentHonour: c?.honour ?? null,
        draftHonour: d.honour,
      };
    }),
  };
}

// ---------- rule sets ----------
export async function listRuleSets(db: DbOrTx): Promise<TRuleSetSummary[]> {
  const rows = await db
    .select({ r: ruleSets, by: users.displayName })
    .from(ruleSets)
    .leftJoin(users, eq(users.id, ruleSets.createdById))
    .orderBy(desc(ruleSets.year), desc(ruleSets.version));
  return rows.map(({ r, by }) => ({ id: r.id, year: r.year, version: r.version, name: r.name, note: r.note, createdBy: by ?? '', createdAt: r.createdAt.toISOString() }));
}

export async function getRuleSet(db: DbOrTx, id: number): Promise<TRuleSet> {
  const [row] = await db.select({ r: ruleSets, by: users.displayName }).from(ruleSets).leftJoin(users, eq(users.id, ruleSets.createdById)).where(eq(ruleSets.id, id));
  if (!row) throw notFound();
  const { r, by } = row;
  return { id: r.id, year: r.year, version: r.version, name: r.name, note: r.note, createdBy: by ?? '', createdAt: r.createdAt.toISOString(), document: r.document };
}

/** Saves a new version of a year's rule set (validated by the route's schema); the year's ledger goes stale. */
export async function saveRuleSet(database: Database, actor: Actor, input: { year: number; name: string; note?: string | null; document: TRuleSetDocument }, ip?: string): Promise<number> {
  await assertRuleSetReferences(database.db, input.document);
  return database.db.transaction(async (tx) => {
    // One writer per year at a time: the version number comes from under this lock.
    await tx.execute(sql`select pg_advisory_xact_lock(7007, ${input.year})`);
    const [last] = await tx.select({ v: ruleSets.version }).from(ruleSets).where(eq(ruleSets.year, input.year)).orderBy(desc(ruleSets.version)).limit(1);
    const version = (last?.v ?? 0) + 1;
    const [row] = await tx
      .insert(ruleSets)
      .values({ year: input.year, version, name: input.name, note: input.note ?? null, document: input.document, createdById: actor.id })
      .returning({ id: ruleSets.id });
    // Later years without a rule set of their own use this one too.
    await tx.update(scoreYears).set({ stale: true }).where(gte(scoreYears.year, input.year));
    await writeAudit(tx, { actor, action: 'scoring.rule_set.save', targetType: 'rule_set', targetId: row!.id, ip, outcome: 'ok', details: { year: input.year, version } });
    return row!.id;
  });
}

// ---------- manual adjustments ----------
export async function addAdjustment(database: Database, actor: Actor, input: { unitId: number; on: string; points: number; reason: string }, ip?: string): Promise<number> {
  return database.db.transaction(async (tx) => {
    const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
    if (!unit) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'unitId', message: 'unknown unit' }]);
    const [row] = await tx.insert(scoreAdjustments).values({ ...input, createdById: actor.id }).returning({ id: scoreAdjustments.id });
    await markScoringStale(tx, Number(input.on.slice(0, 4)));
    await writeAudit(tx, { actor, action: 'scoring.adjust', targetType: 'unit', targetId: input.unitId, ip, outcome: 'ok', details: { adjustmentId: row!.id, points: input.points, on: input.on, reason: input.reason } });
    return row!.id;
  });
}

export async function listAdjustments(db: DbOrTx, year: number): Promise<TAdjustment[]> {
  const rows = await db
    .select({ a: scoreAdjustments, unitName: units.name, by: users.displayName })
    .from(scoreAdjustments)
    .innerJoin(units, eq(units.id, scoreAdjustments.unitId))
    .innerJoin(users, eq(users.id, scoreAdjustments.createdById))
    .where(and(gte(scoreAdjustments.on, `${year}-01-01`), lt(scoreAdjustments.on, `${year + 1}-01-01`)))
    .orderBy(desc(scoreAdjustments.id));
  return rows.map(({ a, unitName, by }) => ({ id: a.id, unitId: a.unitId, unitName, on: a.on, points: a.points, reason: a.reason, createdBy: by, createdAt: a.createdAt.toISOString() }));
}

