/**
 * Backup and restore in the product's own format, the same on both databases: a .tar.gz holding
 *
 *   backup.json                       format, version, source database, the schema's migrations — read first
 *   tables/<table>/<nnnnnn>.ndjson    the rows of every table, one JSON object per line (PostgreSQL's row_to_json)
 *   attachments/<id>                  each attachment's bytes, as uploaded (written just before the rows that own them)
 *   manifest.json                     per table: row count and checksum — written last, checked by restore
 *
 * The export reads every table inside one REPEATABLE READ, READ ONLY transaction: a consistent snapshot while the
 * app keeps running (on PostgreSQL other sessions are not blocked; on the embedded database, which has a single
 * connection, the app's other requests wait until the snapshot has been read).
 *
 * The restore goes into an empty, migrated database of the same schema version, in one transaction: foreign keys are
 * dropped, every row inserted with its original id, sequences moved past the highest id, foreign keys added back
 * (checked), then every table's count and checksum compared with the manifest. Any difference rolls everything back.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/connect.js';
import { VERSION } from '../version.js';
import { ArchiveFormatError, type ArchiveEntry, type ArchiveWriter } from './archive.js';

export const BACKUP_FORMAT = 'baosong-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Rows per archive entry, and the size an entry may grow to before it is cut. */
const PART_ROWS = 2000;
const PART_BYTES = 8 * 1024 * 1024;
/** Tables whose bytea column is stored as separate archive entries. */
const BLOB_TABLES: Record<string, string> = { attachments: 'data' };

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  source: Database['kind'];
  /** The applied migrations (drizzle's hashes, in order): restore needs the same schema. */
  migrations: string[];
}

export interface TableSummary {
  name: string;
  rows: number;
  /** md5 over the sorted md5s of every row's text form: independent of row order and of the database engine. */
  checksum: string;
}

export interface BackupManifest {
  tables: TableSummary[];
  attachments: { count: number; bytes: number };
}

export class BackupError extends Error {}

type Row = Record<string, unknown>;
async function q<T = Row>(tx: Tx, text: string): Promise<T[]> {
  const r = (await tx.execute(sql.raw(text))) as unknown as { rows: T[] };
  return r.rows;
}
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The text form of values (checksums) must not depend on the server's or session's settings. */
async function fixSession(tx: Tx): Promise<void> {
  await q(tx, "select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '1', true)");
}

/** Kept by triggers from other tables (a restore fills them again as it inserts those): never written to a backup. */
const DERIVED_TABLES = new Set(['article_search']);

/** The tables a backup holds: not the derived ones, and a partitioned table's rows once (not again per partition). */
async function tableNames(tx: Tx): Promise<string[]> {
  const rows = await q<{ t: string }>(
    tx,
    "select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname",
  );
  return rows.map((r) => r.t).filter((t) => !DERIVED_TABLES.has(t));
}

async function migrationsOf(tx: Tx): Promise<string[]> {
  const rows = await q<{ hash: string }>(tx, 'select hash from drizzle.__drizzle_migrations order by created_at, id');
  return rows.map((r) => r.hash);
}

/** Count and checksum of every table, read in the caller's transaction. */
export async function summarise(tx: Tx): Promise<TableSummary[]> {
  const out: TableSummary[] = [];
  for (const name of await tableNames(tx)) {
    const [r] = await q<{ n: string | number; c: string }>(
      tx,
      `select count(*)::text as n, coalesce(md5(string_agg(h, '' order by h)), '') as c from (select md5(t::text) as h from ${ident(name)} t) s`,
    );
    out.push({ name, rows: Number(r!.n), checksum: r!.c });
  }
  return out;
}

/** The same summary taken from the database handle (for tests and the restore report). */
export async function summariseDatabase(database: Database): Promise<TableSummary[]> {
  return database.db.transaction(async (tx) => {
    await fixSession(tx);
    return summarise(tx);
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** Writes the whole database into `w` (the caller finishes the archive). */
export async function exportDatabase(database: Database, w: ArchiveWriter): Promise<BackupManifest> {
  return database.db.transaction(
    async (tx) => {
      await fixSession(tx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        appVersion: VERSION,
        createdAt: new Date().toISOString(),
        source: database.kind,
        migrations: await migrationsOf(tx),
      };
      await w.add('backup.json', JSON.stringify(header, null, 2));
      const attachments = { count: 0, bytes: 0 };
      let cursorNo = 0;
      for (const name of await tableNames(tx)) {
        const blob = BLOB_TABLES[name];
        const cursor = `backup_c${++cursorNo}`;
        const select = blob
          ? `select (to_jsonb(t) - '${blob}')::text as j, t.id::text as id, t.${ident(blob)} as b from ${ident(name)} t order by t.id`
          : `select row_to_json(t)::text as j from ${ident(name)} t`;
        await q(tx, `declare ${cursor} no scroll cursor for ${select}`);
        let part = 0;
        let lines: string[] = [];
        let bytes = 0;
        const flush = async () => {
          if (lines.length === 0) return;
          await w.add(`tables/${name}/${String(++part).padStart(6, '0')}.ndjson`, `${lines.join('\n')}\n`);
          lines = [];
          bytes = 0;
        };
        for (;;) {
          const rows = await q<{ j: string; id?: string; b?: Uint8Array }>(tx, `fetch ${blob ? 20 : 500} from ${cursor}`);
          if (rows.length === 0) break;
          for (const r of rows) {
            if (blob) {
              const data = Buffer.from(r.b!);
              // The bytes go first, so the restore has them when it meets the row.
              await w.add(`attachments/${r.id}`, data);
              attachments.count += 1;
              attachments.bytes += data.length;
            }
            lines.push(r.j);
            bytes += r.j.length;
            if (lines.length >= PART_ROWS || bytes >= PART_BYTES || blob) await flush();
          }
        }
        await flush();
        await q(tx, `close ${cursor}`);
      }
      const manifest: BackupManifest = { tables: await summarise(tx), attachments };
      await w.add('manifest.json', JSON.stringify(manifest, null, 2));
      return manifest;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export interface RestoreResult {
  header: BackupHeader;
  manifest: BackupManifest;
}

/** Restores an archive's entries into an empty database; all or nothing. */
export async function restoreDatabase(database: Database, entries: AsyncIterable<ArchiveEntry>): Promise<RestoreResult> {
  const it = entries[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done || first.value.name !== 'backup.json') throw new BackupError('The file is not a Baosong backup (backup.json missing).');
  let header: BackupHeader;
  try {
    header = JSON.parse(first.value.data.toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupError('The file is not a Baosong backup (backup.json unreadable).');
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupError('The file is not a Baosong backup.');
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(`The backup was written in format ${header.formatVersion}, newer than this version of Baosong reads (${BACKUP_FORMAT_VERSION}). Install the version that wrote it (${header.appVersion}) or later.`);
  }

  return database.db.transaction(async (tx) => {
    await fixSession(tx);
    const migrations = await migrationsOf(tx);
    if (migrations.length !== header.migrations.length || migrations.some((m, i) => m !== header.migrations[i])) {
      throw new BackupError(
        `The backup's database schema (${header.migrations.length} migrations, Baosong ${header.appVersion}) differs from this installation's (${migrations.length} migrations, Baosong ${VERSION}). ` +
          'Restore with the version that wrote the backup, then upgrade.',
      );
    }
    const tables = await tableNames(tx);
    const notEmpty: string[] = [];
    for (const t of tables) {
      const [r] = await q<{ n: boolean }>(tx, `select exists (select 1 from ${ident(t)}) as n`);
      if (r!.n) notEmpty.push(t);
    }
    if (notEmpty.length) {
      throw new BackupError(
        `Restore needs an empty database, but this one already holds data (tables ${notEmpty.slice(0, 5).join(', ')}${notEmpty.length > 5 ? ', …' : ''}). ` +
          'Restore into a new data folder (BAOSONG_DATA) or a newly created PostgreSQL database, before the server is started on it.',
      );
    }

    // Columns to insert (generated ones are computed again).
    const cols = new Map<string, string[]>();
    for (const r of await q<{ t: string; c: string }>(
      tx,
      "select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and is_generated <> 'ALWAYS' order by table_name, ordinal_position",
    )) {
      const list = cols.get(r.t) ?? [];
      list.push(r.c);
      cols.set(r.t, list);
    }
    // Foreign keys off while rows go in (any order, self-references), back on (and checked) at the end.
    const fks = await q<{ t: string; name: string; def: string }>(
      tx,
      "select c.conrelid::regclass::text as t, c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public'",
    );
    for (const fk of fks) await q(tx, `alter table ${fk.t} drop constraint ${ident(fk.name)}`);

    const blobs = new Map<string, Buffer>();
    let manifest: BackupManifest | undefined;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const { name, data } = next.value;
      if (name === 'manifest.json') {
        manifest = JSON.parse(data.toString('utf8')) as BackupManifest;
        continue;
      }
      const att = /^attachments\/(\d+)$/.exec(name);
      if (att) {
        blobs.set(att[1]!, data);
        continue;
      }
      const m = /^tables\/([a-z0-9_]+)\/\d+\.ndjson$/.exec(name);
      if (!m) throw new BackupError(`Unexpected entry in the backup: ${name}`);
      const table = m[1]!;
      const columns = cols.get(table);
      if (!columns) throw new BackupError(`The backup holds a table this installation does not have: ${table}`);
      const lines = data.toString('utf8').split('\n').filter(Boolean);
      const blob = BLOB_TABLES[table];
      if (blob) {
        const plain = columns.filter((c) => c !== blob);
        for (const line of lines) {
          const id = String((JSON.parse(line) as { id: number | string }).id);
          const bytes = blobs.get(id);
          if (!bytes) throw new BackupError(`The backup lacks the file of attachment ${id}.`);
          blobs.delete(id);
          const list = plain.map(ident).join(', ');
          await tx.execute(
            sql`${sql.raw(`insert into ${ident(table)} (${list}, ${ident(blob)}) overriding system value select ${list}, `)}${bytes}${sql.raw(` from json_populate_record(null::${ident(table)}, `)}${line}${sql.raw('::json)')}`,
          );
        }
      } else {
        const list = columns.map(ident).join(', ');
        await tx.execute(
          sql`${sql.raw(`insert into ${ident(table)} (${list}) overriding system value select ${list} from json_populate_recordset(null::${ident(table)}, `)}${`[${lines.join(',')}]`}${sql.raw('::json)')}`,
        );
      }
    }
    if (!manifest) throw new BackupError('The backup is incomplete (manifest.json missing at its end): it was cut short while being written.');

    // Sequences past the highest id.
    const seqs = await q<{ t: string; c: string; s: string }>(
      tx,
      "select table_name as t, column_name as c, pg_get_serial_sequence(quote_ident(table_name), column_name) as s from information_schema.columns where table_schema = 'public' and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null",
    );
    for (const s of seqs) {
      await q(tx, `select setval('${s.s.replaceAll("'", "''")}', coalesce((select max(${ident(s.c)}) from ${ident(s.t)}), 0) + 1, false)`);
    }
    for (const fk of fks) {
      try {
        await q(tx, `alter table ${fk.t} add constraint ${ident(fk.name)} ${fk.def}`);
      } catch (e) {
        throw new BackupError(`The restored data breaks the reference ${fk.name} (${(e as Error).message}).`);
      }
    }

    const restored = await summarise(tx);
    const byName = new Map(restored.map((s) => [s.name, s]));
    for (const want of manifest.tables) {
      const got = byName.get(want.name);
      if (!got || got.rows !== want.rows || got.checksum !== want.checksum) {
        throw new BackupError(
          `Table ${want.name} does not match the backup after restoring (${got?.rows ?? 0} rows, expected ${want.rows}; checksum ${got?.checksum ?? '-'} vs ${want.checksum}). Nothing was restored.`,
        );
      }
    }
    return { header, manifest };
  });
}

export { ArchiveFormatError };
