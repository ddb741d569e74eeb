/**
 * `npm run bench:search -- --docs N --json FILE [--queries Q]`: loads N generated articles through the product's
 * code, then times searches (one or two words of the lexicon, Simplified or Traditional) as an editor runs them.
 */
import { writeFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { searchArticles } from '../server/src/features/search/service.js';
import { argsOf, loadCorpus, openBenchDatabase, percentile, type BenchDb } from './load.js';
import { rng } from './corpus.js';

export interface SearchBenchResult {
  docs: number;
  query_p50_ms: number;
  query_p95_ms: number;
  database: 'pglite' | 'postgres';
  queries: number;
  mean_hits: number;
  /** Ingestion rate of the load before the queries. */
  docs_per_s: number;
}

const TERMS = ['高标准农田', '老旧小区改造', '营商环境', '河湖长制', '安全生产', '医保参保', '食品安全', '大气污染防治', '信访积案', '一网通办', '集体经济', '防汛', '森林防火', '养老服务', '秸秆', '清洁取暖', '农民工工资', '城市更新', '专精特新', '耕地保护', '人才引进', '燃气安全', '容缺受理', '挂图作战', '回头看', '东岭村', '马家营', '留守老人', '返乡创业', '数字乡村'];

/** Times `n` searches on a loaded bench database (one or two words, a fifth in Traditional script). */
export async function measureSearch(b: BenchDb, n: number): Promise<{ query_p50_ms: number; query_p95_ms: number; queries: number; mean_hits: number }> {
  const r = rng(11);
  const tw = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const actor = { id: b.adminId, username: 'bench', roles: ['editor' as const], unitId: null };
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let q = r.pick(TERMS);
    if (r.next() < 0.4) q += ' ' + r.pick(TERMS);
    if (r.next() < 0.2) q = tw(q);
    const t0 = performance.now();
    const res = await searchArticles(b.database.db, actor, { q, page: 1, pageSize: 20 });
    times.push(performance.now() - t0);
    hits += res.total;
  }
  return {
    query_p50_ms: Math.round(percentile(times, 50) * 100) / 100,
    query_p95_ms: Math.round(percentile(times, 95) * 100) / 100,
    queries: n,
    mean_hits: Math.round(hits / n),
  };
}

export async function runSearchBench(docsN: number, opts: { queries?: number; workers?: number; log?: boolean; db?: string } = {}): Promise<SearchBenchResult> {
  const b = await openBenchDatabase(opts.db);
  try {
    const loaded = await loadCorpus(b, docsN, { keep: () => false, log: opts.log, workers: opts.workers });
    const m = await measureSearch(b, opts.queries ?? 200);
    return { docs: docsN, query_p50_ms: m.query_p50_ms, query_p95_ms: m.query_p95_ms, database: b.kind, queries: m.queries, mean_hits: m.mean_hits, docs_per_s: Math.round((docsN / loaded.seconds) * 10) / 10 };
  } finally {
    await b.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = argsOf(process.argv.slice(2));
  const result = await runSearchBench(args.docs, { queries: args.queries, workers: args.workers, db: args.db, log: true });
  const json = JSON.stringify(result);
  if (args.json) writeFileSync(args.json, json + '\n');
  console.log(json);
}
