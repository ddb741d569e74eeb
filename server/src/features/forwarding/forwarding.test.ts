import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TChannel, TForwardCandidate, TForwardedPiece, TForwardedPieceFull, TForwarding } from '@baosong/contract';
import { ADMIN_PASSWORD, api, buildXlsx, count, createTestApp, login, readXlsx, seedUnit, seedUser, USER_PASSWORD, XLSX_TYPE, type Api, type TestApp } from '../../test/harness.js';
import { deskArticle, expectStatus, newPublication, releasedIssue } from '../../test/periodicals.js';

/**
 * Forwarding upward (上报) over HTTP: channels and their publications, forwarding pieces (full and composite) with the
 * issuer's sign-off, outcomes with upstream leaders' instructions, credit to every contributing unit, the desk's
 * list of pieces awaiting an outcome, and the Excel import of outcomes.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'iss' | 'aud' | 'repa' | 'repb' | 'repc', Api>;
const unit = {} as Record<'a' | 'b' | 'c', { id: number; name: string }>;
let province: TChannel;
let state: TChannel;
let full: number;
let composite: number;
let loose: number;
let compositeArticles: number[];

beforeAll(async () => {
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '东光县人民政府');
  unit.b = await seedUnit(t.database, '黄骅市人民政府');
  unit.c = await seedUnit(t.database, '献县人民政府');
  await seedUser(t.database, 'w_ed', ['editor']);
  await seedUser(t.database, 'w_iss', ['issuer']);
  await seedUser(t.database, 'w_aud', ['auditor']);
  await seedUser(t.database, 'w_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 'w_repb', ['reporter'], unit.b.id);
  await seedUser(t.database, 'w_repc', ['reporter'], unit.c.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'iss', 'aud', 'repa', 'repb', 'repc'] as const) as[k] = api(t.app, await login(t.app, `w_${k}`, USER_PASSWORD));

  const pub = await newPublication(as.admin);
  const a1 = await deskArticle(as.repa, as.ed, 'adopted');
  const b1 = await deskArticle(as.repb, as.ed, 'adopted');
  const c1 = await deskArticle(as.repc, as.ed, 'adopted');
  compositeArticles = [b1, c1];
  const issue = await releasedIssue(as.ed, as.iss, pub.id, '2026-03-02', [[a1], [b1, c1]]);
  full = issue.items.find((i) => i.kind === 'piece' && i.sources.length === 1)!.id;
  composite = issue.items.find((i) => i.sources.length === 2)!.id;
  loose = await deskArticle(as.repa, as.ed, 'adopted');
});
afterAll(async () => {
  await t?.close();
});

async function forward(channelId: number, pieces: { itemId?: number; articleId?: number }[]): Promise<TForwarding> {
  return expectStatus(await as.ed.post('/api/forwardings', { channelId, pieces }), 201, 'forward').json<TForwarding>();
}

describe('channels', () => {
  it('an administrator configures channels and their publications; names are unique', async () => {
    province = expectStatus(await as.admin.post('/api/channels', { name: '省政府办公厅', level: 'province' }), 201, 'channel').json<TChannel>();
    province = expectStatus(await as.admin.post(`/api/channels/${province.id}/publications`, { name: '河北政务信息' }), 201, 'pub').json<TChannel>();
    state = expectStatus(await as.admin.post('/api/channels', { name: '国务院办公厅', level: 'state', sortOrder: 200 }), 201, 'channel').json<TChannel>();
    state = expectStatus(await as.admin.post(`/api/channels/${state.id}/publications`, { name: '国办信息' }), 201, 'pub').json<TChannel>();
    expect(province.publications.map((p) => p.name)).toEqual(['河北政务信息']);
    const dup = await as.admin.post('/api/channels', { name: '省政府办公厅' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CHANNEL_NAME_TAKEN');
    expect((await as.admin.post(`/api/channels/${state.id}/publications`, { name: '国办信息' })).statusCode).toBe(409);
    const list = expectStatus(await as.ed.get('/api/channels'), 200, 'list').json<TChannel[]>();
    expect(list.map((c) => c.name)).toEqual(['省政府办公厅', '国务院办公厅']);
    expect((await as.ed.post('/api/channels', { name: '编辑不能建' })).statusCode).toBe(403);
  });
});

describe('forwarding and sign-off', () => {
  let fw: TForwarding;

  it('lists released pieces and adopted articles as candidates', async () => {
    const c = expectStatus(await as.ed.get('/api/forwarding/candidates'), 200, 'candidates').json<TForwardCandidate[]>();
    const comp = c.find((x) => x.itemId === composite)!;
    expect(comp.units.sort()).toEqual([unit.b.name, unit.c.name].sort());
    expect(comp.placedIn).toMatch(/2026年第\d+期/);
    expect(c.find((x) => x.articleId === loose)).toMatchObject({ placedIn: null, units: [unit.a.name], forwardedTo: [] });
  });

  it('an editor forwards several pieces at once; each keeps its text as sent and every contributing unit', async () => {
    fw = await forward(province.id, [{ itemId: full }, { itemId: composite }, { articleId: loose }]);
    expect(fw).toMatchObject({ state: 'awaiting_signoff', channelName: '省政府办公厅', sentOn: null });
    expect(fw.pieces).toHaveLength(3);
    const comp = fw.pieces.find((p) => p.itemId === composite)!;
    expect(comp.title).toBe('综合：各地推进重点项目建设');
    expect(comp.bodyHtml).toContain('综合各单位报送的情况');
    expect(comp.sources.map((s) => s.unitId).sort()).toEqual([unit.b.id, unit.c.id].sort());
    expect(comp.sources.map((s) => s.articleId).sort()).toEqual([...compositeArticles].sort());
    expect(fw.pieces.find((p) => p.articleId === loose)!.sources).toEqual([{ articleId: loose, unitId: unit.a.id, unitName: unit.a.name }]);
    const notes = (await as.iss.get('/api/notifications')).json<{ items: { kind: string }[] }>().items;
    expect(notes.some((n) => n.kind === 'forwarding.signoff')).toBe(true);
  });

  it('refuses a piece already forwarded through the channel, duplicates, and pieces not adopted', async () => {
    const before = await count(t.database, 'forwarded_pieces');
    const again = await as.ed.post('/api/forwardings', { channelId: province.id, pieces: [{ itemId: full }] });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PIECE_ALREADY_FORWARDED');
    expect(again.json().message).toContain('省政府办公厅');
    const twice = await as.ed.post('/api/forwardings', { channelId: state.id, pieces: [{ itemId: full }, { itemId: full }] });
    expect(twice.statusCode).toBe(400);
    const draft = await deskArticle(as.repa, as.ed, 'in_review');
    const notAdopted = await as.ed.post('/api/forwardings', { channelId: state.id, pieces: [{ itemId: full }, { articleId: draft }] });
    expect(notAdopted.statusCode).toBe(400);
    expect(notAdopted.json().code).toBe('PIECE_NOT_FORWARDABLE');
    expect((await as.ed.post('/api/forwardings', { channelId: state.id, pieces: [{ itemId: full, articleId: loose }] })).statusCode).toBe(400);
    expect((await as.ed.post('/api/forwardings', { channelId: state.id, pieces: [] })).statusCode).toBe(400);
    expect(await count(t.database, 'forwarded_pieces')).toBe(before);
    expect((await as.iss.post('/api/forwardings', { channelId: state.id, pieces: [{ itemId: full }] })).statusCode).toBe(403);
  });

  it('no outcome before sign-off; the issuer signs off and the date is recorded; a second decision is refused', async () => {
    const early = await as.ed.put(`/api/forwarded-pieces/${fw.pieces[0]!.id}/outcome`, { result: 'not_adopted', outcomeOn: '2026-03-10' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('OUTCOME_NOT_SENT');
    expect((await as.ed.post(`/api/forwardings/${fw.id}/sign-off`)).statusCode).toBe(403);
    const signed = expectStatus(await as.iss.post(`/api/forwardings/${fw.id}/sign-off`), 200, 'sign off').json<TForwarding>();
    expect(signed.state).toBe('sent');
    expect(signed.sentOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(signed.signedOffBy).toContain('w_iss');
    const again = await as.iss.post(`/api/forwardings/${fw.id}/reject`, { comment: '再看看' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FORWARDING_STATE');
  });

  it('a rejected forwarding does not block forwarding the piece again', async () => {
    const f2 = await forward(state.id, [{ itemId: full }]);
    const rejected = expectStatus(await as.iss.post(`/api/forwardings/${f2.id}/reject`, { comment: '材料不够典型' }), 200, 'reject').json<TForwarding>();
    expect(rejected).toMatchObject({ state: 'rejected', rejectComment: '材料不够典型' });
    const f3 = await forward(state.id, [{ itemId: full }]);
    expect(f3.state).toBe('awaiting_signoff');
  });
});

describe('outcomes', () => {
  const pieces = async (q = '') => expectStatus(await as.ed.get(`/api/forwarded-pieces${q}`), 200, 'pieces').json<TForwardedPiece[]>();

  it('the desk lists sent pieces awaiting an outcome', async () => {
    const awaiting = await pieces('?awaitingOutcome=true');
    expect(awaiting.map((p) => p.title)).toHaveLength(3);
    expect(awaiting.every((p) => p.outcome === null && p.forwardingState === 'sent')).toBe(true);
    expect((await as.aud.get('/api/forwarded-pieces')).statusCode).toBe(200);
    expect((await as.repa.get('/api/forwarded-pieces')).statusCode).toBe(403);
  });

  it('records an adoption with several upstream instructions; every contributing unit is told and credited', async () => {
    const comp = (await pieces()).find((p) => p.itemId === composite)!;
    const body = {
      result: 'adopted',
      upstreamPublicationId: province.publications[0]!.id,
      issueLabel: '第12期',
      outcomeOn: '2026-03-18',
      instructions: [
        { leaderRank: 'provincial', leaderName: '张省长', instructedOn: '2026-03-20', text: '经验做法很好，请省发改委总结推广。' },
        { leaderRank: 'state_council', leaderName: '李副总理', instructedOn: '2026-04-02', text: '请有关部门研究。' },
      ],
    };
    const r = expectStatus(await as.ed.put(`/api/forwarded-pieces/${comp.id}/outcome`, body), 200, 'outcome').json<TForwardedPieceFull>();
    expect(r.outcome).toMatchObject({ result: 'adopted', upstreamPublicationName: '河北政务信息', issueLabel: '第12期', outcomeOn: '2026-03-18' });
    expect(r.outcome!.instructions.map((i) => i.leaderName)).toEqual(['张省长', '李副总理']);
    for (const who of [as.repb, as.repc]) {
      const notes = (await who.get('/api/notifications')).json<{ items: { kind: string; title: string }[] }>().items;
      expect(notes.some((n) => n.kind === 'forwarding.outcome' && n.title.includes('批示'))).toBe(true);
    }
    expect((await as.repa.get('/api/notifications')).json().items.some((n: { kind: string }) => n.kind === 'forwarding.outcome')).toBe(false);
    const byUnitB = await pieces(`?unitId=${unit.b.id}`);
    expect(byUnitB.map((p) => p.id)).toEqual([comp.id]);
    expect(byUnitB[0]!.outcome!.instructions).toHaveLength(2);
    // corrected in place: one outcome per piece
    const fixed = expectStatus(await as.ed.put(`/api/forwarded-pieces/${comp.id}/outcome`, { ...body, instructions: body.instructions.slice(0, 1) }), 200, 'fix').json<TForwardedPieceFull>();
    expect(fixed.outcome!.instructions).toHaveLength(1);
    expect(await count(t.database, 'upstream_outcomes', 'piece_id = $1', [comp.id])).toBe(1);
    expect((await pieces('?awaitingOutcome=true')).map((p) => p.id)).not.toContain(comp.id);
  });

  it('refuses an adoption without a publication of the channel, instructions on a rejection, and unknown ranks', async () => {
    const p = (await pieces('?awaitingOutcome=true'))[0]!;
    const bad = [
      { result: 'adopted', outcomeOn: '2026-03-18' },
      { result: 'adopted', outcomeOn: '2026-03-18', upstreamPublicationId: state.publications[0]!.id },
      { result: 'not_adopted', outcomeOn: '2026-03-18', instructions: [{ leaderRank: 'provincial', leaderName: '王', instructedOn: '2026-03-20', text: '阅' }] },
      { result: 'adopted', outcomeOn: '2026-03-18', upstreamPublicationId: province.publications[0]!.id, instructions: [{ leaderRank: 'emperor', leaderName: '王', instructedOn: '2026-03-20', text: '阅' }] },
      { result: 'adopted', outcomeOn: '18/03/2026', upstreamPublicationId: province.publications[0]!.id },
    ];
    for (const b of bad) expect((await as.ed.put(`/api/forwarded-pieces/${p.id}/outcome`, b)).statusCode, JSON.stringify(b)).toBe(400);
    expect(await count(t.database, 'upstream_outcomes', 'piece_id = $1', [p.id])).toBe(0);
  });
});

describe('outcome import', () => {
  const HEAD = ['上报编号', '上报渠道', '标题', '采用情况', '上级刊物', '期号', '日期', '批示领导', '领导级别', '批示日期', '批示内容', '备注'];
  const upload = (buf: Buffer, dryRun = false) => as.ed.post(`/api/forwarding/outcomes/import?dryRun=${dryRun}`, buf, { headers: { 'content-type': XLSX_TYPE } });

  it('the template lists the pieces awaiting an outcome at explicit rows', async () => {
    const r = expectStatus(await as.ed.get('/api/forwarding/outcomes/template'), 200, 'template');
    const rows = await readXlsx(r.rawPayload);
    expect(rows[0]).toEqual(HEAD.map((h) => (['上报编号', '采用情况', '日期'].includes(h) ? `${h}＊` : h)));
    const awaiting = (await as.ed.get('/api/forwarded-pieces?awaitingOutcome=true')).json<TForwardedPiece[]>();
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(awaiting.map((p) => p.id).sort((a, b) => a - b));
  });

  it('a file with errors reports them by row and writes nothing; a dry run writes nothing; apply writes all', async () => {
    const awaiting = (await as.ed.get('/api/forwarded-pieces?awaitingOutcome=true')).json<TForwardedPiece[]>();
    const [p1, p2] = awaiting;
    const bad = await buildXlsx(HEAD, [
      [p1!.id, '', '', '采用', '河北政务信息', '第3期', '2026-03-25', '', '', '', '', ''],
      [p2!.id, '', '', '采用', '', '', '2026-03-25', '', '', '', '', ''],
      [999999, '', '', '未采用', '', '', '2026-03-25', '', '', '', '', ''],
    ]);
    const r = await upload(bad);
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('IMPORT_INVALID');
    expect(r.json().details.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(await count(t.database, 'upstream_outcomes')).toBe(1);

    const good = await buildXlsx(HEAD, [
      [p1!.id, '', '', '采用', '河北政务信息', '第3期', '2026-03-25', '赵省长', '省领导', '2026-03-27', '请推广。', ''],
      [p1!.id, '', '', '采用', '河北政务信息', '第3期', '2026-03-25', '钱副省长', '省领导', '2026-03-28', '同意。', ''],
      [p2!.id, '', '', '未采用', '', '', '2026-03-25', '', '', '', '', ''],
    ]);
    expect(expectStatus(await upload(good, true), 200, 'dry run').json()).toEqual({ created: 2, updated: 0 });
    expect(await count(t.database, 'upstream_outcomes')).toBe(1);
    expect(expectStatus(await upload(good), 200, 'apply').json()).toEqual({ created: 2, updated: 0 });
    const one = (await as.ed.get(`/api/forwarded-pieces/${p1!.id}`)).json<TForwardedPieceFull>();
    expect(one.outcome!.instructions.map((i) => [i.leaderName, i.leaderRank])).toEqual([
      ['赵省长', 'provincial'],
      ['钱副省长', 'provincial'],
    ]);
    expect((await as.ed.get(`/api/forwarded-pieces/${p2!.id}`)).json().outcome.result).toBe('not_adopted');
    expect((await as.ed.get('/api/forwarded-pieces?awaitingOutcome=true')).json()).toHaveLength(0);
  });
});
