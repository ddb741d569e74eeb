import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, ZRuleSetDocument, type TRuleSetDocumentInput } from '@baosong/contract';
import { scoreEvents, totalsFor, type ScoreEvent, type UpstreamEvent } from './engine.js';
import { rankUnits } from './rank.js';

const rules = (doc: TRuleSetDocumentInput) => ZRuleSetDocument.parse(doc);
const sumFor = (entries: ReturnType<typeof scoreEvents>, unitId: number) => Math.round(entries.filter((e) => e.unitId === unitId).reduce((s, e) => s + e.points, 0) * 100) / 100;

let seq = 0;
function placement(unitId: number, articleId: number, p: Partial<Extract<ScoreEvent, { kind: 'placement' }>> = {}): ScoreEvent {
  seq++;
  return { kind: 'placement', id: `placement:${seq}`, on: '2026-03-10', unitId, articleId, itemId: seq, publicationId: 1, publicationKind: 'routine', adoption: 'full', contributors: 1, ...p };
}
function upstream(kind: 'forwarded' | 'upstream_adopted', unitId: number, p: Partial<UpstreamEvent> = {}): ScoreEvent {
  seq++;
  return { kind, id: `${kind}:${seq}`, on: '2026-04-02', unitId, articleId: 100 + seq, pieceId: seq, channelId: 1, channelLevel: 'province', upstreamPublicationId: null, fromOffice: false, contributors: 1, ...p };
}

describe('scoring engine, worked examples', () => {
  it('placements: points by publication kind and by publication id; full adoption', () => {
    const doc = rules({
      placements: [
        { id: 'routine', publicationKind: 'routine', full: 5, composite: 2 },
        { id: 'special', publicationKind: 'special', full: 10, composite: 5 },
        { id: 'pub-7', publicationId: 7, full: 12, composite: 6 },
      ],
    });
    const out = scoreEvents([placement(1, 1), placement(1, 2, { publicationKind: 'special' }), placement(2, 3, { publicationId: 7, publicationKind: 'special' })], doc, 3);
    // unit 1: 5 + 10 = 15; unit 2: publication 7 beats its kind → 12
    expect(sumFor(out, 1)).toBe(15);
    expect(sumFor(out, 2)).toBe(12);
    expect(out.every((e) => e.ruleSetVersion === 3)).toBe(true);
    expect(out.find((e) => e.unitId === 2)!.ruleId).toBe('pub-7');
  });

  it('composite adoption: split among the contributing units, or a fixed share each', () => {
    const split = rules({ placements: [{ id: 'r', full: 5, composite: 10, compositeMode: 'split' }] });
    const each = rules({ placements: [{ id: 'r', full: 5, composite: 4, compositeMode: 'each' }] });
    const piece = (u: number, a: number) => placement(u, a, { itemId: 99, adoption: 'composite', contributors: 3 });
    const events = [piece(1, 1), piece(2, 2), piece(3, 3)];
    // split: 10 / 3 = 3.33 each; each: 4 each
    expect(scoreEvents(events, split, 1).map((e) => e.points)).toEqual([3.33, 3.33, 3.33]);
    expect(scoreEvents(events, each, 1).map((e) => e.points)).toEqual([4, 4, 4]);
  });

  it('cumulative across publications vs highest only', () => {
    const cumulative = rules({
      placements: [
        { id: 'routine', publicationKind: 'routine', full: 5, composite: 2, across: 'cumulative' },
        { id: 'special', publicationKind: 'special', full: 10, composite: 5, across: 'cumulative' },
      ],
    });
    const highest = rules({
      placements: [
        { id: 'routine', publicationKind: 'routine', full: 5, composite: 2, across: 'highest' },
        { id: 'special', publicationKind: 'special', full: 10, composite: 5, across: 'highest' },
      ],
    });
    // the same article (42) in a routine briefing and a special report
    const events = [placement(1, 42), placement(1, 42, { publicationKind: 'special', on: '2026-03-20' })];
    expect(sumFor(scoreEvents(events, cumulative, 1), 1)).toBe(15);
    const h = scoreEvents(events, highest, 1);
    expect(sumFor(h, 1)).toBe(10);
    // both placements stay on the ledger: the lower one with 0 points and why
    expect(h).toHaveLength(2);
    expect(h.find((e) => e.ruleId === 'routine')!.points).toBe(0);
  });

  it('forwarded and upstream adoption by channel level, channel and upstream publication, with the office multiplier', () => {
    const doc = rules({
      upstream: [
        { id: 'province', channelLevel: 'province', forwarded: 5, adopted: 40, officeMultiplier: 1.5 },
        { id: 'province-journal', channelLevel: 'province', upstreamPublicationId: 9, forwarded: 0, adopted: 60 },
        { id: 'state', channelLevel: 'state', forwarded: 30, adopted: 80, compositeMode: 'split' },
        { id: 'channel-5', channelId: 5, forwarded: 1, adopted: 2 },
      ],
    });
    const out = scoreEvents(
      [
        upstream('forwarded', 1), // 5
        upstream('upstream_adopted', 1), // 40
        upstream('upstream_adopted', 1, { fromOffice: true }), // 40 × 1.5 = 60
        upstream('upstream_adopted', 2, { upstreamPublicationId: 9 }), // 60 (publication rule)
        upstream('upstream_adopted', 3, { channelLevel: 'state', contributors: 2 }), // 80 / 2 = 40
        upstream('forwarded', 4, { channelId: 5 }), // 1 (channel rule beats the level rule)
      ],
      doc,
      1,
    );
    expect(sumFor(out, 1)).toBe(105);
    expect(sumFor(out, 2)).toBe(60);
    expect(sumFor(out, 3)).toBe(40);
    expect(sumFor(out, 4)).toBe(1);
  });

  it('instruction bonuses by rank, once per article per rank unless the rule counts each', () => {
    const doc = rules({
      instructions: [
        { id: 'city', rank: 'city_principal', points: 30 },
        { id: 'province', rank: 'provincial', points: 50, countEach: true },
      ],
    });
    const ins = (unitId: number, articleId: number, rank: string, n: number): ScoreEvent => ({ kind: 'instruction', id: `instruction:${n}:${articleId}`, on: `2026-05-0${n}`, unitId, articleId, rank, leaderName: `领导${n}` });
    const out = scoreEvents(
      [
        ins(1, 7, 'city_principal', 1), // 30
        ins(1, 7, 'city_principal', 2), // same article, same rank: 0
        ins(1, 8, 'city_principal', 3), // another article: 30
        ins(1, 7, 'provincial', 4), // 50
        ins(1, 7, 'provincial', 5), // counted each: 50
        ins(1, 7, 'state_council', 6), // no rule: nothing
      ],
      doc,
      1,
    );
    expect(sumFor(out, 1)).toBe(160);
    expect(out.filter((e) => e.points === 0)).toHaveLength(1);
  });

  it('solicitation points and penalties, and the zeroing rule for a year', () => {
    const doc = rules({
      placements: [{ id: 'r', full: 5, composite: 2 }],
      solicitation: { onTime: 2, adopted: 3, late: -5, missing: -10, zeroAfterMissing: 2 },
    });
    const sol = (unitId: number, n: number, status: 'answered_on_time' | 'answered_late' | 'missing', extra: { mandatory?: boolean; adopted?: boolean } = {}): ScoreEvent => ({
      kind: 'solicitation',
      id: `solicitation:${n}:${unitId}`,
      on: `2026-0${n}-15`,
      unitId,
      solicitationId: n,
      topic: `约稿${n}`,
      status,
      mandatory: extra.mandatory ?? true,
      adopted: extra.adopted ?? false,
    });
    const events = [
      // unit 1: on time and adopted (2 + 3), one late (−5), 4 placements (20): 20
      placement(1, 1),
      placement(1, 2),
      placement(1, 3),
      placement(1, 4),
      sol(1, 1, 'answered_on_time', { adopted: true }),
      sol(1, 2, 'answered_late'),
      // unit 2: 4 placements (20), two missing mandatory answers (−20) → zeroed for the year
      placement(2, 5),
      placement(2, 6),
      placement(2, 7),
      placement(2, 8),
      sol(2, 1, 'missing'),
      sol(2, 2, 'missing'),
      // unit 3: one missing mandatory and one missing optional: −20, not zeroed
      sol(3, 1, 'missing'),
      sol(3, 2, 'missing', { mandatory: false }),
    ];
    const out = scoreEvents(events, doc, 1);
    const year = (u: number) => totalsFor(out, '2026-01-01', '2026-12-31', true).get(u);
    expect(year(1)).toBe(20);
    expect(year(2)).toBe(0);
    expect(year(3)).toBe(-20);
    const zero = out.find((e) => e.eventKind === 'zeroing')!;
    expect(zero).toMatchObject({ unitId: 2, on: '2026-12-31', points: -0, ruleId: 'solicitation.zeroing' });
    // a month's total does not include the zeroing entry
    expect(totalsFor(out, '2026-03-01', '2026-03-31', false).get(2)).toBe(20);
  });

  it('zeroing takes away a positive year: the closing entry is minus the sum', () => {
    const doc = rules({ placements: [{ id: 'r', full: 5, composite: 2 }], solicitation: { missing: -1, zeroAfterMissing: 2 } });
    const m = (n: number): ScoreEvent => ({ kind: 'solicitation', id: `s:${n}`, on: '2026-06-01', unitId: 1, solicitationId: n, topic: 't', status: 'missing', mandatory: true, adopted: false });
    const out = scoreEvents([placement(1, 1), placement(1, 2), placement(1, 3), m(1), m(2)], doc, 1);
    // 15 − 2 = 13, zeroed by −13
    expect(out.find((e) => e.eventKind === 'zeroing')!.points).toBe(-13);
    expect(totalsFor(out, '2026-01-01', '2026-12-31', true).get(1)).toBe(0);
  });

  it('monthly base points for meeting the target and the adoption-rate penalty', () => {
    const doc = rules({ monthlyTarget: { points: 2, defaultTarget: 4 }, adoptionRate: { threshold: 0.2, penalty: -3, minSubmitted: 5 } });
    const month = (unitId: number, submitted: number, adopted: number, target: number | null): ScoreEvent => ({ kind: 'monthly', id: `monthly:2026-02:${unitId}`, on: '2026-02-01', unitId, month: '2026-02', submitted, adopted, target });
    const out = scoreEvents(
      [
        month(1, 6, 2, 6), // target 6 met: +2; rate 33% ok → 2
        month(2, 5, 0, null), // default target 4 met: +2; rate 0% < 20% from 5 pieces: −3 → −1
        month(3, 3, 0, null), // target 4 missed; 3 < minSubmitted → 0
        month(4, 9, 1, 10), // target 10 missed; 11% < 20%: −3
      ],
      doc,
      1,
    );
    expect([1, 2, 3, 4].map((u) => sumFor(out, u))).toEqual([2, -1, 0, -3]);
  });

  it('manual adjustments pass through with their reason', () => {
    const out = scoreEvents([{ kind: 'adjustment', id: 'adjustment:1', on: '2026-07-01', unitId: 5, points: -8, reason: '人工调整：报送虚假信息' }], rules({}), 4);
    expect(out).toEqual([{ unitId: 5, on: '2026-07-01', eventKind: 'adjustment', eventId: 'adjustment:1', ruleId: 'adjustment', ruleSetVersion: 4, points: -8, note: '人工调整：报送虚假信息' }]);
  });

  it('is deterministic: the same events in another order give the same ledger', () => {
    const events = [placement(1, 1), placement(2, 2, { publicationKind: 'special' }), upstream('upstream_adopted', 1), upstream('forwarded', 2)];
    const a = scoreEvents(events, DEFAULT_RULE_SET, 1);
    const b = scoreEvents([...events].reverse(), DEFAULT_RULE_SET, 1);
    expect(b).toEqual(a);
  });

  it('the default rule set carries the published numbers', () => {
    const out = scoreEvents(
      [
        placement(1, 1), // routine 5
        placement(1, 2, { publicationKind: 'special' }), // special 10
        placement(1, 3, { publicationKind: 'leaders_reference' }), // leaders' reference 20
        upstream('forwarded', 1), // province 5
        upstream('upstream_adopted', 1), // province 40
        upstream('forwarded', 1, { channelLevel: 'state' }), // State Council 30
        upstream('upstream_adopted', 1, { channelLevel: 'state' }), // 80
        { kind: 'instruction', id: 'i:1', on: '2026-05-01', unitId: 1, articleId: 1, rank: 'city_principal', leaderName: '甲' }, // 30
        { kind: 'instruction', id: 'i:2', on: '2026-05-01', unitId: 1, articleId: 1, rank: 'provincial', leaderName: '乙' }, // 50
        { kind: 'instruction', id: 'i:3', on: '2026-05-01', unitId: 1, articleId: 1, rank: 'state_council', leaderName: '丙' }, // 100
        { kind: 'solicitation', id: 's:1', on: '2026-05-01', unitId: 1, solicitationId: 1, topic: 't', status: 'missing', mandatory: true, adopted: false }, // −10
        { kind: 'solicitation', id: 's:2', on: '2026-05-01', unitId: 1, solicitationId: 2, topic: 't', status: 'answered_late', mandatory: true, adopted: false }, // −5
      ],
      DEFAULT_RULE_SET,
      1,
    );
    expect(sumFor(out, 1)).toBe(5 + 10 + 20 + 5 + 40 + 30 + 80 + 30 + 50 + 100 - 10 - 5);
  });
});

describe('ranking and honours', () => {
  const units = [
    { unitId: 1, unitName: '甲县', groupId: 1, groupName: '县市区', order: 0 },
    { unitId: 2, unitName: '乙县', groupId: 1, groupName: '县市区', order: 1 },
    { unitId: 3, unitName: '丙县', groupId: 1, groupName: '县市区', order: 2 },
    { unitId: 4, unitName: '丁县', groupId: 1, groupName: '县市区', order: 3 },
    { unitId: 5, unitName: '市发改委', groupId: 2, groupName: '市直部门', order: 4 },
    { unitId: 6, unitName: '市财政局', groupId: 2, groupName: '市直部门', order: 5 },
  ];
  const comps = (adopted: number, instructions = 0) => ({ adoptedPieces: adopted, upstreamAdoptions: 0, instructions, solicitationOnTime: 0, solicitationLate: 0, solicitationMissing: 0, submitted: 0, adoptionRate: null });

  it('ranks within groups, breaks ties in the configured order, names honours by count', () => {
    const doc = rules({
      honours: [
        { group: '县市区', mode: 'count', winners: 1, advanced: 2 },
        { group: '*', mode: 'count', winners: 1, advanced: 0 },
      ],
      tieBreak: ['instructions', 'adopted_pieces'],
    });
    const totals = new Map([
      [1, 20],
      [2, 30],
      [3, 20],
      [5, 0],
      [6, 10],
    ]);
    // 1 and 3 tie on 20: 3 has an instruction → 3 before 1
    const c = new Map([
      [1, comps(4, 0)],
      [3, comps(2, 1)],
    ]);
    const rows = rankUnits(units, totals, c, doc);
    expect(rows.map((r) => [r.unitId, r.rank, r.honour])).toEqual([
      [2, 1, 'winner'],
      [3, 2, 'advanced'],
      [1, 3, 'advanced'],
      [4, 4, null],
      [6, 1, 'winner'],
      [5, 2, null],
    ]);
  });

  it('names honours by score thresholds', () => {
    const doc = rules({ honours: [{ group: '*', mode: 'threshold', winners: 25, advanced: 15 }] });
    const rows = rankUnits(units.slice(0, 4), new Map([[1, 20], [2, 30], [3, 10]]), new Map(), doc);
    expect(rows.map((r) => r.honour)).toEqual(['winner', 'advanced', null, null]);
  });
});
