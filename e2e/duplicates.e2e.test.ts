import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, signIn, signOut, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Desk-2026!';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';
const ORIGINAL_TITLE = '任丘市扎实推进高标准农田建设';
const COPY_TITLE = '河间市高标准农田建设成效明显';
const COPIED = '在资金管理上，实行县级报账、专户存储、专款专用，每一笔支出都经过乡镇初审和县级复核。';
const ORIGINAL = [
  '今年以来，市农业农村局把高标准农田建设作为保障粮食安全的头号工程，组织技术人员逐村踏勘，摸清全市耕地质量底数。',
  '在项目选址上，坚持集中连片、旱涝保收的原则，优先安排种粮大户和家庭农场集中的区域。' + COPIED,
  '截至十月底，全市新建高标准农田三点二万亩，改造提升一点五万亩，新修机耕路四十六公里、灌排渠道八十三公里，项目区亩均增产粮食八十公斤以上。',
];
// The second unit's "own" piece: the first unit's text with a few words changed.
const EDITED = [
  '河间市农业农村局把高标准农田建设作为保障粮食安全的头号工程，组织技术人员逐村踏勘，摸清全市耕地质量底数。',
  ORIGINAL[1]!,
  '截至十月底，全市新建高标准农田三万二千亩，改造提升一点五万亩，新修机耕路四十六公里、灌排渠道八十余公里，项目区亩均增产粮食八十公斤以上。',
];

let server: RunningServer;
let browser: Browser;
let copyId: number;
let originalId: number;

const session = (username: string, password: string) => apiSession(server.url, username, password);

beforeAll(async () => {
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD });
  browser = await launchBrowser();
  const admin = await session('admin', ADMIN_PASSWORD);
  const groups = await admin<{ id: number }[]>('GET', '/api/unit-groups');
  const a = await admin<{ id: number }>('POST', '/api/units', { name: '任丘市农业农村局', shortName: '任丘农业', groupId: groups[0]!.id });
  const b = await admin<{ id: number }>('POST', '/api/units', { name: '河间市农业农村局', shortName: '河间农业', groupId: groups[0]!.id });
  const people: [string, string, string, number | null][] = [
    ['reporter1', '刘信息', 'reporter', a.id],
    ['reporter2', '王信息', 'reporter', b.id],
    ['editor1', '赵编辑', 'editor', null],
  ];
  for (const [username, displayName, role, unitId] of people) {
    await admin('POST', '/api/users', { username, displayName, roles: [role], unitId, password: INITIAL });
    const own = await session(username, INITIAL);
    await own('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  }
  const r1 = await session('reporter1', PASSWORD);
  const orig = await r1<{ id: number; rowVersion: number }>('POST', '/api/articles', { title: ORIGINAL_TITLE, bodyHtml: ORIGINAL.map((p) => `<p>${p}</p>`).join(''), type: 'news' });
  await r1('POST', `/api/articles/${orig.id}/actions/submit`, { rowVersion: orig.rowVersion });
  originalId = orig.id;
  const r2 = await session('reporter2', PASSWORD);
  const copy = await r2<{ id: number }>('POST', '/api/articles', { title: COPY_TITLE, bodyHtml: EDITED.map((p) => `<p>${p}</p>`).join(''), type: 'news' });
  copyId = copy.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page: Page, name: string) {
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('duplicates (雷同) in Chromium', () => {
  it('a second unit submits an edited copy; the editor sees it flagged with the copied passages highlighted', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    try {
      // The reporter checks the draft: the other unit's piece shows by title, unit and date only.
      await signIn(page, server.url, 'reporter2', PASSWORD);
      await page.goto(`${server.url}/articles/${copyId}/edit`);
      await page.getByTestId('draft-check').click();
      await page.getByTestId('draft-check-warn').waitFor();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByTestId('similar-item').first().textContent()).resolves.toContain(ORIGINAL_TITLE);
      await expect(dialog.getByTestId('similar-item').first().textContent()).resolves.toContain('任丘市农业农村局');
      await dialog.getByTestId('similar-hidden').waitFor();
      expect(await dialog.textContent()).not.toContain('三点二万亩');
      await shot(page, 'dedup-draft-check');
      await dialog.getByRole('button', { name: /close|关闭/i }).click();
      await page.getByTestId('action-submit').click();
      // The pre-send check (guards) asks once more.
      const confirm = page.getByRole('dialog');
      await confirm.waitFor();
      await confirm.getByRole('button', { name: '报送' }).click();
      await page.waitForURL(new RegExp(`/articles/${copyId}$`), { timeout: 30_000 });
      await signOut(page);

      // The editor: the desk flags the copy, the filter finds it, the article shows both texts side by side.
      await signIn(page, server.url, 'editor1', PASSWORD);
      await page.goto(`${server.url}/desk`);
      await page.getByTestId('desk-table').getByText(COPY_TITLE).waitFor();
      const row = page.getByTestId('desk-table').locator('tr', { hasText: COPY_TITLE });
      await row.getByTestId('dup-flag').waitFor();
      await expect(page.getByTestId('desk-table').locator('tr', { hasText: ORIGINAL_TITLE }).getByTestId('dup-flag').count()).resolves.toBe(0);
      await page.getByTestId('desk-duplicates').click();
      await page.waitForFunction((t) => !document.querySelector('[data-testid="desk-table"]')?.textContent?.includes(t), ORIGINAL_TITLE);
      await shot(page, 'dedup-desk');
      await page.getByTestId('desk-table').getByText(COPY_TITLE).click();
      await page.getByTestId('tab-similar').click();
      await page.getByTestId('similar-compare').waitFor();
      const mine = await page.getByTestId('similar-mine').locator('mark').allTextContents();
      const theirs = await page.getByTestId('similar-other').locator('mark').allTextContents();
      expect(mine.join('')).toContain(COPIED);
      expect(theirs.join('')).toContain(COPIED);
      // Words the second unit changed are not marked.
      expect(mine.join('')).not.toContain('三万二千亩');
      expect(await page.getByTestId('similar-other').textContent()).toContain('三点二万亩');
      await expect(page.getByTestId('similar-score').first().textContent()).resolves.toMatch(/雷同 \d+%/);
      await shot(page, 'dedup-side-by-side');

      // Search finds both pieces, Traditional query included, with the words marked.
      await page.goto(`${server.url}/search?q=${encodeURIComponent('高標準農田')}`);
      await page.getByTestId('search-hit').first().waitFor();
      expect(await page.getByTestId('search-hit').count()).toBe(2);
      expect((await page.getByTestId('search-results').locator('mark').allTextContents()).some((m) => m.includes('高标准农田'))).toBe(true);
      await shot(page, 'search');
      expect(originalId).toBeGreaterThan(0);
    } catch (e) {
      await page.screenshot({ path: `${SHOTS}/dedup-failure.png`, fullPage: true }).catch(() => {});
      console.error('DIAG server', server.stdout().slice(-3000));
      throw e;
    } finally {
      await page.close();
    }
  }, 240_000);

  it('the administrator sets the boilerplate share of all pieces', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    try {
      // The first sign-in in the browser asks the administrator for a new password: set it beforehand.
      const first = await session('admin', ADMIN_PASSWORD);
      await first('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: PASSWORD });
      await signIn(page, server.url, 'admin', PASSWORD);
      await page.goto(`${server.url}/admin/settings`);
      const box = page.getByTestId('dedup-settings');
      const percent = box.getByLabel('或占全部稿件比例');
      await percent.waitFor();
      await expect.poll(() => percent.inputValue(), { timeout: 10_000 }).toBe('1');
      await percent.fill('2.5');
      await box.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('已保存').first().waitFor();
      const admin = await session('admin', PASSWORD);
      expect(await admin<{ boilerplatePercent: number; boilerplateDocs: number }>('GET', '/api/settings/dedup')).toMatchObject({ boilerplatePercent: 2.5, boilerplateDocs: 50 });
      await box.scrollIntoViewIfNeeded();
      await page.waitForTimeout(400);
      await box.screenshot({ path: `${SHOTS}/dedup-settings.png` });
    } catch (e) {
      await page.screenshot({ path: `${SHOTS}/dedup-settings-failure.png`, fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await page.close();
    }
  }, 120_000);
});
