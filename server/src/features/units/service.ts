import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { TUnit, TUnitGroup } from '@baosong/contract';
import { unitGroups, units, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUniqueViolation } from '../../lib/dberrors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import { markScoringStale } from '../../scoring/service.js';

export interface UnitFields {
  name: string;
  shortName: string | null;
  groupId: number;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  requiresApproval?: boolean;
  monthlyCap?: number | null;
  monthlyTarget?: number | null;
}

const unitCount = sql<number>`(select count(*)::int from ${users} where ${users.unitId} = ${units.id})`;

const unitSelection = {
  id: units.id,
  name: units.name,
  shortName: units.shortName,
  groupId: units.groupId,
  groupName: unitGroups.name,
  contactName: units.contactName,
  contactPhone: units.contactPhone,
  contactEmail: units.contactEmail,
  active: units.active,
  requiresApproval: units.requiresApproval,
  monthlyCap: units.monthlyCap,
  monthlyTarget: units.monthlyTarget,
  userCount: unitCount,
  createdAt: units.createdAt,
  updatedAt: units.updatedAt,
};

function toView(r: Omit<TUnit, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date }): TUnit {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export async function listGroups(db: DbOrTx): Promise<TUnitGroup[]> {
  return db
    .select({
      id: unitGroups.id,
      name: unitGroups.name,
      sortOrder: unitGroups.sortOrder,
      // Qualified by hand: in a one-table select drizzle writes columns unqualified, and a bare "id" here would be the
      // subquery's own units.id.
      unitCount: sql<number>`(select count(*)::int from ${units} where ${units.groupId} = ${unitGroups}.${sql.identifier('id')})`,
    })
    .from(unitGroups)
    .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.id));
}

export async function createGroup(database: Database, actor: Actor, input: { name: string; sortOrder: number }, ip?: string) {
  try {
    return await database.db.transaction(async (tx) => {
      const [g] = await tx.insert(unitGroups).values(input).returning();
      await writeAudit(tx, { actor, action: 'unit_group.create', targetType: 'unit_group', targetId: g!.id, ip, outcome: 'ok', details: input });
      return { ...g!, unitCount: 0 };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('GROUP_NAME_TAKEN', 409, { name: input.name });
    throw e;
  }
}

export async function updateGroup(database: Database, actor: Actor, id: number, input: { name?: string; sortOrder?: number }, ip?: string) {
  try {
    return await database.db.transaction(async (tx) => {
      const [g] = await tx.update(unitGroups).set(input).where(eq(unitGroups.id, id)).returning();
      if (!g) throw notFound();
      await writeAudit(tx, { actor, action: 'unit_group.update', targetType: 'unit_group', targetId: id, ip, outcome: 'ok', details: input });
      const all = await listGroups(tx);
      return all.find((x) => x.id === id)!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('GROUP_NAME_TAKEN', 409, { name: input.name ?? '' });
    throw e;
  }
}

export async function listUnits(
  db: DbOrTx,
  q: { q?: string; groupId?: number; active: 'true' | 'false' | 'all' },
): Promise<TUnit[]> {
  const where: SQL[] = [];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(units.name, like), ilike(units.shortName, like))!);
  }
  if (q.groupId) where.push(eq(units.groupId, q.groupId));
  if (q.active !== 'all') where.push(eq(units.active, q.active === 'true'));
  const rows = await db
    .select(unitSelection)
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.id), asc(units.id));
  return rows.map(toView);
}

export async function getUnit(db: DbOrTx, id: number): Promise<TUnit> {
  const rows = await db.select(unitSelection).from(units).innerJoin(unitGroups, eq(unitGroups.id, units.groupId)).where(eq(units.id, id));
  if (!rows[0]) throw notFound();
  return toView(rows[0]);
}

async function assertGroupExists(db: DbOrTx, groupId: number) {
  const [g] = await db.select({ id: unitGroups.id }).from(unitGroups).where(eq(unitGroups.id, groupId));
  if (!g) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'groupId', message: 'unknown group' }]);
}

export async function createUnit(database: Database, actor: Actor | null, input: UnitFields, ip?: string): Promise<TUnit> {
  try {
    return await database.db.transaction(async (tx) => {
      await assertGroupExists(tx, input.groupId);
      const [u] = await tx.insert(units).values(input).returning({ id: units.id });
      await writeAudit(tx, { actor, action: 'unit.create', targetType: 'unit', targetId: u!.id, ip, outcome: 'ok', details: { ...input } });
      return getUnit(tx, u!.id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('UNIT_NAME_TAKEN', 409, { name: input.name });
    throw e;
  }
}

export async function updateUnit(
  database: Database,
  actor: Actor | null,
  id: number,
  input: Partial<UnitFields> & { active?: boolean },
  ip?: string,
): Promise<TUnit> {
  try {
    return await database.db.transaction(async (tx) => {
      if (input.groupId !== undefined) await assertGroupExists(tx, input.groupId);
      const [u] = await tx
        .update(units)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(units.id, id))
        .returning({ id: units.id });
      if (!u) throw notFound();
      const action = input.active === false ? 'unit.deactivate' : input.active === true ? 'unit.activate' : 'unit.update';
      if (input.monthlyTarget !== undefined) await markScoringStale(tx);
      await writeAudit(tx, { actor, action, targetType: 'unit', targetId: id, ip, outcome: 'ok', details: { ...input } });
      return getUnit(tx, id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('UNIT_NAME_TAKEN', 409, { name: input.name ?? '' });
    throw e;
  }
}
