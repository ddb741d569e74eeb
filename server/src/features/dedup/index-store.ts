/**
 * The duplicate index in the database: write a document's signature (inside the caller's transaction), and find the
 * earlier documents that resemble a text (candidates from LSH bands and fingerprints, then exact verification).
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { DEFAULT_DEDUP_SETTINGS, type TDedupSettings } from '@baosong/contract';
import { appMeta, dedupDocs } from '../../db/schema.js';
import { rowsOf, type DbOrTx } from '../../db/connect.js';
import { compare, isDuplicate, prepare, signatureOf, type Comparison, type Prepared, type Signature } from '../../text/similarity.js';

export type DocKind = 'article' | 'issue_item';

/** Computed before a transaction opens (CPU work), written inside it. */
export interface IndexEntry {
  contentHash: string;
  signature: Signature;
}

export function indexEntryFor(text: string, prepared?: Prepared): IndexEntry {
  const p = prepared ?? prepare(text);
  return { contentHash: createHash('sha256').update(p.norm.text).digest('hex'), signature: signatureOf(p) };
}

/** int[] literal for `= any(...)` that both drivers pass the same way. */
export function intArray(values: Iterable<number>): string {
  return `{${[...values].join(',')}}`;
}

/**
 * Writes (or replaces) a document's band keys and fingerprints and keeps the fingerprint document frequencies in
 * step. Same text again: nothing to do. Hashes are upserted in ascending order so concurrent writers lock the
 * frequency rows in one order.
 */
export async function writeIndexEntry(tx: DbOrTx, kind: DocKind, refId: number, entry: IndexEntry): Promise<number> {
  const [existing] = await tx
    .select({ id: dedupDocs.id, contentHash: dedupDocs.contentHash })
    .from(dedupDocs)
    .where(sql`${dedupDocs.kind} = ${kind} and ${dedupDocs.refId} = ${refId}`)
    .for('update');
  let docId: number;
  if (existing) {
    if (existing.contentHash === entry.contentHash) return existing.id;
    docId = existing.id;
    await tx.execute(sql`
      with gone as (delete from dedup_fingerprints where doc_id = ${docId} returning hash)
      update dedup_fingerprint_df f set df = f.df - 1 from gone where f.hash = gone.hash`);
    await tx.execute(sql`delete from dedup_bands where doc_id = ${docId}`);
    await tx
      .update(dedupDocs)
      .set({ contentHash: entry.contentHash, charCount: entry.signature.length, indexedAt: new Date() })
      .where(eq(dedupDocs.id, docId));
  } else {
    const [row] = await tx
      .insert(dedupDocs)
      .values({ kind, refId, contentHash: entry.contentHash, charCount: entry.signature.length })
      .returning({ id: dedupDocs.id });
    docId = row!.id;
  }
  await writeSignatureRows(tx, [{ docId, signature: entry.signature }]);
  return docId;
}

/**
 * Band keys, fingerprints and frequencies of several documents at once (also bulk loads): one statement per table,
 * the rows passed as a few int[] parameters and expanded by unnest() on the server — far cheaper to send and parse
 * than thousands of VALUES tuples or parameters.
 */
export async function writeSignatureRows(tx: DbOrTx, docs: { docId: number; signature: Signature }[]): Promise<void> {
  const bandKeys: number[] = [];
  const bandDocs: number[] = [];
  const fpHashes: number[] = [];
  const fpDocs: number[] = [];
  const fpPos: number[] = [];
  const df = new Map<number, number>();
  for (const { docId, signature } of docs) {
    for (const k of signature.bandKeys) {
      bandKeys.push(k);
      bandDocs.push(docId);
    }
    for (const f of signature.fingerprints) {
      fpHashes.push(f.hash);
      fpDocs.push(docId);
      fpPos.push(f.pos);
      df.set(f.hash, (df.get(f.hash) ?? 0) + 1);
    }
  }
  if (bandKeys.length) {
    await tx.execute(
      sql`insert into dedup_bands (key, doc_id) select * from unnest(${intArray(bandKeys)}::int[], ${intArray(bandDocs)}::int[]) on conflict do nothing`,
    );
  }
  if (fpHashes.length) {
    await tx.execute(
      sql`insert into dedup_fingerprints (hash, doc_id, pos)
          select * from unnest(${intArray(fpHashes)}::int[], ${intArray(fpDocs)}::int[], ${intArray(fpPos)}::int[]) on conflict do nothing`,
    );
  }
  if (df.size) {
    // Ascending hash order, so concurrent writers lock the frequency rows in one order.
    const entries = [...df.entries()].sort((a, b) => a[0] - b[0]);
    await tx.execute(
      sql`insert into dedup_fingerprint_df (hash, df)
          select * from unnest(${intArray(entries.map((e) => e[0]))}::int[], ${intArray(entries.map((e) => e[1]))}::int[])
          on conflict (hash) do update set df = dedup_fingerprint_df.df + excluded.df`,
    );
  }
}

const SETTINGS_KEY = 'settings.dedup';

/** The stored settings (`app_meta` value, possibly partial or absent) over the defaults. */
function withDefaults(stored: Partial<TDedupSettings> | null | undefined): TDedupSettings {
  return { ...DEFAULT_DEDUP_SETTINGS, ...(stored ?? {}) };
}

export async function getDedupSettings(db: DbOrTx): Promise<TDedupSettings> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, SETTINGS_KEY));
  return withDefaults(row?.value as Partial<TDedupSettings> | undefined);
}

export const DEDUP_SETTINGS_KEY = SETTINGS_KEY;

export interface Match {
  docId: number;
  kind: DocKind;
  refId: number;
  text: string;
  comparison: Comparison;
  flagged: boolean;
}

/** Pairs scoring below this are not worth showing at all. */
const SHOW_FROM = 0.2;
/**
 * Verified per route (best first): true copies share far more than coincidences do. In a million templated pieces
 * the source of a planted copy was among the 12 best in 91 % of checks, among the 24 best in 94 % (30: no better);
 * with the fingerprints read across the whole text and candidates ranked by how many they share, 96 %.
 */
const MAX_CANDIDATES = 24;
/**
 * Documents read per LSH band key or fingerprint at most, the newest: a copy is nearly always of something recent,
 * and the oldest 500 of a fingerprint in thousands of documents would hide every recent source behind it.
 */
const BAND_ROWS = 500;
/**
 * Index rows the fingerprint route reads at most (see fingerprintsToRead): a fingerprint in hundreds of documents adds
 * hundreds of rows and little evidence, so the rare ones go first.
 */
const FP_ROW_BUDGET = 4000;

/** The boilerplate limit for an index whose highest document id is `maxDocId` (see boilerplateLimit). */
function limitFor(maxDocId: number, settings: TDedupSettings): number {
  return Math.max(settings.boilerplateDocs, Math.ceil((maxDocId * settings.boilerplatePercent) / 100));
}

/**
 * Above how many documents a fingerprint is boilerplate: the setting's count, or its share of the indexed documents
 * when that is higher (counted by the highest document id: one index lookup, and exact enough for a threshold).
 */
export async function boilerplateLimit(db: DbOrTx, settings: TDedupSettings): Promise<number> {
  const [r] = await rowsOf<{ n: number | null }>(db, sql`select max(id) as n from dedup_docs`);
  return limitFor(Number(r?.n ?? 0), settings);
}

/** Stretch of the text (canonical characters) whose rarest fingerprint is read first: under half a minimal passage. */
const REGION = 40;

/**
 * The rare fingerprints a check reads, within FP_ROW_BUDGET rows (at least two of them): first the rarest of every
 * REGION characters, rarest first — a passage copied anywhere in the text then has at least two of its own read,
 * even where the text's other stretches hold rarer ones — then the rest, rarest first.
 */
export function fingerprintsToRead(rare: Iterable<{ hash: number; pos: number }>, df: ReadonlyMap<number, number>): number[] {
  const dfOf = (h: number) => df.get(h) ?? 1;
  const byDf = (a: number, b: number) => dfOf(a) - dfOf(b) || a - b;
  const regions = new Map<number, number>();
  const all = new Set<number>();
  for (const f of rare) {
    all.add(f.hash);
    const r = Math.floor(f.pos / REGION);
    const best = regions.get(r);
    if (best === undefined || byDf(f.hash, best) < 0) regions.set(r, f.hash);
  }
  const first = [...new Set(regions.values())].sort(byDf);
  const firstSet = new Set(first);
  const rest = [...all].filter((h) => !firstSet.has(h)).sort(byDf);
  const out: number[] = [];
  let rows = 0;
  for (const list of [first, rest]) {
    for (const h of list) {
      const n = Math.min(BAND_ROWS, dfOf(h));
      if (out.length >= 2 && rows + n > FP_ROW_BUDGET) break;
      out.push(h);
      rows += n;
    }
  }
  return out;
}

/**
 * Earlier documents resembling `text`, verified exactly, best first. `exclude` is the checked document itself.
 * Candidates: documents sharing two LSH band keys, or at least two fingerprints that are not boilerplate. Two
 * statements: what the index knows about the text's k-grams (with the settings and the excluded document), then the
 * candidates with their texts.
 */
export async function findSimilar(
  db: DbOrTx,
  text: string,
  opts: { exclude?: { kind: DocKind; refId: number }; settings?: TDedupSettings; prepared?: Prepared; signature?: Signature } = {},
): Promise<Match[]> {
  const p = opts.prepared ?? prepare(text);
  if (p.norm.text.length < 10) return [];
  const sig = opts.signature ?? signatureOf(p);
  // How many documents hold each of the text's k-grams? Those in many are boilerplate. (Both sides of a shared run
  // are k-grams of this text, so this answers for the candidates too.) Every row also carries the highest document
  // id, the checked document's own index id and the stored settings.
  const head = await rowsOf<{ hash: number | null; df: number | null; n: number | null; excl: number | null; settings: Partial<TDedupSettings> | null }>(
    db,
    sql`select f.hash, f.df, m.n, m.excl, m.settings
        from (select (select max(id) from dedup_docs) as n,
                     (select id from dedup_docs where kind = ${opts.exclude?.kind ?? 'article'} and ref_id = ${opts.exclude?.refId ?? 0}) as excl,
                     (select value from app_meta where key = ${SETTINGS_KEY}) as settings) m
        left join lateral (select hash, df from dedup_fingerprint_df where hash = any(${intArray(new Set(p.fp))}::int[])) f on true`,
  );
  const settings = opts.settings ?? withDefaults(head[0]?.settings);
  const df = new Map(head.filter((r) => r.hash !== null).map((r) => [Number(r.hash), Number(r.df)]));
  const limit = limitFor(Number(head[0]?.n ?? 0), settings);
  const excludeId = opts.exclude ? Number(head[0]?.excl ?? 0) : 0;
  const frequent = new Set([...df].filter(([, n]) => n > limit).map(([h]) => h));
  const read = fingerprintsToRead(sig.fingerprints.filter((f) => !frequent.has(f.hash)), df);
  if (!read.length && !sig.bandKeys.length) return [];
  // Best first by how many read fingerprints they share (a copied passage shares a run of them), then by their
  // rarity (a fingerprint in 2 documents says more than one in 40), then newest.
  const weights = read.map((h) => 1 / Math.max(1, df.get(h) ?? 1));
  const texts = await rowsOf<{ id: number; kind: DocKind; ref_id: number; body: string }>(
    db,
    // Each fingerprint and band key read through its index, at most BAND_ROWS documents (past that it is stock text
    // and weighs next to nothing), so the plan and the cost stay the same whatever the corpus.
    sql`with fp as (
          select f.doc_id from unnest(${intArray(read)}::int[], ${`{${weights.join(',')}}`}::float8[]) q(hash, w)
          cross join lateral (select doc_id from dedup_fingerprints where hash = q.hash order by doc_id desc limit ${BAND_ROWS}) f
          where f.doc_id <> ${excludeId}
          group by f.doc_id having count(*) >= 2 order by count(*) desc, sum(q.w) desc, f.doc_id desc limit ${MAX_CANDIDATES}),
        bands as (
          select b.doc_id from unnest(${intArray(sig.bandKeys)}::int[]) k(key)
          cross join lateral (select doc_id from dedup_bands where key = k.key order by doc_id desc limit ${BAND_ROWS}) b
          where b.doc_id <> ${excludeId}
          group by b.doc_id having count(*) >= 2 order by count(*) desc, b.doc_id desc limit ${MAX_CANDIDATES})
        select d.id, d.kind, d.ref_id, coalesce(a.body_text, i.body_text, '') as body
        from dedup_docs d
        left join articles a on d.kind = 'article' and a.id = d.ref_id
        left join issue_items i on d.kind = 'issue_item' and i.id = d.ref_id
        where d.id in (select doc_id from fp union select doc_id from bands)`,
  );
  const out: Match[] = [];
  for (const t of texts) {
    const c = compare(p, prepare(t.body), frequent);
    if (c.score < SHOW_FROM && c.longestPassage < settings.passageChars) continue;
    out.push({ docId: Number(t.id), kind: t.kind, refId: Number(t.ref_id), text: t.body, comparison: c, flagged: isDuplicate(c, settings) });
  }
  return out.sort((a, b) => b.comparison.score - a.comparison.score || a.docId - b.docId);
}
