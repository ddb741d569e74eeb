/**
 * Upkeep of the duplicate index. A check reads a few thousand (hash, document) pairs of dedup_fingerprints and
 * dedup_bands; PostgreSQL answers that from the primary-key index alone (an index-only scan) only for pages VACUUM has
 * marked all-visible, and otherwise visits one heap page per pair: at 100 000 documents 40–80 ms instead of 8 ms.
 * PGlite has no autovacuum at all, and on a PostgreSQL server autovacuum comes late after a large import. So the
 * index is vacuumed (and analysed) whenever it has grown by a tenth since the last time: from the jobs round, and at
 * the end of an archive import. The frequency table, rewritten by every submission, is vacuumed with it, and so is
 * the search index (article_search): its statistics keep the planner on the GIN indexes of a year that grew from
 * nothing, vacuum empties the GIN indexes' pending lists (which every search reads through) and the rows that state
 * changes left behind.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/connect.js';

const KEY = 'dedup.maintained';
/** Growth (documents indexed since the last vacuum) that calls for another: a tenth, and at least this many. */
const MIN_GROWTH = 500;

export interface Maintenance {
  vacuumed: boolean;
  /** Highest document id of the index now. */
  docs: number;
}

export async function maintainDedupIndex(database: Database, opts: { minGrowth?: number } = {}): Promise<Maintenance> {
  const { db } = database;
  const [r] = await rowsOf<{ n: number | null; last: number | null }>(
    db,
    sql`select (select max(id) from dedup_docs) as n, (select (value->>'docs')::int from app_meta where key = ${KEY}) as last`,
  );
  const docs = Number(r?.n ?? 0);
  const last = r?.last === null || r?.last === undefined ? null : Number(r.last);
  if (docs - (last ?? 0) < Math.max(opts.minGrowth ?? MIN_GROWTH, (last ?? 0) / 10)) return { vacuumed: false, docs };
  // Claimed like a compare-and-set, so of several app processes one vacuums.
  const claimed =
    last === null
      ? await rowsOf(db, sql`insert into app_meta (key, value) values (${KEY}, ${JSON.stringify({ docs })}::jsonb) on conflict do nothing returning key`)
      : await rowsOf(db, sql`update app_meta set value = ${JSON.stringify({ docs })}::jsonb where key = ${KEY} and (value->>'docs')::int = ${last} returning key`);
  if (!claimed.length) return { vacuumed: false, docs };
  // VACUUM cannot run inside a transaction: plain statements on the database, not the query builder's transaction.
  await database.query('vacuum (analyze) dedup_fingerprints, dedup_bands, dedup_fingerprint_df, dedup_docs, article_search');
  return { vacuumed: true, docs };
}
