import type { Database } from '../db/connect.js';
import type { DeliverySettings } from './delivery.js';
import { deliverDue } from './outbox.js';
import { sweepMissing, sweepReminders } from './reminders.js';
import { purgeExpiredAudit } from '../features/audit/service.js';
import { maintainDedupIndex } from '../features/dedup/maintenance.js';

export interface JobSettings {
  /** How long before a solicitation's deadline the units that have not answered are reminded. */
  remindBeforeMs: number;
  delivery: DeliverySettings;
}

/**
 * One round of scheduled work: reminders, missing answers, the outbox, the audit retention purge, then the duplicate
 * index's upkeep. Safe to run in several processes at once.
 */
export async function runJobsOnce(database: Database, s: JobSettings) {
  const reminded = await sweepReminders(database, s.remindBeforeMs, s.delivery);
  const swept = await sweepMissing(database, s.delivery);
  const delivered = await deliverDue(database, s.delivery);
  // Audit records past the retention period (at least six months); the chain stays verifiable.
  const audit = await purgeExpiredAudit(database);
  const dedup = await maintainDedupIndex(database);
  return { reminded, swept, ...delivered, auditPurged: audit.removed, dedupVacuumed: dedup.vacuumed };
}

/** Runs a round every `intervalMs` (never two rounds of this process at once). Returns a stop function. */
export function startJobs(database: Database, s: JobSettings, intervalMs: number, onError: (e: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runJobsOnce(database, s)
      .catch(onError)
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setTimeout(tick, 1_000).unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
