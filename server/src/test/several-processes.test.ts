import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../bootstrap.js';
import { openPostgres } from '../db/connect.js';
import { verifyAuditChain } from '../lib/audit.js';
import { seedUnit, seedUser, USER_PASSWORD } from './harness.js';
import { postgresBin, signIn, startPrivateCluster, startServer, type Client, type PrivateCluster, type ServerProcess } from './processes.js';

/**
 * Three app processes on one PostgreSQL database, as behind a reverse proxy: concurrent conflicting updates through
 * different processes lose nothing — optimistic version checks answer 409 and the totals add up. PostgreSQL is a
 * private cluster started for this file; skipped without the server binaries.
 */
const skip = !postgresBin();
if (skip) console.warn('several-processes.test: PostgreSQL server binaries not found under /usr/lib/postgresql — skipped');

let cluster: PrivateCluster | undefined;
let url = '';
const servers: ServerProcess[] = [];

beforeAll(async () => {
  if (skip) return;
  cluster = await startPrivateCluster();
  const c = new pg.Client({ connectionString: cluster.url() });
  await c.connect();
  await c.query('create database several');
  await c.end();
  url = cluster.url('several');
  const db = await openPostgres(url, { max: 2 });
  await bootstrap(db, 'Admin-Passw0rd!');
  const unit = await seedUnit(db, '多进程测试县');
  await seedUser(db, 'rep', ['reporter'], unit.id);
  for (const e of ['ed1', 'ed2', 'ed3']) await seedUser(db, e, ['editor']);
  await db.close();
  // Started one after another here; they would also start together (migrations run under an advisory lock).
  for (let i = 0; i < 3; i++) servers.push(await startServer({ DATABASE_URL: url }));
}, 180_000);
afterAll(async () => {
  for (const s of servers) await s.kill('SIGTERM');
  cluster?.destroy();
});

describe.skipIf(skip)('several app processes on one PostgreSQL', () => {
  it('concurrent edits through three processes: every edit lands exactly once (409 and retry, never lost)', async () => {
    const reps: Client[] = [];
    for (const s of servers) reps.push(await signIn(s.base, 'rep', USER_PASSWORD));
    const a = await reps[0]!.call('POST', '/api/articles', { title: '多进程并发编辑', bodyHtml: '<p>起始</p>', type: 'news' });
    expect(a.status).toBe(201);
    const id = a.body.id as number;
    const startVersion = a.body.rowVersion as number;
    const PER_WORKER = 5;
    let conflicts = 0;
    let saves = 0;
    // Two workers per process, each appending its own markers by read-modify-write with the version it read.
    const worker = async (client: Client, w: number) => {
      for (let k = 0; k < PER_WORKER; k++) {
        for (let attempt = 0; ; attempt++) {
          expect(attempt).toBeLessThan(200);
          const cur = await client.call('GET', `/api/articles/${id}`);
          expect(cur.status).toBe(200);
          const r = await client.call('PATCH', `/api/articles/${id}`, { bodyHtml: `${cur.body.bodyHtml}<p>w${w}-${k}</p>`, rowVersion: cur.body.rowVersion });
          if (r.status === 200) {
            saves++;
            break;
          }
          expect(r.status, JSON.stringify(r.body)).toBe(409);
          expect(r.body.code).toBe('ARTICLE_CONFLICT');
          conflicts++;
        }
      }
    };
    await Promise.all(servers.flatMap((_, p) => [worker(reps[p]!, p * 2), worker(reps[p]!, p * 2 + 1)]));
    const final = await reps[1]!.call('GET', `/api/articles/${id}`);
    const workers = servers.length * 2;
    expect(saves).toBe(workers * PER_WORKER);
    for (let w = 0; w < workers; w++) {
      for (let k = 0; k < PER_WORKER; k++) expect(final.body.bodyHtml.split(`<p>w${w}-${k}</p>`).length - 1, `w${w}-${k}`).toBe(1);
    }
    expect(final.body.rowVersion).toBe(startVersion + saves);
    expect(conflicts).toBeGreaterThan(0); // they really did collide
  }, 120_000);

  it('three editors on three processes deciding the same articles at once: exactly one wins each time', async () => {
    const rep = await signIn(servers[0]!.base, 'rep', USER_PASSWORD);
    const eds: Client[] = [];
    for (let i = 0; i < 3; i++) eds.push(await signIn(servers[i]!.base, `ed${i + 1}`, USER_PASSWORD));
    const ROUNDS = 8;
    let won = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const a = await rep.call('POST', '/api/articles', { title: `多进程决定 ${round}`, bodyHtml: '<p>正文</p>', type: 'news' });
      const s = await rep.call('POST', `/api/articles/${a.body.id}/actions/submit`, { rowVersion: a.body.rowVersion });
      expect(s.status).toBe(200);
      const v = s.body.rowVersion as number;
      const results = await Promise.all(eds.map((ed) => ed.call('POST', `/api/articles/${a.body.id}/actions/claim`, { rowVersion: v })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409]);
      won++;
    }
    const db = await openPostgres(url, { max: 2 });
    try {
      const [claims] = await db.query<{ n: number }>("select count(*)::int as n from article_events where action = 'claim'");
      const [audited] = await db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'article.claim'");
      expect(claims!.n).toBe(won);
      expect(audited!.n).toBe(won);
      // One audit chain across all processes.
      const chain = await verifyAuditChain(db);
      expect(chain.ok, JSON.stringify(chain.firstBroken)).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);
});
