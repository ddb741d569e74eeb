/**
 * `npm run bench:scoring -- --events N --json FILE [--units U] [--runs R]`: recomputes a year of N generated events
 * (placements full and composite, forwardings, upstream adoptions, instructions, solicitations, monthly submissions,
 * adjustments) under the default rule set with the product's engine, then totals and ranks the units, as the stored
 * ledger's recomputation and the assessment do. Prints {"events","units","seconds"} (the median of the runs) and more.
 * The database side (collecting events, writing the ledger) is not in this figure.
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_RULE_SET } from '@baosong/contract';
import { scoreEvents, totalsFor, type ScoreEvent } from '../server/src/scoring/engine.js';
import { rankUnits, type RankUnit } from '../server/src/scoring/rank.js';
import { componentsOf } from '../server/src/scoring/service.js';
import { rng } from './corpus.js';

export interface ScoringBenchResult {
  events: number;
  units: number;
  seconds: number;
  runs_s: number[];
  entries: number;
  rss_mb: number;
}

const KINDS = ['routine', 'special', 'leaders_reference', 'supplement'];
const RANKS = ['city_principal', 'city_other', 'provincial', 'state_council'];
const STATUSES = ['answered_on_time', 'answered_late', 'missing', 'declined'] as const;

/** N events over one year for `units` units, deterministic for a given size. */
export function generateEvents(n: number, units: number, year = 2026): ScoreEvent[] {
  const r = rng(7);
  const day = () => {
    const m = r.int(1, 12);
    return `${year}-${String(m).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  };
  const out: ScoreEvent[] = [];
  let article = 0;
  while (out.length < n) {
    const x = r.next();
    const unitId = r.int(1, units);
    const on = day();
    const i = out.length;
    if (x < 0.55) {
      const composite = r.next() < 0.2;
      out.push({ kind: 'placement', id: `placement:${i}`, on, unitId, articleId: ++article, itemId: i, publicationId: r.int(1, 6), publicationKind: r.pick(KINDS), adoption: composite ? 'composite' : 'full', contributors: composite ? r.int(2, 5) : 1 });
    } else if (x < 0.7) {
      out.push({ kind: r.next() < 0.6 ? 'forwarded' : 'upstream_adopted', id: `up:${i}`, on, unitId, articleId: r.int(1, article + 1), pieceId: i, channelId: r.int(1, 3), channelLevel: r.next() < 0.8 ? 'province' : 'state', upstreamPublicationId: null, fromOffice: r.next() < 0.5, contributors: r.int(1, 3) });
    } else if (x < 0.78) {
      out.push({ kind: 'instruction', id: `instruction:${i}`, on, unitId, articleId: r.int(1, article + 1), rank: r.pick(RANKS), leaderName: '领导' });
    } else if (x < 0.93) {
      out.push({ kind: 'solicitation', id: `solicitation:${i}`, on, unitId, solicitationId: i, topic: '约稿', mandatory: r.next() < 0.7, status: r.pick(STATUSES), adopted: r.next() < 0.2 });
    } else if (x < 0.99) {
      const month = on.slice(0, 7);
      const submitted = r.int(0, 40);
      out.push({ kind: 'monthly', id: `monthly:${month}:${unitId}:${i}`, on: `${month}-01`, unitId, month, submitted, adopted: r.int(0, submitted), target: r.next() < 0.5 ? r.int(5, 20) : null });
    } else {
      out.push({ kind: 'adjustment', id: `adjustment:${i}`, on, unitId, points: r.int(-10, 10) || 1, reason: '人工调整' });
    }
  }
  out.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

export function runScoringBench(events: number, opts: { units?: number; runs?: number } = {}): ScoringBenchResult {
  const units = opts.units ?? 160;
  const evs = generateEvents(events, units);
  const list: RankUnit[] = Array.from({ length: units }, (_, i) => ({ unitId: i + 1, unitName: `单位${i + 1}`, groupId: i < 40 ? 1 : 2, groupName: i < 40 ? '县市区' : '市直部门', order: i }));
  const doc = { ...DEFAULT_RULE_SET, solicitation: { ...DEFAULT_RULE_SET.solicitation, zeroAfterMissing: 2 }, monthlyTarget: { points: 2, defaultTarget: 10 }, adoptionRate: { threshold: 0.2, penalty: -3, minSubmitted: 5 } };
  const times: number[] = [];
  let entries = 0;
  for (let run = 0; run < (opts.runs ?? 3); run++) {
    const t0 = performance.now();
    const ledger = scoreEvents(evs, doc, 1);
    const totals = totalsFor(ledger, '2026-01-01', '2026-12-31', true);
    rankUnits(list, totals, componentsOf(evs, '2026-01-01', '2026-12-31'), doc);
    times.push((performance.now() - t0) / 1000);
    entries = ledger.length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { events, units, seconds: r3(sorted[Math.floor(sorted.length / 2)]!), runs_s: times.map(r3), entries, rss_mb: Math.round(process.memoryUsage().rss / 1e6) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const events = Number(get('events') ?? 100000);
  if (!Number.isInteger(events) || events < 1) throw new Error('--events must be a positive integer');
  const result = runScoringBench(events, { units: get('units') ? Number(get('units')) : undefined, runs: get('runs') ? Number(get('runs')) : undefined });
  const json = JSON.stringify(result);
  const file = get('json');
  if (file) writeFileSync(file, json + '\n');
  console.log(json);
}
