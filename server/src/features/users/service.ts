import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { UNIT_ROLES, type TRole, type TUser } from '@baosong/contract';
import { units, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUniqueViolation } from '../../lib/dberrors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import { hashPassword } from '../auth/passwords.js';
import { assertStrongPassword } from '../auth/service.js';
import { countSessions, deleteAllSessions } from '../auth/sessions.js';
import { clearSecondFactor } from '../auth/second-factor.js';
import { countActiveAdministrators, findUserView, toUserView, userSelection } from './queries.js';

export interface UserFields {
  username: string;
  displayName: string;
  roles: TRole[];
  unitId: number | null;
  email: string | null;
  phone: string | null;
}

export async function listUsers(
  db: DbOrTx,
  q: { q?: string; unitId?: number; role?: TRole; active: 'true' | 'false' | 'all' },
): Promise<TUser[]> {
  const where: SQL[] = [];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  if (q.unitId) where.push(eq(users.unitId, q.unitId));
  if (q.role) where.push(sql`${q.role} = any(${users.roles})`);
  if (q.active !== 'all') where.push(eq(users.active, q.active === 'true'));
  const rows = await db
    .select(userSelection)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(users.id));
  return rows.map(toUserView);
}

export async function getUser(db: DbOrTx, id: number): Promise<TUser> {
  const u = await findUserView(db, id);
  if (!u) throw notFound();
  return u;
}

/** Unit roles need an active unit; office roles may have none (an office editor may still be filed under one). */
export async function assertUnitFits(db: DbOrTx, roles: TRole[], unitId: number | null): Promise<void> {
  if (unitId === null) {
    if (roles.some((r) => UNIT_ROLES.includes(r))) throw new AppError('UNIT_REQUIRED', 400);
    return;
  }
  const [u] = await db.select({ active: units.active }).from(units).where(eq(units.id, unitId));
  if (!u) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'unitId', message: 'unknown unit' }]);
  if (!u.active) throw new AppError('UNIT_INACTIVE', 400);
}

export async function createUser(
  database: Database,
  actor: Actor | null,
  input: UserFields & { password: string; mustChangePassword?: boolean },
  ip?: string,
): Promise<TUser> {
  assertStrongPassword(input.password);
  const roles = [...new Set(input.roles)];
  await assertUnitFits(database.db, roles, input.unitId);
  const passwordHash = await hashPassword(input.password);
  const username = input.username.toLowerCase();
  try {
    return await database.db.transaction(async (tx) => {
      const [u] = await tx
        .insert(users)
        .values({
          username,
          displayName: input.displayName,
          roles,
          unitId: input.unitId,
          email: input.email,
          phone: input.phone,
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? true,
          passwordChangeEnforced: input.mustChangePassword ?? true,
        })
        .returning({ id: users.id });
      await writeAudit(tx, {
        actor,
        action: 'user.create',
        targetType: 'user',
        targetId: u!.id,
        ip,
        outcome: 'ok',
        details: { username, roles, unitId: input.unitId },
      });
      return getUser(tx, u!.id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('USERNAME_TAKEN', 409, { username });
    throw e;
  }
}

export async function updateUser(
  database: Database,
  actor: Actor,
  id: number,
  input: Partial<Omit<UserFields, 'username'>> & { active?: boolean },
  ip?: string,
): Promise<TUser> {
  return database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!current) throw notFound();
    const roles = input.roles ? [...new Set(input.roles)] : (current.roles as TRole[]);
    const unitId = input.unitId !== undefined ? input.unitId : current.unitId;
    if (input.roles !== undefined || input.unitId !== undefined) {
      // Keeping an existing (now inactive) unit is allowed; assigning one must pass the checks.
      if (input.unitId !== undefined && input.unitId !== current.unitId) await assertUnitFits(tx, roles, unitId);
      else if (unitId === null) await assertUnitFits(tx, roles, null);
    }
    const active = input.active ?? current.active;
    if (id === actor.id && !active) throw new AppError('CANNOT_DEACTIVATE_SELF', 400);
    const wasAdmin = current.active && current.roles.includes('administrator');
    const staysAdmin = active && roles.includes('administrator');
    await tx
      .update(users)
      .set({
        displayName: input.displayName ?? current.displayName,
        roles,
        unitId,
        email: input.email !== undefined ? input.email : current.email,
        phone: input.phone !== undefined ? input.phone : current.phone,
        active,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    if (wasAdmin && !staysAdmin && (await countActiveAdministrators(tx)) === 0) throw new AppError('LAST_ADMINISTRATOR', 400);
    // A deactivated user is signed out everywhere; one whose roles changed must sign in again to get them.
    if (!active || input.roles) await deleteAllSessions(tx, id);
    const action = input.active === false && current.active ? 'user.deactivate' : input.active === true && !current.active ? 'user.activate' : 'user.update';
    await writeAudit(tx, { actor, action, targetType: 'user', targetId: id, ip, outcome: 'ok', details: { ...input } });
    return getUser(tx, id);
  });
}

export async function resetPassword(database: Database, actor: Actor, id: number, password: string, ip?: string): Promise<TUser> {
  assertStrongPassword(password);
  const passwordHash = await hashPassword(password);
  return database.db.transaction(async (tx) => {
    const [u] = await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        passwordChangeEnforced: true,
        failedLogins: 0,
        lockedUntil: null,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (!u) throw notFound();
    await deleteAllSessions(tx, id);
    await writeAudit(tx, { actor, action: 'user.password.reset', targetType: 'user', targetId: id, ip, outcome: 'ok' });
    return getUser(tx, id);
  });
}

export async function unlockUser(database: Database, actor: Actor, id: number, ip?: string): Promise<TUser> {
  return database.db.transaction(async (tx) => {
    const [u] = await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id)).returning({ id: users.id });
    if (!u) throw notFound();
    await writeAudit(tx, { actor, action: 'user.unlock', targetType: 'user', targetId: id, ip, outcome: 'ok' });
    return getUser(tx, id);
  });
}

/** Signs a user out everywhere (a lost laptop, a person leaving). */
export async function endUserSessions(database: Database, actor: Actor, id: number, ip?: string): Promise<{ ended: number }> {
  return database.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.id, id));
    if (!u) throw notFound();
    const ended = await countSessions(tx, id);
    await deleteAllSessions(tx, id);
    await writeAudit(tx, { actor, action: 'user.sessions.end', targetType: 'user', targetId: id, ip, outcome: 'ok', details: { ended } });
    return { ended };
  });
}

/**
 * Turns a user's second factor off (lost phone and recovery codes). If their role requires one they set it up
 * again at the next sign-in. Their sessions end too: whoever holds them may be the reason for the reset.
 */
export async function resetUserSecondFactor(database: Database, actor: Actor, id: number, ip?: string): Promise<TUser> {
  return database.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.id, id));
    if (!u) throw notFound();
    await clearSecondFactor(tx, id);
    await deleteAllSessions(tx, id);
    await writeAudit(tx, { actor, action: 'user.second_factor.reset', targetType: 'user', targetId: id, ip, outcome: 'ok' });
    return getUser(tx, id);
  });
}
