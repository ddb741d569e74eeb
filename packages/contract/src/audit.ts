import { z } from 'zod';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export const ZAuditOutcome = z.enum(AUDIT_OUTCOMES);

/** Filters for browsing and exporting the audit trail (days are in the office's time zone, inclusive). */
export const ZAuditQuery = z.object({
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** Who: part of the user name. */
  actor: z.string().trim().max(100).optional(),
  /** What: the action, or its start (e.g. "article." for every article action). */
  action: z.string().trim().max(100).optional(),
  outcome: ZAuditOutcome.optional(),
  unitId: z.coerce.number().int().positive().optional(),
  targetType: z.string().trim().max(50).optional(),
  targetId: z.string().trim().max(50).optional(),
  ip: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditRecord = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUserId: z.number().int().nullable(),
  actorUsername: z.string().nullable(),
  actorRoles: z.array(z.string()).nullable(),
  actorUnitId: z.number().int().nullable(),
  actorUnitName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.string(),
  details: z.unknown(),
  hash: z.string().nullable(),
});
export type TAuditRecord = z.infer<typeof ZAuditRecord>;

export const ZAuditPage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(ZAuditRecord) });
export type TAuditPage = z.infer<typeof ZAuditPage>;

/** The law asks for at least six months (网络安全法 §21: logs kept no less than six months). */
export const AUDIT_MIN_RETENTION_MONTHS = 6;
export const ZAuditSettings = z.object({ retentionMonths: z.number().int().min(AUDIT_MIN_RETENTION_MONTHS).max(1200) });
export type TAuditSettings = z.infer<typeof ZAuditSettings>;

export const ZAuditVerify = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  unchained: z.number().int(),
  anchor: z.object({ id: z.number(), hash: z.string(), purgedAt: z.string(), removed: z.number() }).nullable(),
  firstBroken: z.object({ id: z.number(), reason: z.string(), expected: z.string(), found: z.string().nullable() }).optional(),
});
export type TAuditVerify = z.infer<typeof ZAuditVerify>;
