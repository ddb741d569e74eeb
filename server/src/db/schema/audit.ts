import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only (a trigger refuses UPDATE and DELETE except the retention purge) and hash-chained: see lib/audit.ts.
 * Record of state changes, sign-ins and refusals (who, role, unit, action, target, source, outcome). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id'),
    actorUsername: text('actor_username'),
    actorRoles: text('actor_roles').array(),
    actorUnitId: integer('actor_unit_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    outcome: text('outcome').notNull(),
    details: jsonb('details'),
    /** The chain: hash of the record before (64 zeros for the first), and SHA-256(prevHash + canonical content). */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorUserId)],
);
