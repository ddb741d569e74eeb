import { eq, sql } from 'drizzle-orm';
import { passwordIsStrong, PASSWORD_MIN_LENGTH, type TMe, type TRole } from '@baosong/contract';
import type { Database, DbOrTx } from '../../db/connect.js';
import { users } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import type { AppSettings } from '../../config.js';
import { burnVerify, hashPassword, verifyPassword } from './passwords.js';
import { createSession, deleteOtherSessions, deleteSession } from './sessions.js';
import { findUserView } from '../users/queries.js';

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export function assertStrongPassword(pw: string): void {
  if (!passwordIsStrong(pw)) throw new AppError('PASSWORD_WEAK', 400, { min: PASSWORD_MIN_LENGTH });
}

export async function buildMe(db: DbOrTx, userId: number, csrfToken: string, expiresAt: Date): Promise<TMe> {
  const u = await findUserView(db, userId);
  if (!u) throw new AppError('UNAUTHENTICATED', 401);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    unit: u.unit,
    mustChangePassword: u.mustChangePassword,
    csrfToken,
    sessionExpiresAt: expiresAt.toISOString(),
  };
}

export async function login(
  database: Database,
  settings: AppSettings,
  input: { username: string; password: string },
  meta: RequestMeta & { previousToken?: string },
): Promise<{ me: TMe; token: string; expiresAt: Date }> {
  const { db } = database;
  const username = input.username.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user) {
    await burnVerify(input.password);
    await writeAudit(db, { username, action: 'auth.login', ip: meta.ip, outcome: 'failed', details: { reason: 'unknown_user' } });
    throw new AppError('INVALID_CREDENTIALS', 401);
  }
  const actor: Actor = { id: user.id, username: user.username, roles: user.roles as TRole[], unitId: user.unitId };
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await writeAudit(db, { actor, action: 'auth.login', ip: meta.ip, outcome: 'denied', details: { reason: 'locked' } });
    throw lockedError(user.lockedUntil);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    const failed = user.failedLogins + 1;
    const lock = failed >= settings.lockoutThreshold;
    const lockedUntil = lock ? new Date(now.getTime() + settings.lockoutMinutes * 60_000) : null;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set(lock ? { failedLogins: 0, lockedUntil } : { failedLogins: sql`${users.failedLogins} + 1` })
        .where(eq(users.id, user.id));
      await writeAudit(tx, {
        actor,
        action: 'auth.login',
        ip: meta.ip,
        outcome: 'failed',
        details: { reason: 'wrong_password', failedAttempts: failed, locked: lock },
      });
    });
    if (lock && lockedUntil) throw lockedError(lockedUntil);
    throw new AppError('INVALID_CREDENTIALS', 401, {}, { remainingAttempts: settings.lockoutThreshold - failed });
  }
  if (!user.active) {
    await writeAudit(db, { actor, action: 'auth.login', ip: meta.ip, outcome: 'denied', details: { reason: 'inactive' } });
    throw new AppError('ACCOUNT_INACTIVE', 403);
  }
  return db.transaction(async (tx) => {
    // Session rotation: whatever session the browser held is dropped and a new one issued.
    if (meta.previousToken) await deleteSession(tx, meta.previousToken);
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    const s = await createSession(tx, user.id, { idleMinutes: settings.sessionIdleMinutes, maxHours: settings.sessionMaxHours }, meta);
    await writeAudit(tx, { actor, action: 'auth.login', ip: meta.ip, outcome: 'ok' });
    const me = await buildMe(tx, user.id, s.csrfToken, s.expiresAt);
    return { me, token: s.token, expiresAt: s.expiresAt };
  });
}

function lockedError(until: Date): AppError {
  const fmt = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    month: '2-digit',
    day: '2-digit',
    hour12: false,
  });
  return new AppError('ACCOUNT_LOCKED', 423, { until: fmt.format(until) }, { lockedUntil: until.toISOString() });
}

export async function changePassword(
  database: Database,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta & { token: string },
): Promise<void> {
  const { db } = database;
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw new AppError('UNAUTHENTICATED', 401);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await writeAudit(db, { actor, action: 'auth.password.change', ip: meta.ip, outcome: 'failed', details: { reason: 'wrong_current' } });
    throw new AppError('PASSWORD_WRONG', 400);
  }
  assertStrongPassword(input.newPassword);
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_REUSED', 400);
  const passwordHash = await hashPassword(input.newPassword); // hash before the transaction: it is slow
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangeEnforced: false, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, actor.id));
    // Other browsers signed in as this user lose their sessions.
    await deleteOtherSessions(tx, actor.id, meta.token);
    await writeAudit(tx, { actor, action: 'auth.password.change', ip: meta.ip, outcome: 'ok', targetType: 'user', targetId: actor.id });
  });
}
