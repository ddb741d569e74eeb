/**
 * `npm run bench:load -- [--seconds 30] [--connections 200] [--rate R] [--docs N] [--json FILE]`
 *
 * Starts the product on PostgreSQL — a fresh database on the server DATABASE_URL names (default the local one),
 * created here and dropped at the end — fills it with a year of data, and drives it from this process over loopback:
 * `connections` people, each on a keep-alive connection of its own, running the mix below in a loop for `seconds`
 * seconds. People read between clicks: after each answer a person pauses for a random time (exponential, mean
 * connections / rate seconds) and they start at random moments, so together they send about `--rate R` (default
 * 100) requests a second at random instants — 200 people clicking every two seconds on average. (autocannon's own
 * rate limit was used before; it lowers the connections to the rate and fires every connection's quota at the same
 * tick each second, a synchronised burst no office produces.) `--rate 0` sends as fast as answers come back (a
 * saturation test: with a closed loop of 200 connections the latency is then 200 / throughput by construction).
 * `--solo N` first runs the mix N times on one connection alone and adds each request's median ("solo_p50_ms"). Writes
 * {"database","connections","seconds","requests","errors","rps","p50_ms","p95_ms","p99_ms"} (plus "rate", the
 * status codes seen) to --json FILE and standard output.
 *
 * The year of data: 100 units with a reporter each, editors, `--docs` (default 8000) adopted articles spread over the
 * year (searchable, indexed for duplicates), 400 submissions waiting on the desk. The mix, per connection, in order:
 * desk queue, article read, search, a reporter's new draft, its submission (with the duplicate check), article read,
 * the assessment dashboard, the desk queue filtered by unit, the new article read by an editor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgres, type Database } from '../server/src/db/connect.js';
import { bootstrap } from '../server/src/bootstrap.js';
import { createUnit } from '../server/src/features/units/service.js';
import { createUser } from '../server/src/features/users/service.js';
import { insertHistorical, prepareHistorical } from '../server/src/features/dedup/bulk.js';
import { generateCorpus } from './corpus.js';
import { percentile } from './load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PW = 'Bench-Passw0rd!';
const REPORTERS = 8;

export interface LoadOptions {
  /** The PostgreSQL server: a database is created on it for the run and dropped after. */
  serverUrl: string;
  seconds: number;
  connections: number;
  /** Requests a second of all connections together; undefined: as fast as answers come back. */
  rate?: number;
  /** Adopted articles of the year. */
  docs: number;
  /** Rounds of the mix on one connection alone first (per-request medians). */
  solo: number;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function seedYear(database: Database, docs: number): Promise<{ units: number[]; historical: number[] }> {
  await bootstrap(database, PW);
  const [group] = await database.query<{ id: number }>('select id from unit_groups order by id limit 1');
  const base = { shortName: null, groupId: group!.id, contactName: null, contactPhone: null, contactEmail: null };
  const units: number[] = [];
  for (let i = 0; i < 100; i++) units.push((await createUnit(database, null, { ...base, name: `负载测试单位${i + 1}` })).id);
  const user = (username: string, roles: string[], unitId: number | null) =>
    createUser(database, null, { username, displayName: username, roles: roles as never, unitId, email: null, phone: null, password: PW, mustChangePassword: false });
  // Sign-in accounts for the units this benchmark drives (password hashing is slow on purpose: only those).
  for (let i = 0; i < REPORTERS; i++) await user(`rep${i + 1}`, ['reporter'], units[i]!);
  for (let i = 1; i <= 4; i++) await user(`ed${i}`, ['editor'], null);
  await user('lead', ['leader'], null);
  const [admin] = await database.query<{ id: number }>("select id from users where username = 'admin'");
  const historical: number[] = [];
  let batch: ReturnType<typeof prepareHistorical>[] = [];
  const flush = async () => {
    historical.push(...(await database.db.transaction((tx) => insertHistorical(tx, batch))));
    batch = [];
  };
  for (const d of generateCorpus(docs)) {
    batch.push(prepareHistorical({ unitId: units[d.index % units.length]!, createdById: admin!.id, title: d.title, bodyHtml: `<p>${d.body}</p>`, bodyText: d.body, state: 'adopted', date: d.date }));
    if (batch.length >= 500) await flush();
  }
  if (batch.length) await flush();
  await database.query('analyze');
  return { units, historical };
}

interface Session {
  cookie: string;
  csrf: string;
}
async function signIn(base: string, username: string): Promise<Session> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PW }) });
    if (r.status === 200) {
      const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
    }
    if (r.status === 429 && attempt < 20) {
      await new Promise((res) => setTimeout(res, 3000)); // sign-in rate limit per address
      continue;
    }
    throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  }
}

function startServer(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', BAOSONG_LOG_LEVEL: process.env.BAOSONG_LOG_LEVEL ?? 'error', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Baosong listening')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

let serial = 0;
const SEARCH_TERMS = ['经济', '项目建设', '乡村振兴', '安全生产', '招商引资', '民生', '改革', '环境保护', '疫情防控', '营商环境'];

/** Seeds a year on a fresh database, starts the product on it, drives it and returns the figures. */
export async function runLoadBench(opts: LoadOptions) {
  const { serverUrl, seconds, connections, rate, docs, solo: soloRounds } = opts;
  const name = `baosong_load_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  let server: ChildProcess | undefined;
  try {
    const t0 = performance.now();
    const database = await openPostgres(url, { max: 4 });
    const { units, historical } = await seedYear(database, docs);
    await database.close();
    log(`seeded ${units.length} units, ${historical.length} articles of the year in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const port = await freePort();
    server = await startServer(url, port);
    const base = `http://127.0.0.1:${port}`;
    const reps: Session[] = [];
    for (let i = 1; i <= REPORTERS; i++) reps.push(await signIn(base, `rep${i}`));
    const eds: Session[] = [];
    for (let i = 1; i <= 4; i++) eds.push(await signIn(base, `ed${i}`));

    // The desk's waiting submissions.
    const queue: number[] = [];
    for (let i = 0; i < 400; i += 8) {
      await Promise.all(
        reps.map(async (s, k) => {
          const h = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
          const a = (await (await fetch(`${base}/api/articles`, { method: 'POST', headers: h, body: JSON.stringify({ title: `待处理稿件 ${i + k}`, bodyHtml: `<p>本单位今年以来认真落实各项部署，第 ${i + k} 项工作取得新进展。</p>`, type: 'news' }) })).json()) as { id: number; rowVersion: number };
          const r = await fetch(`${base}/api/articles/${a.id}/actions/submit`, { method: 'POST', headers: h, body: JSON.stringify({ rowVersion: a.rowVersion }) });
          if (r.status !== 200) throw new Error(`seeding the desk queue: submit ${r.status} ${await r.text()}`);
          queue.push(a.id);
        }),
      );
    }
    const readable = [...historical, ...queue];
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const year = new Date().getFullYear();
    log(`server ready on ${base}; ${queue.length} submissions waiting; driving ${connections} connections for ${seconds} s${rate ? ` at ${rate} req/s` : ''}`);

    type Ctx = { rep?: Session; ed?: Session; id?: number; rowVersion?: number };
    type Req = { method: string; path: string; headers: Record<string, string>; body?: string };
    interface Step {
      kind: string;
      build: (ctx: Ctx) => Req;
      onResponse?: (status: number, body: string, ctx: Ctx) => void;
    }
    const json = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' });
    const get = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
    const failures: Record<string, number> = {};
    const mix: Step[] = [
      {
        // desk queue (a new cycle: this connection's people)
        kind: 'desk_queue',
        build: (ctx) => {
          ctx.rep = pick(reps);
          ctx.ed = pick(eds);
          return { method: 'GET', path: '/api/articles?state=submitted&state=in_review&pageSize=20', headers: get(ctx.ed) };
        },
      },
      { kind: 'article_read', build: (ctx) => ({ method: 'GET', path: `/api/articles/${pick(readable)}`, headers: get(ctx.ed!) }) },
      { kind: 'search', build: (ctx) => ({ method: 'GET', path: `/api/search?q=${encodeURIComponent(pick(SEARCH_TERMS))}&pageSize=20`, headers: get(ctx.ed!) }) },
      {
        kind: 'create_draft',
        build: (ctx) => ({
          method: 'POST',
          path: '/api/articles',
          headers: json(ctx.rep!),
          body: JSON.stringify({ title: `${pick(SEARCH_TERMS)}工作动态（第${++serial}期）`, bodyHtml: `<p>今年以来，本单位${pick(SEARCH_TERMS)}工作稳步推进，${pick(SEARCH_TERMS)}取得新进展，累计完成${serial}项重点任务，群众满意度持续提升。</p>`, type: 'news' }),
        }),
        onResponse: (status, body, ctx) => {
          if (status === 201) {
            const a = JSON.parse(body) as { id: number; rowVersion: number };
            ctx.id = a.id;
            ctx.rowVersion = a.rowVersion;
          } else ctx.id = undefined;
        },
      },
      {
        kind: 'submit',
        build: (ctx) => ({ method: 'POST', path: `/api/articles/${ctx.id ?? 0}/actions/submit`, headers: json(ctx.rep!), body: JSON.stringify({ rowVersion: ctx.rowVersion ?? 0 }) }),
        onResponse: (status, body) => {
          if (status !== 200) {
            const code = `submit ${status} ${(/"code":"([A-Z_]+)"/.exec(body) ?? [])[1] ?? ''}`;
            failures[code] = (failures[code] ?? 0) + 1;
          }
        },
      },
      { kind: 'article_read', build: (ctx) => ({ method: 'GET', path: `/api/articles/${pick(readable)}`, headers: get(ctx.ed!) }) },
      { kind: 'dashboard', build: (ctx) => ({ method: 'GET', path: `/api/scoring/assessment?period=${year}`, headers: get(ctx.ed!) }) },
      { kind: 'desk_by_unit', build: (ctx) => ({ method: 'GET', path: `/api/articles?unitId=${pick(units)}&pageSize=20`, headers: get(ctx.ed!) }) },
      { kind: 'article_read', build: (ctx) => ({ method: 'GET', path: `/api/articles/${ctx.id ?? pick(queue)}`, headers: get(ctx.ed!) }) },
    ];

    /** One request on the connection's own keep-alive agent: status, body and the time to the last byte. */
    const send = (agent: http.Agent, r: Req) =>
      new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
        const t = performance.now();
        const req = http.request(`${base}${r.path}`, { method: r.method, headers: r.body === undefined ? r.headers : { ...r.headers, 'content-length': Buffer.byteLength(r.body) }, agent, timeout: 10_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - t }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
        req.end(r.body);
      });

    // `--solo N`: the mix N times on one connection first, nothing else running: each request's own cost.
    const solo: Record<string, number[]> = {};
    {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let round = 0; round < soloRounds; round++) {
        const ctx: Ctx = {};
        for (const step of mix) {
          const res = await send(agent, step.build(ctx));
          (solo[step.kind] ??= []).push(res.ms);
          step.onResponse?.(res.status, res.body, ctx);
        }
      }
      agent.destroy();
    }

    // The load: `connections` people, each on a connection of their own, running the mix in a loop. Between answers
    // they read: a random pause (exponential, mean connections / rate seconds, so together they send `rate`
    // requests a second), and they start at random moments of the first pause — people do not click in step.
    const latencies: number[] = [];
    const byKind: Record<string, number[]> = {};
    const statuses: Record<string, number> = {};
    let errors = 0;
    let timeouts = 0;
    const meanThinkMs = rate ? (connections / rate) * 1000 : 0;
    const think = () => (meanThinkMs ? -Math.log(1 - Math.random()) * meanThinkMs : 0);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const started = performance.now();
    const end = started + seconds * 1000;
    const agents: http.Agent[] = [];
    const person = async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      await sleep(Math.random() * meanThinkMs);
      const ctx: Ctx = {};
      for (let i = 0; performance.now() < end; i = (i + 1) % mix.length) {
        const step = mix[i]!;
        try {
          const res = await send(agent, step.build(ctx));
          if (performance.now() > end + 10_000) break;
          latencies.push(res.ms);
          (byKind[step.kind] ??= []).push(res.ms);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status >= 400) errors++;
          step.onResponse?.(res.status, res.body, ctx);
        } catch (e) {
          errors++;
          if ((e as Error).message === 'timeout') timeouts++;
          step.onResponse?.(0, '', ctx);
        }
        const pause = think();
        if (performance.now() + pause >= end) break;
        await sleep(pause);
      }
    };
    await Promise.all(Array.from({ length: connections }, person));
    for (const a of agents) a.destroy();
    const elapsed = (performance.now() - started) / 1000;
    const requestsDone = latencies.length;
    const out = {
      database: 'postgres',
      connections,
      seconds,
      requests: requestsDone,
      errors,
      rps: Math.round((requestsDone / elapsed) * 10) / 10,
      p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p95_ms: Math.round(percentile(latencies, 95) * 10) / 10,
      p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
      rate: rate ?? null,
      statuses,
      timeouts,
      ...(Object.keys(failures).length ? { failures } : {}),
      ...(soloRounds ? { solo_p50_ms: Object.fromEntries(Object.entries(solo).map(([k, xs]) => [k, Math.round(percentile(xs, 50) * 10) / 10])) } : {}),
      by_request: Object.fromEntries(
        Object.entries(byKind).map(([k, xs]) => [k, { n: xs.length, p50_ms: Math.round(percentile(xs, 50)), p95_ms: Math.round(percentile(xs, 95)) }]),
      ),
    };
    return out;
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const jsonOut = arg('json');
  runLoadBench({
    serverUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    seconds: Number(arg('seconds') ?? 30),
    connections: Number(arg('connections') ?? 200),
    // Default: 200 people each sending a request every two seconds on average. 0 = as fast as answers come back.
    rate: Number(arg('rate') ?? 100) || undefined,
    docs: Number(arg('docs') ?? 8000),
    solo: Number(arg('solo') ?? 0),
  })
    .then((out) => {
      const text = JSON.stringify(out);
      console.log(text);
      if (jsonOut) writeFileSync(jsonOut, `${text}\n`);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
