import { eq, sql } from 'drizzle-orm';
import { passwordIsStrong, PASSWORD_MIN_LENGTH, type TMe, type TRole } from '@baosong/contract';
import type { Database, DbOrTx, Tx } from '../../db/connect.js';
import { users } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import type { AppSettings } from '../../config.js';
import { burnVerify, hashPassword, verifyPassword } from './passwords.js';
import { createSession, deleteOtherSessions, deleteSession } from './sessions.js';
import { findUserView } from '../users/queries.js';
import { rateLimitHit, rateLimitWait, type RateLimit } from '../../lib/rate-limit.js';
import {
  clearSecondFactor,
  confirmEnrolment,
  consumeSecondFactor,
  createChallenge,
  deleteChallenge,
  failChallenge,
  findChallenge,
  recoveryCodesLeft,
  roleRequiresSecondFactor,
  startEnrolment,
  userRow,
  type Challenge,
} from './second-factor.js';

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
    secondFactorEnabled: u.secondFactorEnabled,
  };
}

export type LoginOutcome =
  | { kind: 'session'; me: TMe; token: string; expiresAt: Date }
  | { kind: 'challenge'; step: 'verify' | 'enrol'; token: string; expiresAt: Date };

/** 429 with the wait, when this address has used up its failures for the window. */
async function assertNotRateLimited(database: Database, key: string, limit: RateLimit, audit: { action: string; username?: string; ip?: string }) {
  const wait = await rateLimitWait(database.db, key, limit);
  if (wait === 0) return;
  await writeAudit(database.db, { ...audit, outcome: 'denied', details: { reason: 'rate_limited', retryAfterSeconds: wait } });
  throw new AppError('LOGIN_RATE_LIMITED', 429, { minutes: Math.ceil(wait / 60) }, { retryAfterSeconds: wait });
}
const loginKey = (ip: string | undefined) => `login:ip:${ip ?? 'unknown'}`;
const secondFactorKey = (ip: string | undefined) => `second_factor:ip:${ip ?? 'unknown'}`;

export async function login(
  database: Database,
  settings: AppSettings,
  input: { username: string; password: string },
  meta: RequestMeta & { previousToken?: string },
): Promise<LoginOutcome> {
  const { db } = database;
  const username = input.username.trim().toLowerCase();
  await assertNotRateLimited(database, loginKey(meta.ip), settings.loginRateLimit, { action: 'auth.login', username, ip: meta.ip });
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user) {
    await burnVerify(input.password);
    await rateLimitHit(db, loginKey(meta.ip), settings.loginRateLimit);
    await writeAudit(db, { username, action: 'auth.login', ip: meta.ip, outcome: 'failed', details: { reason: 'unknown_user' } });
    throw new AppError('INVALID_CREDENTIALS', 401);
  }
  const actor: Actor = { id: user.id, username: user.username, roles: user.roles as TRole[], unitId: user.unitId };
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await rateLimitHit(db, loginKey(meta.ip), settings.loginRateLimit);
    await writeAudit(db, { actor, action: 'auth.login', ip: meta.ip, outcome: 'denied', details: { reason: 'locked' } });
    throw lockedError(user.lockedUntil);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    await rateLimitHit(db, loginKey(meta.ip), settings.loginRateLimit);
    await countFailure(database, settings, user, actor, 'auth.login', { reason: 'wrong_password' }, meta.ip);
  }
  if (!user.active) {
    await writeAudit(db, { actor, action: 'auth.login', ip: meta.ip, outcome: 'denied', details: { reason: 'inactive' } });
    throw new AppError('ACCOUNT_INACTIVE', 403);
  }
  // A second step is owed: the code of an enabled factor, or setting one up when the role requires it. The failure
  // counter is not reset yet, so wrong codes keep counting towards the lockout with the wrong passwords.
  const step = user.totpEnabledAt ? 'verify' : (await roleRequiresSecondFactor(db, user.roles)) ? 'enrol' : null;
  if (step) {
    return db.transaction(async (tx) => {
      const c = await createChallenge(tx, user.id, step, meta);
      await writeAudit(tx, { actor, action: 'auth.login', ip: meta.ip, outcome: 'ok', details: { pending: step === 'verify' ? 'second_factor' : 'second_factor_enrolment' } });
      return { kind: 'challenge' as const, step, token: c.token, expiresAt: c.expiresAt };
    });
  }
  return openSession(database, settings, user.id, actor, meta, {});
}

/** Counts a wrong password or code towards the account's lockout, writes the audit record, and throws. */
async function countFailure(
  database: Database,
  settings: AppSettings,
  user: { id: number; failedLogins: number },
  actor: Actor,
  action: string,
  details: Record<string, unknown>,
  ip: string | undefined,
  extra?: (tx: Tx) => Promise<void>,
): Promise<never> {
  const now = new Date();
  const failed = user.failedLogins + 1;
  const lock = failed >= settings.lockoutThreshold;
  const lockedUntil = lock ? new Date(now.getTime() + settings.lockoutMinutes * 60_000) : null;
  await database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set(lock ? { failedLogins: 0, lockedUntil } : { failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, user.id));
    if (extra) await extra(tx);
    await writeAudit(tx, { actor, action, ip, outcome: 'failed', details: { ...details, failedAttempts: failed, locked: lock } });
  });
  if (lock && lockedUntil) throw lockedError(lockedUntil);
  if (action === 'auth.login') throw new AppError('INVALID_CREDENTIALS', 401, {}, { remainingAttempts: settings.lockoutThreshold - failed });
  throw new AppError('SECOND_FACTOR_INVALID', 401, {}, { remainingAttempts: settings.lockoutThreshold - failed });
}

/** The sign-in is complete: reset the failure count, rotate the session, audit. */
async function openSession(
  database: Database,
  settings: AppSettings,
  userId: number,
  actor: Actor,
  meta: RequestMeta & { previousToken?: string },
  details: Record<string, unknown>,
  within?: (tx: Tx) => Promise<void>,
): Promise<{ kind: 'session'; me: TMe; token: string; expiresAt: Date }> {
  const now = new Date();
  const user = { id: userId };
  return database.db.transaction(async (tx) => {
    if (within) await within(tx);
    // Session rotation: whatever session the browser held is dropped and a new one issued.
    if (meta.previousToken) await deleteSession(tx, meta.previousToken);
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    const s = await createSession(tx, user.id, { idleMinutes: settings.sessionIdleMinutes, maxHours: settings.sessionMaxHours }, meta);
    await writeAudit(tx, { actor, action: 'auth.login', ip: meta.ip, outcome: 'ok', ...(Object.keys(details).length ? { details } : {}) });
    const me = await buildMe(tx, user.id, s.csrfToken, s.expiresAt);
    return { kind: 'session' as const, me, token: s.token, expiresAt: s.expiresAt };
  });
}

function actorOf(u: { id: number; username: string; roles: string[]; unitId: number | null }): Actor {
  return { id: u.id, username: u.username, roles: u.roles as TRole[], unitId: u.unitId };
}

/** The user behind a challenge, still allowed in (not locked, not deactivated since the password step). */
async function challengeUser(database: Database, c: Challenge, ip: string | undefined) {
  const user = await userRow(database.db, c.userId);
  const actor = actorOf(user);
  if (!user.active) {
    await database.db.transaction(async (tx) => {
      await deleteChallenge(tx, c);
      await writeAudit(tx, { actor, action: 'auth.second_factor', ip, outcome: 'denied', details: { reason: 'inactive' } });
    });
    throw new AppError('ACCOUNT_INACTIVE', 403);
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await database.db.transaction(async (tx) => {
      await deleteChallenge(tx, c);
      await writeAudit(tx, { actor, action: 'auth.second_factor', ip, outcome: 'denied', details: { reason: 'locked' } });
    });
    throw lockedError(user.lockedUntil);
  }
  return { user, actor };
}

/** Second step of the sign-in: a TOTP code or an unused recovery code. */
export async function verifyLoginSecondFactor(
  database: Database,
  settings: AppSettings,
  challengeToken: string | undefined,
  code: string,
  meta: RequestMeta & { previousToken?: string },
): Promise<{ kind: 'session'; me: TMe; token: string; expiresAt: Date }> {
  await assertNotRateLimited(database, secondFactorKey(meta.ip), settings.loginRateLimit, { action: 'auth.second_factor', ip: meta.ip });
  const c = await findChallenge(database.db, challengeToken, 'verify');
  const { user, actor } = await challengeUser(database, c, meta.ip);
  const method = await database.db.transaction(async (tx) => {
    const used = await consumeSecondFactor(tx, user, code, settings.secretKey, { allowRecovery: true });
    if (used) await deleteChallenge(tx, c);
    return used;
  });
  if (!method) {
    await rateLimitHit(database.db, secondFactorKey(meta.ip), settings.loginRateLimit);
    return countFailure(database, settings, user, actor, 'auth.second_factor', { reason: 'wrong_code' }, meta.ip, (tx) => failChallenge(tx, c));
  }
  const left = method === 'recovery_code' ? await recoveryCodesLeft(database.db, user.id) : undefined;
  return openSession(database, settings, user.id, actor, meta, { secondFactor: method, ...(left === undefined ? {} : { recoveryCodesLeft: left }) });
}

/** Forced enrolment during sign-in: the secret for the app (QR code). */
export async function startLoginEnrolment(database: Database, settings: AppSettings, challengeToken: string | undefined, ip?: string) {
  const c = await findChallenge(database.db, challengeToken, 'enrol');
  const { actor } = await challengeUser(database, c, ip);
  return startEnrolment(database, actor, settings.secretKey, ip);
}

/** Forced enrolment during sign-in: the first code turns the factor on and completes the sign-in. */
export async function confirmLoginEnrolment(
  database: Database,
  settings: AppSettings,
  challengeToken: string | undefined,
  code: string,
  meta: RequestMeta & { previousToken?: string },
): Promise<{ session: { me: TMe; token: string; expiresAt: Date }; recoveryCodes: string[] }> {
  await assertNotRateLimited(database, secondFactorKey(meta.ip), settings.loginRateLimit, { action: 'auth.second_factor.enable', ip: meta.ip });
  const c = await findChallenge(database.db, challengeToken, 'enrol');
  const { user, actor } = await challengeUser(database, c, meta.ip);
  const done = await confirmEnrolment(database, actor, code, settings.secretKey, meta.ip, (tx) => deleteChallenge(tx, c));
  if (!done) {
    await rateLimitHit(database.db, secondFactorKey(meta.ip), settings.loginRateLimit);
    return countFailure(database, settings, user, actor, 'auth.second_factor.enable', { reason: 'wrong_code' }, meta.ip, (tx) => failChallenge(tx, c));
  }
  const session = await openSession(database, settings, user.id, actor, meta, { secondFactor: 'enrolled' });
  return { session, recoveryCodes: done.recoveryCodes };
}

/** Turning the factor off needs the password and a code (TOTP or recovery), and no role that requires it. */
export async function disableSecondFactor(
  database: Database,
  actor: Actor,
  input: { password: string; code: string },
  settings: AppSettings,
  ip?: string,
): Promise<void> {
  const user = await userRow(database.db, actor.id);
  if (!user.totpEnabledAt) throw new AppError('SECOND_FACTOR_NOT_ENABLED', 409);
  if (await roleRequiresSecondFactor(database.db, user.roles)) throw new AppError('SECOND_FACTOR_REQUIRED_BY_ROLE', 409);
  const fail = async (reason: string, code: 'PASSWORD_WRONG' | 'SECOND_FACTOR_INVALID') => {
    await writeAudit(database.db, { actor, action: 'auth.second_factor.disable', ip, outcome: 'failed', details: { reason } });
    throw new AppError(code, 400);
  };
  if (!(await verifyPassword(user.passwordHash, input.password))) return fail('wrong_password', 'PASSWORD_WRONG');
  const ok = await database.db.transaction(async (tx) => {
    const used = await consumeSecondFactor(tx, user, input.code, settings.secretKey, { allowRecovery: true });
    if (!used) return false;
    await clearSecondFactor(tx, actor.id);
    await writeAudit(tx, { actor, action: 'auth.second_factor.disable', ip, outcome: 'ok', targetType: 'user', targetId: actor.id });
    return true;
  });
  if (!ok) await fail('wrong_code', 'SECOND_FACTOR_INVALID');
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
