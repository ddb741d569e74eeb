import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TInstruction, TIssue, TIssueSummary } from '@baosong/contract';
import { ADMIN_PASSWORD, api, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { compose, deskArticle, expectStatus, issueAction, newIssue, newPublication } from '../../test/periodicals.js';
import { todayShanghai } from '../followups/service.js';

/**
 * Instructions (批示) over HTTP: a leader records one on a released issue or one piece of it, an editor records one
 * received on paper on a leader's behalf; they show on the articles the piece was made from, and the units are told.
 * Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'iss' | 'boss' | 'repa' | 'repb' | 'repc' | 'aud', Api>;
let released: TIssue;
let draft: TIssue;
let art: { a: number; b: number; c: number; unplaced: number };
/** The released issue's items: a heading, a full piece (unit A), a composite piece (units B and C). */
let item: { heading: number; full: number; composite: number };

beforeAll(async () => {
  t = await createTestApp();
  const a = await seedUnit(t.database, '泊头市人民政府');
  const b = await seedUnit(t.database, '沧州市生态环境局');
  const c = await seedUnit(t.database, '沧州市水务局');
  await seedUser(t.database, 'n_ed', ['editor']);
  await seedUser(t.database, 'n_iss', ['issuer']);
  await seedUser(t.database, 'n_boss', ['leader']);
  await seedUser(t.database, 'n_aud', ['auditor']);
  await seedUser(t.database, 'n_repa', ['reporter'], a.id);
  await seedUser(t.database, 'n_repb', ['reporter'], b.id);
  await seedUser(t.database, 'n_repc', ['reporter'], c.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'iss', 'boss', 'aud', 'repa', 'repb', 'repc'] as const) as[k] = api(t.app, await login(t.app, `n_${k}`, USER_PASSWORD));

  const pub = await newPublication(as.admin);
  art = {
    a: await deskArticle(as.repa, as.ed, 'adopted'),
    b: await deskArticle(as.repb, as.ed, 'adopted'),
    c: await deskArticle(as.repc, as.ed, 'reserved'),
    unplaced: await deskArticle(as.repa, as.ed, 'adopted'),
  };
  const issue = await newIssue(as.ed, pub.id, '2026-07-01');
  expectStatus(
    await compose(as.ed, issue.id, {
      items: [
        { kind: 'heading', title: '生态环保' },
        { kind: 'piece', title: '', articleIds: [art.a] },
        { kind: 'piece', title: '我市水环境治理成效明显', bodyHtml: '<p>综合稿。</p>', articleIds: [art.b, art.c] },
      ],
    }),
    200,
    'compose',
  );
  expectStatus(await issueAction(as.ed, issue.id, 'send_for_signoff'), 200, 'send');
  released = expectStatus(await issueAction(as.iss, issue.id, 'sign_off'), 200, 'sign off').json<TIssue>();
  const [h, full, composite] = released.items;
  item = { heading: h!.id, full: full!.id, composite: composite!.id };
  draft = await newIssue(as.ed, pub.id, '2026-07-02');
  draft = expectStatus(await compose(as.ed, draft.id, { items: [{ kind: 'piece', title: '', articleIds: [art.a] }] }), 200, 'compose draft').json<TIssue>();
});
afterAll(async () => {
  await t?.close();
});

const record = (who: Api, body: Record<string, unknown>) => who.post('/api/instructions', body);
const instructedNotes = async (who: Api) =>
  (await who.get('/api/notifications')).json<{ items: { kind: string; articleId: number | null; body: string | null }[] }>().items.filter((n) => n.kind === 'article.instructed');

describe('recording instructions', () => {
  let onPiece: TInstruction;
  let onIssue: TInstruction;

  it('a leader records one on a piece under their own name; the rank is required', async () => {
    const noRank = await record(as.boss, { issueId: released.id, itemId: item.composite, text: '请市生态环境局牵头总结推广。' });
    expect(noRank.statusCode).toBe(400);
    expect(noRank.json().code).toBe('VALIDATION_FAILED');
    const badRank = await record(as.boss, { issueId: released.id, itemId: item.composite, leaderRank: 'emperor', text: '阅。' });
    expect(badRank.statusCode).toBe(400);

    const r = await record(as.boss, { issueId: released.id, itemId: item.composite, leaderRank: 'city_principal', text: '请市生态环境局牵头总结推广。' });
    expect(r.statusCode, r.body).toBe(201);
    onPiece = r.json<TInstruction>();
    expect(onPiece).toMatchObject({
      issueId: released.id,
      articleId: null,
      itemTitle: '我市水环境治理成效明显',
      leaderName: '测试用户 n_boss',
      leaderRank: 'city_principal',
      instructedOn: todayShanghai(),
      text: '请市生态环境局牵头总结推广。',
      recordedBy: '测试用户 n_boss',
      onBehalf: false,
    });
  });

  it('an editor records one received on paper on a leader’s behalf, naming the leader and the date', async () => {
    const base = { issueId: released.id, leaderRank: 'provincial', text: '此件很好，请省政府办公厅转发各地学习。' };
    for (const missing of [{ instructedOn: '2026-07-05' }, { leaderName: '王省长' }]) {
      const r = await record(as.ed, { ...base, ...missing });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
    }
    const r = await record(as.ed, { ...base, leaderName: '王省长', instructedOn: '2026-07-05' });
    expect(r.statusCode, r.body).toBe(201);
    onIssue = r.json<TInstruction>();
    expect(onIssue).toMatchObject({ itemTitle: null, leaderName: '王省长', leaderRank: 'provincial', instructedOn: '2026-07-05', recordedBy: '测试用户 n_ed', onBehalf: true });
  });

  it('only released issues and their pieces can be instructed, and only by leaders and editors', async () => {
    const text = '阅。';
    const onDraft = await record(as.ed, { issueId: draft.id, leaderName: '李市长', leaderRank: 'city_other', instructedOn: '2026-07-03', text });
    expect(onDraft.statusCode).toBe(400);
    expect(onDraft.json().code).toBe('INSTRUCTION_TARGET');
    // A leader does not even see the draft.
    expect((await record(as.boss, { issueId: draft.id, leaderRank: 'city_other', text })).statusCode).toBe(404);
    for (const itemId of [item.heading, draft.items[0]!.id, 999999]) {
      const r = await record(as.boss, { issueId: released.id, itemId, leaderRank: 'city_other', text });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().code).toBe('INSTRUCTION_TARGET');
    }
    for (const who of [as.iss, as.repa, as.admin, as.aud]) {
      expect((await record(who, { issueId: released.id, leaderName: '李市长', leaderRank: 'city_other', instructedOn: '2026-07-03', text })).statusCode).toBe(403);
    }
    const [{ n }] = (await t.database.query<{ n: number }>('select count(*)::int as n from instructions')) as [{ n: number }];
    expect(n).toBe(2);
  });

  it('the issue lists its instructions and counts them', async () => {
    for (const who of [as.boss, as.iss, as.ed]) {
      const list = await who.get(`/api/issues/${released.id}/instructions`);
      expect(list.statusCode).toBe(200);
      expect(list.json<TInstruction[]>()).toEqual([onPiece, onIssue]);
    }
    const summary = (await as.boss.get('/api/issues')).json<TIssueSummary[]>().find((i) => i.id === released.id);
    expect(summary!.instructionCount).toBe(2);
    expect((await as.boss.get(`/api/issues/${draft.id}/instructions`)).statusCode).toBe(404);
    expect((await as.ed.get(`/api/issues/${draft.id}/instructions`)).json()).toEqual([]);
    expect((await as.repa.get(`/api/issues/${released.id}/instructions`)).statusCode).toBe(403);
  });

  it('instructions show on the articles behind the piece, to the unit that wrote them', async () => {
    const on = async (who: Api, articleId: number) => {
      const r = await who.get(`/api/articles/${articleId}/instructions`);
      expect(r.statusCode, r.body).toBe(200);
      const list = r.json<TInstruction[]>();
      for (const i of list) expect(i.articleId).toBe(articleId);
      return list.map((i) => i.id);
    };
    // The composite piece's units see the piece's instruction and the one on the whole issue.
    expect(await on(as.repb, art.b)).toEqual([onPiece.id, onIssue.id]);
    expect(await on(as.repc, art.c)).toEqual([onPiece.id, onIssue.id]);
    // Unit A's piece was not the instructed one: only the whole-issue instruction reaches it.
    expect(await on(as.repa, art.a)).toEqual([onIssue.id]);
    expect(await on(as.ed, art.b)).toEqual([onPiece.id, onIssue.id]);
    expect(await on(as.iss, art.a)).toEqual([onIssue.id]);
    expect(await on(as.repa, art.unplaced)).toEqual([]);
    // Nobody outside the article's readers: another unit, or the reading room (leaders do not read raw articles).
    for (const who of [as.repa, as.boss, as.admin]) expect((await who.get(`/api/articles/${art.b}/instructions`)).statusCode).toBe(404);
  });

  it("the unit's page lists the instructions on its pieces, and only its own unit's people see it", async () => {
    const unitOf = async (who: Api) => (await who.get('/api/auth/me')).json<{ unit: { id: number } }>().unit.id;
    const [ua, ub] = [await unitOf(as.repa), await unitOf(as.repb)];
    const list = async (who: Api, unitId: number) => {
      const r = await who.get(`/api/units/${unitId}/instructions`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json<TInstruction[]>().map((i) => [i.id, i.itemId]);
    };
    expect(await list(as.repb, ub)).toEqual([
      [onPiece.id, item.composite],
      [onIssue.id, null],
    ]);
    expect(await list(as.repa, ua)).toEqual([[onIssue.id, null]]);
    expect(await list(as.ed, ua)).toEqual([[onIssue.id, null]]);
    expect((await as.repa.get(`/api/units/${ub}/instructions`)).statusCode).toBe(403);
  });

  it('the units whose pieces were instructed are told', async () => {
    for (const [who, articleId] of [[as.repb, art.b], [as.repc, art.c]] as const) {
      const notes = await instructedNotes(who);
      expect(notes.map((n) => [n.articleId, n.body])).toEqual([
        [articleId, '此件很好，请省政府办公厅转发各地学习。'],
        [articleId, '请市生态环境局牵头总结推广。'],
      ]);
    }
    expect((await instructedNotes(as.repa)).map((n) => [n.articleId, n.body])).toEqual([[art.a, '此件很好，请省政府办公厅转发各地学习。']]);
  });
});

describe('leader ranks', () => {
  it('administrators add ranks beyond the built-in four; instructions accept only known ranks', async () => {
    expect((await record(as.boss, { issueId: released.id, leaderRank: 'county_leader', text: '阅。' })).json().code).toBe('RANK_UNKNOWN');
    expect((await as.ed.put('/api/settings/leader-ranks', { extra: [{ code: 'county_leader', label: '县领导' }] })).statusCode).toBe(403);
    const dup = await as.admin.put('/api/settings/leader-ranks', { extra: [{ code: 'provincial', label: '省里' }] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().code).toBe('RANK_DUPLICATE');
    const ok = await as.admin.put('/api/settings/leader-ranks', { extra: [{ code: 'county_leader', label: '县领导' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await as.repa.get('/api/settings/leader-ranks')).json()).toEqual({ extra: [{ code: 'county_leader', label: '县领导' }] });
    const r = await record(as.boss, { issueId: released.id, leaderRank: 'county_leader', text: '阅。' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json<TInstruction>().leaderRank).toBe('county_leader');
  });
});
