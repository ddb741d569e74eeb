import { and, eq, gte, inArray, isNotNull, lt, lte, ne, sql } from 'drizzle-orm';
import {
  articles,
  channels,
  forwardedPieces,
  forwardedPieceSources,
  forwardings,
  instructions,
  issues,
  placements,
  publications,
  scoreAdjustments,
  solicitations,
  units,
  upstreamInstructions,
  upstreamOutcomes,
} from '../db/schema.js';
import type { DbOrTx } from '../db/connect.js';
import { todayShanghai } from '../lib/clock.js';
import { targetsOf } from '../features/solicitations/service.js';
import type { InstructionEvent, MonthlyEvent, PlacementEvent, ScoreEvent, SolicitationEvent, UpstreamEvent } from './engine.js';

/**
 * Reads the events of a period from the records: one collector per event kind. Each returns events dated within
 * [from, to] (YYYY-MM-DD, the office's calendar).
 */
export interface Range {
  from: string;
  to: string;
}
type Collector = (db: DbOrTx, r: Range) => Promise<ScoreEvent[]>;

const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
const dayAfter = (d: string) => new Date(dayStart(d).getTime() + 24 * 3600 * 1000);

/** Pieces of released issues of our periodicals, one event per contributing unit's article. */
const collectPlacements: Collector = async (db, r) => {
  const rows = await db
    .select({
      id: placements.id,
      itemId: placements.itemId,
      articleId: placements.articleId,
      unitId: placements.unitId,
      adoption: placements.adoption,
      on: issues.issueDate,
      publicationId: issues.publicationId,
      publicationKind: publications.kind,
    })
    .from(placements)
    .innerJoin(issues, eq(issues.id, placements.issueId))
    .innerJoin(publications, eq(publications.id, issues.publicationId))
    .where(and(eq(issues.state, 'released'), gte(issues.issueDate, r.from), lte(issues.issueDate, r.to)));
  const perItem = new Map<number, number>();
  for (const p of rows) perItem.set(p.itemId, (perItem.get(p.itemId) ?? 0) + 1);
  return rows.map(
    (p): PlacementEvent => ({
      kind: 'placement',
      id: `placement:${p.id}`,
      on: p.on,
      unitId: p.unitId,
      articleId: p.articleId,
      itemId: p.itemId,
      publicationId: p.publicationId,
      publicationKind: p.publicationKind,
      adoption: p.adoption === 'composite' ? 'composite' : 'full',
      contributors: perItem.get(p.itemId)!,
    }),
  );
};

async function pieceSources(db: DbOrTx, pieceIds: number[]) {
  if (!pieceIds.length) return new Map<number, { articleId: number; unitId: number }[]>();
  const rows = await db.select().from(forwardedPieceSources).where(inArray(forwardedPieceSources.pieceId, pieceIds));
  const out = new Map<number, { articleId: number; unitId: number }[]>();
  for (const s of rows) out.set(s.pieceId, [...(out.get(s.pieceId) ?? []), { articleId: s.articleId, unitId: s.unitId }]);
  return out;
}

/** Pieces sent upward (signed off), crediting every contributing unit. */
const collectForwarded: Collector = async (db, r) => {
  const rows = await db
    .select({ pieceId: forwardedPieces.id, itemId: forwardedPieces.itemId, on: forwardings.sentOn, channelId: channels.id, level: channels.level })
    .from(forwardedPieces)
    .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
    .innerJoin(channels, eq(channels.id, forwardings.channelId))
    .where(and(eq(forwardings.state, 'sent'), gte(forwardings.sentOn, r.from), lte(forwardings.sentOn, r.to)));
  const sources = await pieceSources(db, rows.map((p) => p.pieceId));
  return rows.flatMap((p) => {
    const src = sources.get(p.pieceId) ?? [];
    return src.map(
      (s): UpstreamEvent => ({
        kind: 'forwarded',
        id: `forwarded:${p.pieceId}:${s.articleId}`,
        on: p.on!,
        unitId: s.unitId,
        articleId: s.articleId,
        pieceId: p.pieceId,
        channelId: p.channelId,
        channelLevel: p.level,
        upstreamPublicationId: null,
        fromOffice: p.itemId !== null,
        contributors: src.length,
      }),
    );
  });
};

/** Adoptions upstream (上级采用), dated by the outcome. */
const collectUpstreamAdopted: Collector = async (db, r) => {
  const rows = await db
    .select({
      outcomeId: upstreamOutcomes.id,
      pieceId: forwardedPieces.id,
      itemId: forwardedPieces.itemId,
      on: upstreamOutcomes.outcomeOn,
      upstreamPublicationId: upstreamOutcomes.upstreamPublicationId,
      channelId: channels.id,
      level: channels.level,
    })
    .from(upstreamOutcomes)
    .innerJoin(forwardedPieces, eq(forwardedPieces.id, upstreamOutcomes.pieceId))
    .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
    .innerJoin(channels, eq(channels.id, forwardings.channelId))
    .where(and(eq(upstreamOutcomes.result, 'adopted'), gte(upstreamOutcomes.outcomeOn, r.from), lte(upstreamOutcomes.outcomeOn, r.to)));
  const sources = await pieceSources(db, rows.map((p) => p.pieceId));
  return rows.flatMap((p) => {
    const src = sources.get(p.pieceId) ?? [];
    return src.map(
      (s): UpstreamEvent => ({
        kind: 'upstream_adopted',
        id: `upstream:${p.outcomeId}:${s.articleId}`,
        on: p.on,
        unitId: s.unitId,
        articleId: s.articleId,
        pieceId: p.pieceId,
        channelId: p.channelId,
        channelLevel: p.level,
        upstreamPublicationId: p.upstreamPublicationId,
        fromOffice: p.itemId !== null,
        contributors: src.length,
      }),
    );
  });
};

/**
 * Instructions: ours (on a piece, reaching the piece's contributing articles; on a whole issue, every article in it)
 * and upstream leaders' (on an adopted forwarded piece, reaching its contributing articles).
 */
const collectInstructions: Collector = async (db, r) => {
  const local = await db
    .select({ id: instructions.id, issueId: instructions.issueId, itemId: instructions.itemId, rank: instructions.leaderRank, leader: instructions.leaderName, on: instructions.instructedOn })
    .from(instructions)
    .where(and(gte(instructions.instructedOn, r.from), lte(instructions.instructedOn, r.to)));
  const out: InstructionEvent[] = [];
  const issueIds = [...new Set(local.map((i) => i.issueId).filter((x): x is number => x !== null))];
  const placed = issueIds.length
    ? await db.select({ issueId: placements.issueId, itemId: placements.itemId, articleId: placements.articleId, unitId: placements.unitId }).from(placements).where(inArray(placements.issueId, issueIds))
    : [];
  for (const i of local) {
    for (const p of placed) {
      if (p.issueId !== i.issueId || (i.itemId !== null && p.itemId !== i.itemId)) continue;
      out.push({ kind: 'instruction', id: `instruction:${i.id}:${p.articleId}`, on: i.on, unitId: p.unitId, articleId: p.articleId, rank: i.rank, leaderName: i.leader });
    }
  }
  const upstream = await db
    .select({ id: upstreamInstructions.id, pieceId: upstreamOutcomes.pieceId, rank: upstreamInstructions.leaderRank, leader: upstreamInstructions.leaderName, on: upstreamInstructions.instructedOn })
    .from(upstreamInstructions)
    .innerJoin(upstreamOutcomes, eq(upstreamOutcomes.id, upstreamInstructions.outcomeId))
    .where(and(gte(upstreamInstructions.instructedOn, r.from), lte(upstreamInstructions.instructedOn, r.to)));
  const sources = await pieceSources(db, [...new Set(upstream.map((u) => u.pieceId))]);
  for (const u of upstream) {
    for (const s of sources.get(u.pieceId) ?? []) {
      out.push({ kind: 'instruction', id: `upstream-instruction:${u.id}:${s.articleId}`, on: u.on, unitId: s.unitId, articleId: s.articleId, rank: u.rank, leaderName: u.leader });
    }
  }
  return out;
};

/** Solicitation targets whose deadline falls in the range, with their status as of now. */
const collectSolicitations: Collector = async (db, r) => {
  const rows = await db
    .select()
    .from(solicitations)
    .where(and(gte(solicitations.deadline, dayStart(r.from)), lt(solicitations.deadline, dayAfter(r.to))));
  const targets = await targetsOf(db, rows);
  return rows.flatMap((s) =>
    (targets.get(s.id) ?? []).map(
      (t): SolicitationEvent => ({
        kind: 'solicitation',
        id: `solicitation:${s.id}:${t.unitId}`,
        on: todayShanghai(s.deadline),
        unitId: t.unitId,
        solicitationId: s.id,
        topic: s.topic,
        mandatory: s.mandatory,
        status: t.status,
        adopted: t.rating === 'adopted',
      }),
    ),
  );
};

/** Per unit and month: articles submitted (first left the unit) and how many of them were adopted. Archived history (imported past years) is not a submission. */
const collectMonthly: Collector = async (db, r) => {
  const rows = await db
    .select({
      unitId: articles.unitId,
      month: sql<string>`to_char((${articles.firstSubmittedAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`,
      submitted: sql<number>`count(*)::int`,
      adopted: sql<number>`(count(*) filter (where ${articles.state} = 'adopted'))::int`,
    })
    .from(articles)
    .where(and(isNotNull(articles.firstSubmittedAt), ne(articles.state, 'archived'), gte(articles.firstSubmittedAt, dayStart(r.from)), lt(articles.firstSubmittedAt, dayAfter(r.to))))
    .groupBy(articles.unitId, sql`2`);
  const targets = new Map((await db.select({ id: units.id, target: units.monthlyTarget }).from(units)).map((u) => [u.id, u.target]));
  return rows.map(
    (m): MonthlyEvent => ({
      kind: 'monthly',
      id: `monthly:${m.month}:${m.unitId}`,
      on: `${m.month}-01`,
      unitId: m.unitId,
      month: m.month,
      submitted: m.submitted,
      adopted: m.adopted,
      target: targets.get(m.unitId) ?? null,
    }),
  );
};

const collectAdjustments: Collector = async (db, r) => {
  const rows = await db.select().from(scoreAdjustments).where(and(gte(scoreAdjustments.on, r.from), lte(scoreAdjustments.on, r.to)));
  return rows.map((a) => ({ kind: 'adjustment', id: `adjustment:${a.id}`, on: a.on, unitId: a.unitId, points: a.points, reason: `人工调整：${a.reason}` }));
};

export const COLLECTORS: readonly Collector[] = [
  collectPlacements,
  collectForwarded,
  collectUpstreamAdopted,
  collectInstructions,
  collectSolicitations,
  collectMonthly,
  collectAdjustments,
];

/** Every event of the range, in a stable order (by event id), so scoring is deterministic. */
export async function collectEvents(db: DbOrTx, r: Range): Promise<ScoreEvent[]> {
  const all: ScoreEvent[] = [];
  for (const c of COLLECTORS) all.push(...(await c(db, r)));
  all.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return all;
}
