/**
 * `npm run bench:load -- [--seconds 30] [--connections 200] [--rate R] [--docs N] [--json FILE]`
 *
 * Starts the product on PostgreSQL — a fresh database on the server DATABASE_URL names (default the local one),
 * created here and dropped at the end — fills it with a year of data, and drives it from this process over loopback
 * with autocannon: `connections` connections, each running the mix below in a loop, for `seconds` seconds. With
 * `--rate R` (default 100) the connections together send at most R requests a second — people read between clicks;
 * 200 connections at 100 req/s is everyone clicking every two seconds. `--rate 0` sends as fast as answers come back
 * (a saturation test: with a closed loop of 200 connections the latency is then 200 / throughput by construction). Writes
 * {"database","connections","seconds","requests","errors","rps","p50_ms","p95_ms","p99_ms"} (plus "rate" and the
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
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
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

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const seconds = Number(arg('seconds') ?? 30);
const connections = Number(arg('connections') ?? 200);
// Default: 200 people each sending a request every two seconds on average. 0 = as fast as answers come back.
const rate = Number(arg('rate') ?? 100) || undefined;
const docs = Number(arg('docs') ?? 8000);
const jsonOut = arg('json');
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

async function seedYear(database: Database): Promise<{ units: number[]; historical: number[] }> {
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

async function main() {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
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
    const { units, historical } = await seedYear(database);
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
    const json = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' });
    const get = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
    const requests: autocannon.Request[] = [
      {
        // desk queue (a new cycle: this connection's people)
        setupRequest: (req, ctx: Ctx) => {
          ctx.rep = pick(reps);
          ctx.ed = pick(eds);
          return { ...req, method: 'GET', body: undefined, path: '/api/articles?state=submitted&state=in_review&pageSize=20', headers: get(ctx.ed) };
        },
      },
      { setupRequest: (req, ctx: Ctx) => ({ ...req, method: 'GET', body: undefined, path: `/api/articles/${pick(readable)}`, headers: get(ctx.ed!) }) },
      { setupRequest: (req, ctx: Ctx) => ({ ...req, method: 'GET', body: undefined, path: `/api/search?q=${encodeURIComponent(pick(SEARCH_TERMS))}&pageSize=20`, headers: get(ctx.ed!) }) },
      {
        setupRequest: (req, ctx: Ctx) => ({
          ...req,
          method: 'POST',
          path: '/api/articles',
          headers: json(ctx.rep!),
          body: JSON.stringify({ title: `${pick(SEARCH_TERMS)}工作动态（第${++serial}期）`, bodyHtml: `<p>今年以来，本单位${pick(SEARCH_TERMS)}工作稳步推进，${pick(SEARCH_TERMS)}取得新进展，累计完成${serial}项重点任务，群众满意度持续提升。</p>`, type: 'news' }),
        }),
        onResponse: (status, body, ctx: Ctx) => {
          if (status === 201) {
            const a = JSON.parse(body) as { id: number; rowVersion: number };
            ctx.id = a.id;
            ctx.rowVersion = a.rowVersion;
          } else ctx.id = undefined;
        },
      },
      {
        setupRequest: (req, ctx: Ctx) => ({
          ...req,
          method: 'POST',
          path: `/api/articles/${ctx.id ?? 0}/actions/submit`,
          headers: json(ctx.rep!),
          body: JSON.stringify({ rowVersion: ctx.rowVersion ?? 0 }),
        }),
        onResponse: (status, body) => {
          if (status !== 200) {
            const code = `submit ${status} ${(/"code":"([A-Z_]+)"/.exec(body) ?? [])[1] ?? ''}`;
            failures[code] = (failures[code] ?? 0) + 1;
          }
        },
      },
      { setupRequest: (req, ctx: Ctx) => ({ ...req, method: 'GET', body: undefined, path: `/api/articles/${pick(readable)}`, headers: get(ctx.ed!) }) },
      { setupRequest: (req, ctx: Ctx) => ({ ...req, method: 'GET', body: undefined, path: `/api/scoring/assessment?period=${year}`, headers: get(ctx.ed!) }) },
      { setupRequest: (req, ctx: Ctx) => ({ ...req, method: 'GET', body: undefined, path: `/api/articles?unitId=${pick(units)}&pageSize=20`, headers: get(ctx.ed!) }) },
      { setupRequest: (req, ctx: Ctx) => ({ ...req, method: 'GET', body: undefined, path: `/api/articles/${ctx.id ?? pick(queue)}`, headers: get(ctx.ed!) }) },
    ];

    const latencies: number[] = [];
    const failures: Record<string, number> = {};
    // Per kind of request (for finding the slow ones): time from building the request to its answer.
    const kinds = ['desk_queue', 'article_read', 'search', 'create_draft', 'submit', 'article_read', 'dashboard', 'desk_by_unit', 'article_read'];
    const byKind: Record<string, number[]> = {};
    const timed = requests.map((r, i) => {
      const kind = kinds[i]!;
      const key = `t${i}`;
      return {
        ...r,
        setupRequest: (req: autocannon.Request, ctx: Record<string, unknown>) => {
          const out = r.setupRequest!(req, ctx as Ctx);
          ctx[key] = performance.now();
          return out;
        },
        onResponse: (status: number, body: string, ctx: Record<string, unknown>, headers?: unknown) => {
          (byKind[kind] ??= []).push(performance.now() - (ctx[key] as number));
          r.onResponse?.(status, body, ctx as Ctx, headers as never);
        },
      };
    });
    const statuses: Record<string, number> = {};
    const instance = autocannon({
      url: base,
      connections,
      duration: seconds,
      requests: timed as autocannon.Request[],
      ...(rate ? { overallRate: rate } : {}),
      timeout: 10,
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      instance.on('done', resolve);
      instance.on('error', reject);
    });
    const requestsDone = latencies.length;
    const errors = result.errors + result.non2xx;
    const out = {
      database: 'postgres',
      connections,
      seconds,
      requests: requestsDone,
      errors,
      rps: Math.round((requestsDone / seconds) * 10) / 10,
      p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p95_ms: Math.round(percentile(latencies, 95) * 10) / 10,
      p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
      rate: rate ?? null,
      statuses,
      timeouts: result.timeouts,
      ...(Object.keys(failures).length ? { failures } : {}),
      by_request: Object.fromEntries(
        Object.entries(byKind).map(([k, xs]) => [k, { n: xs.length, p50_ms: Math.round(percentile(xs, 50)), p95_ms: Math.round(percentile(xs, 95)) }]),
      ),
    };
    const text = JSON.stringify(out);
    console.log(text);
    if (jsonOut) writeFileSync(jsonOut, `${text}\n`);
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

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
