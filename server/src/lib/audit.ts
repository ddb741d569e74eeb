import { auditLog } from '../db/schema.js';
import type { DbOrTx } from '../db/connect.js';
import type { Actor } from './policy.js';

export interface AuditEntry {
  actor?: Actor | null;
  /** When the actor is not known (failed login), the name that was tried. */
  username?: string;
  action: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  outcome: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

/** Writes one audit record; call it inside the transaction of the change it records. */
export async function writeAudit(db: DbOrTx, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: e.actor?.id ?? null,
    actorUsername: e.actor?.username ?? e.username ?? null,
    actorRoles: e.actor?.roles ?? null,
    actorUnitId: e.actor?.unitId ?? null,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId === undefined ? null : String(e.targetId),
    ip: e.ip ?? null,
    outcome: e.outcome,
    details: e.details ?? null,
  });
}
