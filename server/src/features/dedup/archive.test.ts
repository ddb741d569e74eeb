import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { count, createTestApp, seedUnit, type TestApp } from '../../test/harness.js';
import { SAMPLE } from '../../text/sample-articles.js';
import { dateFromName, importArchive } from './archive.js';
import { findSimilar } from './index-store.js';
import { searchArticles } from '../search/service.js';

/** The archive import: a folder per unit of Word and text files → archived articles, indexed, idempotent. */
let t: TestApp;
let dir: string;

async function docx(title: string, body: string): Promise<Buffer> {
  const doc = new Document({
    sections: [{ children: [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }), new Paragraph(body)] }],
  });
  return Packer.toBuffer(doc);
}

beforeAll(async () => {
  t = await createTestApp();
  await seedUnit(t.database, '任丘市农业农村局', { shortName: '任丘农业' });
  await seedUnit(t.database, '沧州市卫生健康委员会');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baosong-archive-'));
  const put = (rel: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  };
  put('任丘农业/2019/2019-03-15 高标准农田.docx', await docx('任丘市推进高标准农田建设', SAMPLE.farmland));
  put('任丘农业/2019/集体经济20190620.txt', `村级集体经济稳步增长\n${SAMPLE.villages}\n`);
  put('沧州市卫生健康委员会/县聘乡用 5月8日.txt', Buffer.from(new TextEncoder().encode(`基层医疗人才\n${SAMPLE.doctors}`)));
  put('沧州市卫生健康委员会/旧稿.doc', Buffer.from('not really a doc'));
  put('沧州市卫生健康委员会/空白.txt', '\n\n');
  put('沧州市卫生健康委员会/副本/县聘乡用（副本）.txt', `基层医疗人才\n${SAMPLE.doctors}`);
  put('某某不存在的单位/稿件.txt', `标题\n${SAMPLE.food}`);
  put('说明.txt', '这是说明');
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('archive import', () => {
  it('reads dates from file names', () => {
    expect(dateFromName('2019-03-15 高标准农田.docx')?.toISOString()).toBe('2019-03-15T04:00:00.000Z');
    expect(dateFromName('集体经济20190620.txt')?.toISOString()).toBe('2019-06-20T04:00:00.000Z');
    expect(dateFromName('2018年12月3日情况.docx')?.toISOString()).toBe('2018-12-03T04:00:00.000Z');
    expect(dateFromName('县聘乡用 5月8日.txt', 2020)?.toISOString()).toBe('2020-05-08T04:00:00.000Z');
    expect(dateFromName('县聘乡用 5月8日.txt')).toBeNull();
    expect(dateFromName('第2019130号.txt')).toBeNull();
  });

  it('imports per unit folder, reports every skipped file, and finds the archive in duplicates and search', async () => {
    const r = await importArchive(t.database, dir, { year: 2020 });
    expect(r.imported).toBe(3);
    expect(r.unmatchedFolders).toEqual(['某某不存在的单位']);
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.file, s.reason]));
    expect(reasons['说明.txt']).toBe('not inside a unit folder');
    expect(reasons[path.join('某某不存在的单位', '稿件.txt')]).toContain('matches no unit');
    expect(reasons[path.join('沧州市卫生健康委员会', '旧稿.doc')]).toContain('.docx');
    expect(reasons[path.join('沧州市卫生健康委员会', '空白.txt')]).toBe('empty file');
    // The same text twice: one of the two files is imported, the other reported.
    const twins = [path.join('沧州市卫生健康委员会', '副本', '县聘乡用（副本）.txt'), path.join('沧州市卫生健康委员会', '县聘乡用 5月8日.txt')];
    expect(twins.filter((f) => reasons[f] === 'same text as another file in this import')).toHaveLength(1);
    const rows = await t.database.query<{ title: string; state: string; d: string }>(
      `select title, state, to_char(first_submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as d from articles order by id`,
    );
    expect(rows.map((x) => x.title).sort()).toEqual(['任丘市推进高标准农田建设', '基层医疗人才', '村级集体经济稳步增长'].sort());
    expect(rows.every((x) => x.state === 'archived')).toBe(true);
    expect(rows.filter((x) => x.title !== '基层医疗人才')).toEqual([
      { title: '任丘市推进高标准农田建设', state: 'archived', d: '2019-03-15' },
      { title: '村级集体经济稳步增长', state: 'archived', d: '2019-06-20' },
    ]);
    const editor = { id: 1, username: 'x', roles: ['editor' as const], unitId: null };
    expect((await searchArticles(t.database.db, editor, { q: '高标准农田', page: 1, pageSize: 20 })).items.map((i) => i.title)).toEqual(['任丘市推进高标准农田建设']);
    const m = await findSimilar(t.database.db, SAMPLE.farmland.replace('三点二万亩', '三万亩'));
    expect(m[0]?.flagged).toBe(true);
  });

  it('is idempotent: a second run imports nothing', async () => {
    const before = await count(t.database, 'articles');
    const r = await importArchive(t.database, dir, { year: 2020 });
    expect(r.imported).toBe(0);
    expect(r.skipped.filter((s) => s.reason === 'already imported (same text)')).toHaveLength(3);
    expect(await count(t.database, 'articles')).toBe(before);
  });
});
