import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, count, createTestApp, login, readXlsx, seedUnit, seedUser, type Api, type TestApp } from '../../test/harness.js';
import { auditHash, canonicalJson, GENESIS_HASH, purgeAudit, verifyAuditChain, writeAudit } from '../../lib/audit.js';
import { retentionCutoff } from './service.js';

let t: TestApp;
let admin: Api;
let auditor: Api;
let reporter: Api;
let unitA: number;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await seedUnit(t.database, '审计测试县')).id;
  await seedUser(t.database, 'aud', ['auditor']);
  await seedUser(t.database, 'rep', ['reporter'], unitA);
  admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  auditor = api(t.app, await login(t.app, 'aud', 'User-Passw0rd!'));
  reporter = api(t.app, await login(t.app, 'rep', 'User-Passw0rd!'));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('canonical content', () => {
  it('does not depend on key order and covers every field', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    const c = {
      at: new Date('2026-01-01T00:00:00.000Z'),
      actorUserId: 1,
      actorUsername: 'x',
      actorRoles: ['editor'],
      actorUnitId: null,
      action: 'a',
      targetType: null,
      targetId: null,
      ip: '127.0.0.1',
      outcome: 'ok',
      details: { k: 1 },
    };
    const h = auditHash(GENESIS_HASH, c);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, { ...c, outcome: 'denied' })).not.toBe(h);
    expect(auditHash('1'.repeat(64), c)).not.toBe(h);
  });
});

describe('the audit trail', () => {
  it('records who, role, unit, action, target, source and outcome for a change, chained to the record before', async () => {
    const res = await admin.post('/api/topics', { year: 2026, name: '审计专题' });
    expect([200, 201]).toContain(res.statusCode);
    const [row] = await t.database.query<{ actor_username: string; actor_roles: string[]; action: string; target_type: string; ip: string; outcome: string; prev_hash: string; hash: string }>(
      "select * from audit_log where action = 'topic.create' order by id desc limit 1",
    );
    expect(row).toMatchObject({ actor_username: 'admin', actor_roles: ['administrator'], action: 'topic.create', target_type: 'topic', ip: '127.0.0.1', outcome: 'ok' });
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
    const [before] = await t.database.query<{ hash: string }>("select hash from audit_log where id < (select max(id) from audit_log where action = 'topic.create') order by id desc limit 1");
    expect(row!.prev_hash).toBe(before!.hash);
  });

  it('records failed logins and refused requests (forbidden, forged CSRF token)', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rep', password: 'wrong-password-1' } });
    expect((await reporter.post('/api/topics', { year: 2026, name: 'x' })).statusCode).toBe(403);
    const forged = await reporter.patch(`/api/units/${unitA}`, { contactName: 'x' }, { headers: { 'x-csrf-token': 'forged' } });
    expect(forged.statusCode).toBe(403);
    const rows = await t.database.query<{ action: string; outcome: string; details: { code?: string; reason?: string } | null }>(
      "select action, outcome, details from audit_log where actor_username = 'rep' and outcome <> 'ok' order by id",
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'auth.login', outcome: 'failed' }),
        expect.objectContaining({ action: 'POST /api/topics', outcome: 'denied' }),
        expect.objectContaining({ action: 'PATCH /api/units/:id', outcome: 'denied', details: { code: 'CSRF_INVALID' } }),
      ]),
    );
    // Recorded once, not once by the permission check and again by the error handler.
    expect(rows.filter((r) => r.action === 'POST /api/topics')).toHaveLength(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    await expect(t.database.query("update audit_log set outcome = 'ok' where outcome = 'denied'")).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(t.database.query('truncate audit_log')).rejects.toThrow(/append-only/);
    expect(await count(t.database, 'audit_log', "outcome = 'denied'")).toBeGreaterThan(0);
  });

  it('verifies, and reports the first broken link when a record is tampered with', async () => {
    const good = await verifyAuditChain(t.database);
    expect(good.ok).toBe(true);
    expect(good.checked).toBe(await count(t.database, 'audit_log'));
    // Tamper as someone with the database owner's rights would: switch the trigger off, change one record.
    const [mid] = await t.database.query<{ id: string }>('select id from audit_log order by id offset 3 limit 1');
    await t.database.query('alter table audit_log disable trigger audit_log_no_change');
    await t.database.query("update audit_log set actor_username = 'someone_else' where id = $1", [mid!.id]);
    const bad = await verifyAuditChain(t.database, 2);
    expect(bad.ok).toBe(false);
    expect(bad.firstBroken).toMatchObject({ id: Number(mid!.id), reason: 'hash_mismatch' });
    // A removed record breaks the link of the one after it.
    const [victim] = await t.database.query<{ id: string }>('select id from audit_log order by id offset 5 limit 1');
    await t.database.query('delete from audit_log where id = $1', [victim!.id]);
    await t.database.query('alter table audit_log enable trigger audit_log_no_change');
    const api = (await auditor.get('/api/audit/verify')).json();
    expect(api.ok).toBe(false);
    expect(api.firstBroken.id).toBe(Number(mid!.id));
  });
});

describe('chain under concurrency and retention', () => {
  it('stays one chain when many records are appended at once, and purges old records keeping it verifiable', async () => {
    const t2 = await createTestApp();
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => writeAudit(t2.database.db, { action: 'test.concurrent', targetId: i, outcome: 'ok', details: { i } })));
      await t2.database.db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) await writeAudit(tx, { action: 'test.in_tx', outcome: 'ok' });
      });
      const v = await verifyAuditChain(t2.database);
      expect(v).toMatchObject({ ok: true });
      expect(v.checked).toBe(await count(t2.database, 'audit_log'));
      const total = v.checked;
      // Purge everything older than "now + 1 minute": all but the newest go, an anchor and a purge record remain.
      const r = await purgeAudit(t2.database, new Date(Date.now() + 60_000));
      expect(r.removed).toBe(total - 1);
      const v2 = await verifyAuditChain(t2.database);
      expect(v2).toMatchObject({ ok: true, checked: 2 });
      expect(v2.anchor?.removed).toBe(total - 1);
      await writeAudit(t2.database.db, { action: 'test.after_purge', outcome: 'ok' });
      expect(await verifyAuditChain(t2.database)).toMatchObject({ ok: true, checked: 3 });
      expect(await count(t2.database, 'audit_log', "action = 'audit.purge'")).toBe(1);
      // A removed record breaks the link of the one after it.
      const ids = (await t2.database.query<{ id: string }>('select id from audit_log order by id')).map((x) => Number(x.id));
      await t2.database.query('alter table audit_log disable trigger audit_log_no_change');
      await t2.database.query('delete from audit_log where id = $1', [ids[1]]);
      expect(await verifyAuditChain(t2.database)).toMatchObject({ ok: false, firstBroken: { id: ids[2], reason: 'prev_mismatch' } });
    } finally {
      await t2.close();
    }
  }, 120_000);

  it('never keeps less than six months', () => {
    const at = new Date('2026-11-29T00:00:00Z');
    expect(retentionCutoff(1, at).toISOString()).toBe('2026-05-29T00:00:00.000Z');
    expect(retentionCutoff(24, at).toISOString()).toBe('2024-11-29T00:00:00.000Z');
  });
});

describe('auditors browse and export', () => {
  it('filters by user, action, outcome and day, newest first', async () => {
    const res = await auditor.get('/api/audit?actor=rep&outcome=denied&pageSize=10');
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.items.every((r: { actorUsername: string; outcome: string }) => r.actorUsername === 'rep' && r.outcome === 'denied')).toBe(true);
    const ids = page.items.map((r: { id: number }) => r.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(page.items[0].actorUnitName).toBe('审计测试县');
    const byAction = (await auditor.get('/api/audit?action=topic.')).json();
    expect(byAction.items.length).toBeGreaterThan(0);
    expect(byAction.items.every((r: { action: string }) => r.action.startsWith('topic.'))).toBe(true);
    expect((await auditor.get('/api/audit?from=2000-01-01&to=2000-01-02')).json().total).toBe(0);
    // Wildcards in the filter are taken literally.
    expect((await auditor.get('/api/audit?actor=%25')).json().total).toBe(0);
    expect((await auditor.get('/api/audit?outcome=maybe')).statusCode).toBe(400);
  });

  it('exports the filtered trail as .xlsx, and the export is itself recorded', async () => {
    const res = await auditor.get('/api/audit/export.xlsx?actor=rep');
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['编号', '时间', '用户', '角色', '单位', '操作', '对象', '来源地址', '结果', '详情', '校验值']);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.slice(1).every((r) => r[2] === 'rep')).toBe(true);
    expect(rows.some((r) => r[8] === '拒绝')).toBe(true);
    expect(await count(t.database, 'audit_log', "action = 'audit.export' and actor_username = 'aud'")).toBe(1);
  });

  it('is for auditors only; administrators set the retention, never under six months', async () => {
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
    expect((await reporter.get('/api/audit/verify')).statusCode).toBe(403);
    expect((await admin.put('/api/settings/audit', { retentionMonths: 5 })).statusCode).toBe(400);
    expect((await auditor.put('/api/settings/audit', { retentionMonths: 24 })).statusCode).toBe(403);
    const ok = await admin.put('/api/settings/audit', { retentionMonths: 24 });
    expect(ok.json()).toEqual({ retentionMonths: 24 });
    expect((await auditor.get('/api/settings/audit')).json()).toEqual({ retentionMonths: 24 });
  });
});

describe('npm run audit:verify', () => {
  it('reports an intact chain (exit 0) and the first broken link of a tampered one (exit 1)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { execFile } = await import('node:child_process');
    const { openPglite } = await import('../../db/connect.js');
    const { bootstrap } = await import('../../bootstrap.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'baosong-audit-'));
    const run = () =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile('npm', ['run', '-s', 'audit:verify'], { env: { ...process.env, BAOSONG_DATA: dir, DATABASE_URL: '' }, timeout: 120_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 99) : 0, out: stdout + stderr }),
        ),
      );
    try {
      let db = await openPglite(dir);
      await bootstrap(db, ADMIN_PASSWORD);
      for (let i = 0; i < 5; i++) await writeAudit(db.db, { action: 'test.cli', targetId: i, outcome: 'ok' });
      await db.close();
      const ok = await run();
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/intact: \d+ records checked/);
      db = await openPglite(dir);
      const [victim] = await db.query<{ id: string }>("select id from audit_log where action = 'test.cli' order by id offset 2 limit 1");
      await db.query('alter table audit_log disable trigger audit_log_no_change');
      await db.query("update audit_log set outcome = 'denied' where id = $1", [victim!.id]);
      await db.query('alter table audit_log enable trigger audit_log_no_change');
      await db.close();
      const bad = await run();
      expect(bad.code).toBe(1);
      expect(bad.out).toContain(`BROKEN at record ${victim!.id} (hash_mismatch)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
