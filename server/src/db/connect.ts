import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema.js';
import { acquireDataLock, DataLockedError, type DataLock } from './data-lock.js';

export type Schema = typeof schema;
/** Both drivers expose the same query builder; the node-postgres type is the common face. */
export type Db = NodePgDatabase<Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** Rows of a raw SQL statement, whichever driver ran it (node-postgres answers `{ rows }`, PGlite through drizzle too, or an array). */
export async function rowsOf<T extends Record<string, unknown>>(db: DbOrTx, q: SQL): Promise<T[]> {
  const r = (await db.execute(q)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Plain SQL with positional parameters, for the few places drizzle's builder does not fit. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** PGlite must be opened with the same extensions every time, or it cannot load them later. */
const pgliteExtensions = { pg_trgm };

export class DataFolderError extends Error {}

/** A clear sentence for what went wrong with the data folder, from the system's error code. */
export function dataFolderProblem(dataDir: string, e: unknown): DataFolderError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full (no space left on the device)'
      : code === 'EROFS'
        ? 'it is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOTDIR' || code === 'EEXIST'
            ? 'a file is in the way of the folder'
            : (code ?? (e as Error)?.message ?? String(e));
  return new DataFolderError(
    `The data folder ${dataDir} cannot be created or written: ${why}. Free some disk space or fix its permissions, or point BAOSONG_DATA elsewhere.`,
  );
}

/**
 * Opens the embedded database in `dataDir` (taking an exclusive lock on the folder), or in memory when dataDir is
 * undefined (tests). Applies migrations.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let lock: DataLock | undefined;
  let client: PGlite;
  if (dataDir) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
      // Permissions are not enough (root, read-only mounts, a full disk): write something real.
      const probe = path.join(dataDir, `.write-test-${process.pid}`);
      try {
        fs.writeFileSync(probe, Buffer.alloc(256 * 1024));
      } finally {
        fs.rmSync(probe, { force: true });
      }
    } catch (e) {
      throw dataFolderProblem(dataDir, e);
    }
    try {
      lock = acquireDataLock(dataDir);
    } catch (e) {
      if (e instanceof DataLockedError) throw e;
      throw dataFolderProblem(dataDir, e);
    }
    try {
      client = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata'), extensions: pgliteExtensions });
    } catch (e) {
      lock.release();
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code && ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM'].includes(code)) throw dataFolderProblem(dataDir, e);
      throw new DataFolderError(`The embedded database in ${dataDir} could not be opened: ${(e as Error).message}`);
    }
  } else {
    client = await PGlite.create({ extensions: pgliteExtensions });
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  let closed = false;
  return {
    kind: 'pglite',
    db,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await client.query(text, params);
      return r.rows as T[];
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (dataDir) await client.exec('CHECKPOINT');
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

const MIGRATION_LOCK_KEY = 738_201_401; // arbitrary constant: one migrator at a time across app processes

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const lockClient = await pool.connect();
  const db = drizzlePg({ client: pool, schema });
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // On the client holding the lock (a pool of one connection would otherwise wait for itself).
    await migratePg(drizzlePg({ client: lockClient, schema }), { migrationsFolder });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    lockClient.release();
  }
  return {
    kind: 'postgres',
    db,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await pool.query(text, params);
      return r.rows as T[];
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
