import { and, asc, eq, inArray } from 'drizzle-orm';
import type { TChannel } from '@baosong/contract';
import { channels, upstreamPublications } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/dberrors.js';
import type { Actor } from '../../lib/policy.js';
import { markScoringStale } from '../../scoring/service.js';

type Level = TChannel['level'];

export async function listChannels(db: DbOrTx, ids?: number[]): Promise<TChannel[]> {
  const rows = await db
    .select()
    .from(channels)
    .where(ids ? inArray(channels.id, ids) : undefined)
    .orderBy(asc(channels.sortOrder), asc(channels.id));
  if (!rows.length) return [];
  const pubs = await db
    .select()
    .from(upstreamPublications)
    .where(inArray(upstreamPublications.channelId, rows.map((r) => r.id)))
    .orderBy(asc(upstreamPublications.sortOrder), asc(upstreamPublications.id));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    level: c.level as Level,
    sortOrder: c.sortOrder,
    active: c.active,
    publications: pubs.filter((p) => p.channelId === c.id),
  }));
}

async function one(db: DbOrTx, id: number): Promise<TChannel> {
  const [c] = await listChannels(db, [id]);
  if (!c) throw notFound();
  return c;
}

export async function createChannel(database: Database, actor: Actor | null, input: { name: string; level: Level; sortOrder: number }, ip?: string) {
  try {
    const id = await database.db.transaction(async (tx) => {
      const [c] = await tx.insert(channels).values(input).returning({ id: channels.id });
      await writeAudit(tx, { actor, action: 'channel.create', targetType: 'channel', targetId: c!.id, ip, outcome: 'ok', details: input });
      return c!.id;
    });
    return one(database.db, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CHANNEL_NAME_TAKEN', 409, { name: input.name });
    throw e;
  }
}

export async function updateChannel(
  database: Database,
  actor: Actor,
  id: number,
  patch: { name?: string; level?: Level; sortOrder?: number; active?: boolean },
  ip?: string,
) {
  try {
    await database.db.transaction(async (tx) => {
      const [c] = await tx.update(channels).set(patch).where(eq(channels.id, id)).returning({ id: channels.id });
      if (!c) throw notFound();
      if (patch.level !== undefined) await markScoringStale(tx);
      await writeAudit(tx, { actor, action: 'channel.update', targetType: 'channel', targetId: id, ip, outcome: 'ok', details: patch });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CHANNEL_NAME_TAKEN', 409, { name: patch.name ?? '' });
    throw e;
  }
  return one(database.db, id);
}

export async function addUpstreamPublication(database: Database, actor: Actor | null, channelId: number, input: { name: string; sortOrder: number }, ip?: string) {
  try {
    await database.db.transaction(async (tx) => {
      const [c] = await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, channelId));
      if (!c) throw notFound();
      const [p] = await tx.insert(upstreamPublications).values({ channelId, ...input }).returning({ id: upstreamPublications.id });
      await writeAudit(tx, { actor, action: 'upstream_publication.create', targetType: 'upstream_publication', targetId: p!.id, ip, outcome: 'ok', details: { channelId, ...input } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('UPSTREAM_PUBLICATION_TAKEN', 409, { name: input.name });
    throw e;
  }
  return one(database.db, channelId);
}

export async function updateUpstreamPublication(
  database: Database,
  actor: Actor,
  id: number,
  patch: { name?: string; sortOrder?: number; active?: boolean },
  ip?: string,
) {
  let channelId = 0;
  try {
    await database.db.transaction(async (tx) => {
      const [p] = await tx.update(upstreamPublications).set(patch).where(eq(upstreamPublications.id, id)).returning({ channelId: upstreamPublications.channelId });
      if (!p) throw notFound();
      channelId = p.channelId;
      await writeAudit(tx, { actor, action: 'upstream_publication.update', targetType: 'upstream_publication', targetId: id, ip, outcome: 'ok', details: patch });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('UPSTREAM_PUBLICATION_TAKEN', 409, { name: patch.name ?? '' });
    throw e;
  }
  return one(database.db, channelId);
}

/** The channel's active publication of that id, or null. */
export async function publicationOfChannel(db: DbOrTx, channelId: number, publicationId: number) {
  const [p] = await db
    .select()
    .from(upstreamPublications)
    .where(and(eq(upstreamPublications.id, publicationId), eq(upstreamPublications.channelId, channelId)));
  return p ?? null;
}
