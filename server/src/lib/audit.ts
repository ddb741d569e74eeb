import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { appMeta, auditLog } from '../db/schema.js';
import type { Database, DbOrTx, Tx } from '../db/connect.js';
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

/** The hash the first record of the chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);
/** Appends to the chain are serialised with this transaction-level advisory lock (across all app processes). */
export const AUDIT_LOCK_KEY = 738_201_409;
/** Where the retention purge leaves the hash of the last record it removed (the chain's new starting point). */
export const AUDIT_ANCHOR_KEY = 'audit.anchor';

export interface AuditAnchor {
  id: number;
  hash: string;
  purgedAt: string;
  removed: number;
}

/** The content a record's hash covers, independent of the database's column order or jsonb key order. */
export interface AuditContent {
  at: Date;
  actorUserId: number | null;
  actorUsername: string | null;
  actorRoles: string[] | null;
  actorUnitId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: string;
  details: unknown;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function auditHash(prevHash: string, c: AuditContent): string {
  const content = canonicalJson({ ...c, at: c.at.toISOString() });
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

function isTx(db: DbOrTx): db is Tx {
  return typeof (db as { rollback?: unknown }).rollback === 'function';
}

/** The hash the next record must point back to; call it holding the audit lock. */
async function chainHead(tx: DbOrTx): Promise<string> {
  const [last] = await tx
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(sql`${auditLog.hash} is not null`)
    .orderBy(sql`${auditLog.id} desc`)
    .limit(1);
  if (last?.hash) return last.hash;
  const [anchor] = await tx.select().from(appMeta).where(eq(appMeta.key, AUDIT_ANCHOR_KEY));
  return (anchor?.value as AuditAnchor | undefined)?.hash ?? GENESIS_HASH;
}

async function append(tx: DbOrTx, e: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const content: AuditContent = {
    // Millisecond precision, so the value read back is the value hashed.
    at: new Date(),
    actorUserId: e.actor?.id ?? null,
    actorUsername: e.actor?.username ?? e.username ?? null,
    actorRoles: e.actor?.roles ? [...e.actor.roles] : null,
    actorUnitId: e.actor?.unitId ?? null,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId === undefined ? null : String(e.targetId),
    ip: e.ip ?? null,
    outcome: e.outcome,
    // What jsonb gives back: dates as text, undefined dropped.
    details: e.details === undefined ? null : JSON.parse(JSON.stringify(e.details)),
  };
  const prevHash = await chainHead(tx);
  await tx.insert(auditLog).values({ ...content, prevHash, hash: auditHash(prevHash, content) });
}

/**
 * Writes one audit record; call it inside the transaction of the change it records. The record is chained to the one
 * before it; appends are serialised by a transaction-level advisory lock, so call it late in the transaction. Given
 * the database handle rather than a transaction, it opens its own.
 */
export async function writeAudit(db: DbOrTx, e: AuditEntry): Promise<void> {
  if (isTx(db)) return append(db, e);
  await db.transaction((tx) => append(tx, e));
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Records whose hash was checked. */
  checked: number;
  /** Records written before the chain existed (no hash), skipped. */
  unchained: number;
  anchor: AuditAnchor | null;
  firstBroken?: { id: number; reason: 'prev_mismatch' | 'hash_mismatch' | 'missing_hash' | 'anchor_mismatch'; expected: string; found: string | null };
}

interface RawRow {
  id: number | string;
  at: Date | string;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_roles: string[] | null;
  actor_unit_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  outcome: string;
  details: unknown;
  prev_hash: string | null;
  hash: string | null;
}

/** Walks the whole chain in id order and reports the first broken link. */
export async function verifyAuditChain(database: Database, pageSize = 2000): Promise<AuditVerifyResult> {
  const [anchorRow] = await database.query<{ value: AuditAnchor }>('select value from app_meta where key = $1', [AUDIT_ANCHOR_KEY]);
  const anchor = anchorRow?.value ?? null;
  let expectedPrev = anchor?.hash ?? GENESIS_HASH;
  let started = false;
  let checked = 0;
  let unchained = 0;
  let lastId = 0;
  for (;;) {
    const rows = await database.query<RawRow>(
      'select id, at, actor_user_id, actor_username, actor_roles, actor_unit_id, action, target_type, target_id, ip, outcome, details, prev_hash, hash from audit_log where id > $1 order by id limit $2',
      [lastId, pageSize],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const id = Number(r.id);
      lastId = id;
      if (!started && r.hash === null) {
        unchained += 1;
        continue;
      }
      if (!started && anchor && id <= anchor.id) {
        return { ok: false, checked, unchained, anchor, firstBroken: { id, reason: 'anchor_mismatch', expected: `id > ${anchor.id}`, found: String(id) } };
      }
      started = true;
      if (r.hash === null) return { ok: false, checked, unchained, anchor, firstBroken: { id, reason: 'missing_hash', expected: 'a hash', found: null } };
      if (r.prev_hash !== expectedPrev) {
        return { ok: false, checked, unchained, anchor, firstBroken: { id, reason: checked === 0 && anchor ? 'anchor_mismatch' : 'prev_mismatch', expected: expectedPrev, found: r.prev_hash } };
      }
      const details = typeof r.details === 'string' ? JSON.parse(r.details) : r.details;
      const actual = auditHash(r.prev_hash, {
        at: new Date(r.at),
        actorUserId: r.actor_user_id,
        actorUsername: r.actor_username,
        actorRoles: r.actor_roles,
        actorUnitId: r.actor_unit_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        ip: r.ip,
        outcome: r.outcome,
        details: details ?? null,
      });
      if (actual !== r.hash) return { ok: false, checked, unchained, anchor, firstBroken: { id, reason: 'hash_mismatch', expected: actual, found: r.hash } };
      expectedPrev = r.hash;
      checked += 1;
    }
  }
  return { ok: true, checked, unchained, anchor };
}

/**
 * Removes records older than `before` (never the newest one), keeping the chain verifiable: the hash of the last
 * record removed becomes the anchor the remaining chain starts from, and the purge itself is audited.
 */
export async function purgeAudit(database: Database, before: Date, actor: Actor | null = null, ip?: string): Promise<{ removed: number }> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [newest] = await tx.select({ id: auditLog.id }).from(auditLog).orderBy(sql`${auditLog.id} desc`).limit(1);
    if (!newest) return { removed: 0 };
    const [cut] = await tx
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .where(sql`${auditLog.at} < ${before.toISOString()} and ${auditLog.id} < ${newest.id}`)
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    if (!cut) return { removed: 0 };
    await tx.execute(sql`select set_config('baosong.audit_purge', 'on', true)`);
    const removed = await tx.delete(auditLog).where(sql`${auditLog.id} <= ${cut.id}`).returning({ id: auditLog.id });
    await tx.execute(sql`select set_config('baosong.audit_purge', 'off', true)`);
    const [prevAnchor] = await tx.select().from(appMeta).where(eq(appMeta.key, AUDIT_ANCHOR_KEY));
    // Records from before the chain existed carry no hash: the anchor then stays where the chain began.
    const hash = cut.hash ?? (prevAnchor?.value as AuditAnchor | undefined)?.hash ?? GENESIS_HASH;
    const anchor: AuditAnchor = { id: cut.id, hash, purgedAt: new Date().toISOString(), removed: removed.length };
    await tx
      .insert(appMeta)
      .values({ key: AUDIT_ANCHOR_KEY, value: anchor })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: anchor, updatedAt: new Date() } });
    await append(tx, { actor, action: 'audit.purge', ip, outcome: 'ok', details: { before: before.toISOString(), removed: removed.length, anchorId: cut.id, anchorHash: hash } });
    return { removed: removed.length };
  });
}
