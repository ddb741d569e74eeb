/**
 * `npm run bench:dedup -- --docs N --json FILE [--queries Q]`: loads N generated articles through the product's
 * indexing code, then measures the per-submission duplicate check (findSimilar, as a submission runs it) against
 * brute force (exact comparison of the query with every document), and precision/recall of the flagged pairs
 * against that brute-force ground truth. Also: recall of the planted near-duplicates and how many hard negatives
 * were flagged. DATABASE_URL selects PostgreSQL (a fresh database there); otherwise PGlite in a temporary data
 * folder. `--db NAME` keeps the loaded database (a data folder for PGlite); run again with the same --docs, it measures
 * that database without loading it again, and reports the ingestion figures of its load.
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_DEDUP_SETTINGS } from '@baosong/contract';
import { boilerplateLimit, findSimilar } from '../server/src/features/dedup/index-store.js';
import { compare, DEDUP_PARAMS, isDuplicate, kgramHashes, prepare, seedMask } from '../server/src/text/similarity.js';
import { normalizeText } from '../server/src/text/normalize.js';
import { argsOf, loadCorpus, openBenchDatabase, percentile, type BenchDb } from './load.js';
import { measureSearch } from './search.js';
import { rng } from './corpus.js';

export interface DedupBenchResult {
  docs: number;
  database: 'pglite' | 'postgres';
  index_build_s: number;
  docs_per_s: number;
  query_p50_ms: number;
  query_p95_ms: number;
  precision: number;
  recall: number;
  brute_force_p50_ms: number;
  rss_mb: number;
  queries: number;
  brute_force_queries: number;
  planted_pairs: number;
  planted_recall: number;
  hard_negative_queries: number;
  hard_negatives_flagged: number;
}

/** Seed-masked shingle set of a text, sorted: what the brute-force scan intersects. */
function shingleSet(text: string): Int32Array {
  const { text: t } = normalizeText(text);
  const mask = seedMask(t);
  const sh = kgramHashes(t, DEDUP_PARAMS.shingle);
  const set = new Set<number>();
  outer: for (let i = 0; i < sh.length; i++) {
    for (let j = i; j < i + DEDUP_PARAMS.shingle; j++) if (mask[j]) continue outer;
    set.add(sh[i]!);
  }
  return Int32Array.from(set);
}

export async function runDedupBench(
  docsN: number,
  opts: { queries?: number; bruteForce?: number; workers?: number; log?: boolean; db?: string; search?: (b: BenchDb) => Promise<void> } = {},
): Promise<DedupBenchResult> {
  const b = await openBenchDatabase(opts.db);
  try {
    const loaded = await loadCorpus(b, docsN, { log: opts.log, workers: opts.workers });
    const { docs, articleIds } = loaded;
    const settings = DEFAULT_DEDUP_SETTINGS;
    const r = rng(7);
    const planted = docs.filter((d) => d.source !== undefined);
    const others = docs.filter((d) => d.source === undefined);
    const qn = Math.min(opts.queries ?? 200, docs.length);
    const picks = new Set<number>();
    while (picks.size < Math.min(Math.floor(qn * 0.6), planted.length)) picks.add(r.pick(planted).index);
    while (picks.size < qn) picks.add(r.pick(others).index);
    const queries = [...picks];
    // Optionally, the search benchmark on the same load (a second large load costs as long as the first).
    if (opts.search) await opts.search(b);
    // Indexed checks, as a submission runs them.
    const times: number[] = [];
    const found = new Map<number, Set<number>>();
    const docOfArticle = new Map(articleIds.map((id, i) => [id, i]));
    for (const qi of queries) {
      const t0 = performance.now();
      const matches = await findSimilar(b.database.db, docs[qi]!.body, { exclude: { kind: 'article', refId: articleIds[qi]! }, settings });
      times.push(performance.now() - t0);
      found.set(qi, new Set(matches.filter((m) => m.flagged).map((m) => docOfArticle.get(m.refId)!)));
    }
    let plantedHit = 0;
    let plantedTotal = 0;
    let hardQ = 0;
    let hardFlagged = 0;
    for (const qi of queries) {
      const d = docs[qi]!;
      if (d.source !== undefined) {
        plantedTotal++;
        if (found.get(qi)!.has(d.source)) plantedHit++;
      }
      if (d.plant === 'hard_negative') {
        hardQ++;
        if (found.get(qi)!.size) hardFlagged++;
      }
    }
    // Brute force on a sample: exact comparison with every document (fewer queries on large corpora: each one
    // compares with every document).
    const bfN = Math.min(opts.bruteForce ?? (docsN > 20_000 ? 12 : 40), queries.length);
    const sets = bfN ? docs.map((d) => shingleSet(d.body)) : [];
    const bfTimes: number[] = [];
    const limit = await boilerplateLimit(b.database.db, settings);
    let tp = 0;
    let fpCount = 0;
    let truthCount = 0;
    for (const qi of queries.slice(0, bfN)) {
      const q = docs[qi]!;
      const t0 = performance.now();
      const qp = prepare(q.body);
      const qset = new Set(sets[qi]);
      // The same boilerplate knowledge the index uses: fingerprints frequent in the corpus.
      const all = [...new Set(qp.fp)];
      const frequent = new Set(
        (await b.database.query<{ hash: number }>(`select hash from dedup_fingerprint_df where hash = any($1::int[]) and df > $2`, [`{${all.join(',')}}`, limit])).map(
          (x) => Number(x.hash),
        ),
      );
      const truth = new Set<number>();
      for (let i = 0; i < docs.length; i++) {
        if (i === qi) continue;
        const s = sets[i]!;
        let shared = 0;
        for (let k = 0; k < s.length; k++) if (qset.has(s[k]!)) shared++;
        // Fewer shared shingles than one minimal passage: cannot be flagged (lossless shortcut).
        if (shared < DEDUP_PARAMS.minRun - DEDUP_PARAMS.shingle + 1) continue;
        if (isDuplicate(compare(qp, prepare(docs[i]!.body), frequent), settings)) truth.add(i);
      }
      bfTimes.push(performance.now() - t0);
      const f = found.get(qi)!;
      truthCount += truth.size;
      for (const x of f) {
        if (truth.has(x)) tp++;
        else fpCount++;
      }
    }
    const flaggedCount = tp + fpCount;
    return {
      docs: docsN,
      database: b.kind,
      index_build_s: round(loaded.seconds, 2),
      docs_per_s: round(docsN / loaded.seconds, 1),
      query_p50_ms: round(percentile(times, 50), 2),
      query_p95_ms: round(percentile(times, 95), 2),
      precision: round(flaggedCount ? tp / flaggedCount : 1, 4),
      recall: round(truthCount ? tp / truthCount : 1, 4),
      brute_force_p50_ms: round(percentile(bfTimes, 50), 1),
      rss_mb: Math.round(process.memoryUsage().rss / 1048576),
      queries: queries.length,
      brute_force_queries: bfN,
      planted_pairs: plantedTotal,
      planted_recall: round(plantedTotal ? plantedHit / plantedTotal : 1, 4),
      hard_negative_queries: hardQ,
      hard_negatives_flagged: hardFlagged,
    };
  } finally {
    await b.close();
  }
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = argsOf(process.argv.slice(2));
  // --search-json FILE: also time searches on the loaded corpus, written as bench:search writes them.
  const searchJson = process.argv.includes('--search-json') ? process.argv[process.argv.indexOf('--search-json') + 1] : undefined;
  const search = searchJson
    ? async (b: BenchDb) => {
        const m = await measureSearch(b, 200);
        const json = JSON.stringify({ docs: args.docs, database: b.kind, ...m });
        writeFileSync(searchJson, json + '\n');
        console.log(json);
      }
    : undefined;
  const result = await runDedupBench(args.docs, { queries: args.queries, bruteForce: args.bruteForce, workers: args.workers, db: args.db, log: true, search });
  const json = JSON.stringify(result);
  if (args.json) writeFileSync(args.json, json + '\n');
  console.log(json);
}
