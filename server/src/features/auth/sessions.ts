import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { TSessionView } from '@baosong/contract';
import { sessions } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';

export const SESSION_COOKIE = 'baosong_sid';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionTimes {
  idleMinutes: number;
  maxHours: number;
}

export async function createSession(
  db: DbOrTx,
  userId: number,
  times: SessionTimes,
  meta: { ip?: string; userAgent?: string },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + times.maxHours * 3600_000);
  await db.insert(sessions).values({
    id: tokenId(token),
    userId,
    csrfToken,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  // Housekeeping: drop this user's sessions that have expired.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, new Date())));
  return { token, csrfToken, expiresAt };
}

export async function deleteSession(db: DbOrTx, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, tokenId(token)));
}

export async function deleteOtherSessions(db: DbOrTx, userId: number, keepToken: string | undefined): Promise<void> {
  const keep = keepToken ? tokenId(keepToken) : '';
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keep)));
}

export async function deleteAllSessions(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Idle or past its absolute end. */
export function sessionExpired(s: { lastSeenAt: Date; expiresAt: Date }, idleMinutes: number, now = new Date()): boolean {
  return s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > idleMinutes * 60_000;
}

/** The user's live sessions, newest activity first; `current` marks the one asking. */
export async function listSessions(db: DbOrTx, userId: number, currentToken: string, idleMinutes: number, now = new Date()): Promise<TSessionView[]> {
  const rows = await db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastSeenAt));
  const currentId = tokenId(currentToken);
  return rows
    .filter((s) => !sessionExpired(s, idleMinutes, now))
    .map((s) => ({
      id: s.publicId,
      current: s.id === currentId,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
    }));
}

/** Ends one of the user's own sessions by its public id; its token hash, or null when it is not theirs or not there. */
export async function deleteSessionByPublicId(db: DbOrTx, userId: number, publicId: string): Promise<string | null> {
  const [gone] = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.publicId, publicId)))
    .returning({ id: sessions.id });
  return gone?.id ?? null;
}

export async function countSessions(db: DbOrTx, userId: number): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, userId));
  return r?.n ?? 0;
}
