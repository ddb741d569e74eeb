import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TForwardCandidate, TForwardedPiece, TForwardedPieceFull, TForwarding, TForwardingSummary, TOutcome } from '@baosong/contract';
import {
  articles,
  channels,
  forwardedPieces,
  forwardedPieceSources,
  forwardings,
  issueItems,
  issues,
  placements,
  publications,
  units,
  upstreamInstructions,
  upstreamOutcomes,
  upstreamPublications,
  users,
} from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { now, todayShanghai } from '../../lib/clock.js';
import type { Actor } from '../../lib/policy.js';
import { activeUserIdsWithRole, notifyUsers } from '../notifications/service.js';
import { knownRankCodes } from '../settings/service.js';
import { publicationOfChannel } from './channels.js';
import { markScoringStale } from '../../scoring/service.js';

type PieceRow = typeof forwardedPieces.$inferSelect;

// ---------- views ----------

async function outcomesOf(db: DbOrTx, pieceIds: number[]): Promise<Map<number, TOutcome>> {
  const out = new Map<number, TOutcome>();
  if (!pieceIds.length) return out;
  const rows = await db
    .select({ o: upstreamOutcomes, pubName: upstreamPublications.name, recordedBy: users.displayName })
    .from(upstreamOutcomes)
    .leftJoin(upstreamPublications, eq(upstreamPublications.id, upstreamOutcomes.upstreamPublicationId))
    .innerJoin(users, eq(users.id, upstreamOutcomes.recordedById))
    .where(inArray(upstreamOutcomes.pieceId, pieceIds));
  const ins = rows.length
    ? await db.select().from(upstreamInstructions).where(inArray(upstreamInstructions.outcomeId, rows.map((r) => r.o.id))).orderBy(asc(upstreamInstructions.id))
    : [];
  for (const { o, pubName, recordedBy } of rows) {
    out.set(o.pieceId, {
      result: o.result as TOutcome['result'],
      upstreamPublicationId: o.upstreamPublicationId,
      upstreamPublicationName: pubName,
      issueLabel: o.issueLabel,
      outcomeOn: o.outcomeOn,
      note: o.note,
      recordedBy,
      recordedAt: o.recordedAt.toISOString(),
      instructions: ins
        .filter((i) => i.outcomeId === o.id)
        .map((i) => ({ id: i.id, leaderRank: i.leaderRank, leaderName: i.leaderName, instructedOn: i.instructedOn, text: i.text })),
    });
  }
  return out;
}

async function pieceViews(db: DbOrTx, rows: PieceRow[]): Promise<TForwardedPieceFull[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const fw = await db
    .select({ id: forwardings.id, state: forwardings.state, sentOn: forwardings.sentOn, channelId: channels.id, channelName: channels.name })
    .from(forwardings)
    .innerJoin(channels, eq(channels.id, forwardings.channelId))
    .where(inArray(forwardings.id, [...new Set(rows.map((r) => r.forwardingId))]));
  const sources = await db
    .select({ pieceId: forwardedPieceSources.pieceId, articleId: forwardedPieceSources.articleId, unitId: forwardedPieceSources.unitId, unitName: units.name })
    .from(forwardedPieceSources)
    .innerJoin(units, eq(units.id, forwardedPieceSources.unitId))
    .where(inArray(forwardedPieceSources.pieceId, ids))
    .orderBy(asc(forwardedPieceSources.articleId));
  const outcomes = await outcomesOf(db, ids);
  return rows.map((p) => {
    const f = fw.find((x) => x.id === p.forwardingId)!;
    return {
      id: p.id,
      forwardingId: p.forwardingId,
      channelId: f.channelId,
      channelName: f.channelName,
      forwardingState: f.state as TForwardedPiece['forwardingState'],
      sentOn: f.sentOn,
      itemId: p.itemId,
      articleId: p.articleId,
      title: p.title,
      bodyHtml: p.bodyHtml,
      sources: sources.filter((s) => s.pieceId === p.id).map(({ articleId, unitId, unitName }) => ({ articleId, unitId, unitName })),
      outcome: outcomes.get(p.id) ?? null,
    };
  });
}

const creator = alias(users, 'creator');
const signer = alias(users, 'signer');

async function forwardingRows(db: DbOrTx, where: ReturnType<typeof eq> | undefined, limit = 500) {
  return db
    .select({ f: forwardings, channelName: channels.name, createdBy: creator.displayName, signedOffBy: signer.displayName })
    .from(forwardings)
    .innerJoin(channels, eq(channels.id, forwardings.channelId))
    .innerJoin(creator, eq(creator.id, forwardings.createdById))
    .leftJoin(signer, eq(signer.id, forwardings.signedOffById))
    .where(where)
    .orderBy(desc(forwardings.id))
    .limit(limit);
}

function forwardingHead(r: Awaited<ReturnType<typeof forwardingRows>>[number]): Omit<TForwarding, 'pieces'> {
  const f = r.f;
  return {
    id: f.id,
    channelId: f.channelId,
    channelName: r.channelName,
    state: f.state as TForwarding['state'],
    note: f.note,
    createdBy: r.createdBy,
    createdAt: f.createdAt.toISOString(),
    signedOffBy: r.signedOffBy,
    signedOffAt: f.signedOffAt?.toISOString() ?? null,
    sentOn: f.sentOn,
    rejectComment: f.rejectComment,
  };
}

export async function getForwarding(db: DbOrTx, id: number): Promise<TForwarding> {
  const [r] = await forwardingRows(db, eq(forwardings.id, id), 1);
  if (!r) throw notFound();
  const pieces = await db.select().from(forwardedPieces).where(eq(forwardedPieces.forwardingId, id)).orderBy(asc(forwardedPieces.position));
  return { ...forwardingHead(r), pieces: await pieceViews(db, pieces) };
}

export async function listForwardings(db: DbOrTx, state?: string): Promise<TForwardingSummary[]> {
  const rows = await forwardingRows(db, state ? eq(forwardings.state, state) : undefined);
  if (!rows.length) return [];
  const pieces = await db
    .select({ forwardingId: forwardedPieces.forwardingId, title: forwardedPieces.title })
    .from(forwardedPieces)
    .where(inArray(forwardedPieces.forwardingId, rows.map((r) => r.f.id)))
    .orderBy(asc(forwardedPieces.position));
  return rows.map((r) => {
    const titles = pieces.filter((p) => p.forwardingId === r.f.id).map((p) => p.title);
    return { ...forwardingHead(r), pieceCount: titles.length, titles };
  });
}

export async function getForwardedPiece(db: DbOrTx, id: number): Promise<TForwardedPieceFull> {
  const rows = await db.select().from(forwardedPieces).where(eq(forwardedPieces.id, id));
  if (!rows.length) throw notFound();
  return (await pieceViews(db, rows))[0]!;
}

/** The desk's list: forwarded pieces (by default all sent ones; `awaitingOutcome` only those without an outcome). */
export async function listForwardedPieces(
  db: DbOrTx,
  q: { awaitingOutcome?: 'true' | 'false'; channelId?: number; unitId?: number },
): Promise<TForwardedPiece[]> {
  const conds = [eq(forwardings.state, 'sent')];
  if (q.channelId) conds.push(eq(forwardings.channelId, q.channelId));
  if (q.awaitingOutcome === 'true') conds.push(isNull(upstreamOutcomes.id));
  if (q.awaitingOutcome === 'false') conds.push(sql`${upstreamOutcomes.id} is not null`);
  if (q.unitId) conds.push(sql`exists (select 1 from ${forwardedPieceSources} s where s.piece_id = ${forwardedPieces.id} and s.unit_id = ${q.unitId})`);
  const rows = await db
    .select({ p: forwardedPieces })
    .from(forwardedPieces)
    .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
    .leftJoin(upstreamOutcomes, eq(upstreamOutcomes.pieceId, forwardedPieces.id))
    .where(and(...conds))
    .orderBy(asc(forwardings.sentOn), asc(forwardedPieces.id))
    .limit(1000);
  return (await pieceViews(db, rows.map((r) => r.p))).map(({ bodyHtml: _b, ...rest }) => rest);
}

/** Released pieces of our periodicals (newest first) and adopted articles not placed in any issue yet. */
export async function listCandidates(db: DbOrTx): Promise<TForwardCandidate[]> {
  const items = await db
    .select({ itemId: issueItems.id, title: issueItems.title, pub: publications.name, year: issues.year, number: issues.number, date: issues.issueDate })
    .from(issueItems)
    .innerJoin(issues, eq(issues.id, issueItems.issueId))
    .innerJoin(publications, eq(publications.id, issues.publicationId))
    .where(and(eq(issues.state, 'released'), eq(issueItems.kind, 'piece')))
    .orderBy(desc(issues.issueDate), asc(issueItems.position))
    .limit(300);
  const itemUnits = items.length
    ? await db
        .select({ itemId: placements.itemId, unitName: units.name })
        .from(placements)
        .innerJoin(units, eq(units.id, placements.unitId))
        .where(inArray(placements.itemId, items.map((i) => i.itemId)))
    : [];
  const loose = await db
    .select({ articleId: articles.id, title: articles.title, unitName: units.name, decidedAt: articles.decidedAt })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(and(eq(articles.state, 'adopted'), sql`not exists (select 1 from ${placements} pl where pl.article_id = ${articles.id})`))
    .orderBy(desc(articles.decidedAt))
    .limit(200);
  const done = await db
    .select({ itemId: forwardedPieces.itemId, articleId: forwardedPieces.articleId, channelName: channels.name })
    .from(forwardedPieces)
    .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
    .innerJoin(channels, eq(channels.id, forwardings.channelId))
    .where(ne(forwardings.state, 'rejected'));
  return [
    ...items.map((i) => ({
      itemId: i.itemId,
      articleId: null,
      title: i.title,
      placedIn: `《${i.pub}》${i.year}年第${i.number}期`,
      date: i.date,
      units: itemUnits.filter((u) => u.itemId === i.itemId).map((u) => u.unitName),
      forwardedTo: done.filter((d) => d.itemId === i.itemId).map((d) => d.channelName),
    })),
    ...loose.map((a) => ({
      itemId: null,
      articleId: a.articleId,
      title: a.title,
      placedIn: null,
      date: a.decidedAt ? todayShanghai(a.decidedAt) : '',
      units: [a.unitName],
      forwardedTo: done.filter((d) => d.articleId === a.articleId).map((d) => d.channelName),
    })),
  ];
}

// ---------- commands ----------

/**
 * Forwards pieces through a channel, awaiting the issuer's sign-off. Each piece's text is copied as it stands now
 * (the piece "as sent"), and every contributing unit is put on record for credit: a composite piece of an issue
 * credits all units whose articles were merged into it (the issue's placements).
 */
export async function createForwarding(
  database: Database,
  actor: Actor,
  input: { channelId: number; pieces: { itemId?: number; articleId?: number }[]; note?: string | null },
  ip?: string,
): Promise<number> {
  return database.db.transaction(async (tx) => {
    const [ch] = await tx.select().from(channels).where(eq(channels.id, input.channelId));
    if (!ch) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'channelId', message: 'unknown channel' }]);
    if (!ch.active) throw new AppError('CHANNEL_INACTIVE', 400);
    const seen = new Set<string>();
    const prepared: { itemId: number | null; articleId: number | null; title: string; bodyHtml: string; bodyText: string; sources: { articleId: number; unitId: number }[] }[] = [];
    for (const ref of input.pieces) {
      const key = ref.itemId ? `i${ref.itemId}` : `a${ref.articleId}`;
      if (seen.has(key)) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'pieces', message: 'a piece is listed twice' }]);
      seen.add(key);
      if (ref.itemId) {
        const [it] = await tx
          .select({ id: issueItems.id, kind: issueItems.kind, title: issueItems.title, bodyHtml: issueItems.bodyHtml, bodyText: issueItems.bodyText, state: issues.state })
          .from(issueItems)
          .innerJoin(issues, eq(issues.id, issueItems.issueId))
          .where(eq(issueItems.id, ref.itemId));
        if (!it) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'pieces', message: `unknown piece ${ref.itemId}` }]);
        if (it.kind !== 'piece' || it.state !== 'released') throw new AppError('PIECE_NOT_FORWARDABLE', 400, { title: it.title });
        const src = await tx.select({ articleId: placements.articleId, unitId: placements.unitId }).from(placements).where(eq(placements.itemId, it.id));
        prepared.push({ itemId: it.id, articleId: null, title: it.title, bodyHtml: it.bodyHtml, bodyText: it.bodyText, sources: src });
      } else {
        const [a] = await tx
          .select({ id: articles.id, state: articles.state, title: articles.title, bodyHtml: articles.bodyHtml, bodyText: articles.bodyText, unitId: articles.unitId })
          .from(articles)
          .where(eq(articles.id, ref.articleId!));
        if (!a) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'pieces', message: `unknown article ${ref.articleId}` }]);
        if (a.state !== 'adopted') throw new AppError('PIECE_NOT_FORWARDABLE', 400, { title: a.title });
        prepared.push({ itemId: null, articleId: a.id, title: a.title, bodyHtml: a.bodyHtml, bodyText: a.bodyText, sources: [{ articleId: a.id, unitId: a.unitId }] });
      }
    }
    // The same piece goes up one channel once (a rejected forwarding does not count).
    for (const p of prepared) {
      const [dup] = await tx
        .select({ id: forwardedPieces.id })
        .from(forwardedPieces)
        .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
        .where(
          and(
            eq(forwardings.channelId, ch.id),
            ne(forwardings.state, 'rejected'),
            p.itemId ? eq(forwardedPieces.itemId, p.itemId) : eq(forwardedPieces.articleId, p.articleId!),
          ),
        );
      if (dup) throw new AppError('PIECE_ALREADY_FORWARDED', 409, { channel: ch.name, title: p.title });
    }
    const [f] = await tx.insert(forwardings).values({ channelId: ch.id, note: input.note ?? null, createdById: actor.id }).returning({ id: forwardings.id });
    let position = 0;
    for (const p of prepared) {
      position += 1;
      const [row] = await tx
        .insert(forwardedPieces)
        .values({ forwardingId: f!.id, position, itemId: p.itemId, articleId: p.articleId, title: p.title, bodyHtml: p.bodyHtml, bodyText: p.bodyText })
        .returning({ id: forwardedPieces.id });
      if (p.sources.length) await tx.insert(forwardedPieceSources).values(p.sources.map((s) => ({ pieceId: row!.id, ...s })));
    }
    await writeAudit(tx, { actor, action: 'forwarding.create', targetType: 'forwarding', targetId: f!.id, ip, outcome: 'ok', details: { channelId: ch.id, pieces: prepared.length } });
    await notifyUsers(tx, await activeUserIdsWithRole(tx, 'issuer'), { kind: 'forwarding.signoff', title: `待签发上报（${ch.name}）：${prepared.map((p) => p.title).join('；')}`.slice(0, 300) });
    return f!.id;
  });
}

/** The issuer signs off (the pieces go up today) or sends the forwarding back with a comment. */
export async function decideForwarding(database: Database, actor: Actor, id: number, decision: 'sign_off' | 'reject', comment?: string, ip?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const at = now();
    const set =
      decision === 'sign_off'
        ? { state: 'sent', signedOffById: actor.id, signedOffAt: at, sentOn: todayShanghai(at) }
        : { state: 'rejected', signedOffById: actor.id, signedOffAt: at, rejectComment: comment ?? null };
    const [f] = await tx
      .update(forwardings)
      .set(set)
      .where(and(eq(forwardings.id, id), eq(forwardings.state, 'awaiting_signoff')))
      .returning({ id: forwardings.id, createdById: forwardings.createdById });
    if (!f) {
      const [exists] = await tx.select({ id: forwardings.id }).from(forwardings).where(eq(forwardings.id, id));
      if (!exists) throw notFound();
      throw new AppError('FORWARDING_STATE', 409);
    }
    if (decision === 'sign_off') await markScoringStale(tx);
    await writeAudit(tx, { actor, action: `forwarding.${decision}`, targetType: 'forwarding', targetId: id, ip, outcome: 'ok', details: comment ? { comment } : undefined });
    await notifyUsers(tx, [f.createdById], { kind: `forwarding.${decision}`, title: decision === 'sign_off' ? '上报已签发' : `上报被退回：${comment ?? ''}` });
  });
}

export interface OutcomeInput {
  result: 'adopted' | 'not_adopted';
  upstreamPublicationId?: number | null;
  issueLabel?: string | null;
  outcomeOn: string;
  note?: string | null;
  instructions: { leaderRank: string; leaderName: string; instructedOn: string; text: string }[];
}

/** Checks an outcome against the piece's channel; returns the error code to raise, or null. */
export async function checkOutcome(db: DbOrTx, channelId: number, o: OutcomeInput, ranks: Set<string>): Promise<{ code: 'OUTCOME_PUBLICATION' | 'RANK_UNKNOWN'; params: Record<string, string> } | null> {
  if (o.result === 'adopted') {
    if (!o.upstreamPublicationId || !(await publicationOfChannel(db, channelId, o.upstreamPublicationId))) return { code: 'OUTCOME_PUBLICATION', params: {} };
  } else if (o.upstreamPublicationId || o.instructions.length) {
    return { code: 'OUTCOME_PUBLICATION', params: {} };
  }
  const bad = o.instructions.find((i) => !ranks.has(i.leaderRank));
  return bad ? { code: 'RANK_UNKNOWN', params: { rank: bad.leaderRank } } : null;
}

/** Writes (or corrects) a piece's outcome inside the caller's transaction; tells the contributing units of good news. */
export async function writeOutcome(tx: DbOrTx, actor: Actor, pieceId: number, o: OutcomeInput): Promise<'created' | 'updated'> {
  const [old] = await tx.select().from(upstreamOutcomes).where(eq(upstreamOutcomes.pieceId, pieceId)).for('update');
  const values = {
    pieceId,
    result: o.result,
    upstreamPublicationId: o.result === 'adopted' ? o.upstreamPublicationId! : null,
    issueLabel: o.issueLabel || null,
    outcomeOn: o.outcomeOn,
    note: o.note || null,
    recordedById: actor.id,
    recordedAt: now(),
  };
  let outcomeId: number;
  let oldInstructions = 0;
  if (old) {
    oldInstructions = (await tx.select({ id: upstreamInstructions.id }).from(upstreamInstructions).where(eq(upstreamInstructions.outcomeId, old.id))).length;
    await tx.delete(upstreamInstructions).where(eq(upstreamInstructions.outcomeId, old.id));
    await tx.update(upstreamOutcomes).set(values).where(eq(upstreamOutcomes.id, old.id));
    outcomeId = old.id;
  } else {
    const [row] = await tx.insert(upstreamOutcomes).values(values).returning({ id: upstreamOutcomes.id });
    outcomeId = row!.id;
  }
  if (o.instructions.length) await tx.insert(upstreamInstructions).values(o.instructions.map((i) => ({ outcomeId, ...i })));
  await markScoringStale(tx);
  await writeAudit(tx, { actor, action: old ? 'outcome.update' : 'outcome.create', targetType: 'forwarded_piece', targetId: pieceId, outcome: 'ok', details: { result: o.result, instructions: o.instructions.length } });
  const newlyAdopted = o.result === 'adopted' && old?.result !== 'adopted';
  const newInstructions = o.instructions.length > oldInstructions;
  if (newlyAdopted || newInstructions) {
    const [piece] = await tx.select({ title: forwardedPieces.title }).from(forwardedPieces).where(eq(forwardedPieces.id, pieceId));
    const unitIds = (await tx.select({ unitId: forwardedPieceSources.unitId }).from(forwardedPieceSources).where(eq(forwardedPieceSources.pieceId, pieceId))).map((r) => r.unitId);
    if (unitIds.length) {
      const people = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.unitId, unitIds), eq(users.active, true), sql`(${'reporter'} = any(${users.roles}) or ${'unit_approver'} = any(${users.roles}))`));
      const what = newInstructions ? '获上级领导批示' : '被上级采用';
      await notifyUsers(tx, people.map((p) => p.id), { kind: 'forwarding.outcome', title: `本单位信息${what}：${piece!.title}` });
    }
  }
  return old ? 'updated' : 'created';
}

export async function recordOutcome(database: Database, actor: Actor, pieceId: number, o: OutcomeInput): Promise<void> {
  const ranks = await knownRankCodes(database.db);
  await database.db.transaction(async (tx) => {
    const [p] = await tx
      .select({ state: forwardings.state, channelId: forwardings.channelId })
      .from(forwardedPieces)
      .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
      .where(eq(forwardedPieces.id, pieceId));
    if (!p) throw notFound();
    if (p.state !== 'sent') throw new AppError('OUTCOME_NOT_SENT', 409);
    const bad = await checkOutcome(tx, p.channelId, o, ranks);
    if (bad) throw new AppError(bad.code, 400, bad.params);
    await writeOutcome(tx, actor, pieceId, o);
  });
}
