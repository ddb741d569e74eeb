// Takes screenshots of the main pages with the system Chromium: `node --import tsx scripts/screenshots.ts URL USER PASSWORD OUTDIR`.
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:3000', user = 'admin', password = '', out = '.tmp'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
await page.goto(`${base}/login`);
await page.screenshot({ path: `${out}/login.png` });
await page.getByLabel(/用户名/).fill(user);
await page.getByLabel(/密码/).fill(password);
await page.getByRole('button', { name: '登录' }).click();
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
await page.waitForTimeout(800);
await page.screenshot({ path: `${out}/home.png` });
for (const [path, name] of [
  ['/admin/units', 'units'],
  ['/admin/users', 'users'],
  ['/password', 'password'],
]) {
  await page.goto(`${base}${path}`);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${out}/${name}.png` });
}
await browser.close();
