import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TNotice, TSearchResult } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { deskArticle, expectStatus, newPublication, releasedIssue } from '../../test/periodicals.js';
import { html, SAMPLE } from '../../text/sample-articles.js';
import { reindex } from './reindex.js';

/**
 * Search beyond articles: the pieces of released issues (with a publication filter) and released notices, scoped by
 * who may read them; and `npm run reindex`, which fills whatever the indexes lack. PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set.
 */
let t: TestApp;
const as = {} as Record<'ed' | 'iss' | 'rep' | 'admin', Api>;
let pubA: number;
let pubB: number;
let issueA: number;
let issueB: number;
let notice: TNotice;

const search = async (who: Api, query: string) => expectStatus(await who.get(`/api/search?${query}`), 200, `search ${query}`).json<TSearchResult>();
const titles = (r: TSearchResult) => r.items.map((i) => i.title);

beforeAll(async () => {
  t = await createTestApp();
  const unit = await seedUnit(t.database, '任丘市农业农村局');
  await seedUser(t.database, 'c_ed', ['editor']);
  await seedUser(t.database, 'c_iss', ['issuer']);
  await seedUser(t.database, 'c_rep', ['reporter'], unit.id);
  for (const k of ['ed', 'iss', 'rep'] as const) as[k] = api(t.app, await login(t.app, `c_${k}`, USER_PASSWORD));
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  const farm = await deskArticle(as.rep, as.ed, 'adopted', { title: '任丘市扎实推进高标准农田建设', bodyHtml: html(SAMPLE.farmland) });
  const doctors = await deskArticle(as.rep, as.ed, 'adopted', { title: '基层医疗人才“县聘乡用”', bodyHtml: html(SAMPLE.doctors) });
  pubA = (await newPublication(as.admin, { name: '政务信息' })).id;
  pubB = (await newPublication(as.admin, { name: '每日要情' })).id;
  issueA = (await releasedIssue(as.ed, as.iss, pubA, '2026-03-02', [[farm]])).id;
  issueB = (await releasedIssue(as.ed, as.iss, pubB, '2026-03-03', [[doctors]])).id;
  notice = expectStatus(await as.ed.post('/api/notices', { period: { kind: 'annual', year: 2026 } }), 201, 'generate notice').json<TNotice>();
});
afterAll(async () => {
  await t?.close();
});

describe('search over issues and notices', () => {
  it('finds the pieces of released issues, Simplified or Traditional, with their publication and issue', async () => {
    const r = await search(as.ed, 'in=issues&q=高标准农田');
    expect(r.total).toBe(1);
    const hit = r.items[0]!;
    expect(hit).toMatchObject({ kind: 'issue_item', issueId: issueA, publicationId: pubA, noticeId: null, title: '任丘市扎实推进高标准农田建设' });
    if (hit.kind !== 'issue_item') throw new Error('kind');
    expect(hit.source).toContain('政务信息');
    expect(hit.source).toMatch(/第\d+期/);
    expect(hit.highlights.map(([s, e]) => hit.snippet.slice(s, e)).join('')).toContain('农田');
    expect((await search(as.ed, `in=issues&q=${encodeURIComponent('高標準農田')}`)).items.map((i) => i.title)).toEqual(titles(r));
    // Articles stay the default scope: the adopted article itself is found there.
    expect((await search(as.ed, 'q=高标准农田')).items.every((i) => i.kind === 'article')).toBe(true);
  });

  it('filters issue pieces by publication and dates', async () => {
    expect(titles(await search(as.ed, `in=issues&q=县聘乡用&publicationId=${pubB}`))).toEqual(['基层医疗人才“县聘乡用”']);
    expect((await search(as.ed, `in=issues&q=县聘乡用&publicationId=${pubA}`)).total).toBe(0);
    expect((await search(as.ed, 'in=issues&q=县聘乡用&from=2000-01-01&to=2000-12-31')).total).toBe(0);
  });

  it('finds notices only once released; scoped by who may read issues and notices', async () => {
    expect((await search(as.ed, 'in=notices&q=通报')).total).toBe(0);
    expectStatus(await as.ed.post(`/api/notices/${notice.id}/release`, { rowVersion: notice.rowVersion }), 200, 'release notice');
    const r = await search(as.rep, 'in=notices&q=通报');
    expect(r.items.map((i) => i.kind === 'notice' && i.noticeId)).toEqual([notice.id]);
    // A reporter may search notices (everyone reads released ones) but not the issues (the office's and leaders').
    expect((await as.rep.get('/api/search?in=issues&q=农田')).statusCode).toBe(403);
    expect((await as.ed.get('/api/search?in=elsewhere&q=农田')).statusCode).toBe(400);
  });
});

describe('npm run reindex', () => {
  it('fills what the indexes lack, and nothing twice', async () => {
    // Simulate rows from before the indexes: search words, signatures and entries gone.
    await t.database.query(`update articles set search_title = '', search_body = ''`);
    for (const table of ['dedup_bands', 'dedup_fingerprints', 'dedup_fingerprint_df', 'dedup_matches', 'dedup_docs']) await t.database.query(`delete from ${table}`);
    await t.database.query(`delete from search_entries`);
    // (Two characters: words only, no title substring.)
    expect((await search(as.ed, 'q=农田')).total).toBe(0);
    expect((await search(as.ed, 'in=issues&q=农田')).total).toBe(0);

    const r = await reindex(t.database);
    expect(r).toMatchObject({ articleSignatures: 2, issueItemSignatures: 2, issueSearch: 2, noticeSearch: 1 });
    expect(r.articleSearch).toBeGreaterThanOrEqual(2);
    expect((await search(as.ed, 'q=农田')).total).toBe(1);
    expect((await search(as.ed, 'in=issues&q=农田')).items[0]).toMatchObject({ issueId: issueA });
    expect((await search(as.rep, 'in=notices&q=通报')).total).toBe(1);
    expect(await count(t.database, 'dedup_docs')).toBe(4);
    expect(await count(t.database, 'dedup_fingerprint_df')).toBeGreaterThan(0);
    // The released issue's piece is an earlier copy of the article: the duplicate check finds it again.
    const farmId = (await t.database.query<{ id: number }>(`select id from articles where title = '任丘市扎实推进高标准农田建设'`))[0]!.id;
    const similar = expectStatus(await as.ed.get(`/api/articles/${farmId}/similar`), 200, 'similar').json<{ items: { kind: string; issueId: number | null }[] }>();
    expect(similar.items.some((i) => i.kind === 'issue_item' && i.issueId === issueA)).toBe(true);

    expect(await reindex(t.database)).toEqual({ articleSearch: 0, articleSignatures: 0, issueItemSignatures: 0, issueSearch: 0, noticeSearch: 0 });
  });
});
