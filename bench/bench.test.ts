import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus.js';
import { runDedupBench } from './dedup.js';
import { dropBenchDatabase } from './load.js';
import { runSearchBench } from './search.js';

/** The benchmarks at a small size: they run, load through the product's code and report sensible figures. */
describe('benchmarks (small size)', () => {
  it('the corpus is deterministic, 300–1500 characters, with planted pairs of every kind', () => {
    const a = [...generateCorpus(600)];
    const b = [...generateCorpus(600)];
    expect(a.map((d) => d.body)).toEqual(b.map((d) => d.body));
    const kinds = new Set(a.map((d) => d.plant));
    for (const k of ['original', 'edited', 'traditional', 'reordered', 'paragraph', 'hard_negative']) expect(kinds).toContain(k);
    for (const d of a.filter((x) => x.plant === 'original')) {
      expect(d.body.length).toBeGreaterThanOrEqual(300);
      expect(d.body.length).toBeLessThanOrEqual(1600);
    }
  });

  it('bench:dedup reports every field, and finds the planted pairs', async () => {
    const r = await runDedupBench(300, { queries: 30, bruteForce: 8 });
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining(['docs', 'database', 'index_build_s', 'docs_per_s', 'query_p50_ms', 'query_p95_ms', 'precision', 'recall', 'brute_force_p50_ms', 'rss_mb']),
    );
    expect(r.docs).toBe(300);
    expect(r.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(r.planted_pairs).toBeGreaterThan(5);
    expect(r.planted_recall).toBeGreaterThanOrEqual(0.9);
    expect(r.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.recall).toBeGreaterThanOrEqual(0.9);
    expect(r.query_p50_ms).toBeGreaterThan(0);
  }, 600_000);

  it('--db keeps the loaded database: run again, it measures the same corpus there without loading it', async () => {
    const url = process.env.DATABASE_URL;
    const keep = url ? `baosong_keep_test_${process.pid}` : mkdtempSync(path.join(os.tmpdir(), 'baosong-keep-'));
    try {
      const first = await runDedupBench(200, { queries: 12, bruteForce: 2, db: keep });
      const again = await runDedupBench(200, { queries: 12, bruteForce: 2, db: keep });
      // The load's figures are the first run's; documents and articles still pair up (the planted pairs are found).
      expect(again.index_build_s).toBe(first.index_build_s);
      expect(again.docs_per_s).toBe(first.docs_per_s);
      expect(again).toMatchObject({ planted_pairs: first.planted_pairs, planted_recall: first.planted_recall, precision: first.precision, recall: first.recall });
      expect(again.planted_recall).toBeGreaterThanOrEqual(0.9);
    } finally {
      if (url) await dropBenchDatabase(keep);
      else rmSync(keep, { recursive: true, force: true });
    }
  }, 600_000);

  it('bench:search reports its fields and finds things', async () => {
    const r = await runSearchBench(200, { queries: 20 });
    expect(r).toMatchObject({ docs: 200, queries: 20 });
    expect(r.query_p95_ms).toBeGreaterThanOrEqual(r.query_p50_ms);
    expect(r.mean_hits).toBeGreaterThan(0);
  }, 600_000);
});

/** bench:load needs a PostgreSQL server: it runs on the PostgreSQL pass of the suite. */
describe.runIf(process.env.TEST_DATABASE_URL)('bench:load (small size, PostgreSQL)', () => {
  it('seeds a year, drives the mix on many connections and reports every field', async () => {
    const { runLoadBench } = await import('./http-load.js');
    // 10 people clicking every 0.2 s on average for 5 s: each goes round the 9-request mix several times.
    const r = await runLoadBench({ serverUrl: process.env.TEST_DATABASE_URL!, seconds: 5, connections: 10, rate: 50, docs: 300, solo: 1 });
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['database', 'connections', 'seconds', 'requests', 'errors', 'rps', 'p50_ms', 'p95_ms', 'p99_ms']));
    expect(r).toMatchObject({ database: 'postgres', connections: 10, seconds: 5, errors: 0, timeouts: 0 });
    expect(r.requests).toBeGreaterThan(30);
    expect(r.p95_ms).toBeGreaterThanOrEqual(r.p50_ms);
    // Every request of the mix ran, the drafts were created and submitted.
    expect(Object.keys(r.by_request).sort()).toEqual(['article_read', 'create_draft', 'dashboard', 'desk_by_unit', 'desk_queue', 'search', 'submit']);
    expect(r.statuses['201']).toBeGreaterThan(0);
    expect(r.failures).toBeUndefined();
    expect(Object.keys(r.solo_p50_ms ?? {})).toHaveLength(7);
  }, 300_000);
});
