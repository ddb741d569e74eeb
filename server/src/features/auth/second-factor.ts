import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { TRole, TSecondFactorSettings, TSecondFactorStatus, TTotpEnrolment } from '@baosong/contract';
import type { Database, DbOrTx, Tx } from '../../db/connect.js';
import { appMeta, loginChallenges, recoveryCodes, sessions, users } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { openSecret, sealSecret, SecretKeyMissingError } from '../../lib/secret-box.js';
import type { Actor } from '../../lib/policy.js';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.js';
import { tokenId, newToken } from './sessions.js';

/** Cookie holding a half-done sign-in (password right, second factor owed). */
export const CHALLENGE_COOKIE = 'baosong_mfa';
export const CHALLENGE_MINUTES = 5;
/** Wrong codes one challenge tolerates before the user has to give the password again. */
export const CHALLENGE_MAX_FAILURES = 5;
export const RECOVERY_CODE_COUNT = 10;
export const TOTP_ISSUER = '报送平台';

// ---------- the administrator's setting ----------
const SETTINGS_KEY = 'settings.second_factor';

export async function getSecondFactorSettings(db: DbOrTx): Promise<TSecondFactorSettings> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, SETTINGS_KEY));
  return (row?.value as TSecondFactorSettings | undefined) ?? { requiredRoles: [] };
}

/**
 * Saves which roles must use the second factor. Users of those roles who have none are signed out everywhere (not
 * the administrator making the change): a session opened before the rule must not outlive it; they enrol at their
 * next sign-in.
 */
export async function setSecondFactorSettings(database: Database, actor: Actor, s: TSecondFactorSettings, ip?: string) {
  const value = { requiredRoles: [...new Set(s.requiredRoles)] };
  await database.db.transaction(async (tx) => {
    await tx
      .insert(appMeta)
      .values({ key: SETTINGS_KEY, value })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });
    const ended = value.requiredRoles.length
      ? await tx
          .delete(sessions)
          .where(
            sql`${sessions.userId} in (select ${users.id} from ${users} where ${users.totpEnabledAt} is null and ${users.id} <> ${actor.id}
                and ${users.roles} && ${`{${value.requiredRoles.join(',')}}`}::text[])`,
          )
          .returning({ id: sessions.id })
      : [];
    await writeAudit(tx, { actor, action: 'settings.second_factor.update', ip, outcome: 'ok', details: { ...value, sessionsEnded: ended.length } });
  });
  return value;
}

export async function roleRequiresSecondFactor(db: DbOrTx, roles: readonly string[]): Promise<boolean> {
  const { requiredRoles } = await getSecondFactorSettings(db);
  return roles.some((r) => requiredRoles.includes(r as TRole));
}

// ---------- recovery codes ----------
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** xxxx-xxxx-xxxx from a 31-letter alphabet without look-alikes: about 59 bits each. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}
/** Salted SHA-256: the codes are random and long, so a slow hash adds nothing but time at sign-in. */
export function hashRecoveryCode(code: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}:${createHash('sha256').update(`${salt}:${normaliseRecoveryCode(code)}`).digest('hex')}`;
}
export function recoveryCodeMatches(stored: string, code: string): boolean {
  const [salt] = stored.split(':');
  const a = Buffer.from(hashRecoveryCode(code, salt));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function replaceRecoveryCodes(tx: Tx, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

// ---------- checking a code ----------
type UserRow = typeof users.$inferSelect;

function secretOf(sealed: string, secretKey: string | undefined): string {
  try {
    return openSecret(sealed, secretKey);
  } catch (e) {
    if (e instanceof SecretKeyMissingError) throw new AppError('SECOND_FACTOR_KEY_MISSING', 503);
    throw e;
  }
}

/**
 * Checks a TOTP code (or, when allowed, a recovery code) against the user's enabled factor and uses it up: the
 * TOTP step is recorded so the code cannot be replayed, a recovery code is marked used. Both updates are
 * conditional, so two processes racing with the same code cannot both win.
 */
export async function consumeSecondFactor(
  db: DbOrTx,
  user: UserRow,
  code: string,
  secretKey: string | undefined,
  opts: { allowRecovery: boolean },
): Promise<'totp' | 'recovery_code' | null> {
  if (!user.totpSecret) return null;
  const trimmed = code.trim().replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchTotp(secretOf(user.totpSecret, secretKey), trimmed, Date.now(), user.totpLastStep);
    if (step === null) return null;
    const won = await db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id });
    return won.length ? 'totp' : null;
  }
  if (!opts.allowRecovery) return null;
  const unused = await db
    .select()
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
  const hit = unused.find((r) => recoveryCodeMatches(r.codeHash, trimmed));
  if (!hit) return null;
  const won = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.id, hit.id), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return won.length ? 'recovery_code' : null;
}

export async function recoveryCodesLeft(db: DbOrTx, userId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return r?.n ?? 0;
}

// ---------- login challenges ----------
export async function createChallenge(
  tx: DbOrTx,
  userId: number,
  purpose: 'verify' | 'enrol',
  meta: { ip?: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
  await tx.delete(loginChallenges).where(and(eq(loginChallenges.userId, userId), lt(loginChallenges.expiresAt, new Date())));
  await tx.insert(loginChallenges).values({
    id: tokenId(token),
    userId,
    purpose,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

export type Challenge = typeof loginChallenges.$inferSelect;

/** The live challenge behind a cookie, of the purpose asked for; anything else is "start again". */
export async function findChallenge(db: DbOrTx, token: string | undefined, purpose: 'verify' | 'enrol'): Promise<Challenge> {
  if (!token) throw new AppError('SECOND_FACTOR_CHALLENGE_EXPIRED', 400);
  const [c] = await db.select().from(loginChallenges).where(eq(loginChallenges.id, tokenId(token)));
  if (!c || c.purpose !== purpose || c.expiresAt <= new Date()) throw new AppError('SECOND_FACTOR_CHALLENGE_EXPIRED', 400);
  return c;
}

/** One more wrong code on this challenge; past the limit the challenge is gone and the password is asked again. */
export async function failChallenge(tx: DbOrTx, c: Challenge): Promise<void> {
  if (c.failedAttempts + 1 >= CHALLENGE_MAX_FAILURES) await tx.delete(loginChallenges).where(eq(loginChallenges.id, c.id));
  else await tx.update(loginChallenges).set({ failedAttempts: sql`${loginChallenges.failedAttempts} + 1` }).where(eq(loginChallenges.id, c.id));
}

export async function deleteChallenge(tx: DbOrTx, c: Challenge): Promise<void> {
  await tx.delete(loginChallenges).where(eq(loginChallenges.id, c.id));
}

// ---------- enrolment, status, turning off ----------
export async function userRow(db: DbOrTx, userId: number): Promise<UserRow> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  if (!u) throw new AppError('UNAUTHENTICATED', 401);
  return u;
}

/** A new secret, kept as pending until the first code from the app confirms it. */
export async function startEnrolment(
  database: Database,
  actor: Actor,
  secretKey: string | undefined,
  ip: string | undefined,
): Promise<TTotpEnrolment> {
  const user = await userRow(database.db, actor.id);
  if (user.totpEnabledAt) throw new AppError('SECOND_FACTOR_ALREADY_ENABLED', 409);
  const secret = newTotpSecret();
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ totpPendingSecret: sealSecret(secret, secretKey) }).where(eq(users.id, actor.id));
    await writeAudit(tx, { actor, action: 'auth.second_factor.enrol', ip, outcome: 'ok', targetType: 'user', targetId: actor.id });
  });
  return { secret, otpauthUri: otpauthUri(secret, user.username, TOTP_ISSUER), issuer: TOTP_ISSUER, account: user.username };
}

/**
 * The first code proves the app holds the secret: the factor is on, and ten new recovery codes are made (returned
 * once, stored hashed). `within` lets the sign-in enrolment add its own writes (the new session) to the transaction.
 */
export async function confirmEnrolment<T>(
  database: Database,
  actor: Actor,
  code: string,
  secretKey: string | undefined,
  ip: string | undefined,
  within?: (tx: Tx) => Promise<T>,
): Promise<{ recoveryCodes: string[]; extra: T | undefined } | null> {
  const user = await userRow(database.db, actor.id);
  if (user.totpEnabledAt) throw new AppError('SECOND_FACTOR_ALREADY_ENABLED', 409);
  if (!user.totpPendingSecret) throw new AppError('SECOND_FACTOR_NO_ENROLMENT', 400);
  const step = matchTotp(secretOf(user.totpPendingSecret, secretKey), code.trim(), Date.now());
  if (step === null) return null;
  return database.db.transaction(async (tx) => {
    const [won] = await tx
      .update(users)
      .set({ totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: step, updatedAt: new Date() })
      .where(and(eq(users.id, actor.id), isNull(users.totpEnabledAt)))
      .returning({ id: users.id });
    if (!won) throw new AppError('SECOND_FACTOR_ALREADY_ENABLED', 409);
    const codes = await replaceRecoveryCodes(tx, actor.id);
    const extra = within ? await within(tx) : undefined;
    await writeAudit(tx, { actor, action: 'auth.second_factor.enable', ip, outcome: 'ok', targetType: 'user', targetId: actor.id });
    return { recoveryCodes: codes, extra };
  });
}

export async function secondFactorStatus(db: DbOrTx, actor: Actor): Promise<TSecondFactorStatus> {
  const user = await userRow(db, actor.id);
  return {
    enabled: user.totpEnabledAt !== null,
    enabledAt: user.totpEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft: user.totpEnabledAt ? await recoveryCodesLeft(db, actor.id) : 0,
    requiredByRole: await roleRequiresSecondFactor(db, user.roles),
  };
}

const CLEARED = { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null } as const;

export async function clearSecondFactor(tx: Tx, userId: number): Promise<void> {
  await tx.update(users).set({ ...CLEARED, updatedAt: new Date() }).where(eq(users.id, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** New recovery codes (the old ones stop working), against a current TOTP code. */
export async function regenerateRecoveryCodes(database: Database, actor: Actor, code: string, secretKey: string | undefined, ip?: string) {
  const user = await userRow(database.db, actor.id);
  if (!user.totpEnabledAt) throw new AppError('SECOND_FACTOR_NOT_ENABLED', 409);
  return database.db.transaction(async (tx) => {
    const used = await consumeSecondFactor(tx, user, code, secretKey, { allowRecovery: false });
    if (!used) return null;
    const codes = await replaceRecoveryCodes(tx, actor.id);
    await writeAudit(tx, { actor, action: 'auth.second_factor.recovery_codes', ip, outcome: 'ok', targetType: 'user', targetId: actor.id });
    return codes;
  });
}
