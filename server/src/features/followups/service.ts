import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { TFollowup } from '@baosong/contract';
import { articles, followups, followupUnits, instructions, units, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { policy, type Actor } from '../../lib/policy.js';
import { notifyUsers } from '../notifications/service.js';

export function todayShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** An answer counts while it is with the office; one the unit withdrew (or reopened as a draft) does not. */
const ANSWERED_STATES = ['submitted', 'in_review', 'adopted', 'not_adopted', 'returned', 'reserved'];

/**
 * Each unit's status is computed from the records, so "overdue" needs no job: answered once an article of the unit
 * linked to the follow-up has left the unit and was not withdrawn; overdue after the due date without one; pending
 * otherwise.
 */
async function views(db: DbOrTx, rows: (typeof followups.$inferSelect)[], onlyUnit?: number): Promise<TFollowup[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const targets = await db
    .select({ followupId: followupUnits.followupId, unitId: followupUnits.unitId, unitName: units.name })
    .from(followupUnits)
    .innerJoin(units, eq(units.id, followupUnits.unitId))
    .where(inArray(followupUnits.followupId, ids))
    .orderBy(asc(units.id));
  const answers = await db
    .select({ followupId: articles.followupId, unitId: articles.unitId, id: articles.id })
    .from(articles)
    .where(and(inArray(articles.followupId, ids), isNotNull(articles.firstSubmittedAt), inArray(articles.state, ANSWERED_STATES)));
  const today = todayShanghai();
  return rows.map((f) => {
    const us = targets
      .filter((t) => t.followupId === f.id && (onlyUnit === undefined || t.unitId === onlyUnit))
      .map((t) => {
        const articleIds = answers.filter((a) => a.followupId === f.id && a.unitId === t.unitId).map((a) => a.id);
        const status = articleIds.length ? 'answered' : today > f.dueDate ? 'overdue' : 'pending';
        return { unitId: t.unitId, unitName: t.unitName, status: status as 'answered' | 'overdue' | 'pending', articleIds };
      });
    return {
      id: f.id,
      instructionId: f.instructionId,
      title: f.title,
      requirement: f.requirement,
      dueDate: f.dueDate,
      state: f.state as 'open' | 'closed',
      overdue: f.state === 'open' && us.some((u) => u.status === 'overdue'),
      createdAt: f.createdAt.toISOString(),
      closedAt: f.closedAt?.toISOString() ?? null,
      units: us,
    };
  });
}

export async function listFollowups(db: DbOrTx, actor: Actor): Promise<TFollowup[]> {
  const scope = policy.followupScope(actor);
  if (!scope) throw forbidden();
  if ('all' in scope) return views(db, await db.select().from(followups).orderBy(desc(followups.id)).limit(500));
  const rows = await db
    .select({ f: followups })
    .from(followups)
    .innerJoin(followupUnits, and(eq(followupUnits.followupId, followups.id), eq(followupUnits.unitId, scope.unitId)))
    .orderBy(desc(followups.id));
  return views(db, rows.map((r) => r.f), scope.unitId);
}

export async function getFollowup(db: DbOrTx, actor: Actor, id: number): Promise<TFollowup> {
  const [f] = await db.select().from(followups).where(eq(followups.id, id));
  if (!f) throw notFound();
  const scope = policy.followupScope(actor);
  if (scope && 'all' in scope) return (await views(db, [f]))[0]!;
  if (scope) {
    const [t] = await db.select().from(followupUnits).where(and(eq(followupUnits.followupId, id), eq(followupUnits.unitId, scope.unitId)));
    if (t) return (await views(db, [f], scope.unitId))[0]!;
  }
  throw notFound();
}

export async function createFollowup(
  database: Database,
  actor: Actor,
  input: { instructionId?: number | null; title: string; requirement: string; dueDate: string; unitIds: number[] },
  ip?: string,
): Promise<number> {
  const unitIds = [...new Set(input.unitIds)];
  return database.db.transaction(async (tx) => {
    if (input.instructionId) {
      const [ins] = await tx.select({ id: instructions.id }).from(instructions).where(eq(instructions.id, input.instructionId));
      if (!ins) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'instructionId', message: 'unknown instruction' }]);
    }
    const found = await tx.select({ id: units.id }).from(units).where(and(inArray(units.id, unitIds), eq(units.active, true)));
    if (found.length !== unitIds.length) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'unitIds', message: 'unknown or inactive unit' }]);
    const [f] = await tx
      .insert(followups)
      .values({ instructionId: input.instructionId ?? null, title: input.title, requirement: input.requirement, dueDate: input.dueDate, createdById: actor.id })
      .returning({ id: followups.id });
    await tx.insert(followupUnits).values(unitIds.map((unitId) => ({ followupId: f!.id, unitId })));
    await writeAudit(tx, { actor, action: 'followup.create', targetType: 'followup', targetId: f!.id, ip, outcome: 'ok', details: { unitIds } });
    const people = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.unitId, unitIds), eq(users.active, true), sql`(${'reporter'} = any(${users.roles}) or ${'unit_approver'} = any(${users.roles}))`));
    await notifyUsers(tx, people.map((p) => p.id), { kind: 'followup.created', title: `落实反馈：${input.title}（${input.dueDate} 前报送）`, body: input.requirement });
    return f!.id;
  });
}

export async function closeFollowup(database: Database, actor: Actor, id: number, ip?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [f] = await tx.update(followups).set({ state: 'closed', closedAt: new Date() }).where(and(eq(followups.id, id), eq(followups.state, 'open'))).returning({ id: followups.id });
    if (!f) {
      const [exists] = await tx.select({ id: followups.id }).from(followups).where(eq(followups.id, id));
      if (!exists) throw notFound();
      throw new AppError('FOLLOWUP_CLOSED', 409);
    }
    await writeAudit(tx, { actor, action: 'followup.close', targetType: 'followup', targetId: id, ip, outcome: 'ok' });
  });
}

/** An article may answer an open follow-up addressed to its unit. */
export async function assertFollowupForUnit(db: DbOrTx, followupId: number, unitId: number): Promise<void> {
  const [f] = await db.select().from(followups).where(eq(followups.id, followupId));
  if (!f) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'followupId', message: 'unknown follow-up' }]);
  if (f.state !== 'open') throw new AppError('FOLLOWUP_CLOSED', 409);
  const [t] = await db.select().from(followupUnits).where(and(eq(followupUnits.followupId, followupId), eq(followupUnits.unitId, unitId)));
  if (!t) throw new AppError('FOLLOWUP_NOT_FOR_UNIT', 400);
}
