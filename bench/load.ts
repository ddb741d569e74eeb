/**
 * Opens a database for a benchmark — in-memory PGlite, or a fresh database on the PostgreSQL server named by
 * DATABASE_URL (created here, dropped at the end) — and loads a generated corpus through the product's own code
 * (search tokens, signatures, multi-row index writes).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../server/src/db/connect.js';
import { bootstrap } from '../server/src/bootstrap.js';
import { createUnit } from '../server/src/features/units/service.js';
import { insertHistorical, type PreparedArticle } from '../server/src/features/dedup/bulk.js';
import { PreparePool } from '../server/src/features/dedup/prepare-pool.js';
import { maintainDedupIndex } from '../server/src/features/dedup/maintenance.js';
import { generateCorpus, type CorpusDoc } from './corpus.js';

export interface BenchDb {
  database: Database;
  kind: 'pglite' | 'postgres';
  adminId: number;
  unitIds: number[];
  close(): Promise<void>;
}

/**
 * `keep`: a database name on PostgreSQL (a data folder for PGlite) that is kept after the run, so a second run on the
 * same corpus size measures the queries again without loading (see loadCorpus).
 */
export async function openBenchDatabase(keep?: string): Promise<BenchDb> {
  const url = process.env.DATABASE_URL;
  let database: Database;
  let drop = async () => {};
  if (url) {
    if (keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error('--db must be a lower-case database name');
    const name = keep ?? `baosong_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!exists) await admin.query(`create database "${name}"`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = await openPostgres(u.toString(), { max: 4 });
    if (!keep) drop = () => dropBenchDatabase(name);
  } else {
    // A temporary data folder rather than memory: a large corpus would not fit WebAssembly's address space.
    const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'baosong-bench-'));
    database = await openPglite(dir);
    if (!keep) drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  await bootstrap(database, 'Bench-Passw0rd!');
  const [group] = await database.query<{ id: number }>('select id from unit_groups order by id limit 1');
  const unitIds: number[] = [];
  for (let i = 0; i < 20; i++) {
    const name = `基准测试单位${i + 1}`;
    const [old] = await database.query<{ id: number }>('select id from units where name = $1', [name]);
    unitIds.push(old?.id ?? (await createUnit(database, null, { name, shortName: null, groupId: group!.id, contactName: null, contactPhone: null, contactEmail: null })).id);
  }
  const [adminRow] = await database.query<{ id: number }>(`select id from users where username = 'admin'`);
  return {
    database,
    kind: url ? 'postgres' : 'pglite',
    adminId: adminRow!.id,
    unitIds,
    async close() {
      await database.close();
      await drop();
    },
  };
}

/** Drops a benchmark's database on DATABASE_URL's server (a kept one too, when its run is over). */
export async function dropBenchDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await c.end();
  }
}

export interface Loaded {
  docs: CorpusDoc[];
  /** Article id of each corpus document. */
  articleIds: number[];
  seconds: number;
}

/**
 * Loads `n` documents in batches: worker threads compute the next batches (segmentation, signatures) while this
 * thread writes in one transaction per batch — the product's bulk path (PreparePool + insertHistorical). On
 * PostgreSQL two batches are written at once on two connections (as an archive import keeps one write in flight while
 * it reads the next files): one transaction's statements run while the other's are sent; their frequency upserts take
 * the rows in one order, so they wait for each other but never deadlock.
 */
export async function loadCorpus(
  b: BenchDb,
  n: number,
  opts: { keep?: (d: CorpusDoc) => boolean; batch?: number; workers?: number; log?: boolean } = {},
): Promise<Loaded> {
  const batchSize = opts.batch ?? 500;
  const docs: CorpusDoc[] = [];
  const articleIds: number[] = [];
  // A kept database already holding this corpus: the same documents again (the generator is deterministic), no load.
  const [{ n: present }] = (await b.database.query<{ n: number }>('select count(*)::int as n from articles')) as [{ n: number }];
  if (present === n) {
    for (const d of generateCorpus(n)) docs.push(opts.keep?.(d) ?? true ? d : { ...d, body: '' });
    // The article of each document, as the load recorded it (batches written side by side interleave their ids).
    const [order] = await b.database.query<{ value: number[] }>(`select value from app_meta where key = 'bench.ids'`);
    const ids = order?.value ?? (await b.database.query<{ id: number }>('select id from articles order by id')).map((r) => Number(r.id));
    // The load's own time, recorded when it ran, so the figures of a reused database stay those of its load.
    const [meta] = await b.database.query<{ value: { seconds: number } }>(`select value from app_meta where key = 'bench.load'`);
    return { docs, articleIds: ids, seconds: meta?.value.seconds ?? Number.NaN };
  }
  if (present) throw new Error(`the kept database holds ${present} articles, not ${n}: drop it or pick another --db`);
  // The corpus is made before the clock starts: its generation is the benchmark's, not the product's, work.
  const corpus = [...generateCorpus(n)];
  const pool = new PreparePool(opts.workers ?? 1);
  const t0 = performance.now();
  const inFlight: Promise<PreparedArticle[]>[] = [];
  let batch: CorpusDoc[] = [];
  let logged = 0;
  const send = () => {
    inFlight.push(
      pool.prepare(
        batch.map((d) => ({
          unitId: b.unitIds[d.index % b.unitIds.length]!,
          createdById: b.adminId,
          title: d.title,
          bodyHtml: `<p>${d.body}</p>`,
          bodyText: d.body,
          state: 'adopted' as const,
          date: d.date,
        })),
      ),
    );
    batch = [];
  };
  const writers = b.kind === 'postgres' ? 2 : 1;
  const batchIds: number[][] = [];
  const writing: Promise<void>[] = [];
  let written = 0;
  const writeOne = async (k: number, prepared: Promise<PreparedArticle[]>) => {
    const rows = await prepared;
    const ids = await b.database.db.transaction((tx) => insertHistorical(tx, rows));
    batchIds[k] = ids;
    written += ids.length;
    if (opts.log && written - logged >= 10_000) {
      logged = written;
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(`loaded ${written} in ${s.toFixed(0)} s (${(written / s).toFixed(0)}/s)\n`);
    }
  };
  let batchNo = 0;
  const startWrite = async () => {
    if (writing.length >= writers) await writing.shift();
    const w = writeOne(batchNo++, inFlight.shift()!);
    w.catch(() => {}); // rethrown where it is awaited
    writing.push(w);
  };
  try {
    for (const d of corpus) {
      if (opts.keep?.(d) ?? true) docs.push(d);
      else docs.push({ ...d, body: '' });
      batch.push(d);
      if (batch.length >= batchSize) {
        send();
        // Two batches ahead: the workers never wait for the writers, memory stays bounded.
        if (inFlight.length > 2) await startWrite();
      }
    }
    if (batch.length) send();
    while (inFlight.length) await startWrite();
    while (writing.length) await writing.shift();
  } finally {
    await Promise.allSettled(writing);
    await pool.close();
  }
  for (const ids of batchIds) for (const id of ids) articleIds.push(id); // (a spread of a million overflows the stack)
  // As an archive import ends: the index vacuumed (counted in the load's time), the rest analysed.
  await maintainDedupIndex(b.database);
  const seconds = (performance.now() - t0) / 1000;
  await b.database.query('analyze');
  await b.database.query(`insert into app_meta (key, value) values ('bench.load', $1::jsonb), ('bench.ids', $2::jsonb)`, [JSON.stringify({ seconds }), JSON.stringify(articleIds)]);
  return { docs, articleIds, seconds };
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, c) => a - c);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function argsOf(argv: string[]): { docs: number; json?: string; queries?: number; bruteForce?: number; workers?: number; db?: string } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string) => (get(name) !== undefined ? Number(get(name)) : undefined);
  const docs = Number(get('docs') ?? 1000);
  if (!Number.isInteger(docs) || docs < 50) throw new Error('--docs must be an integer ≥ 50');
  return { docs, json: get('json'), queries: num('queries'), bruteForce: num('brute-force'), workers: num('workers'), db: get('db') };
}
