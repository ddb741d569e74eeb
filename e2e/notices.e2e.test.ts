import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './support';
import { buildApp } from '../server/src/app.js';
import { bootstrap } from '../server/src/bootstrap.js';
import { openDatabase } from '../server/src/db/connect.js';
import { resetClock, setClock } from '../server/src/lib/clock.js';
import { api, login, seedUnit, seedUser, USER_PASSWORD } from '../server/src/test/harness.js';
import { deskArticle, expectStatus, newPublication, releasedIssue } from '../server/src/test/periodicals.js';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const SHOTS = process.env.E2E_SHOTS ?? os.tmpdir();

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let dbName: string | null = null;

/**
 * A small year 2014, made through the product's own HTTP API with the clock set in 2014 (in-process, before the
 * server starts on the same database): two units, three pieces adopted, two of them in one released issue of
 * 《沧州政务交流》, and the issuing office's settings. The server then runs on today's clock.
 */
async function seed2014(target: { dataDir?: string; databaseUrl?: string }) {
  const database = await openDatabase(target);
  setClock(new Date('2014-06-10T02:00:00Z'));
  try {
    await bootstrap(database, ADMIN_PASSWORD);
    const app = await buildApp(database);
    await app.ready();
    try {
      const dg = await seedUnit(database, '东光县人民政府', { shortName: '东光县' });
      const sw = await seedUnit(database, '沧州市商务局', { shortName: '市商务局' });
      await seedUser(database, 'editor1', ['editor']);
      await seedUser(database, 'issuer1', ['issuer']);
      await seedUser(database, 'reporter1', ['reporter'], dg.id);
      await seedUser(database, 'reporter2', ['reporter'], sw.id);
      const admin = api(app, await login(app, 'admin', ADMIN_PASSWORD));
      const ed = api(app, await login(app, 'editor1', USER_PASSWORD));
      const iss = api(app, await login(app, 'issuer1', USER_PASSWORD));
      const r1 = api(app, await login(app, 'reporter1', USER_PASSWORD));
      const r2 = api(app, await login(app, 'reporter2', USER_PASSWORD));
      const a1 = await deskArticle(r1, ed, 'adopted');
      const a2 = await deskArticle(r2, ed, 'adopted');
      await deskArticle(r1, ed, 'adopted');
      await deskArticle(r2, ed, 'submitted');
      const pub = await newPublication(admin, { name: '沧州政务交流', compilingUnit: '沧州市人民政府办公室', activeFrom: 2010 });
      await releasedIssue(ed, iss, pub.id, '2014-06-09', [[a1], [a2]]);
      expectStatus(
        await admin.put('/api/settings/notices', {
          issuingOffice: '沧州市人民政府办公室',
          mark: '',
          office: '市政府办公室',
          addressees: '各县（市、区）人民政府，渤海新区管委会，市政府各部门',
          copyTo: '市委办公室，市人大常委会办公室，市政协办公室',
          printedBy: '',
          docNumberPrefix: '沧政办字',
          docNumberStart: 3,
          requirements: [
            '新的一年，各单位要进一步提高认识，强化举措，认真做好信息报送工作。',
            '（一）要围绕中心服务大局。各单位要紧紧围绕市政府中心工作组织报送信息。',
            '（二）要进一步压减数量、提高质量。',
          ],
        }),
        200,
        'notice settings',
      );
    } finally {
      await app.close();
    }
  } finally {
    resetClock();
    await database.close();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baosong-e2e-notices-'));
  const env: Record<string, string> = { BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD, BAOSONG_JOBS: 'off', BAOSONG_DATA: dataDir };
  if (process.env.TEST_DATABASE_URL) {
    dbName = `baosong_e2e_notices_${process.pid}_${Date.now()}`;
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
    await seed2014({ databaseUrl: env.DATABASE_URL });
  } else await seed2014({ dataDir });
  server = await startServer(env);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (dbName && process.env.TEST_DATABASE_URL) {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  }
});

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const ADDED = '各单位务必于每月5日前报送上月落实情况。';

describe('the notice, in Chromium', () => {
  it('an editor generates the 2014 notice, edits a paragraph and releases it; a unit reporter reads it', { timeout: 240_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signIn(page, server.url, 'editor1', USER_PASSWORD);
    await page.getByTestId('nav').getByText('通报').click();
    await page.getByTestId('notice-generate').click();
    await page.getByLabel('年份').fill('2014');
    await page.getByTestId('generate-ok').click();
    await page.waitForURL(/\/notices\/\d+\/edit$/);

    // The figures come from the 2014 records, each a linked chip naming its query.
    const figures = page.getByTestId('para-situation-figures');
    await expect.poll(() => figures.textContent()).toContain('市政府办公室共采用各县(市、区)、部门报送信息3篇');
    expect(await figures.textContent()).toContain('《沧州政务交流》1期');
    const chip = figures.locator('[data-fig="adopted"]');
    expect(await chip.textContent()).toBe('3');
    expect(await chip.getAttribute('title')).toContain('采用各单位报送信息篇数');
    // The document number comes from the settings' sequence.
    expect(await page.getByTestId('notice-number').textContent()).toMatch(/^沧政办字〔\d{4}〕3号$/);

    // Edit the words of one paragraph in place; its figures stay linked.
    const req = page.getByTestId('para-requirements-requirement_2');
    await req.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(ADDED);
    await figures.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('（截至6月）');
    await page.getByTestId('unsaved').waitFor();
    await page.getByTestId('notice-save').click();
    await page.getByTestId('unsaved').waitFor({ state: 'detached' });

    // Refresh: the figures are recomputed, the edited words stay.
    await page.getByTestId('notice-refresh').click();
    await expect.poll(() => page.getByTestId('refresh-result').textContent()).toContain('数字均无变化');
    expect(await req.textContent()).toContain(ADDED);
    expect(await figures.textContent()).toMatch(/报送信息3篇.*（截至6月）$/);
    await figures.click();
    await page.getByTestId('figure-bar').waitFor();
    await page.evaluate(() => window.scrollTo(0, 260));
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'notice-editor.png') });

    // Release, with confirmation: the read page follows.
    await page.getByTestId('notice-release').click();
    await page.getByTestId('confirm-release').click();
    await page.waitForURL(/\/notices\/\d+$/);
    const noticeUrl = page.url();
    await ctx.close();

    // A unit's reporter is told, finds it under 通报 and reads the edited paragraph.
    const rctx = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN' });
    const rp = await rctx.newPage();
    await signIn(rp, server.url, 'reporter1', USER_PASSWORD);
    await rp.getByTestId('notification-bell').click();
    await rp.getByTestId('notifications').getByText('通报：关于2014年全市政务信息报送情况的通报', { exact: true }).first().click();
    await rp.waitForURL(/\/notices$/);
    await rp.getByTestId('notices-table').getByRole('link', { name: '关于2014年全市政务信息报送情况的通报' }).click();
    await rp.waitForURL(noticeUrl);
    const doc = rp.getByTestId('notice-document');
    await expect.poll(() => doc.textContent()).toContain(ADDED);
    const text = (await doc.textContent())!;
    expect(text).toContain('市政府办公室共采用各县(市、区)、部门报送信息3篇');
    expect(text).toContain('沧州市人民政府办公室文件');
    expect(text).toMatch(/沧政办字〔\d{4}〕3号/);
    expect(text).toContain('抄送：市委办公室，市人大常委会办公室，市政协办公室。');
    // Released notices only: no editing for a unit.
    expect(await rp.getByTestId('notice-save').count()).toBe(0);
    await shot(rp, 'notice-read');
    await rctx.close();
  });
});
