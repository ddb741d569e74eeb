import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TArticleSearchResult } from '@baosong/contract';
import { ADMIN_PASSWORD, api, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { articleAction, expectStatus } from '../../test/periodicals.js';
import { html, SAMPLE } from '../../text/sample-articles.js';
import { insertHistorical, prepareHistorical } from '../dedup/bulk.js';
import { RANK_WINDOW, SEARCH_YEARS, snippetOf, yearSlices } from './service.js';

/**
 * Search over HTTP: jieba words in a `simple` tsvector, Simplified or Traditional queries, ranked with highlighted
 * snippets, filters and paging, and results scoped by who may see each article. PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'boss' | 'repa' | 'repb', Api>;
const unit = {} as Record<'a' | 'b', { id: number; name: string }>;
const id = {} as Record<'farm' | 'doctors' | 'draft' | 'farmB', number>;

async function article(who: Api, title: string, body: string, submit = true, type = 'news'): Promise<number> {
  const r = expectStatus(await who.post('/api/articles', { title, bodyHtml: html(body), type }), 201, 'create');
  const n = r.json<{ id: number }>().id;
  if (submit) await articleAction(who, n, 'submit');
  return n;
}
const search = async (who: Api, query: string) => expectStatus(await who.get(`/api/search?${query}`), 200, `search ${query}`).json<TArticleSearchResult>();
const ids = (r: TArticleSearchResult) => r.items.map((i) => i.articleId).sort((x, y) => x - y);

beforeAll(async () => {
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '任丘市农业农村局');
  unit.b = await seedUnit(t.database, '沧州市卫生健康委员会');
  await seedUser(t.database, 's_ed', ['editor']);
  await seedUser(t.database, 's_boss', ['leader']);
  await seedUser(t.database, 's_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 's_repb', ['reporter'], unit.b.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'boss', 'repa', 'repb'] as const) as[k] = api(t.app, await login(t.app, `s_${k}`, USER_PASSWORD));
  id.farm = await article(as.repa, '任丘市扎实推进高标准农田建设', SAMPLE.farmland);
  id.draft = await article(as.repa, '秋粮收购情况（草稿）', '今年秋粮收购工作平稳有序，高标准农田项目区的粮食收购量同比增长。', false);
  id.doctors = await article(as.repb, '基层医疗人才“县聘乡用”', SAMPLE.doctors, true, 'experience');
  id.farmB = await article(as.repb, '医共体建设助力乡村振兴', SAMPLE.villages + '卫生院与高标准农田项目区的村卫生室结对帮扶。');
});
afterAll(async () => {
  await t?.close();
});

describe('search', () => {
  it('finds Chinese words in Simplified or Traditional, ranked, with highlighted snippets', async () => {
    const r = await search(as.ed, 'q=高标准农田');
    expect(r.tokens).toEqual(['高标准', '农田']);
    expect(ids(r)).toEqual([id.farm, id.farmB].sort((x, y) => x - y));
    // The title match ranks first.
    expect(r.items[0]!.articleId).toBe(id.farm);
    const hit = r.items[0]!;
    expect(hit.titleHighlights.map(([s, e]) => hit.title.slice(s, e))).toContain('高标准农田');
    expect(hit.highlights.length).toBeGreaterThan(0);
    for (const [s, e] of hit.highlights) expect(['高标准农田', '高标准', '农田']).toContain(hit.snippet.slice(s, e));
    const tw = await search(as.ed, `q=${encodeURIComponent('高標準農田')}`);
    expect(ids(tw)).toEqual(ids(r));
    expect((await search(as.ed, 'q=远程会诊')).items.map((i) => i.articleId)).toEqual([id.doctors]);
  });

  it('titles match by substring too (names the dictionary does not know)', async () => {
    const r = await search(as.ed, `q=${encodeURIComponent('扎实推')}`);
    expect(r.items.map((i) => i.articleId)).toEqual([id.farm]);
  });

  it('is scoped by who may see each article', async () => {
    // The author finds her draft; nobody else does. Another unit does not see unit A's pieces.
    expect(ids(await search(as.repa, 'q=秋粮收购'))).toEqual([id.draft]);
    expect((await search(as.ed, 'q=秋粮收购')).total).toBe(0);
    expect(ids(await search(as.repb, 'q=高标准农田'))).toEqual([id.farmB]);
    expect(ids(await search(as.repa, 'q=高标准农田'))).toEqual([id.draft, id.farm].sort((x, y) => x - y));
    // Without search.use: refused.
    expect((await as.boss.get('/api/search?q=农田')).statusCode).toBe(403);
    expect((await as.admin.get('/api/search?q=农田')).statusCode).toBe(403);
  });

  it('filters by unit, type, state and dates, and pages', async () => {
    expect(ids(await search(as.ed, `q=高标准农田&unitId=${unit.b.id}`))).toEqual([id.farmB]);
    expect(ids(await search(as.ed, 'q=乡镇卫生院&type=experience'))).toEqual([id.doctors]);
    // Both units are in the first group.
    const groups = await t.database.query<{ id: number }>('select id from unit_groups order by sort_order, id');
    expect(ids(await search(as.ed, `q=高标准农田&groupId=${groups[0]!.id}`))).toEqual([id.farm, id.farmB].sort((x, y) => x - y));
    expect((await search(as.ed, `q=高标准农田&groupId=${groups[1]!.id}`)).total).toBe(0);
    expect((await search(as.ed, 'q=高标准农田&state=adopted')).total).toBe(0);
    expect((await search(as.ed, 'q=高标准农田&from=2000-01-01&to=2001-01-01')).total).toBe(0);
    const p1 = await search(as.ed, 'q=高标准农田&pageSize=1&page=1');
    const p2 = await search(as.ed, 'q=高标准农田&pageSize=1&page=2');
    expect(p1.total).toBe(2);
    expect(p2.total).toBe(2);
    // A page past the last still tells the total; dates are the submission instants.
    const p3 = await search(as.ed, 'q=高标准农田&pageSize=1&page=3');
    expect(p3).toMatchObject({ total: 2, items: [] });
    for (const it of p1.items) expect(Math.abs(Date.parse(it.date!) - Date.now())).toBeLessThan(3_600_000);
    expect([...p1.items, ...p2.items].map((i) => i.articleId).sort((x, y) => x - y)).toEqual([id.farm, id.farmB].sort((x, y) => x - y));
    expect((await as.ed.get('/api/search?q=')).statusCode).toBe(400);
  });

  it('snippets cut around the first match and keep highlights inside', () => {
    const text = '甲'.repeat(300) + '高标准农田' + '乙'.repeat(300);
    const s = snippetOf(text, ['高标准', '农田']);
    expect(s.snippet.startsWith('…')).toBe(true);
    expect(s.snippet.endsWith('…')).toBe(true);
    expect(s.highlights.map(([a, b]) => s.snippet.slice(a, b))).toEqual(['高标准农田']);
  });

  it('reads the index a year at a time, newest first, across the years of an archive', async () => {
    const [admin] = await t.database.query<{ id: number }>(`select id from users where username = 'admin'`);
    const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);
    const piece = (title: string, date: Date) =>
      prepareHistorical({ unitId: unit.a.id, createdById: admin!.id, title, bodyHtml: '', bodyText: '西岔沟村推行积分制管理，村民参与人居环境整治。', state: 'adopted', date });
    // Before the first partition's year, on both sides of a year's end (China time), and after the last.
    const dated = ['2003-06-01', '2019-12-31', '2020-01-01', '2024-05-05', '2041-02-02'];
    const oldIds = await t.database.db.transaction((tx) => insertHistorical(tx, dated.map((d, i) => piece(`积分制管理${i}`, at(d)))));
    const r = await search(as.ed, 'q=积分制');
    expect(r.total).toBe(5);
    // Equal ranks: newest first.
    expect(r.items.map((i) => i.articleId)).toEqual([...oldIds].reverse());
    expect(r.items.map((i) => i.date!.slice(0, 10))).toEqual(['2041-02-02', '2024-05-05', '2020-01-01', '2019-12-31', '2003-06-01']);
    expect(ids(await search(as.ed, 'q=积分制&from=2019-12-31&to=2024-05-05'))).toEqual(oldIds.slice(1, 4));
    expect(ids(await search(as.ed, 'q=积分制&to=2010-01-01'))).toEqual([oldIds[0]]);
    expect((await search(as.ed, 'q=积分制&from=2042-01-01')).total).toBe(0);

    // More matches than are ranked, over two years: the count goes on past the window, every page is there.
    const many = Array.from({ length: RANK_WINDOW + 30 }, (_, i) => piece(`人居环境${i}`, at(i < 130 ? '2022-03-01' : '2021-03-01')));
    await t.database.db.transaction((tx) => insertHistorical(tx, many));
    // Every piece has the same body, the words only there: equal ranks, newest first.
    const first = await search(as.ed, `q=${encodeURIComponent('西岔沟村')}&pageSize=20`);
    expect(first.total).toBe(RANK_WINDOW + 30 + 5);
    expect(first.items.map((i) => i.date!.slice(0, 4))).toEqual(['2041', '2024', ...Array(18).fill('2022')]);
    const last = await search(as.ed, `q=${encodeURIComponent('西岔沟村')}&pageSize=20&page=17`);
    expect(last.total).toBe(RANK_WINDOW + 35);
    expect(last.items.map((i) => i.date!.slice(0, 4))).toEqual([...Array(12).fill('2021'), '2020', '2019', '2003']);
  });

  it('follows every change of an article: words, scope, state, deletion', async () => {
    const n = await article(as.repa, '秸秆综合利用', '全市秸秆综合利用率达到百分之九十五。', false);
    expect(ids(await search(as.repa, 'q=秸秆'))).toEqual([n]);
    expect((await search(as.ed, 'q=秸秆')).total).toBe(0);
    await articleAction(as.repa, n, 'submit');
    expect(ids(await search(as.ed, 'q=秸秆'))).toEqual([n]);
    expect(ids(await search(as.ed, 'q=秸秆&state=submitted'))).toEqual([n]);
    // A title and body changed in place: the new words are found, the old ones are gone.
    await t.database.query(`update articles set title = '清洁取暖改造', search_title = '清洁 取暖 改造', search_body = '清洁 取暖' where id = $1`, [n]);
    expect((await search(as.ed, 'q=秸秆')).total).toBe(0);
    expect(ids(await search(as.ed, 'q=取暖'))).toEqual([n]);
    expect(ids(await search(as.ed, `q=${encodeURIComponent('暖改造')}`))).toEqual([n]);
    await t.database.query(`update articles set state = 'adopted', unit_id = $2 where id = $1`, [n, unit.b.id]);
    expect(ids(await search(as.ed, `q=取暖&state=adopted&unitId=${unit.b.id}`))).toEqual([n]);
    expect((await search(as.repa, 'q=取暖')).total).toBe(0);
    // An article without history (an archive's) deleted: gone from the index.
    const [admin] = await t.database.query<{ id: number }>(`select id from users where username = 'admin'`);
    const [old] = await t.database.db.transaction((tx) =>
      insertHistorical(tx, [prepareHistorical({ unitId: unit.a.id, createdById: admin!.id, title: '清洁取暖补贴', bodyHtml: '', bodyText: '', state: 'archived', date: new Date() })]),
    );
    expect(ids(await search(as.ed, 'q=取暖'))).toEqual([n, old!].sort((x, y) => x - y));
    await t.database.query('delete from articles where id = $1', [old]);
    expect(ids(await search(as.ed, 'q=取暖'))).toEqual([n]);
    const [{ a, s }] = (await t.database.query<{ a: number; s: number }>('select (select count(*) from articles)::int as a, (select count(*) from article_search)::int as s')) as [{ a: number; s: number }];
    expect(s).toBe(a);
  });

  it('slices are the partitions\' years, newest first', () => {
    const y = (iso: string) => new Date(iso);
    expect(yearSlices(y('2019-12-31T16:00:00Z'), y('2021-06-01T00:00:00Z')).map((x) => x.from?.toISOString() ?? null)).toEqual([
      '2020-12-31T16:00:00.000Z',
      '2019-12-31T16:00:00.000Z',
    ]);
    const all = yearSlices(y('1999-01-01T00:00:00Z'), y('2050-01-01T00:00:00Z'));
    expect(all).toHaveLength(SEARCH_YEARS.last - SEARCH_YEARS.first + 3);
    expect(all[0]).toEqual({ from: new Date('2035-12-31T16:00:00Z'), to: null });
    expect(all.at(-1)).toEqual({ from: null, to: new Date('2009-12-31T16:00:00Z') });
  });
});
