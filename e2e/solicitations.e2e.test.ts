import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, signIn, signOut, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Desk-2026!';
const UNIT_A = '沧州市测试县人民政府';
const UNIT_B = '沧州市测试区人民政府';
const TOPIC = '关于今冬明春能源保供工作的做法';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';
/** Far enough ahead for the editor to send it and one unit to answer on a loaded machine; then we wait it out. */
const DEADLINE_AHEAD_MS = 90_000;

let server: RunningServer;
let browser: Browser;
const session = (username: string, password: string) => apiSession(server.url, username, password);

beforeAll(async () => {
  // Scheduled work runs every 2 s here, so the "missing" notice is sent soon after the deadline.
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD, BAOSONG_JOBS_INTERVAL_SECONDS: '2' });
  browser = await launchBrowser();
  const admin = await session('admin', ADMIN_PASSWORD);
  const groups = await admin<{ id: number }[]>('GET', '/api/unit-groups');
  const a = await admin<{ id: number }>('POST', '/api/units', { name: UNIT_A, shortName: '测试县', groupId: groups[0]!.id });
  const b = await admin<{ id: number }>('POST', '/api/units', { name: UNIT_B, shortName: '测试区', groupId: groups[0]!.id });
  const people: [string, string, string, number | null][] = [
    ['reporter1', '刘信息', 'reporter', a.id],
    ['reporter2', '王信息', 'reporter', b.id],
    ['editor1', '赵编辑', 'editor', null],
    ['issuer1', '钱签发', 'issuer', null],
  ];
  for (const [username, displayName, role, unitId] of people) {
    await admin('POST', '/api/users', { username, displayName, roles: [role], unitId, password: INITIAL });
    const own = await session(username, INITIAL);
    await own('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const login = (page: Page, username: string) => signIn(page, server.url, username, PASSWORD);

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function withPage(name: string, fn: (page: Page) => Promise<void>) {
  // The browser is in Asia/Shanghai, as the office is: the date picker reads typed times in the browser's zone.
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, timezoneId: 'Asia/Shanghai' });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  try {
    await fn(page);
  } catch (e) {
    console.error('DIAG server', server.stdout().slice(-4000));
    await page.screenshot({ path: `${SHOTS}/e2e-${name}-failure.png`, fullPage: true }).catch(() => undefined);
    throw e;
  } finally {
    await page.close();
  }
}

/** Picks an option of an antd multiple select by typing part of its name. */
async function pick(page: Page, label: string, text: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  await page.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
}

/** The date and time in Asia/Shanghai, as the date picker shows it. */
function shanghai(ms: number): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second}`;
}

describe('a solicitation to two units, in Chromium', () => {
  it('the editor sends it, one unit answers on time, the deadline passes, the other shows as missing', { timeout: 300_000 }, async () => {
    let deadline = 0;
    await withPage('solicitations', async (page) => {
      // ---- the editor sends the solicitation to two units ----
      await login(page, 'editor1');
      await page.getByTestId('nav').getByText('约稿', { exact: true }).click();
      await page.waitForURL(/\/solicitations$/);
      await page.getByTestId('new-solicitation').click();
      const dialog = page.getByRole('dialog');
      await page.getByTestId('solicitation-topic').fill(TOPIC);
      await dialog.getByLabel('约稿要求').fill('请报送本单位今冬明春能源保供的主要做法和成效，1000字以内。');
      await pick(page, '指定单位', '测试县');
      await pick(page, '指定单位', '测试区');
      deadline = Date.now() + DEADLINE_AHEAD_MS;
      const picker = dialog.getByLabel('截止时间');
      await picker.click();
      await picker.fill(shanghai(deadline));
      await page.locator('.ant-picker-ok button').click();
      await page.getByTestId('solicitation-submit').click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByRole('row').filter({ hasText: TOPIC });
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain('共 2 个单位');
      await signOut(page);
    });

    // The server recorded the instant the editor chose.
    const editor = await session('editor1', PASSWORD);
    const [sol] = await editor<{ id: number; deadline: string }[]>('GET', '/api/solicitations');
    expect(Math.abs(new Date(sol!.deadline).getTime() - deadline)).toBeLessThan(2_000);

    await withPage('solicitation-answer', async (page) => {
      // ---- unit A's reporter answers from the home page card, before the deadline ----
      await login(page, 'reporter1');
      const card = page.getByTestId('my-solicitations');
      await card.getByText(TOPIC).waitFor();
      await card.getByTestId('answer-solicitation').click();
      await page.waitForURL(/\/articles\/\d+\/edit$/);
      const body = page.getByTestId('rich-text-editor');
      await body.locator('p').first().click();
      await page.keyboard.insertText('入冬以来，我县提前储备燃煤三万吨，建立重点用户保供清单，确保群众温暖过冬。');
      await page.getByTestId('autosave-status').filter({ hasText: /已自动保存/ }).waitFor();
      await page.getByTestId('action-submit').click();
      const guard = page.getByRole('dialog').filter({ hasText: '报送前检查' });
      await guard.getByRole('button', { name: '报送' }).click();
      await page.waitForURL(/\/articles\/\d+$/);
      expect(Date.now()).toBeLessThan(deadline);
      await page.goto(`${server.url}/`);
      await card.getByTestId('target-status').filter({ hasText: '按时报送' }).waitFor();
      await signOut(page);
    });

    // ---- the deadline passes ----
    const wait = deadline - Date.now() + 1_500;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    await withPage('solicitation-compliance', async (page) => {
      // ---- unit B sees it is recorded as missing (the scheduled sweep tells it) ----
      await login(page, 'reporter2');
      const card = page.getByTestId('my-solicitations');
      await card.getByTestId('target-status').filter({ hasText: '未报送' }).waitFor();
      await expect(card.getByTestId('answer-solicitation').count()).resolves.toBe(0);
      await expect
        .poll(async () => (await session('reporter2', PASSWORD))<{ items: { kind: string }[] }>('GET', '/api/notifications').then((n) => n.items.map((i) => i.kind)), { timeout: 30_000 })
        .toContain('solicitation.missing');
      await signOut(page);

      // ---- the editor sees who answered on time and who is missing ----
      await login(page, 'editor1');
      await page.getByTestId('nav').getByText('约稿', { exact: true }).click();
      await page.getByRole('row').filter({ hasText: TOPIC }).getByTestId('solicitation-link').click();
      const targets = page.getByTestId('targets');
      await expect.poll(() => targets.getByRole('row').filter({ hasText: UNIT_A }).textContent()).toContain('按时报送');
      await expect(targets.getByRole('row').filter({ hasText: UNIT_B }).textContent()).resolves.toContain('未报送');
      await targets.getByRole('row').filter({ hasText: UNIT_A }).getByRole('combobox').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '采用' }).click();
      await expect.poll(() => targets.getByRole('row').filter({ hasText: UNIT_A }).textContent()).toContain('采用');
      await page.locator('.ant-message-notice').first().waitFor();
      await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
      await shot(page, 'solicitation-detail');
      await page.locator('.ant-drawer-close').click();
      await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });

      await page.getByTestId('nav').getByText('约稿完成情况', { exact: true }).click();
      await page.waitForURL(/\/solicitation-compliance$/);
      const table = page.getByTestId('compliance');
      const rowB = table.getByRole('row').filter({ hasText: UNIT_B });
      await rowB.getByTestId('failure').filter({ hasText: TOPIC }).waitFor();
      await expect(rowB.getByTestId('failure').textContent()).resolves.toContain('未报送');
      await expect(table.getByRole('row').filter({ hasText: UNIT_A }).getByTestId('failure').count()).resolves.toBe(0);
      await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
      await shot(page, 'solicitation-compliance');
      const download = page.waitForEvent('download');
      await page.getByTestId('export-compliance').click();
      expect((await download).suggestedFilename()).toMatch(/^约稿完成情况_.*\.xlsx$/);
    });
  });
});
