import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../server/src/features/auth/totp';
import { apiSession, launchBrowser, signIn, signOut, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Secure-2026!';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD, BAOSONG_SECRET_KEY: 'e2e-instance-key-0123456789abcdefghijkl' });
  browser = await launchBrowser();
  const admin = await apiSession(server.url, 'admin', ADMIN_PASSWORD);
  await admin('POST', '/api/users', { username: 'anquan1', displayName: '孙安全', roles: ['editor'], unitId: null, password: INITIAL });
  const own = await apiSession(server.url, 'anquan1', INITIAL);
  await own('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  await own('POST', '/api/auth/logout');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Password, then the code step; waits for the home page. */
async function signInWithCode(page: Page, code: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill('anquan1');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('login-code').fill(code);
  await page.getByRole('button', { name: '验证' }).click();
}

describe('two-factor sign-in and remote sign-out in Chromium', () => {
  it('enrols TOTP, signs in with a code and with a recovery code once, and ends a session from another browser', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, server.url, 'anquan1', PASSWORD);
    await page.goto(`${server.url}/security`);
    await page.getByTestId('totp-start').click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The QR code is drawn in the page (a data: image), not fetched from anywhere.
    const qr = page.getByTestId('totp-qr');
    await expect.poll(async () => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await page.screenshot({ path: `${SHOTS}/totp-enrolment.png` });

    await page.getByTestId('totp-code').fill(totpCode(secret, Date.now()));
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('recovery-code').first().waitFor();
    const codes = await page.getByTestId('recovery-code').allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByTestId('recovery-saved').click();
    await expect.poll(async () => page.getByTestId('second-factor-status').textContent()).toMatch(/剩余恢复码 10 个/);

    // Signed out, the password alone is not enough: the code of the next step (this one is used up) lets us in.
    await signOut(page);
    await signInWithCode(page, totpCode(secret, Date.now() + 30_000));
    await page.getByRole('heading', { name: /您好/ }).waitFor();

    // A recovery code works once.
    await signOut(page);
    await signInWithCode(page, codes[0]!);
    await page.getByRole('heading', { name: /您好/ }).waitFor();
    await signOut(page);
    await signInWithCode(page, codes[0]!);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('验证码或恢复码不正确');
    await page.getByTestId('login-code').fill(codes[1]!);
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByRole('heading', { name: /您好/ }).waitFor();

    // A second browser signs in; the first one ends that session from its session list.
    const other = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const otherPage = await other.newPage();
    await otherPage.goto(`${server.url}/login`);
    await otherPage.getByLabel('用户名').fill('anquan1');
    await otherPage.getByLabel('密码').fill(PASSWORD);
    await otherPage.getByRole('button', { name: '登录' }).click();
    await otherPage.getByTestId('login-code').fill(codes[2]!);
    await otherPage.getByRole('button', { name: '验证' }).click();
    await otherPage.getByRole('heading', { name: /您好/ }).waitFor();

    await page.goto(`${server.url}/security`);
    const rows = page.getByTestId('sessions').locator('tbody tr');
    await expect.poll(async () => rows.count()).toBe(2);
    await expect(page.getByTestId('second-factor-status').textContent()).resolves.toMatch(/剩余恢复码 7 个/);
    await page.screenshot({ path: `${SHOTS}/security-sessions.png` });
    await page.getByTestId('session-sign-out').click();
    await page.getByRole('button', { name: '确定' }).click();
    await expect.poll(async () => rows.count()).toBe(1);

    // The other browser has lost its access: its next request sends it to the login page.
    await otherPage.goto(`${server.url}/security`);
    await otherPage.getByRole('button', { name: '登录' }).waitFor();
    expect(new URL(otherPage.url()).pathname).toBe('/login');
    await other.close();
    await page.close();
  }, 180_000);
});
