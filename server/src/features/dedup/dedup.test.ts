import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js';
import type { TArticleSummary, TDedupSettings, TSimilarResult } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { articleAction, compose, deskArticle, expectStatus, issueAction, newIssue, newPublication } from '../../test/periodicals.js';
import { html, SAMPLE } from '../../text/sample-articles.js';
import { boilerplateLimit, fingerprintsToRead } from './index-store.js';
import { maintainDedupIndex } from './maintenance.js';

/**
 * Duplicates (雷同) over HTTP: every submission is indexed and checked; the editor sees the similar pieces with the
 * shared passages on both sides; a unit sees another unit's piece by title, unit and date only; boilerplate does not
 * count; published pieces do; thresholds are settings. PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'iss' | 'boss' | 'repa' | 'repb' | 'repc', Api>;
const unit = {} as Record<'a' | 'b' | 'c', { id: number; name: string }>;

beforeAll(async () => {
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '任丘市农业农村局');
  unit.b = await seedUnit(t.database, '河间市农业农村局');
  unit.c = await seedUnit(t.database, '沧州市卫生健康委员会');
  await seedUser(t.database, 'd_ed', ['editor']);
  await seedUser(t.database, 'd_iss', ['issuer']);
  await seedUser(t.database, 'd_boss', ['leader']);
  await seedUser(t.database, 'd_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 'd_repb', ['reporter'], unit.b.id);
  await seedUser(t.database, 'd_repc', ['reporter'], unit.c.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'iss', 'boss', 'repa', 'repb', 'repc'] as const) as[k] = api(t.app, await login(t.app, `d_${k}`, USER_PASSWORD));
});
afterAll(async () => {
  await t?.close();
});

async function draft(who: Api, title: string, bodyHtml: string): Promise<number> {
  return expectStatus(await who.post('/api/articles', { title, bodyHtml, type: 'news' }), 201, 'create draft').json<{ id: number }>().id;
}
async function submitted(who: Api, title: string, bodyHtml: string): Promise<number> {
  const id = await draft(who, title, bodyHtml);
  await articleAction(who, id, 'submit');
  return id;
}
const similar = async (who: Api, id: number) => expectStatus(await who.get(`/api/articles/${id}/similar`), 200, 'similar').json<TSimilarResult>();
const deskFlag = async (id: number) => expectStatus(await as.ed.get(`/api/articles/${id}`), 200, 'read').json<TArticleSummary>().duplicate;

const EDITED = SAMPLE.farmland.replace('三点二万亩', '三万二千亩').replace('八十三公里', '八十余公里').replace('今年以来，县农业农村局', '河间市农业农村局');

describe('duplicate check', () => {
  let original: number;
  let copy: number;

  it('indexes every submission; a first piece has nothing similar', async () => {
    original = await submitted(as.repa, '任丘市扎实推进高标准农田建设', html(SAMPLE.farmland));
    expect(await count(t.database, 'dedup_docs', `kind = 'article' and ref_id = $1`, [original])).toBe(1);
    expect(await count(t.database, 'dedup_fingerprints', 'doc_id = (select id from dedup_docs where ref_id = $1)', [original])).toBeGreaterThan(5);
    expect((await similar(as.ed, original)).items).toEqual([]);
    expect(await deskFlag(original)).toBe(false);
  });

  it("a reporter's draft check shows another unit's piece by title, unit and date only", async () => {
    copy = await draft(as.repb, '河间市高标准农田建设成效明显', html(EDITED));
    // A draft is not in the index (nobody else may see it), but it can be checked on request.
    expect(await count(t.database, 'dedup_docs', `kind = 'article' and ref_id = $1`, [copy])).toBe(0);
    const r = expectStatus(await as.repb.post(`/api/articles/${copy}/similar/check`), 200, 'check draft').json<TSimilarResult>();
    expect(r.items).toHaveLength(1);
    const [hit] = r.items;
    expect(hit).toMatchObject({ kind: 'article', articleId: null, title: '任丘市扎实推进高标准农田建设', source: unit.a.name, visible: false, flagged: true });
    expect(hit!.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(hit!.otherText).toBeNull();
    expect(hit!.otherPassages).toBeNull();
    expect(hit!.passages).toEqual([]);
    expect(JSON.stringify(r)).not.toContain('三点二万亩');
  });

  it('on submission the editor sees the copy flagged, side by side, with the shared passages highlighted', async () => {
    await articleAction(as.repb, copy, 'submit');
    expect(await deskFlag(copy)).toBe(true);
    const r = await similar(as.ed, copy);
    expect(r.items).toHaveLength(1);
    const [hit] = r.items;
    expect(hit).toMatchObject({ kind: 'article', articleId: original, visible: true, flagged: true, source: unit.a.name });
    expect(hit!.score).toBeGreaterThan(0.7);
    expect(hit!.otherText).toBe(SAMPLE.farmland);
    // The passages land on the same words in both texts.
    const mine = hit!.passages.map(([s, e]) => r.text.slice(s, e)).join('');
    const theirs = hit!.otherPassages!.map(([s, e]) => hit!.otherText!.slice(s, e)).join('');
    expect(mine).toContain('在资金管理上，实行县级报账、专户存储、专款专用');
    expect(theirs).toContain('在资金管理上，实行县级报账、专户存储、专款专用');
    expect(mine).not.toContain('三万二千亩');
    // The desk's filter lists the copy and not the original.
    const list = expectStatus(await as.ed.get('/api/articles?duplicates=true&pageSize=100'), 200, 'desk').json<{ items: TArticleSummary[] }>();
    expect(list.items.map((i) => i.id)).toContain(copy);
    expect(list.items.map((i) => i.id)).not.toContain(original);
    expect(list.items.every((i) => i.duplicate)).toBe(true);
  });

  it('the unit sees its own piece in full; leaders and other units may not look at all', async () => {
    const r = await similar(as.repb, copy);
    expect(r.items[0]).toMatchObject({ visible: false, otherText: null });
    expect((await as.boss.get(`/api/articles/${copy}/similar`)).statusCode).toBe(404);
    expect((await as.repc.get(`/api/articles/${copy}/similar`)).statusCode).toBe(404);
    // The original's own unit reading the original's similar pieces: the copy is another unit's piece.
    const back = await similar(as.repa, original);
    expect(back.items[0]).toMatchObject({ visible: false, title: '河间市高标准农田建设成效明显', source: unit.b.name });
  });

  it('different articles sharing boilerplate are not flagged', async () => {
    const id = await submitted(as.repc, '基层医疗人才“县聘乡用”', html(SAMPLE.boiler, SAMPLE.doctors));
    const other = await submitted(as.repa, '集体经济发展', html(SAMPLE.boiler, SAMPLE.villages));
    expect(await deskFlag(id)).toBe(false);
    expect(await deskFlag(other)).toBe(false);
    expect((await similar(as.ed, other)).items.filter((i) => i.flagged)).toEqual([]);
  });

  it('a Traditional-script copy and a copied paragraph inside a longer piece are flagged', async () => {
    const tw = OpenCC.Converter({ from: 'cn', to: 'tw' })(SAMPLE.doctors);
    const twId = await submitted(as.repb, '遠程會診', html(tw));
    expect(await deskFlag(twId)).toBe(true);
    const paragraph = SAMPLE.food.slice(0, 120);
    const foodId = await submitted(as.repc, '守护舌尖', html(SAMPLE.food));
    const longId = await submitted(as.repa, '综合情况', html(SAMPLE.villages, paragraph, SAMPLE.boiler + SAMPLE.doctors.slice(0, 40)));
    const r = await similar(as.ed, longId);
    const hit = r.items.find((i) => i.articleId === foodId)!;
    expect(hit.flagged).toBe(true);
    expect(hit.jaccard).toBeLessThan(0.5);
    expect(hit.containment).toBeGreaterThan(0.5);
    const [s, e] = hit.passages[0]!;
    expect(r.text.slice(s, e)).toContain(paragraph.slice(5, 100));
  });

  it('published pieces count too', async () => {
    const pub = await newPublication(as.admin);
    const a1 = await deskArticle(as.repa, as.ed, 'adopted');
    const issue = await newIssue(as.ed, pub.id, '2026-09-01');
    expectStatus(await compose(as.ed, issue.id, { items: [{ kind: 'piece', title: '综合：各地集体经济新路子', bodyHtml: html(SAMPLE.villages.replace('镇政府', '各县')), articleIds: [a1] }] }), 200, 'compose');
    expectStatus(await issueAction(as.ed, issue.id, 'send_for_signoff'), 200, 'send');
    expectStatus(await issueAction(as.iss, issue.id, 'sign_off'), 200, 'sign off');
    expect(await count(t.database, 'dedup_docs', `kind = 'issue_item'`)).toBe(1);
    const id = await submitted(as.repb, '村集体经济', html(SAMPLE.villages.replace('镇政府', '我市')));
    const r = await similar(as.ed, id);
    expect(r.items.find((i) => i.kind === 'issue_item')).toMatchObject({ issueId: issue.id, visible: true, flagged: true, title: '综合：各地集体经济新路子' });
    // A reporter (no reading room) learns only that it was published, where and when.
    const mine = await similar(as.repb, id);
    expect(mine.items.find((i) => i.kind === 'issue_item')).toMatchObject({ issueId: null, visible: false, otherText: null });
  });

  it('a check reads the rarest fingerprints first, within a row budget', () => {
    // Frequencies: 1 and 2 (rare), 300 and 400, then thousands (read at most 500 rows each).
    const df = new Map([[10, 300], [11, 1], [12, 5000], [13, 2], [14, 400], [15, 9000], [16, 7000], [17, 6000], [18, 4000], [19, 8000], [20, 3000]]);
    // All in one stretch of text: 1 + 2 + 300 + 400 rows, then 500 for each common one while the total stays within
    // 4 000: the commonest is left.
    const at = (hashes: number[], pos: (i: number) => number = () => 0) => hashes.map((hash, i) => ({ hash, pos: pos(i) }));
    expect(fingerprintsToRead(at([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 11]), df)).toEqual([11, 13, 10, 14, 20, 18, 12, 17, 16, 19]);
    expect(fingerprintsToRead(at([15, 19]), df)).toEqual([19, 15]);
    // Spread over the text: every 40 characters' rarest goes first (a passage copied there has its own read), then the
    // rest, rarest first. Stretches: [11, 12], [15, 16], [19, 10], [17, 18].
    const spread = at([11, 12, 15, 16, 19, 10, 17, 18], (i) => Math.floor(i / 2) * 40 + (i % 2) * 10);
    expect(fingerprintsToRead(spread, df)).toEqual([11, 10, 18, 16, 12, 17, 19, 15]);
  });

  it('the index is vacuumed once it has grown (reads from the index alone), not again until it grows', async () => {
    const visible = async () =>
      Number((await t.database.query<{ v: number }>(`select relallvisible as v from pg_class where relname = 'dedup_fingerprints'`))[0]!.v);
    // Far below the growth that calls for it: nothing.
    expect((await maintainDedupIndex(t.database)).vacuumed).toBe(false);
    const first = await maintainDedupIndex(t.database, { minGrowth: 1 });
    expect(first).toMatchObject({ vacuumed: true });
    expect(first.docs).toBeGreaterThan(3);
    expect(await visible()).toBeGreaterThan(0);
    expect((await maintainDedupIndex(t.database, { minGrowth: 1 })).vacuumed).toBe(false);
  });

  it('thresholds are settings: stricter ones and a re-check clear the flag', async () => {
    const before = expectStatus(await as.admin.get('/api/settings/dedup'), 200, 'settings').json<TDedupSettings>();
    expect(before).toEqual({ score: 0.5, passageChars: 100, boilerplateDocs: 50, boilerplatePercent: 1 });
    // The boilerplate limit: the count, or the share of the indexed documents when that is higher.
    const [{ n }] = (await t.database.query<{ n: number }>('select max(id)::int as n from dedup_docs')) as [{ n: number }];
    expect(n).toBeGreaterThan(3);
    expect(await boilerplateLimit(t.database.db, before)).toBe(50);
    expect(await boilerplateLimit(t.database.db, { ...before, boilerplateDocs: 2, boilerplatePercent: 50 })).toBe(Math.ceil(n / 2));
    expect((await as.admin.put('/api/settings/dedup', { ...before, boilerplatePercent: 0 })).statusCode).toBe(400);
    expect((await as.ed.get('/api/settings/dedup')).statusCode).toBe(403);
    expect((await as.admin.put('/api/settings/dedup', { ...before, score: 2 })).statusCode).toBe(400);
    expectStatus(await as.admin.put('/api/settings/dedup', { ...before, score: 0.99, passageChars: 5000 }), 200, 'stricter');
    const r = expectStatus(await as.ed.post(`/api/articles/${copy}/similar/check`), 200, 'recheck').json<TSimilarResult>();
    expect(r.items[0]!.flagged).toBe(false);
    expect(await deskFlag(copy)).toBe(false);
    expectStatus(await as.admin.put('/api/settings/dedup', before), 200, 'restore');
    expectStatus(await as.ed.post(`/api/articles/${copy}/similar/check`), 200, 'recheck');
    expect(await deskFlag(copy)).toBe(true);
  });

  it('re-indexing changed text replaces the signature and keeps document frequencies exact', async () => {
    const total = async () => count(t.database, 'dedup_fingerprints');
    const dfSum = async () => {
      const r = (await t.database.db.execute('select coalesce(sum(df), 0)::int as n from dedup_fingerprint_df' as never)) as unknown as { rows: { n: number }[] };
      return Number(r.rows[0]!.n);
    };
    expect(await dfSum()).toBe(await total());
    await articleAction(as.ed, copy, 'claim');
    await articleAction(as.ed, copy, 'return', { comment: '请压缩篇幅' });
    expectStatus(await as.repb.patch(`/api/articles/${copy}`, { bodyHtml: html(SAMPLE.food.slice(40)) }), 200, 'edit');
    await articleAction(as.repb, copy, 'submit');
    expect(await dfSum()).toBe(await total());
    expect((await similar(as.ed, copy)).items.find((i) => i.articleId === original)).toBeUndefined();
  });
});
