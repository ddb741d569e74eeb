import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/connect.js';
import { rateLimits } from '../db/schema.js';

/**
 * Fixed-window counters in the database, so every app process on one PostgreSQL sees the same count. A key names
 * what is counted (`login:ip:10.0.0.7`); only failures are counted, so an office behind one NAT address is not shut
 * out by its own successful sign-ins.
 */
export interface RateLimit {
  /** Failures allowed per window; the next attempt is refused until the window ends. */
  max: number;
  windowSeconds: number;
}

function windowOf(limit: RateLimit, atMs: number): { start: Date; end: Date } {
  const size = limit.windowSeconds * 1000;
  const start = Math.floor(atMs / size) * size;
  return { start: new Date(start), end: new Date(start + size) };
}

/** Seconds until the key may try again, or 0 when it is under its limit. */
export async function rateLimitWait(db: DbOrTx, key: string, limit: RateLimit, atMs = Date.now()): Promise<number> {
  const w = windowOf(limit, atMs);
  const [row] = await db
    .select({ hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, w.start)));
  if (!row || row.hits < limit.max) return 0;
  return Math.max(1, Math.ceil((w.end.getTime() - atMs) / 1000));
}

/** Counts one failure for the key (atomic across processes). */
export async function rateLimitHit(db: DbOrTx, key: string, limit: RateLimit, atMs = Date.now()): Promise<void> {
  const w = windowOf(limit, atMs);
  await db
    .insert(rateLimits)
    .values({ key, windowStart: w.start, hits: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { hits: sql`${rateLimits.hits} + 1` } });
  // Housekeeping now and then: windows older than a day are of no use.
  if (Math.random() < 0.02) await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(atMs - 86_400_000)));
}
