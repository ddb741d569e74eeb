import { eq } from 'drizzle-orm';
import { AUDIT_MIN_RETENTION_MONTHS, type TAuditPage, type TAuditQuery, type TAuditRecord, type TAuditSettings } from '@baosong/contract';
import { appMeta } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { purgeAudit, writeAudit } from '../../lib/audit.js';
import { now } from '../../lib/clock.js';
import { xlsxWorkbook } from '../../render/xlsx.js';
import type { Actor } from '../../lib/policy.js';

const SETTINGS_KEY = 'settings.audit';
export const DEFAULT_AUDIT_SETTINGS: TAuditSettings = { retentionMonths: 12 };

export async function getAuditSettings(db: DbOrTx): Promise<TAuditSettings> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, SETTINGS_KEY));
  const v = row?.value as TAuditSettings | undefined;
  return { retentionMonths: Math.max(AUDIT_MIN_RETENTION_MONTHS, v?.retentionMonths ?? DEFAULT_AUDIT_SETTINGS.retentionMonths) };
}

export async function setAuditSettings(database: Database, actor: Actor, s: TAuditSettings, ip?: string): Promise<TAuditSettings> {
  const value = { retentionMonths: s.retentionMonths };
  await database.db.transaction(async (tx) => {
    await tx
      .insert(appMeta)
      .values({ key: SETTINGS_KEY, value })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });
    await writeAudit(tx, { actor, action: 'settings.audit.update', ip, outcome: 'ok', details: value });
  });
  return value;
}

/** The instant before which records may go: `months` calendar months before `at`. */
export function retentionCutoff(months: number, at: Date = now()): Date {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() - Math.max(AUDIT_MIN_RETENTION_MONTHS, months));
  return d;
}

/** Scheduled: removes records older than the retention period (the chain stays verifiable). */
export async function purgeExpiredAudit(database: Database): Promise<{ removed: number }> {
  const s = await getAuditSettings(database.db);
  return purgeAudit(database, retentionCutoff(s.retentionMonths));
}

function whereClause(q: TAuditQuery): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.from) conds.push(`a.at >= ${p(`${q.from}T00:00:00+08:00`)}::timestamptz`);
  if (q.to) conds.push(`a.at < (${p(`${q.to}T00:00:00+08:00`)}::timestamptz + interval '1 day')`);
  if (q.actor) conds.push(`a.actor_username ilike ${p(`%${escapeLike(q.actor)}%`)}`);
  if (q.action) conds.push(`a.action like ${p(`${escapeLike(q.action)}%`)}`);
  if (q.outcome) conds.push(`a.outcome = ${p(q.outcome)}`);
  if (q.unitId) conds.push(`a.actor_unit_id = ${p(q.unitId)}`);
  if (q.targetType) conds.push(`a.target_type = ${p(q.targetType)}`);
  if (q.targetId) conds.push(`a.target_id = ${p(q.targetId)}`);
  if (q.ip) conds.push(`a.ip = ${p(q.ip)}`);
  return { sql: conds.length ? `where ${conds.join(' and ')}` : '', params };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

interface Row {
  id: string | number;
  at: Date | string;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_roles: string[] | null;
  actor_unit_id: number | null;
  unit_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  outcome: string;
  details: unknown;
  hash: string | null;
}

const toRecord = (r: Row): TAuditRecord => ({
  id: Number(r.id),
  at: new Date(r.at).toISOString(),
  actorUserId: r.actor_user_id,
  actorUsername: r.actor_username,
  actorRoles: r.actor_roles,
  actorUnitId: r.actor_unit_id,
  actorUnitName: r.unit_name,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  ip: r.ip,
  outcome: r.outcome,
  details: r.details ?? null,
  hash: r.hash,
});

const SELECT = `select a.id, a.at, a.actor_user_id, a.actor_username, a.actor_roles, a.actor_unit_id, u.name as unit_name, a.action,
  a.target_type, a.target_id, a.ip, a.outcome, a.details, a.hash from audit_log a left join units u on u.id = a.actor_unit_id`;

/** Newest first, filtered, one page. */
export async function listAudit(database: Database, q: TAuditQuery): Promise<TAuditPage> {
  const w = whereClause(q);
  const [c] = await database.query<{ n: number }>(`select count(*)::int as n from audit_log a ${w.sql}`, w.params);
  const rows = await database.query<Row>(`${SELECT} ${w.sql} order by a.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`, w.params);
  return { total: c!.n, page: q.page, pageSize: q.pageSize, items: rows.map(toRecord) };
}

export const AUDIT_EXPORT_MAX = 100_000;

const fmt = (d: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(d));

const OUTCOME_ZH: Record<string, string> = { ok: '成功', denied: '拒绝', failed: '失败' };

/** The filtered records (up to AUDIT_EXPORT_MAX, newest first) as a workbook with Chinese headers. */
export async function auditXlsx(database: Database, q: TAuditQuery): Promise<Buffer> {
  const w = whereClause(q);
  const rows = await database.query<Row>(`${SELECT} ${w.sql} order by a.id desc limit ${AUDIT_EXPORT_MAX}`, w.params);
  return xlsxWorkbook([
    {
      name: '审计日志',
      columns: [
        { header: '编号', width: 10 },
        { header: '时间', width: 20 },
        { header: '用户', width: 16 },
        { header: '角色', width: 20 },
        { header: '单位', width: 24 },
        { header: '操作', width: 28 },
        { header: '对象', width: 18 },
        { header: '来源地址', width: 16 },
        { header: '结果', width: 8 },
        { header: '详情', width: 50 },
        { header: '校验值', width: 20 },
      ],
      rows: rows.map(toRecord).map((r) => [
        r.id,
        fmt(r.at),
        r.actorUsername ?? '',
        (r.actorRoles ?? []).join(','),
        r.actorUnitName ?? '',
        r.action,
        r.targetType ? `${r.targetType}${r.targetId ? ` #${r.targetId}` : ''}` : '',
        r.ip ?? '',
        OUTCOME_ZH[r.outcome] ?? r.outcome,
        r.details === null ? '' : JSON.stringify(r.details),
        r.hash ?? '',
      ]),
    },
  ]);
}
