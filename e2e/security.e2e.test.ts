import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiSession, launchBrowser, signIn, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Audit-2026!';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD });
  browser = await launchBrowser();
  const admin = await apiSession(server.url, 'admin', ADMIN_PASSWORD);
  const groups = await admin<{ id: number }[]>('GET', '/api/unit-groups');
  const county = await admin<{ id: number }>('POST', '/api/units', { name: '沧州市测试县人民政府', shortName: '测试县', groupId: groups[0]!.id });
  for (const [username, displayName, role, unitId] of [
    ['shenji1', '周审计', 'auditor', null],
    ['reporter1', '刘信息', 'reporter', county.id],
  ] as const) {
    await admin('POST', '/api/users', { username, displayName, roles: [role], unitId, password: INITIAL });
    const own = await apiSession(server.url, username, INITIAL);
    await own('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  }
  // Something to find: a failed sign-in and a refused request.
  await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reporter1', password: 'guess-guess-1' }) });
  const reporter = await apiSession(server.url, 'reporter1', PASSWORD);
  await reporter('POST', '/api/topics', { year: 2026, name: '越权' }).catch(() => {});
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('audit trail in Chromium', () => {
  it('an auditor browses, filters, checks the chain and exports the trail', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    await signIn(page, server.url, 'shenji1', PASSWORD);
    await page.getByTestId('nav').getByText('审计日志').click();
    await page.waitForURL(/\/audit$/);
    await page.getByRole('cell', { name: 'auth.login' }).first().waitFor();
    await page.getByTestId('audit-verify').click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/校验通过：\d+ 条记录完整/);
    await page.screenshot({ path: `${SHOTS}/audit.png` });
    // Refused requests only.
    await page.getByText('结果', { exact: true }).first().waitFor();
    await page.locator('.ant-select').filter({ hasText: '结果' }).click();
    await page.getByTitle('拒绝').click();
    await page.getByRole('cell', { name: 'POST /api/topics' }).waitFor();
    await expect.poll(async () => page.getByRole('cell', { name: 'auth.login' }).count()).toBe(0);
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^审计日志_\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.close();
  }, 120_000);
});
