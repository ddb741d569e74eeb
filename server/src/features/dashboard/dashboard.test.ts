import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { TAssessment, TChannel, TDashboard, TForwarding, TIssue, TSolicitation } from '@baosong/contract';
import { ADMIN_PASSWORD, api, createTestApp, login, readXlsx, seedUnit, seedUser, USER_PASSWORD, XLSX_TYPE, type Api, type TestApp } from '../../test/harness.js';
import { articleAction, deskArticle, expectStatus, newPublication, releasedIssue } from '../../test/periodicals.js';
import { resetClock, setClock } from '../../lib/clock.js';

/**
 * Dashboards over HTTP, on a small year (2025) worked by hand. Runs on PGlite, and on PostgreSQL when
 * TEST_DATABASE_URL is set. The records (units A, B in the first group, C in the second):
 * - March: A submits a1 a2 (adopted) and a3 (left submitted); B b1 (adopted); C c1 (claimed, not decided);
 * - April: A a4 (adopted); C c2 (adopted);
 *   routine issue of 2025-04-20: [a1] and the composite [b1 + c2]; the city's principal leader instructs [a1];
 *   special issue of 2025-05-06: [a2];
 *   one forwarding to the province of [a1], [b1 + c2] and [a2]: [a1] adopted, [b1 + c2] adopted and instructed by a
 *   provincial leader, [a2] not adopted;
 * - June: a mandatory solicitation to A, B, C due 06-10 18:00: A answers on 06-05 (on time), B on 06-12 (late), C
 *   never (missing); both answers are submissions of June, not adopted;
 * - July: a voluntary one to C due 07-10, which C declines; December: one to A due 12-20 (pending on 12-01).
 * - An archived piece of A dated March (history, not a submission).
 * So for the year: months 03 5/3, 04 2/2, 06 2/0; A 5/3, B 2/1, C 2/1; groups 7/4 and 2/1; funnel 9 → 5 → 4 → 3 → 3.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'iss' | 'boss' | 'aud' | 'repa' | 'repb' | 'repc', Api>;
const unit = {} as Record<'a' | 'b' | 'c', { id: number }>;
const group = {} as Record<'one' | 'two', number>;
const Y = 2025;
const at = (day: string, time = '10:00') => setClock(new Date(`${Y}-${day}T${time}:00+08:00`));
const pubs = {} as Record<'routine' | 'special', number>;

beforeAll(async () => {
  t = await createTestApp();
  const groups = await t.database.query<{ id: number }>('select id from unit_groups order by sort_order, id');
  group.one = groups[0]!.id;
  group.two = groups[1]!.id;
  unit.a = await seedUnit(t.database, '东光县人民政府');
  unit.b = await seedUnit(t.database, '黄骅市人民政府');
  await seedUser(t.database, 'd_ed', ['editor']);
  await seedUser(t.database, 'd_iss', ['issuer']);
  await seedUser(t.database, 'd_boss', ['leader']);
  await seedUser(t.database, 'd_aud', ['auditor']);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  unit.c = expectStatus(await as.admin.post('/api/units', { name: '市发展和改革委员会', groupId: group.two }), 201, 'unit C').json<{ id: number }>();
  await seedUser(t.database, 'd_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 'd_repb', ['reporter'], unit.b.id);
  await seedUser(t.database, 'd_repc', ['reporter'], unit.c.id);
  for (const k of ['ed', 'iss', 'boss', 'aud', 'repa', 'repb', 'repc'] as const) as[k] = api(t.app, await login(t.app, `d_${k}`, USER_PASSWORD));

  try {
    pubs.routine = (await newPublication(as.admin, { kind: 'routine' })).id;
    pubs.special = (await newPublication(as.admin, { kind: 'special' })).id;
    at('03-10');
    const a1 = await deskArticle(as.repa, as.ed, 'adopted');
    const a2 = await deskArticle(as.repa, as.ed, 'adopted');
    await deskArticle(as.repa, as.ed, 'submitted');
    const b1 = await deskArticle(as.repb, as.ed, 'adopted');
    await deskArticle(as.repc, as.ed, 'in_review');
    at('04-15');
    await deskArticle(as.repa, as.ed, 'adopted');
    const c2 = await deskArticle(as.repc, as.ed, 'adopted');
    at('04-20');
    const routine: TIssue = await releasedIssue(as.ed, as.iss, pubs.routine, `${Y}-04-20`, [[a1], [b1, c2]]);
    const itemA1 = routine.items.find((i) => i.sources.length === 1)!.id;
    const itemBC = routine.items.find((i) => i.sources.length === 2)!.id;
    expectStatus(
      await as.ed.post('/api/instructions', { issueId: routine.id, itemId: itemA1, leaderName: '王市长', leaderRank: 'city_principal', instructedOn: `${Y}-04-22`, text: '请总结推广。' }),
      201,
      'instruction',
    );
    at('05-06');
    const special: TIssue = await releasedIssue(as.ed, as.iss, pubs.special, `${Y}-05-06`, [[a2]]);
    at('05-08');
    let province = expectStatus(await as.admin.post('/api/channels', { name: '省政府办公厅', level: 'province' }), 201, 'channel').json<TChannel>();
    province = expectStatus(await as.admin.post(`/api/channels/${province.id}/publications`, { name: '河北政务信息' }), 201, 'publication').json<TChannel>();
    const fw = expectStatus(
      await as.ed.post('/api/forwardings', { channelId: province.id, pieces: [{ itemId: itemA1 }, { itemId: itemBC }, { itemId: special.items[0]!.id }] }),
      201,
      'forward',
    ).json<TForwarding>();
    expectStatus(await as.iss.post(`/api/forwardings/${fw.id}/sign-off`), 200, 'sign off');
    const upPub = province.publications[0]!.id;
    const [pA1, pBC, pA2] = [itemA1, itemBC, special.items[0]!.id].map((id) => fw.pieces.find((p) => p.itemId === id)!.id);
    expectStatus(await as.ed.put(`/api/forwarded-pieces/${pA1}/outcome`, { result: 'adopted', upstreamPublicationId: upPub, outcomeOn: `${Y}-05-20` }), 200, 'outcome a1');
    expectStatus(
      await as.ed.put(`/api/forwarded-pieces/${pBC}/outcome`, {
        result: 'adopted',
        upstreamPublicationId: upPub,
        outcomeOn: `${Y}-05-20`,
        instructions: [{ leaderRank: 'provincial', leaderName: '李副省长', instructedOn: `${Y}-05-25`, text: '请省发展改革委研究。' }],
      }),
      200,
      'outcome bc',
    );
    expectStatus(await as.ed.put(`/api/forwarded-pieces/${pA2}/outcome`, { result: 'not_adopted', outcomeOn: `${Y}-05-20` }), 200, 'outcome a2');

    at('06-01');
    const june = expectStatus(
      await as.ed.post('/api/solicitations', { topic: '上半年稳增长经验', requirements: '请报送做法和成效。', deadline: `${Y}-06-10T18:00:00+08:00`, unitIds: [unit.a.id, unit.b.id, unit.c.id] }),
      201,
      'solicit',
    ).json<TSolicitation>();
    at('06-05');
    await answer(as.repa, june.id);
    at('06-12');
    await answer(as.repb, june.id);
    at('07-01');
    const july = expectStatus(
      await as.ed.post('/api/solicitations', { topic: '防汛工作', requirements: '请报送。', deadline: `${Y}-07-10T18:00:00+08:00`, mandatory: false, unitIds: [unit.c.id] }),
      201,
      'solicit july',
    ).json<TSolicitation>();
    expectStatus(await as.repc.post(`/api/solicitations/${july.id}/decline`, { reason: '本单位无防汛任务' }), 200, 'decline');
    at('11-30');
    expectStatus(
      await as.ed.post('/api/solicitations', { topic: '全年工作亮点', requirements: '请报送。', deadline: `${Y}-12-20T18:00:00+08:00`, unitIds: [unit.a.id] }),
      201,
      'solicit december',
    );
    // History brought in by the archive import is no submission.
    await t.database.query(
      `insert into articles (unit_id, created_by_id, title, state, submitted_at, first_submitted_at, decided_at) values ($1, 1, '历史稿件', 'archived', $2, $2, $2)`,
      [unit.a.id, new Date(`${Y}-03-03T12:00:00+08:00`)],
    );
    at('12-01');
  } catch (e) {
    resetClock();
    throw e;
  }
});
afterAll(async () => {
  resetClock();
  await t?.close();
});

async function answer(who: Api, solicitationId: number) {
  const r = await who.post('/api/articles', { title: '上半年稳增长的做法', bodyHtml: '<p>我们坚持项目为王，推动稳增长各项措施落地见效。</p>', type: 'experience', solicitationId });
  await articleAction(who, expectStatus(r, 201, 'answer').json<{ id: number }>().id, 'submit');
}

const board = async (who: Api, query: string) => expectStatus(await who.get(`/api/dashboard?${query}`), 200, `dashboard ${query}`).json<TDashboard>();
const ours = <T extends { unitId: number }>(rows: T[]) => rows.filter((r) => [unit.a.id, unit.b.id, unit.c.id].includes(r.unitId));

describe('dashboards, office-wide', () => {
  it('submissions, adoptions and adoption rate by month, unit and group', async () => {
    const d = await board(as.ed, `period=${Y}`);
    expect(d).toMatchObject({ scope: 'office', from: `${Y}-01-01`, to: `${Y}-12-31` });
    expect(d.months).toHaveLength(12);
    const m = Object.fromEntries(d.months.map((x) => [x.month, [x.submitted, x.adopted, x.adoptionRate]]));
    expect(m[`${Y}-03`]).toEqual([5, 3, 0.6]);
    expect(m[`${Y}-04`]).toEqual([2, 2, 1]);
    expect(m[`${Y}-06`]).toEqual([2, 0, 0]);
    expect(m[`${Y}-05`]).toEqual([0, 0, null]);
    expect(ours(d.units).map((u) => [u.unitName, u.submitted, u.adopted, u.adoptionRate])).toEqual([
      ['东光县人民政府', 5, 3, 0.6],
      ['黄骅市人民政府', 2, 1, 0.5],
      ['市发展和改革委员会', 2, 1, 0.5],
    ]);
    const g = Object.fromEntries(d.groups.map((x) => [x.groupId, [x.units, x.submitted, x.adopted, x.adoptionRate]]));
    expect(g[group.one]).toEqual([2, 7, 4, 0.571]);
    expect(g[group.two]).toEqual([1, 2, 1, 0.5]);
  });

  it('the upward funnel follows the pieces received in the period', async () => {
    expect((await board(as.boss, `period=${Y}`)).funnel).toEqual({ received: 9, adopted: 5, forwarded: 4, adoptedAbove: 3, instructed: 3 });
    // Only the April pieces: a4 (adopted, never forwarded) and c2 (composite, forwarded, adopted above, instructed).
    expect((await board(as.boss, `period=${Y}-04`)).funnel).toEqual({ received: 2, adopted: 2, forwarded: 1, adoptedAbove: 1, instructed: 1 });
  });

  it('issues per publication, solicitation compliance and the ranking', async () => {
    const d = await board(as.aud, `period=${Y}`);
    const p = Object.fromEntries(d.publications.map((x) => [x.publicationId, [x.issues, x.pieces, x.articles, x.instructedIssues]]));
    expect(p[pubs.routine]).toEqual([1, 2, 3, 1]);
    expect(p[pubs.special]).toEqual([1, 1, 1, 0]);
    expect(ours(d.compliance).map((c) => [c.unitName, c.targeted, c.onTime, c.late, c.missing, c.declined, c.pending, c.onTimeRate])).toEqual([
      ['东光县人民政府', 2, 1, 0, 0, 0, 1, 1],
      ['黄骅市人民政府', 1, 0, 1, 0, 0, 0, 0],
      ['市发展和改革委员会', 2, 0, 0, 1, 1, 0, 0],
    ]);
    const assessment = expectStatus(await as.aud.get(`/api/scoring/assessment?period=${Y}`), 200, 'assessment').json<TAssessment>();
    expect(d.ranking).toEqual(assessment.rows);
    expect(ours(d.ranking!).length).toBe(3);
  });

  it('filters by quarter, month, group and unit', async () => {
    const q2 = await board(as.ed, `period=${Y}-Q2`);
    expect(q2.months.map((x) => [x.month, x.submitted, x.adopted])).toEqual([
      [`${Y}-04`, 2, 2],
      [`${Y}-05`, 0, 0],
      [`${Y}-06`, 2, 0],
    ]);
    // The June solicitation is due in Q2 (A on time, B late, C missing); July's decline is not.
    expect(ours(q2.compliance).map((c) => [c.onTime, c.late, c.missing, c.declined])).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ]);
    expect(q2.publications.find((x) => x.publicationId === pubs.routine)).toMatchObject({ issues: 1, pieces: 2 });
    const march = await board(as.ed, `period=${Y}-03`);
    expect(march.months).toEqual([{ month: `${Y}-03`, submitted: 5, adopted: 3, adoptionRate: 0.6 }]);
    expect(march.publications.every((x) => x.issues === 0)).toBe(true);

    const two = await board(as.ed, `period=${Y}&groupId=${group.two}`);
    expect(two.units.map((u) => u.unitName)).toEqual(['市发展和改革委员会']);
    expect(two.groups.map((g) => g.groupId)).toEqual([group.two]);
    expect(two.funnel).toEqual({ received: 2, adopted: 1, forwarded: 1, adoptedAbove: 1, instructed: 1 });
    // Only issues carrying C's pieces, and only C's piece and article in them.
    expect(two.publications.find((x) => x.publicationId === pubs.routine)).toMatchObject({ issues: 1, pieces: 1, articles: 1 });
    expect(two.publications.find((x) => x.publicationId === pubs.special)).toMatchObject({ issues: 0, pieces: 0, articles: 0 });
    expect(two.ranking!.map((r) => r.unitId)).toEqual([unit.c.id]);

    const a = await board(as.ed, `period=${Y}&unitId=${unit.a.id}`);
    expect(a.units.map((u) => [u.submitted, u.adopted])).toEqual([[5, 3]]);
    expect(a.funnel).toEqual({ received: 5, adopted: 3, forwarded: 2, adoptedAbove: 1, instructed: 1 });

    expect((await as.ed.get(`/api/dashboard?period=${Y}&groupId=999999`)).statusCode).toBe(400);
    expect((await as.ed.get('/api/dashboard?period=2025-13')).statusCode).toBe(400);
  });
});

describe("a unit's people", () => {
  it('see their own unit only: no groups, no ranking, no other unit', async () => {
    const d = await board(as.repa, `period=${Y}`);
    expect(d).toMatchObject({ scope: 'unit', unitId: unit.a.id, groups: [], ranking: null });
    expect(d.units.map((u) => [u.unitId, u.submitted, u.adopted])).toEqual([[unit.a.id, 5, 3]]);
    expect(d.months.filter((m) => m.submitted).map((m) => [m.month, m.submitted, m.adopted])).toEqual([
      [`${Y}-03`, 3, 2],
      [`${Y}-04`, 1, 1],
      [`${Y}-06`, 1, 0],
    ]);
    expect(d.funnel).toEqual({ received: 5, adopted: 3, forwarded: 2, adoptedAbove: 1, instructed: 1 });
    expect(d.compliance.map((c) => c.unitId)).toEqual([unit.a.id]);
    expect(d.publications.find((x) => x.publicationId === pubs.routine)).toMatchObject({ issues: 1, pieces: 1, articles: 1 });
    expect((await as.repa.get(`/api/dashboard?period=${Y}&unitId=${unit.a.id}`)).statusCode).toBe(200);
    expect((await as.repa.get(`/api/dashboard?period=${Y}&unitId=${unit.b.id}`)).statusCode).toBe(403);
    expect((await as.repa.get(`/api/dashboard?period=${Y}&groupId=${group.one}`)).statusCode).toBe(403);
    expect((await as.repa.get(`/api/dashboard.xlsx?period=${Y}&table=ranking`)).statusCode).toBe(403);
  });
});

describe('export', () => {
  it('each table to .xlsx with Chinese headers, the same figures', async () => {
    const res = await as.ed.get(`/api/dashboard.xlsx?period=${Y}&table=units`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`按单位报送采用_${Y}.xlsx`));
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['单位', '分组', '报送篇数', '采用篇数', '采用率']);
    expect(rows.find((r) => r[0] === '东光县人民政府')!.slice(2)).toEqual(['5', '3', '60%']);

    const months = await readXlsx((await as.ed.get(`/api/dashboard.xlsx?period=${Y}&table=months`)).rawPayload);
    expect(months[0]).toEqual(['月份', '报送篇数', '采用篇数', '采用率']);
    expect(months.find((r) => r[0] === `${Y}年3月`)).toEqual([`${Y}年3月`, '5', '3', '60%']);
    const funnel = await readXlsx((await as.ed.get(`/api/dashboard.xlsx?period=${Y}&table=funnel`)).rawPayload);
    expect(funnel.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['收到信息', '9'],
      ['市政府办公室采用', '5'],
      ['上报上级', '4'],
      ['上级采用', '3'],
      ['获领导批示', '3'],
    ]);
  });

  it('every table at once, one sheet each with a bold header row; a unit gets its own sheets only', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await as.ed.get(`/api/dashboard.xlsx?period=${Y}`)).rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按月报送采用', '按单位报送采用', '按分组报送采用', '信息上行情况', '刊物编发情况', '约稿完成情况', '考核排名', '说明']);
    const pub = wb.getWorksheet('刊物编发情况')!;
    expect(pub.getRow(1).font?.bold).toBe(true);
    expect(pub.getRow(1).values).toEqual([undefined, '刊物', '编发期数', '刊发篇目', '采用单位信息', '获批示期数']);
    const comp = wb.getWorksheet('约稿完成情况')!;
    const rowB: unknown[] = [];
    comp.eachRow((r) => {
      if ((r.values as unknown[])[1] === '黄骅市人民政府') rowB.push(...(r.values as unknown[]).slice(1));
    });
    expect(rowB).toEqual(['黄骅市人民政府', '县市区', 1, 0, 1, 0, 0, 0, '0%']);

    const mine = new ExcelJS.Workbook();
    await mine.xlsx.load((await as.repb.get(`/api/dashboard.xlsx?period=${Y}`)).rawPayload as unknown as ArrayBuffer);
    expect(mine.worksheets.map((w) => w.name)).toEqual(['按月报送采用', '按单位报送采用', '信息上行情况', '刊物编发情况', '约稿完成情况', '说明']);
  });
});
