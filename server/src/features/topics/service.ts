import { and, asc, eq } from 'drizzle-orm';
import type { TTopic } from '@baosong/contract';
import { topics } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUniqueViolation } from '../../lib/dberrors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';

export async function listTopics(db: DbOrTx, year?: number): Promise<TTopic[]> {
  return db
    .select()
    .from(topics)
    .where(year ? eq(topics.year, year) : undefined)
    .orderBy(asc(topics.year), asc(topics.sortOrder), asc(topics.id));
}

type TopicInput = { year: number; name: string; active: boolean; sortOrder: number };

export async function createTopic(database: Database, actor: Actor, input: TopicInput, ip?: string): Promise<TTopic> {
  try {
    return await database.db.transaction(async (tx) => {
      const [t] = await tx.insert(topics).values(input).returning();
      await writeAudit(tx, { actor, action: 'topic.create', targetType: 'topic', targetId: t!.id, ip, outcome: 'ok', details: input });
      return t!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('TOPIC_NAME_TAKEN', 409, { name: input.name, year: input.year });
    throw e;
  }
}

export async function updateTopic(database: Database, actor: Actor, id: number, input: Partial<TopicInput>, ip?: string): Promise<TTopic> {
  try {
    return await database.db.transaction(async (tx) => {
      const [t] = await tx.update(topics).set(input).where(eq(topics.id, id)).returning();
      if (!t) throw notFound();
      await writeAudit(tx, { actor, action: 'topic.update', targetType: 'topic', targetId: id, ip, outcome: 'ok', details: input });
      return t;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('TOPIC_NAME_TAKEN', 409, { name: input.name ?? '', year: input.year ?? '' });
    throw e;
  }
}

/** Topic ids an article may carry: existing topics of the article's year. */
export async function validTopicIds(db: DbOrTx, ids: number[], year: number): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.select({ id: topics.id }).from(topics).where(and(eq(topics.year, year)));
  const ok = new Set(rows.map((r) => r.id));
  return [...new Set(ids)].filter((id) => ok.has(id));
}
