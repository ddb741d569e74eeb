import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, type TAssessment, type TChannel, type TForwarding, type TRuleSet, type TRuleSetDocument, type TUnitLedger, type TWhatIf } from '@baosong/contract';
import { ADMIN_PASSWORD, api, createTestApp, login, readXlsx, seedUnit, seedUser, USER_PASSWORD, XLSX_TYPE, type Api, type TestApp } from '../../test/harness.js';
import { deskArticle, expectStatus, newPublication, releasedIssue } from '../../test/periodicals.js';
import { todayShanghai } from '../../lib/clock.js';

/**
 * Scoring over HTTP: the stored ledger behind every total (recomputed when events or rules change), the assessment
 * ranked and exported, what-if with a draft rule set, freezing the official result. Worked by hand under the
 * default rule set (routine 5 / composite 2 each, special 10, province forwarded 5 / adopted 40, city principal
 * leader's instruction +30). Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'iss' | 'boss' | 'aud' | 'repa' | 'repb' | 'repc', Api>;
const unit = {} as Record<'a' | 'b' | 'c', { id: number }>;
let compositeItem = 0;
const year = Number(todayShanghai().slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '东光县人民政府');
  unit.b = await seedUnit(t.database, '黄骅市人民政府');
  unit.c = await seedUnit(t.database, '献县人民政府');
  await seedUser(t.database, 's_ed', ['editor']);
  await seedUser(t.database, 's_iss', ['issuer']);
  await seedUser(t.database, 's_boss', ['leader']);
  await seedUser(t.database, 's_aud', ['auditor']);
  await seedUser(t.database, 's_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 's_repb', ['reporter'], unit.b.id);
  await seedUser(t.database, 's_repc', ['reporter'], unit.c.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'iss', 'boss', 'aud', 'repa', 'repb', 'repc'] as const) as[k] = api(t.app, await login(t.app, `s_${k}`, USER_PASSWORD));

  // March: a routine briefing with A's piece in full (A +5) and a composite of B and C (+2 each).
  const routine = await newPublication(as.admin, { kind: 'routine' });
  const a1 = await deskArticle(as.repa, as.ed, 'adopted');
  const b1 = await deskArticle(as.repb, as.ed, 'adopted');
  const c1 = await deskArticle(as.repc, as.ed, 'adopted');
  const issue = await releasedIssue(as.ed, as.iss, routine.id, `${year}-03-02`, [[a1], [b1, c1]]);
  compositeItem = issue.items.find((i) => i.sources.length === 2)!.id;
  const fullItem = issue.items.find((i) => i.sources.length === 1)!.id;
  // The city's principal leader instructs the composite piece (B +30, C +30), recorded on paper by the editor.
  expectStatus(
    await as.ed.post('/api/instructions', { issueId: issue.id, itemId: compositeItem, leaderName: '王市长', leaderRank: 'city_principal', instructedOn: `${year}-03-05`, text: '请总结推广。' }),
    201,
    'instruction',
  );
  // A's piece goes up to the province (A +5) and is adopted there (A +40).
  let province = expectStatus(await as.admin.post('/api/channels', { name: '省政府办公厅', level: 'province' }), 201, 'channel').json<TChannel>();
  province = expectStatus(await as.admin.post(`/api/channels/${province.id}/publications`, { name: '河北政务信息' }), 201, 'publication').json<TChannel>();
  const fw = expectStatus(await as.ed.post('/api/forwardings', { channelId: province.id, pieces: [{ itemId: fullItem }] }), 201, 'forward').json<TForwarding>();
  expectStatus(await as.iss.post(`/api/forwardings/${fw.id}/sign-off`), 200, 'sign off');
  expectStatus(await as.ed.put(`/api/forwarded-pieces/${fw.pieces[0]!.id}/outcome`, { result: 'adopted', upstreamPublicationId: province.publications[0]!.id, outcomeOn: todayShanghai() }), 200, 'outcome');
});
afterAll(async () => {
  await t?.close();
});

const assessment = async (who: Api, period = String(year)) => expectStatus(await who.get(`/api/scoring/assessment?period=${period}`), 200, 'assessment').json<TAssessment>();
const ledger = async (who: Api, unitId: number, period = String(year)) => expectStatus(await who.get(`/api/scoring/units/${unitId}/ledger?period=${period}`), 200, 'ledger').json<TUnitLedger>();
const totals = (a: TAssessment) => Object.fromEntries(a.rows.filter((r) => [unit.a.id, unit.b.id, unit.c.id].includes(r.unitId)).map((r) => [r.unitId, r.total]));

describe('the ledger', () => {
  it('every point is on the ledger with its event, rule and rule-set version', async () => {
    const a = await ledger(as.ed, unit.a.id);
    expect(a.total).toBe(50);
    expect(a.entries.map((e) => [e.eventKind, e.ruleId, e.points])).toEqual([
      ['placement', 'routine', 5],
      ['forwarded', 'province', 5],
      ['upstream_adopted', 'province', 40],
    ]);
    expect(a.entries.every((e) => e.ruleSetVersion === 0 && e.eventId.length > 0)).toBe(true);
    const c = await ledger(as.ed, unit.c.id);
    expect(c.total).toBe(32);
    expect(c.entries.find((e) => e.eventKind === 'instruction')!.note).toContain('王市长');
  });

  it('a unit sees its own ledger only; office readers see every unit', async () => {
    expect((await as.repa.get(`/api/scoring/units/${unit.a.id}/ledger?period=${year}`)).statusCode).toBe(200);
    expect((await as.repa.get(`/api/scoring/units/${unit.b.id}/ledger?period=${year}`)).statusCode).toBe(403);
    expect((await as.aud.get(`/api/scoring/units/${unit.b.id}/ledger?period=${year}`)).statusCode).toBe(200);
    expect((await as.repa.get(`/api/scoring/assessment?period=${year}`)).statusCode).toBe(403);
  });

  it('is recomputed when events change: a newly released issue and an editor\'s adjustment show at once', async () => {
    const special = await newPublication(as.admin, { kind: 'special' });
    const b2 = await deskArticle(as.repb, as.ed, 'adopted');
    await releasedIssue(as.ed, as.iss, special.id, `${year}-05-06`, [[b2]]);
    // an adjustment needs a reason
    expect((await as.ed.post('/api/scoring/adjustments', { unitId: unit.c.id, on: `${year}-06-01`, points: -8, reason: '' })).statusCode).toBe(400);
    expect((await as.admin.post('/api/scoring/adjustments', { unitId: unit.c.id, on: `${year}-06-01`, points: -8, reason: '报送虚假信息' })).statusCode).toBe(403);
    expectStatus(await as.ed.post('/api/scoring/adjustments', { unitId: unit.c.id, on: `${year}-06-01`, points: -8, reason: '报送虚假信息' }), 201, 'adjust');
    expect((await ledger(as.ed, unit.b.id)).total).toBe(42);
    const c = await ledger(as.ed, unit.c.id);
    expect(c.total).toBe(24);
    expect(c.entries.find((e) => e.eventKind === 'adjustment')!.note).toContain('报送虚假信息');
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'scoring.adjust'`);
    expect(audit[0]!.n).toBe(1);
  });
});

describe('the assessment', () => {
  it('ranks units within their group with totals and components, for a year and for a month', async () => {
    const a = await assessment(as.boss);
    expect(totals(a)).toEqual({ [unit.a.id]: 50, [unit.b.id]: 42, [unit.c.id]: 24 });
    const rowA = a.rows.find((r) => r.unitId === unit.a.id)!;
    expect(rowA).toMatchObject({ rank: 1, adoptedPieces: 1, upstreamAdoptions: 1, instructions: 0, submitted: 1, adoptionRate: 1 });
    expect(a.rows.find((r) => r.unitId === unit.b.id)).toMatchObject({ rank: 2, adoptedPieces: 2, instructions: 1 });
    // March alone: the placements and the instruction (A 5, B 32, C 32: B before C by unit order after equal counts)
    const march = await assessment(as.ed, `${year}-03`);
    expect(totals(march)).toEqual({ [unit.a.id]: 5, [unit.b.id]: 32, [unit.c.id]: 32 });
  });

  it('exports to .xlsx with Chinese headers', async () => {
    const res = await as.ed.get(`/api/scoring/assessment.xlsx?period=${year}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]!.slice(0, 4)).toEqual(['分组', '名次', '单位', '总分']);
    expect(rows.find((r) => r[2] === '东光县人民政府')![3]).toBe('50');
  });
});

describe('what if', () => {
  it('applies a draft rule set to a period without saving it and shows who moves', async () => {
    const draft: TRuleSetDocument = structuredClone(DEFAULT_RULE_SET);
    draft.instructions.find((r) => r.rank === 'city_principal')!.points = 100;
    expect((await as.ed.post('/api/scoring/what-if', { period: String(year), document: draft })).statusCode).toBe(403);
    const w = expectStatus(await as.admin.post('/api/scoring/what-if', { period: String(year), document: draft }), 200, 'what-if').json<TWhatIf>();
    const row = (id: number) => w.rows.find((r) => r.unitId === id)!;
    // B: 2 + 10 + 100 = 112, C: 2 + 100 − 8 = 94, A stays at 50
    expect(row(unit.b.id)).toMatchObject({ currentRank: 2, draftRank: 1, currentTotal: 42, draftTotal: 112, moved: 1 });
    expect(row(unit.c.id)).toMatchObject({ currentRank: 3, draftRank: 2, draftTotal: 94, moved: 1 });
    expect(row(unit.a.id)).toMatchObject({ currentRank: 1, draftRank: 3, draftTotal: 50, moved: -2 });
    // nothing saved
    expect(totals(await assessment(as.ed))).toEqual({ [unit.a.id]: 50, [unit.b.id]: 42, [unit.c.id]: 24 });
  });

  it('refuses an invalid draft with 400', async () => {
    const bad = await as.admin.post('/api/scoring/what-if', { period: String(year), document: { placements: [{ id: 'Bad Id!', full: 'five' }] } });
    expect(bad.statusCode).toBe(400);
    expect((await as.admin.post('/api/scoring/what-if', { period: `${year}-13`, document: DEFAULT_RULE_SET })).statusCode).toBe(400);
  });
});

describe('freezing and rule-set versions', () => {
  it('freezes the official assessment; later events do not change it but raise a warning', async () => {
    expect((await as.ed.post('/api/scoring/assessment/freeze', { period: String(year) })).statusCode).toBe(403);
    const frozen = expectStatus(await as.admin.post('/api/scoring/assessment/freeze', { period: String(year) }), 200, 'freeze').json<TAssessment>();
    expect(frozen.frozen).toMatchObject({ changedSince: false });
    const again = await as.admin.post('/api/scoring/assessment/freeze', { period: String(year) });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ASSESSMENT_FROZEN');
    expectStatus(await as.ed.post('/api/scoring/adjustments', { unitId: unit.c.id, on: `${year}-07-01`, points: 100, reason: '迟报紧急信息的更正' }), 201, 'adjust');
    const after = await assessment(as.ed);
    expect(totals(after)).toEqual({ [unit.a.id]: 50, [unit.b.id]: 42, [unit.c.id]: 24 });
    expect(after.frozen!.changedSince).toBe(true);
    // the live ledger moved on
    expect((await ledger(as.ed, unit.c.id)).total).toBe(124);
  });

  it('saving a rule set makes a new version; the ledger is recomputed with it and names it', async () => {
    const doc: TRuleSetDocument = structuredClone(DEFAULT_RULE_SET);
    doc.placements.find((r) => r.id === 'special')!.full = 15;
    expect((await as.ed.post('/api/scoring/rule-sets', { year, name: '计分办法', document: doc })).statusCode).toBe(403);
    const v1 = expectStatus(await as.admin.post('/api/scoring/rule-sets', { year, name: '计分办法', document: doc }), 201, 'save').json<TRuleSet>();
    const v2 = expectStatus(await as.admin.post('/api/scoring/rule-sets', { year, name: '计分办法（修订）', document: doc }), 201, 'save').json<TRuleSet>();
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const b = await ledger(as.ed, unit.b.id);
    expect(b.total).toBe(47);
    expect(b.entries.every((e) => e.ruleSetVersion === 2)).toBe(true);
    const q2 = await assessment(as.ed, `${year}-Q2`);
    expect(q2.ruleSetVersion).toBe(2);
    expect(totals(q2)[unit.b.id]).toBe(15);
    const list = expectStatus(await as.admin.get('/api/scoring/rule-sets'), 200, 'list').json<{ version: number }[]>();
    expect(list.map((r) => r.version)).toEqual([2, 1]);
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'scoring.rule_set.save'`);
    expect(audit[0]!.n).toBe(2);
  });
});
