import { and, asc, desc, eq, gte, inArray, isNotNull, lte, min, or, sql } from 'drizzle-orm';
import type { TComplianceRow, TSolicitation, TSolicitationTarget } from '@baosong/contract';
import { articles, channels, solicitations, solicitationTargets, unitGroups, units, upstreamSolicitations, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { now } from '../../lib/clock.js';
import { policy, type Actor } from '../../lib/policy.js';
import { notifyUsers } from '../notifications/service.js';
import { ANSWERED_STATES, targetStatus } from './status.js';
import { markScoringStale } from '../../scoring/service.js';

type Row = typeof solicitations.$inferSelect;

export function formatDeadline(d: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** Each target with its answers (first answer time) and its computed status. */
export async function targetsOf(db: DbOrTx, rows: Pick<Row, 'id' | 'deadline'>[], onlyUnit?: number) {
  if (!rows.length) return new Map<number, TSolicitationTarget[]>();
  const ids = rows.map((r) => r.id);
  const ts = await db
    .select({ t: solicitationTargets, unitName: units.name })
    .from(solicitationTargets)
    .innerJoin(units, eq(units.id, solicitationTargets.unitId))
    .where(and(inArray(solicitationTargets.solicitationId, ids), onlyUnit ? eq(solicitationTargets.unitId, onlyUnit) : undefined))
    .orderBy(asc(units.groupId), asc(units.id));
  const answers = await db
    .select({ solicitationId: articles.solicitationId, unitId: articles.unitId, id: articles.id, at: articles.firstSubmittedAt })
    .from(articles)
    .where(and(inArray(articles.solicitationId, ids), isNotNull(articles.firstSubmittedAt), inArray(articles.state, ANSWERED_STATES)))
    .orderBy(asc(articles.firstSubmittedAt));
  const at = now();
  const out = new Map<number, TSolicitationTarget[]>();
  for (const r of rows) {
    out.set(
      r.id,
      ts
        .filter((x) => x.t.solicitationId === r.id)
        .map(({ t, unitName }) => {
          const mine = answers.filter((a) => a.solicitationId === r.id && a.unitId === t.unitId);
          const answeredAt = mine[0]?.at ?? null;
          return {
            unitId: t.unitId,
            unitName,
            status: targetStatus({ deadline: r.deadline, answeredAt, declinedAt: t.declinedAt }, at),
            articleIds: mine.map((a) => a.id),
            answeredAt: answeredAt?.toISOString() ?? null,
            declineReason: t.declineReason,
            rating: (t.rating as TSolicitationTarget['rating']) ?? null,
          };
        }),
    );
  }
  return out;
}

async function views(db: DbOrTx, rows: Row[], onlyUnit?: number): Promise<TSolicitation[]> {
  if (!rows.length) return [];
  const targets = await targetsOf(db, rows, onlyUnit);
  const ups = rows.some((r) => r.upstreamId)
    ? await db
        .select({ u: upstreamSolicitations, channelName: channels.name })
        .from(upstreamSolicitations)
        .leftJoin(channels, eq(channels.id, upstreamSolicitations.channelId))
        .where(inArray(upstreamSolicitations.id, rows.map((r) => r.upstreamId ?? 0)))
    : [];
  const people = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.createdById))]));
  return rows.map((s) => {
    const up = ups.find((u) => u.u.id === s.upstreamId);
    return {
      id: s.id,
      topic: s.topic,
      requirements: s.requirements,
      deadline: s.deadline.toISOString(),
      mandatory: s.mandatory,
      state: s.state as 'open' | 'closed',
      upstream: up ? { id: up.u.id, channelId: up.u.channelId, channelName: up.channelName, topic: up.u.topic, deadline: up.u.deadline.toISOString() } : null,
      createdBy: people.find((p) => p.id === s.createdById)?.name ?? '',
      createdAt: s.createdAt.toISOString(),
      closedAt: s.closedAt?.toISOString() ?? null,
      targets: targets.get(s.id) ?? [],
    };
  });
}

export async function listSolicitations(db: DbOrTx, actor: Actor): Promise<TSolicitation[]> {
  const scope = policy.solicitationScope(actor);
  if (!scope) throw forbidden();
  if ('all' in scope) return views(db, await db.select().from(solicitations).orderBy(desc(solicitations.id)).limit(500));
  const rows = await db
    .select({ s: solicitations })
    .from(solicitations)
    .innerJoin(solicitationTargets, and(eq(solicitationTargets.solicitationId, solicitations.id), eq(solicitationTargets.unitId, scope.unitId)))
    .orderBy(desc(solicitations.id))
    .limit(500);
  return views(db, rows.map((r) => r.s), scope.unitId);
}

export async function getSolicitation(db: DbOrTx, actor: Actor, id: number): Promise<TSolicitation> {
  const [s] = await db.select().from(solicitations).where(eq(solicitations.id, id));
  if (!s) throw notFound();
  const scope = policy.solicitationScope(actor);
  if (scope && 'all' in scope) return (await views(db, [s]))[0]!;
  if (scope) {
    const [t] = await db.select({ u: solicitationTargets.unitId }).from(solicitationTargets).where(and(eq(solicitationTargets.solicitationId, id), eq(solicitationTargets.unitId, scope.unitId)));
    if (t) return (await views(db, [s], scope.unitId))[0]!;
  }
  throw notFound();
}

/** Active people of the given units who answer for them (reporters and approvers). */
export async function unitPeople(db: DbOrTx, unitIds: number[]) {
  if (!unitIds.length) return [];
  return db
    .select({ id: users.id, email: users.email, phone: users.phone, unitId: users.unitId, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.unitId, unitIds), eq(users.active, true), sql`(${'reporter'} = any(${users.roles}) or ${'unit_approver'} = any(${users.roles}))`));
}

export interface SolicitationInput {
  topic: string;
  requirements: string;
  deadline: string;
  mandatory: boolean;
  groupIds: number[];
  unitIds: number[];
  upstream?: { channelId?: number | null; topic: string; deadline: string } | null;
}

export async function createSolicitation(database: Database, actor: Actor, input: SolicitationInput, ip?: string): Promise<number> {
  const deadline = new Date(input.deadline);
  if (deadline.getTime() <= now().getTime()) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'deadline', message: 'the deadline has passed' }]);
  return database.db.transaction(async (tx) => {
    const unitIds = [...new Set(input.unitIds)];
    if (unitIds.length) {
      const found = await tx.select({ id: units.id }).from(units).where(and(inArray(units.id, unitIds), eq(units.active, true)));
      if (found.length !== unitIds.length) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'unitIds', message: 'unknown or inactive unit' }]);
    }
    if (input.groupIds.length) {
      const groups = await tx.select({ id: unitGroups.id }).from(unitGroups).where(inArray(unitGroups.id, input.groupIds));
      if (groups.length !== new Set(input.groupIds).size) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'groupIds', message: 'unknown group' }]);
      const members = await tx.select({ id: units.id }).from(units).where(and(inArray(units.groupId, input.groupIds), eq(units.active, true)));
      for (const m of members) if (!unitIds.includes(m.id)) unitIds.push(m.id);
    }
    if (!unitIds.length) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'groupIds', message: 'the groups have no active units' }]);
    let upstreamId: number | null = null;
    if (input.upstream) {
      if (input.upstream.channelId) {
        const [ch] = await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, input.upstream.channelId));
        if (!ch) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'upstream.channelId', message: 'unknown channel' }]);
      }
      const [u] = await tx
        .insert(upstreamSolicitations)
        .values({ channelId: input.upstream.channelId ?? null, topic: input.upstream.topic, deadline: new Date(input.upstream.deadline), createdById: actor.id })
        .returning({ id: upstreamSolicitations.id });
      upstreamId = u!.id;
    }
    const [s] = await tx
      .insert(solicitations)
      .values({ upstreamId, topic: input.topic, requirements: input.requirements, deadline, mandatory: input.mandatory, createdById: actor.id, createdAt: now() })
      .returning({ id: solicitations.id });
    await tx.insert(solicitationTargets).values(unitIds.map((unitId) => ({ solicitationId: s!.id, unitId })));
    await markScoringStale(tx);
    await writeAudit(tx, { actor, action: 'solicitation.create', targetType: 'solicitation', targetId: s!.id, ip, outcome: 'ok', details: { unitIds, mandatory: input.mandatory } });
    await notifyUsers(tx, (await unitPeople(tx, unitIds)).map((p) => p.id), {
      kind: 'solicitation.created',
      title: `约稿：${input.topic}（${formatDeadline(deadline)} 前报送）`,
      body: input.requirements,
    });
    return s!.id;
  });
}

async function lockTarget(tx: DbOrTx, id: number, unitId: number) {
  const [s] = await tx.select().from(solicitations).where(eq(solicitations.id, id)).for('update');
  if (!s) throw notFound();
  const [t] = await tx
    .select()
    .from(solicitationTargets)
    .where(and(eq(solicitationTargets.solicitationId, id), eq(solicitationTargets.unitId, unitId)))
    .for('update');
  return { s, t };
}

async function answersOf(tx: DbOrTx, id: number, unitId: number): Promise<number> {
  const [r] = await tx
    .select({ first: min(articles.firstSubmittedAt) })
    .from(articles)
    .where(and(eq(articles.solicitationId, id), eq(articles.unitId, unitId), isNotNull(articles.firstSubmittedAt), inArray(articles.state, ANSWERED_STATES)));
  return r?.first ? 1 : 0;
}

/** A target unit says it will not answer (only where the solicitation is not mandatory, before the deadline). */
export async function declineSolicitation(database: Database, actor: Actor, id: number, reason: string, ip?: string): Promise<void> {
  const unitId = actor.unitId;
  if (!unitId || !policy.isOwnUnit(actor, unitId)) throw forbidden();
  await database.db.transaction(async (tx) => {
    const { s, t } = await lockTarget(tx, id, unitId);
    if (!t) throw notFound();
    if (s.state !== 'open' || now().getTime() > s.deadline.getTime()) throw new AppError('SOLICITATION_CLOSED', 409);
    if (s.mandatory) throw new AppError('SOLICITATION_MANDATORY', 409);
    if (await answersOf(tx, id, unitId)) throw new AppError('SOLICITATION_ALREADY_ANSWERED', 409);
    await tx
      .update(solicitationTargets)
      .set({ declinedAt: now(), declineReason: reason, declinedById: actor.id })
      .where(and(eq(solicitationTargets.solicitationId, id), eq(solicitationTargets.unitId, unitId)));
    await markScoringStale(tx);
    await writeAudit(tx, { actor, action: 'solicitation.decline', targetType: 'solicitation', targetId: id, ip, outcome: 'ok', details: { reason } });
    await notifyUsers(tx, [s.createdById], { kind: 'solicitation.declined', title: `约稿“${s.topic}”：单位说明不报（${reason}）` });
  });
}

/** The editor rates a unit's answer (采用 / 一般 / 不合格); a rating can be changed. */
export async function rateAnswer(database: Database, actor: Actor, id: number, unitId: number, rating: string, ip?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const { t } = await lockTarget(tx, id, unitId);
    if (!t) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'unitId', message: 'not a target of this solicitation' }]);
    if (!(await answersOf(tx, id, unitId))) throw new AppError('SOLICITATION_NO_ANSWER', 409);
    await tx
      .update(solicitationTargets)
      .set({ rating, ratedById: actor.id, ratedAt: now() })
      .where(and(eq(solicitationTargets.solicitationId, id), eq(solicitationTargets.unitId, unitId)));
    await markScoringStale(tx);
    await writeAudit(tx, { actor, action: 'solicitation.rate', targetType: 'solicitation', targetId: id, ip, outcome: 'ok', details: { unitId, rating } });
  });
}

export async function closeSolicitation(database: Database, actor: Actor, id: number, ip?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [s] = await tx.update(solicitations).set({ state: 'closed', closedAt: now() }).where(and(eq(solicitations.id, id), eq(solicitations.state, 'open'))).returning({ id: solicitations.id });
    if (!s) {
      const [exists] = await tx.select({ id: solicitations.id }).from(solicitations).where(eq(solicitations.id, id));
      if (!exists) throw notFound();
      throw new AppError('SOLICITATION_CLOSED', 409);
    }
    await markScoringStale(tx);
    await writeAudit(tx, { actor, action: 'solicitation.close', targetType: 'solicitation', targetId: id, ip, outcome: 'ok' });
  });
}

/** An article may answer an open solicitation addressed to its unit. */
export async function assertSolicitationForUnit(db: DbOrTx, solicitationId: number, unitId: number): Promise<void> {
  const [s] = await db.select().from(solicitations).where(eq(solicitations.id, solicitationId));
  if (!s) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'solicitationId', message: 'unknown solicitation' }]);
  if (s.state !== 'open') throw new AppError('SOLICITATION_CLOSED', 409);
  const [t] = await db.select().from(solicitationTargets).where(and(eq(solicitationTargets.solicitationId, solicitationId), eq(solicitationTargets.unitId, unitId)));
  if (!t) throw new AppError('SOLICITATION_NOT_FOR_UNIT', 400);
}

/** Shanghai calendar day → the instant it starts. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);

/**
 * Compliance per unit over a period (solicitations whose deadline falls in it): counts per status and the list of
 * late and missing answers — what the office names in its criticism (通报批评).
 */
export async function compliance(db: DbOrTx, q: { from: string; to: string; unitId?: number }): Promise<TComplianceRow[]> {
  const end = new Date(dayStart(q.to).getTime() + 24 * 3600 * 1000 - 1);
  const rows = await db
    .select()
    .from(solicitations)
    .where(and(gte(solicitations.deadline, dayStart(q.from)), lte(solicitations.deadline, end)))
    .orderBy(asc(solicitations.deadline));
  const targets = await targetsOf(db, rows, q.unitId);
  const byUnit = new Map<number, TComplianceRow>();
  const unitRows = await db
    .select({ id: units.id, name: units.name, groupName: unitGroups.name })
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .where(q.unitId ? eq(units.id, q.unitId) : or(sql`true`))
    .orderBy(asc(unitGroups.sortOrder), asc(units.id));
  const order = new Map(unitRows.map((u, i) => [u.id, i]));
  for (const s of rows) {
    for (const t of targets.get(s.id) ?? []) {
      const u = unitRows.find((x) => x.id === t.unitId)!;
      const row = byUnit.get(t.unitId) ?? { unitId: t.unitId, unitName: u.name, groupName: u.groupName, targeted: 0, onTime: 0, late: 0, missing: 0, declined: 0, pending: 0, failures: [] };
      row.targeted++;
      if (t.status === 'answered_on_time') row.onTime++;
      else if (t.status === 'answered_late') row.late++;
      else if (t.status === 'missing') row.missing++;
      else if (t.status === 'declined') row.declined++;
      else row.pending++;
      if (t.status === 'answered_late' || t.status === 'missing') {
        row.failures.push({ solicitationId: s.id, topic: s.topic, deadline: s.deadline.toISOString(), status: t.status, answeredAt: t.answeredAt });
      }
      byUnit.set(t.unitId, row);
    }
  }
  return [...byUnit.values()].sort((a, b) => order.get(a.unitId)! - order.get(b.unitId)!);
}
