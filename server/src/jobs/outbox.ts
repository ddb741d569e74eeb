import { and, desc, eq, sql } from 'drizzle-orm';
import type { TOutboxMessage } from '@baosong/contract';
import { outbox } from '../db/schema.js';
import type { Database, DbOrTx } from '../db/connect.js';
import { now } from '../lib/clock.js';
import { deliver, type DeliverySettings } from './delivery.js';

export interface NewMessage {
  channel: 'email' | 'webhook';
  recipient: string;
  subject: string;
  body: string;
  payload?: Record<string, unknown>;
  /** The same key twice is one message: re-running a sweep never sends again. */
  dedupeKey: string;
}

/** Inside the caller's transaction: the message exists exactly when the change it reports does. */
export async function enqueue(db: DbOrTx, messages: NewMessage[]): Promise<void> {
  if (!messages.length) return;
  const at = now();
  await db
    .insert(outbox)
    .values(messages.map((m) => ({ ...m, payload: m.payload ?? null, nextAttemptAt: at, createdAt: at })))
    .onConflictDoNothing({ target: outbox.dedupeKey });
}

/** How long a claimed message stays with its sender before another process may take it over (a crashed sender). */
const LEASE_MS = 5 * 60_000;

/**
 * Claims due messages for this process: FOR UPDATE SKIP LOCKED, so two processes never claim the same row, and the
 * row is marked `sending` (with a lease) in the same transaction before anything is sent.
 */
export async function claimDue(database: Database, limit = 20) {
  const at = now();
  return database.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        sql`(${outbox.state} = 'pending' and ${outbox.nextAttemptAt} <= ${at.toISOString()}::timestamptz) or (${outbox.state} = 'sending' and ${outbox.lockedUntil} < ${at.toISOString()}::timestamptz)`,
      )
      .orderBy(outbox.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(outbox)
      .set({ state: 'sending', lockedUntil: new Date(at.getTime() + LEASE_MS), attempts: sql`${outbox.attempts} + 1` })
      .where(sql`${outbox.id} in (${sql.join(due.map((d) => sql`${d.id}`), sql`, `)})`)
      .returning();
  });
}

export function backoffMs(attempts: number, s: DeliverySettings): number {
  return Math.min(s.backoffBaseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** Sends what is due; returns how many were sent and how many failed this round. */
export async function deliverDue(database: Database, s: DeliverySettings): Promise<{ sent: number; failed: number }> {
  const claimed = await claimDue(database);
  let sent = 0;
  let failed = 0;
  for (const m of claimed) {
    try {
      await deliver(m, s);
      await database.db
        .update(outbox)
        .set({ state: 'sent', sentAt: now(), lockedUntil: null, lastError: null })
        .where(and(eq(outbox.id, m.id), eq(outbox.state, 'sending')));
      sent++;
    } catch (e) {
      failed++;
      const giveUp = m.attempts >= s.maxAttempts;
      const reason = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      await database.db
        .update(outbox)
        .set({ state: giveUp ? 'failed' : 'pending', lockedUntil: null, lastError: reason, nextAttemptAt: new Date(now().getTime() + backoffMs(m.attempts, s)) })
        .where(and(eq(outbox.id, m.id), eq(outbox.state, 'sending')));
    }
  }
  return { sent, failed };
}

export async function listOutbox(db: DbOrTx, state?: string): Promise<TOutboxMessage[]> {
  const rows = await db.select().from(outbox).where(state ? eq(outbox.state, state) : undefined).orderBy(desc(outbox.id)).limit(500);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel as TOutboxMessage['channel'],
    recipient: r.recipient,
    subject: r.subject,
    state: r.state as TOutboxMessage['state'],
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    lastError: r.lastError,
    sentAt: r.sentAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** An administrator sends a failed message again (the attempt count goes on). */
export async function retryMessage(database: Database, id: number): Promise<boolean> {
  const r = await database.db
    .update(outbox)
    .set({ state: 'pending', nextAttemptAt: now() })
    .where(and(eq(outbox.id, id), eq(outbox.state, 'failed')))
    .returning({ id: outbox.id });
  return r.length === 1;
}
