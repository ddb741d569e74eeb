import type { TLedgerEntry, TRuleSetDocument, TScoreEventKind } from '@baosong/contract';

/**
 * The scoring engine: a pure, deterministic function from a period's events and a rule set to ledger entries. Each
 * entry names its event, its rule and the rule-set version. Nothing here reads the database or the clock.
 */

/** A piece of a released issue made (wholly or partly) from one unit's article. */
export interface PlacementEvent {
  kind: 'placement';
  id: string;
  on: string;
  unitId: number;
  articleId: number;
  itemId: number;
  publicationId: number;
  publicationKind: string;
  adoption: 'full' | 'composite';
  /** Units contributing to the piece (1 for full adoption). */
  contributors: number;
}
/** A forwarded piece (上报) crediting one contributing unit. */
export interface UpstreamEvent {
  kind: 'forwarded' | 'upstream_adopted';
  id: string;
  on: string;
  unitId: number;
  articleId: number;
  pieceId: number;
  channelId: number;
  channelLevel: string;
  upstreamPublicationId: number | null;
  /** The office forwarded a piece of its own periodical (worked up by the office). */
  fromOffice: boolean;
  contributors: number;
}
/** A leader's instruction reaching one unit's article (our periodical's or upstream). */
export interface InstructionEvent {
  kind: 'instruction';
  id: string;
  on: string;
  unitId: number;
  articleId: number;
  rank: string;
  leaderName: string;
}
export interface SolicitationEvent {
  kind: 'solicitation';
  id: string;
  on: string;
  unitId: number;
  solicitationId: number;
  topic: string;
  mandatory: boolean;
  status: 'answered_on_time' | 'answered_late' | 'missing' | 'declined' | 'pending';
  adopted: boolean;
}
/** One unit's submissions in one month. */
export interface MonthlyEvent {
  kind: 'monthly';
  id: string;
  on: string;
  unitId: number;
  month: string;
  submitted: number;
  adopted: number;
  target: number | null;
}
export interface AdjustmentEvent {
  kind: 'adjustment';
  id: string;
  on: string;
  unitId: number;
  points: number;
  reason: string;
}
export type ScoreEvent = PlacementEvent | UpstreamEvent | InstructionEvent | SolicitationEvent | MonthlyEvent | AdjustmentEvent;

const round2 = (n: number) => Math.round(n * 100) / 100;

function entry(e: { id: string; on: string; unitId: number }, kind: TScoreEventKind, ruleId: string, version: number, points: number, note: string): TLedgerEntry {
  return { unitId: e.unitId, on: e.on, eventKind: kind, eventId: e.id, ruleId, ruleSetVersion: version, points: round2(points), note };
}

/** First matching rule: by id before kind/level before the catch-all, in document order within each. */
function pickPlacementRule(rules: TRuleSetDocument['placements'], e: PlacementEvent) {
  return (
    rules.find((r) => r.publicationId === e.publicationId) ??
    rules.find((r) => r.publicationId === null && r.publicationKind === e.publicationKind) ??
    rules.find((r) => r.publicationId === null && r.publicationKind === null)
  );
}
function pickUpstreamRule(rules: TRuleSetDocument['upstream'], e: UpstreamEvent) {
  const forChannel = (r: TRuleSetDocument['upstream'][number]) =>
    r.channelId === e.channelId || (r.channelId === null && (r.channelLevel === e.channelLevel || r.channelLevel === null));
  const candidates = rules.filter(forChannel);
  const byId = (r: TRuleSetDocument['upstream'][number]) => (r.channelId !== null ? 2 : r.channelLevel !== null ? 1 : 0);
  if (e.kind === 'upstream_adopted') {
    const withPub = candidates.filter((r) => r.upstreamPublicationId !== null && r.upstreamPublicationId === e.upstreamPublicationId);
    if (withPub.length) return withPub.sort((a, b) => byId(b) - byId(a))[0];
  }
  return candidates.filter((r) => r.upstreamPublicationId === null).sort((a, b) => byId(b) - byId(a))[0];
}

/**
 * Scores the events. `year` bounds the zeroing rule; `version` is written into every entry. The output is sorted
 * (unit, date, event, rule), so the same input always gives the same ledger.
 */
export function scoreEvents(events: readonly ScoreEvent[], rules: TRuleSetDocument, version: number): TLedgerEntry[] {
  const out: TLedgerEntry[] = [];
  // highest-only placements: the best per (unit, article), settled after the pass
  const best = new Map<string, { e: PlacementEvent; ruleId: string; points: number; note: string; others: { e: PlacementEvent; ruleId: string; points: number }[] }>();
  // instructions: once per (unit, article, rank) unless the rule counts each
  const seenInstruction = new Set<string>();
  const missingByUnitYear = new Map<string, number>();
  const solicitationRule = rules.solicitation;

  for (const e of events) {
    switch (e.kind) {
      case 'placement': {
        const r = pickPlacementRule(rules.placements, e);
        if (!r) break;
        let points: number;
        let note: string;
        if (e.adoption === 'full' || e.contributors <= 1) {
          points = r.full;
          note = `${r.label || r.id}：采用`;
        } else if (r.compositeMode === 'split') {
          points = r.composite / e.contributors;
          note = `${r.label || r.id}：综合采用（${r.composite}分由${e.contributors}个单位分得）`;
        } else {
          points = r.composite;
          note = `${r.label || r.id}：综合采用`;
        }
        if (r.across === 'cumulative') {
          out.push(entry(e, 'placement', r.id, version, points, note));
        } else {
          const key = `${e.unitId}:${e.articleId}`;
          const cur = best.get(key);
          if (!cur) best.set(key, { e, ruleId: r.id, points, note, others: [] });
          else if (points > cur.points) {
            cur.others.push({ e: cur.e, ruleId: cur.ruleId, points: cur.points });
            Object.assign(cur, { e, ruleId: r.id, points, note });
          } else cur.others.push({ e, ruleId: r.id, points });
        }
        break;
      }
      case 'forwarded':
      case 'upstream_adopted': {
        const r = pickUpstreamRule(rules.upstream, e);
        if (!r) break;
        const base = e.kind === 'forwarded' ? r.forwarded : r.adopted;
        if (base === 0) break;
        const mult = e.fromOffice ? r.officeMultiplier : 1;
        const share = r.compositeMode === 'split' && e.contributors > 1 ? e.contributors : 1;
        const what = e.kind === 'forwarded' ? '上报' : '上级采用';
        const parts = [`${r.label || r.id}：${what}`];
        if (mult !== 1) parts.push(`×${mult}`);
        if (share > 1) parts.push(`（由${share}个单位分得）`);
        out.push(entry(e, e.kind, r.id, version, (base * mult) / share, parts.join('')));
        break;
      }
      case 'instruction': {
        const r = rules.instructions.find((x) => x.rank === e.rank);
        if (!r) break;
        const key = `${e.unitId}:${e.articleId}:${e.rank}`;
        if (!r.countEach && seenInstruction.has(key)) {
          out.push(entry(e, 'instruction', r.id, version, 0, `${r.label || r.id}：${e.leaderName}（同一稿件同级批示只计一次）`));
          break;
        }
        seenInstruction.add(key);
        out.push(entry(e, 'instruction', r.id, version, r.points, `${r.label || r.id}：${e.leaderName}`));
        break;
      }
      case 'solicitation': {
        const s = solicitationRule;
        if (e.status === 'answered_on_time' && s.onTime) out.push(entry(e, 'solicitation', 'solicitation.on-time', version, s.onTime, `约稿按时报送：${e.topic}`));
        if (e.status === 'answered_late' && s.late) out.push(entry(e, 'solicitation', 'solicitation.late', version, s.late, `约稿逾期报送：${e.topic}`));
        if (e.status === 'missing') {
          if (s.missing) out.push(entry(e, 'solicitation', 'solicitation.missing', version, s.missing, `约稿未报送：${e.topic}`));
          if (e.mandatory) {
            const key = `${e.unitId}:${e.on.slice(0, 4)}`;
            missingByUnitYear.set(key, (missingByUnitYear.get(key) ?? 0) + 1);
          }
        }
        if (e.adopted && s.adopted) out.push(entry(e, 'solicitation', 'solicitation.adopted', version, s.adopted, `约稿稿件被采用：${e.topic}`));
        break;
      }
      case 'monthly': {
        const t = rules.monthlyTarget;
        const target = e.target ?? t?.defaultTarget ?? null;
        if (t && target !== null && e.submitted >= target) {
          out.push(entry(e, 'monthly', 'monthly.target', version, t.points, `${e.month}报送${e.submitted}篇，达到目标${target}篇`));
        }
        const a = rules.adoptionRate;
        if (a && e.submitted >= a.minSubmitted && e.adopted / e.submitted < a.threshold) {
          const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
          out.push(entry(e, 'monthly', 'monthly.adoption-rate', version, a.penalty, `${e.month}采用率${pct(e.adopted / e.submitted)}，低于${pct(a.threshold)}`));
        }
        break;
      }
      case 'adjustment':
        out.push(entry(e, 'adjustment', 'adjustment', version, e.points, e.reason));
        break;
    }
  }
  for (const b of best.values()) {
    out.push(entry(b.e, 'placement', b.ruleId, version, b.points, `${b.note}（取最高）`));
    for (const o of b.others) out.push(entry(o.e, 'placement', o.ruleId, version, 0, '已按该稿件最高一次计分'));
  }
  sortEntries(out);
  // Zeroing: N or more missing mandatory answers in a year → the year's score is set to zero by one closing entry.
  const zeroAfter = solicitationRule.zeroAfterMissing;
  if (zeroAfter !== null) {
    const sums = new Map<string, number>();
    for (const x of out) {
      const key = `${x.unitId}:${x.on.slice(0, 4)}`;
      if ((missingByUnitYear.get(key) ?? 0) >= zeroAfter) sums.set(key, (sums.get(key) ?? 0) + x.points);
    }
    for (const [key, sum] of sums) {
      const [unit, year] = key.split(':');
      const n = missingByUnitYear.get(key)!;
      out.push({
        unitId: Number(unit),
        on: `${year}-12-31`,
        eventKind: 'zeroing',
        eventId: `zeroing:${year}`,
        ruleId: 'solicitation.zeroing',
        ruleSetVersion: version,
        points: round2(-sum),
        note: `全年${n}次未按要求报送必报约稿（${zeroAfter}次及以上），全年得分清零`,
      });
    }
    sortEntries(out);
  }
  return out;
}

function sortEntries(out: TLedgerEntry[]): void {
  out.sort((a, b) => a.unitId - b.unitId || (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** Totals per unit over [from, to]; the zeroing entry counts only when the period is the whole year. */
export function totalsFor(entries: readonly TLedgerEntry[], from: string, to: string, wholeYear: boolean): Map<number, number> {
  const totals = new Map<number, number>();
  for (const e of entries) {
    if (e.on < from || e.on > to) continue;
    if (e.eventKind === 'zeroing' && !wholeYear) continue;
    totals.set(e.unitId, (totals.get(e.unitId) ?? 0) + e.points);
  }
  for (const [k, v] of totals) totals.set(k, round2(v));
  return totals;
}
