import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { TInstruction, TLeaderRank } from '@baosong/contract';
import { articles, instructions, issueItems, issues, placements, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import { notifyUsers } from '../notifications/service.js';
import { knownRankCodes } from '../settings/service.js';
import { markScoringStale } from '../../scoring/service.js';

function todayShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/**
 * Records a 批示 on a released issue or one piece of it. A leader records their own (their name, the rank they give);
 * an editor records one received on paper on a leader's behalf and must name the leader and date.
 */
export async function recordInstruction(
  database: Database,
  actor: Actor & { displayName?: string },
  input: { issueId: number; itemId?: number | null; leaderName?: string; leaderRank?: TLeaderRank; instructedOn?: string; text: string },
  ip?: string,
): Promise<number> {
  const isLeader = actor.roles.includes('leader');
  const onBehalf = !isLeader;
  if (!input.leaderRank || (onBehalf && (!input.leaderName || !input.instructedOn))) {
    throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: onBehalf ? 'leaderName' : 'leaderRank', message: 'required' }]);
  }
  if (!(await knownRankCodes(database.db)).has(input.leaderRank)) throw new AppError('RANK_UNKNOWN', 400, { rank: input.leaderRank });
  return database.db.transaction(async (tx) => {
    const [iss] = await tx.select().from(issues).where(eq(issues.id, input.issueId));
    if (!iss || iss.state !== 'released') throw new AppError('INSTRUCTION_TARGET', 400);
    if (input.itemId) {
      const [item] = await tx.select().from(issueItems).where(and(eq(issueItems.id, input.itemId), eq(issueItems.issueId, iss.id)));
      if (!item || item.kind !== 'piece') throw new AppError('INSTRUCTION_TARGET', 400);
    }
    const [me] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, actor.id));
    const [row] = await tx
      .insert(instructions)
      .values({
        issueId: iss.id,
        itemId: input.itemId ?? null,
        leaderName: onBehalf ? input.leaderName! : (input.leaderName ?? me!.name),
        leaderRank: input.leaderRank!,
        instructedOn: input.instructedOn ?? todayShanghai(),
        text: input.text,
        recordedById: actor.id,
        onBehalf,
      })
      .returning({ id: instructions.id });
    await markScoringStale(tx);
    await writeAudit(tx, { actor, action: 'instruction.record', targetType: 'issue', targetId: iss.id, ip, outcome: 'ok', details: { instructionId: row!.id, itemId: input.itemId ?? null } });
    // The units whose pieces were instructed are told (PRODUCT §8).
    const placed = await tx
      .select({ createdById: articles.createdById, articleId: articles.id, title: articles.title })
      .from(placements)
      .innerJoin(articles, eq(articles.id, placements.articleId))
      .where(input.itemId ? eq(placements.itemId, input.itemId) : eq(placements.issueId, iss.id));
    for (const p of placed) {
      await notifyUsers(tx, [p.createdById], { kind: 'article.instructed', title: `稿件获领导批示：${p.title}`, body: input.text, articleId: p.articleId });
    }
    return row!.id;
  });
}

export async function listInstructions(db: DbOrTx, q: { id?: number; issueId?: number; articleId?: number }): Promise<TInstruction[]> {
  const where: SQL[] = [];
  if (q.id) where.push(eq(instructions.id, q.id));
  if (q.issueId) where.push(eq(instructions.issueId, q.issueId));
  if (q.articleId) {
    const items = await db.select({ itemId: placements.itemId, issueId: placements.issueId }).from(placements).where(eq(placements.articleId, q.articleId));
    if (!items.length) return [];
    // On the piece made from the article, or on the whole issue it appears in.
    const itemIds = items.map((i) => i.itemId);
    const issueIds = items.map((i) => i.issueId);
    const rows = await baseSelect(db).where(inArray(instructions.issueId, issueIds));
    return rows.filter((r) => r.itemId === null || itemIds.includes(r.itemId)).map(toView);
  }
  return (await baseSelect(db).where(where.length ? and(...where) : undefined)).map(toView);
}

/** Instructions on the unit's pieces, or on whole issues its pieces appear in — the unit's page shows these. */
export async function listInstructionsForUnit(db: DbOrTx, unitId: number): Promise<TInstruction[]> {
  const placed = await db.select({ itemId: placements.itemId, issueId: placements.issueId }).from(placements).where(eq(placements.unitId, unitId));
  if (!placed.length) return [];
  const itemIds = new Set(placed.map((p) => p.itemId));
  const rows = await baseSelect(db).where(inArray(instructions.issueId, [...new Set(placed.map((p) => p.issueId))]));
  return rows.filter((r) => r.itemId === null || itemIds.has(r.itemId)).map(toView);
}

function baseSelect(db: DbOrTx) {
  return db
    .select({
      id: instructions.id,
      issueId: instructions.issueId,
      itemId: instructions.itemId,
      itemTitle: issueItems.title,
      leaderName: instructions.leaderName,
      leaderRank: instructions.leaderRank,
      instructedOn: instructions.instructedOn,
      text: instructions.text,
      recordedBy: users.displayName,
      onBehalf: instructions.onBehalf,
      createdAt: instructions.createdAt,
    })
    .from(instructions)
    .innerJoin(users, eq(users.id, instructions.recordedById))
    .leftJoin(issueItems, eq(issueItems.id, instructions.itemId))
    .orderBy(asc(instructions.id))
    .$dynamic();
}

type Row = Awaited<ReturnType<ReturnType<typeof baseSelect>['execute']>>[number];
function toView(r: Row): TInstruction {
  return {
    id: r.id,
    issueId: r.issueId,
    articleId: null,
    itemId: r.itemId,
    itemTitle: r.itemTitle,
    leaderName: r.leaderName,
    leaderRank: r.leaderRank as TLeaderRank,
    instructedOn: r.instructedOn,
    text: r.text,
    recordedBy: r.recordedBy,
    onBehalf: r.onBehalf,
    createdAt: r.createdAt.toISOString(),
  };
}
