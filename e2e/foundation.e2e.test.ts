import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './support';

let server: RunningServer;
let browser: Browser;
const NEW_ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const REPORTER_FIRST = 'Reporter-Init-2026!';
const REPORTER_NEW = 'Reporter-Mine-2026!';
const UNIT = '沧州市测试局';

beforeAll(async () => {
  server = await startServer(); // no BAOSONG_ADMIN_PASSWORD: a random one is printed once
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function login(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function changePassword(page: Page, current: string, next: string) {
  await page.waitForURL(/\/password$/);
  await page.getByText('首次登录，请先设置新密码').waitFor();
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码').fill(next);
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

async function logout(page: Page) {
  await page.getByTestId('user-menu').hover();
  await page.getByText('退出登录').click();
  await page.waitForURL(/\/login$/);
}

describe('foundation in Chromium', () => {
  it('admin changes the printed password, creates a unit and a reporter; the reporter sees only what a reporter may', async () => {
    const printed = /初始密码 \/ initial password: (\S+)/.exec(server.stdout());
    expect(printed, server.stdout()).not.toBeNull();
    const initial = printed![1]!;

    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    // A wrong password is refused with a readable Chinese message.
    await login(page, 'admin', 'not-the-password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');

    await login(page, 'admin', initial);
    await changePassword(page, initial, NEW_ADMIN_PASSWORD);
    await page.getByRole('heading', { name: /您好/ }).waitFor();
    const nav = page.getByTestId('nav');
    await expect(nav.textContent()).resolves.toContain('报送单位');
    await expect(nav.textContent()).resolves.toContain('用户管理');

    // Create a unit.
    await nav.getByText('报送单位').click();
    await page.waitForURL(/\/admin\/units$/);
    await page.getByRole('button', { name: '新建单位' }).click();
    const unitDialog = page.getByRole('dialog');
    await unitDialog.getByLabel('单位名称').fill(UNIT);
    await unitDialog.getByLabel('简称').fill('市测试局');
    await unitDialog.getByLabel('联系人').fill('张测试');
    await unitDialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: UNIT }).waitFor();

    // Create a reporter in that unit.
    await nav.getByText('用户管理').click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByRole('button', { name: '新建用户' }).click();
    const userDialog = page.getByRole('dialog');
    await userDialog.getByLabel('用户名').fill('xinxiyuan1');
    await userDialog.getByLabel('姓名').fill('刘信息');
    await userDialog.getByLabel('所属单位').click();
    await page.getByTitle(UNIT).click();
    await userDialog.getByLabel('初始密码').fill(REPORTER_FIRST);
    await userDialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: 'xinxiyuan1' }).waitFor();
    const row = page.getByRole('row', { name: /xinxiyuan1/ });
    await expect(row.textContent()).resolves.toContain('信息员');
    await expect(row.textContent()).resolves.toContain(UNIT);
    await page.screenshot({ path: `${process.env.E2E_SHOTS ?? '/tmp'}/e2e-users.png` });
    await logout(page);

    // The reporter logs in, must change the initial password, and sees only a reporter's pages.
    await login(page, 'xinxiyuan1', REPORTER_FIRST);
    await changePassword(page, REPORTER_FIRST, REPORTER_NEW);
    await page.getByTestId('unit-card').waitFor();
    await expect(page.getByTestId('unit-card').textContent()).resolves.toContain(UNIT);
    const reporterNav = (await page.getByTestId('nav').textContent()) ?? '';
    expect(reporterNav).toContain('首页');
    expect(reporterNav).not.toContain('报送单位');
    expect(reporterNav).not.toContain('用户管理');
    expect(await page.getByTestId('role-tag').allTextContents()).toEqual(['信息员']);

    // Typing an admin address shows a refusal page, and the server refuses the data too.
    await page.goto(`${server.url}/admin/users`);
    await page.getByText('没有访问此页面的权限').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/users')).status);
    expect(status).toBe(403);
    await page.close();
  });

  it('switches the interface to English and Traditional Chinese', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.getByLabel('语言').click();
    await page.getByTitle('English').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Language').click();
    await page.getByTitle('繁體中文').click();
    await page.getByRole('button', { name: '登入' }).waitFor();
    await page.close();
  });
});
