import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../bootstrap.js';
import { openPglite, openPostgres, type Database } from '../db/connect.js';
import { verifyAuditChain } from '../lib/audit.js';
import { seedUnit, seedUser, USER_PASSWORD } from './harness.js';
import { failedStart, postgresBin, signIn, startPrivateCluster, startServer, type Client, type PrivateCluster, type ServerProcess } from './processes.js';

/**
 * Faults, with the real server running as its own process: SIGKILL in the middle of a stream of submissions (on both
 * databases), PostgreSQL going away and coming back under a running app, and a data folder that cannot be used.
 * PostgreSQL here is a private cluster started for this file (never the shared server); without the server binaries
 * those tests are skipped.
 */
const PG_BIN = postgresBin();
const skipPg = !PG_BIN;
if (skipPg) console.warn('faults.test: PostgreSQL server binaries not found under /usr/lib/postgresql — the PostgreSQL fault tests are skipped');

let cluster: PrivateCluster | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baosong-faults-'));
const servers: ServerProcess[] = [];

beforeAll(async () => {
  if (!skipPg) cluster = await startPrivateCluster();
}, 120_000);
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  cluster?.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function createDb(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: cluster!.url() });
  await c.connect();
  await c.query(`create database "${name}"`);
  await c.end();
  return cluster!.url(name);
}

/** A unit with a reporter (`rep`, submits directly) and an editor (`ed`), written straight through the services. */
async function seed(database: Database): Promise<void> {
  await bootstrap(database, 'Admin-Passw0rd!');
  const unit = await seedUnit(database, '故障测试县');
  await seedUser(database, 'rep', ['reporter'], unit.id);
  await seedUser(database, 'rep2', ['reporter'], unit.id);
  await seedUser(database, 'ed', ['editor']);
}

interface Acked {
  created: Set<number>;
  submitted: Set<number>;
}

/**
 * Reporters create and submit articles, `parallel` at a time, until told to stop (or the server is gone). Records
 * what was answered 2xx.
 */
interface Stream {
  stop: boolean;
  acked: Acked;
}
async function submissionStream(client: Client, parallel: number, state: Stream): Promise<void> {
  let n = 0;
  const worker = async () => {
    while (!state.stop) {
      const i = ++n;
      try {
        const a = await client.call('POST', '/api/articles', { title: `故障测试稿件 ${i}`, bodyHtml: `<p>第 ${i} 篇：今年以来，本县紧紧围绕稳增长目标推进项目建设。</p>`, type: 'news' });
        if (a.status !== 201) continue;
        state.acked.created.add(a.body.id);
        const s = await client.call('POST', `/api/articles/${a.body.id}/actions/submit`, { rowVersion: a.body.rowVersion });
        if (s.status === 200) state.acked.submitted.add(a.body.id);
      } catch {
        return; // the server is gone
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Every acknowledged write is there, and nothing is half-written: each article has its events and audit records. */
async function checkConsistent(database: Database, acked: Acked) {
  const rows = await database.query<{ id: number; state: string }>('select id, state from articles');
  const byId = new Map(rows.map((r) => [Number(r.id), r.state]));
  for (const id of acked.created) expect(byId.has(id), `acknowledged article ${id} lost`).toBe(true);
  for (const id of acked.submitted) expect(byId.get(id), `acknowledged submission ${id} lost`).not.toBe('draft');
  const orphans = await database.query<{ id: number }>(
    `select a.id from articles a
      where not exists (select 1 from article_events e where e.article_id = a.id and e.action = 'create')
         or not exists (select 1 from audit_log l where l.action = 'article.create' and l.target_id = a.id::text)
         or (a.state <> 'draft' and (
              not exists (select 1 from article_events e where e.article_id = a.id and e.action = 'submit')
           or not exists (select 1 from audit_log l where l.action = 'article.submit' and l.target_id = a.id::text)
           or not exists (select 1 from article_versions v where v.article_id = a.id)))`,
  );
  expect(orphans, 'half-written articles').toEqual([]);
  const [events] = await database.query<{ n: number }>("select count(*)::int as n from article_events where action = 'submit'");
  const [audits] = await database.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'article.submit'");
  expect(events!.n).toBe(audits!.n);
  const chain = await verifyAuditChain(database);
  expect(chain.ok, JSON.stringify(chain.firstBroken)).toBe(true);
}

async function killMidStream(env: Record<string, string>): Promise<Acked> {
  const server = await startServer(env);
  servers.push(server);
  const rep = await signIn(server.base, 'rep', USER_PASSWORD);
  const state: Stream = { stop: false, acked: { created: new Set(), submitted: new Set() } };
  const stream = submissionStream(rep, 4, state);
  // Let some requests complete, then kill without warning while others are in flight.
  const deadline = Date.now() + 30_000;
  while (state.acked.submitted.size < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  server.child.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  state.stop = true;
  await stream;
  expect(state.acked.submitted.size, 'the stream made no progress before the kill').toBeGreaterThanOrEqual(8);
  return state.acked;
}

describe('SIGKILL in the middle of a stream of submissions', () => {
  it('embedded database: acknowledged writes survive, nothing half-written, the server starts cleanly', async () => {
    const data = path.join(tmp, 'kill-pglite');
    const db = await openPglite(data);
    await seed(db);
    await db.close();
    const acked = await killMidStream({ BAOSONG_DATA: data });
    // Starts again on the same folder (the stale lock of the killed process is taken over) and serves.
    const again = await startServer({ BAOSONG_DATA: data });
    servers.push(again);
    expect(again.output()).not.toMatch(/Error|at .*\.ts:\d+/);
    const rep = await signIn(again.base, 'rep', USER_PASSWORD);
    const list = await rep.call('GET', '/api/articles?pageSize=100');
    expect(list.status).toBe(200);
    const more = await rep.call('POST', '/api/articles', { title: '重启后的稿件', bodyHtml: '<p>重启后仍可写入。</p>', type: 'news' });
    expect(more.status).toBe(201);
    expect(await again.kill('SIGTERM')).toBe(0);
    const check = await openPglite(data);
    try {
      await checkConsistent(check, acked);
    } finally {
      await check.close();
    }
  }, 480_000);

  it.skipIf(skipPg)('PostgreSQL: acknowledged writes survive, nothing half-written, the server starts cleanly', async () => {
    const url = await createDb('kill_pg');
    const db = await openPostgres(url, { max: 2 });
    await seed(db);
    await db.close();
    const acked = await killMidStream({ DATABASE_URL: url });
    const again = await startServer({ DATABASE_URL: url });
    servers.push(again);
    const rep = await signIn(again.base, 'rep', USER_PASSWORD);
    expect((await rep.call('POST', '/api/articles', { title: '重启后的稿件', bodyHtml: '<p>重启后仍可写入。</p>', type: 'news' })).status).toBe(201);
    const check = await openPostgres(url, { max: 2 });
    try {
      await checkConsistent(check, acked);
    } finally {
      await check.close();
      await again.kill('SIGTERM');
    }
  }, 480_000);
});

describe('PostgreSQL restarting under a running app', () => {
  it.skipIf(skipPg)('requests get a clear 503 while it is down and succeed again without restarting the app', async () => {
    const url = await createDb('restart_pg');
    const db = await openPostgres(url, { max: 2 });
    await seed(db);
    await db.close();
    const server = await startServer({ DATABASE_URL: url });
    servers.push(server);
    const rep = await signIn(server.base, 'rep', USER_PASSWORD);
    expect((await rep.call('GET', '/api/articles')).status).toBe(200);

    cluster!.stop();
    try {
      for (const [method, url2, body] of [
        ['GET', '/api/articles', undefined],
        ['POST', '/api/articles', { title: '数据库停机时的稿件', bodyHtml: '<p>不应写入。</p>', type: 'news' }],
        ['GET', '/api/health', undefined],
      ] as const) {
        const r = await rep.call(method, url2, body);
        expect(r.status, `${method} ${url2}: ${JSON.stringify(r.body)}`).toBe(503);
        expect(r.body.code).toBe('DATABASE_UNAVAILABLE');
        expect(typeof r.body.message).toBe('string');
        expect(r.body.message.length).toBeGreaterThan(4);
      }
    } finally {
      cluster!.start();
    }
    expect(server.child.exitCode).toBeNull(); // still running
    // The pool reconnects: the same session works, reads and writes succeed.
    let ok = 0;
    for (let i = 0; i < 50 && ok === 0; i++) {
      const r = await rep.call('GET', '/api/articles');
      if (r.status === 200) ok++;
      else await new Promise((res) => setTimeout(res, 200));
    }
    expect(ok).toBe(1);
    const w = await rep.call('POST', '/api/articles', { title: '数据库恢复后的稿件', bodyHtml: '<p>恢复后写入。</p>', type: 'news' });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    expect((await rep.call('GET', '/api/health')).status).toBe(200);
    const check = await openPostgres(url, { max: 1 });
    try {
      const titles = await check.query<{ title: string }>('select title from articles');
      expect(titles.map((t) => t.title)).toEqual(['数据库恢复后的稿件']);
    } finally {
      await check.close();
    }
    expect(await server.kill('SIGTERM')).toBe(0);
  }, 480_000);
});

describe('a data folder that cannot be used at start', () => {
  const noTrace = (out: string) => {
    expect(out).toMatch(/Baosong cannot start: /);
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
  };

  it('a path that cannot be created: clear message, non-zero exit', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'x');
    const r = await failedStart({ BAOSONG_DATA: path.join(file, 'data') });
    expect(r.code).toBe(1);
    noTrace(r.output);
    expect(r.output).toMatch(/cannot be created or written/);
  }, 60_000);

  const root = process.getuid?.() === 0;
  const canMount = root && (() => {
    const probe = path.join(tmp, 'probe');
    fs.mkdirSync(probe);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!canMount) console.warn('faults.test: cannot mount a small tmpfs (needs root) — the full-disk and read-only tests are skipped');

  it.skipIf(!canMount)('an unwritable (read-only) folder: clear message, non-zero exit', async () => {
    const dir = path.join(tmp, 'ro');
    fs.mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', dir]);
    try {
      const r = await failedStart({ BAOSONG_DATA: path.join(dir, 'data') });
      expect(r.code).toBe(1);
      noTrace(r.output);
      expect(r.output).toMatch(/cannot be created or written/);
      const r2 = await failedStart({ BAOSONG_DATA: dir });
      expect(r2.code).toBe(1);
      noTrace(r2.output);
      expect(r2.output).toMatch(/read-only|cannot be created or written/);
    } finally {
      execFileSync('umount', [dir]);
    }
  }, 60_000);

  it.skipIf(!canMount)('a full disk: clear message, non-zero exit', async () => {
    const dir = path.join(tmp, 'full');
    fs.mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
    try {
      // Fill it.
      const fd = fs.openSync(path.join(dir, 'filler'), 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(64 * 1024));
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        fs.closeSync(fd);
      }
      const r = await failedStart({ BAOSONG_DATA: path.join(dir, 'data') });
      expect(r.code).toBe(1);
      noTrace(r.output);
      expect(r.output).toMatch(/disk is full|no space/i);
    } finally {
      execFileSync('umount', [dir]);
    }
  }, 60_000);
});
