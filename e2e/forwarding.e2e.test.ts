import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, signIn, signOut, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Desk-2026!';
const COMPOSITE = '我市多措并举推进秸秆综合利用';
const LOOSE = '测试县建成农村寄递物流综合服务站';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';

let server: RunningServer;
let browser: Browser;
const session = (username: string, password: string) => apiSession(server.url, username, password);
type Session = Awaited<ReturnType<typeof session>>;

async function adopted(reporter: Session, editor: Session, title: string, text: string): Promise<number> {
  const a = await reporter<{ id: number; rowVersion: number }>('POST', '/api/articles', { title, bodyHtml: `<p>${text}</p>`, type: 'experience' });
  await reporter('POST', `/api/articles/${a.id}/actions/submit`, { rowVersion: a.rowVersion });
  for (const action of ['claim', 'adopt']) {
    const cur = await editor<{ rowVersion: number }>('GET', `/api/articles/${a.id}`);
    await editor('POST', `/api/articles/${a.id}/actions/${action}`, { rowVersion: cur.rowVersion });
  }
  return a.id;
}

beforeAll(async () => {
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD, BAOSONG_JOBS: 'off' });
  browser = await launchBrowser();
  const admin = await session('admin', ADMIN_PASSWORD);
  const groups = await admin<{ id: number }[]>('GET', '/api/unit-groups');
  const a = await admin<{ id: number }>('POST', '/api/units', { name: '沧州市测试县人民政府', shortName: '测试县', groupId: groups[0]!.id });
  const b = await admin<{ id: number }>('POST', '/api/units', { name: '沧州市测试区人民政府', shortName: '测试区', groupId: groups[0]!.id });
  for (const [username, displayName, role, unitId] of [
    ['reporter1', '刘信息', 'reporter', a.id],
    ['reporter2', '王信息', 'reporter', b.id],
    ['editor1', '赵编辑', 'editor', null],
    ['issuer1', '钱签发', 'issuer', null],
  ] as const) {
    await admin('POST', '/api/users', { username, displayName, roles: [role], unitId, password: INITIAL });
    await (await session(username, INITIAL))('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  }
  const province = await admin<{ id: number }>('POST', '/api/channels', { name: '省政府办公厅', level: 'province' });
  for (const name of ['河北政务信息', '昨日要情']) await admin('POST', `/api/channels/${province.id}/publications`, { name });
  const state = await admin<{ id: number }>('POST', '/api/channels', { name: '国务院办公厅', level: 'state', sortOrder: 200 });
  await admin('POST', `/api/channels/${state.id}/publications`, { name: '国办信息' });
  const pub = await admin<{ id: number }>('POST', '/api/publications', { name: '沧州政务交流', kind: 'routine', compilingUnit: '沧州市人民政府办公室', activeFrom: 2020 });

  // A released issue with a composite piece made of two units' articles, and an adopted article not placed yet.
  const editor = await session('editor1', PASSWORD);
  const issuer = await session('issuer1', PASSWORD);
  const r1 = await session('reporter1', PASSWORD);
  const r2 = await session('reporter2', PASSWORD);
  const partA = await adopted(r1, editor, '测试县推行秸秆综合利用', '我县建立秸秆收储运体系，全年综合利用秸秆十二万吨。');
  const partB = await adopted(r2, editor, '测试区建成秸秆收储中心', '我区建成秸秆收储中心三处，带动农民增收一千二百万元。');
  await adopted(r1, editor, LOOSE, '我县建成村级寄递物流综合服务站二百个，快递进村覆盖率达到百分之百。');
  const issue = await editor<{ id: number; rowVersion: number }>('POST', '/api/issues', { publicationId: pub.id, issueDate: '2026-03-02' });
  const items = [{ kind: 'piece', title: COMPOSITE, bodyHtml: '<p>各地多措并举推进秸秆综合利用。</p>', articleIds: [partA, partB] }];
  let cur = await editor<{ rowVersion: number }>('PATCH', `/api/issues/${issue.id}`, { rowVersion: issue.rowVersion, items });
  cur = await editor<{ rowVersion: number }>('POST', `/api/issues/${issue.id}/actions/send_for_signoff`, { rowVersion: cur.rowVersion });
  await issuer('POST', `/api/issues/${issue.id}/actions/sign_off`, { rowVersion: cur.rowVersion });
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

describe('forwarding upward, in Chromium', () => {
  it('the editor forwards two pieces, the issuer signs off, the editor records an adoption with an instruction', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    try {
      // ---- the editor picks a composite piece of an issue and an adopted article, and sends them for sign-off ----
      await login(page, 'editor1');
      await page.getByTestId('nav').getByText('信息上报', { exact: true }).click();
      await page.waitForURL(/\/forwarding$/);
      await page.getByTestId('new-forwarding').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('省政府办公厅', { exact: true }).click();
      for (const title of [COMPOSITE, LOOSE]) await dialog.getByRole('row').filter({ hasText: title }).getByRole('checkbox').check();
      await expect(dialog.getByRole('row').filter({ hasText: COMPOSITE }).textContent()).resolves.toContain('沧州市测试区人民政府');
      await page.getByTestId('forward-submit').click();
      await dialog.waitFor({ state: 'hidden' });
      await signOut(page);

      // ---- the issuer signs it off ----
      await login(page, 'issuer1');
      await page.getByTestId('nav').getByText('信息上报', { exact: true }).click();
      await page.getByRole('tab', { name: /上报记录/ }).click();
      await page.getByTestId('sign-off-forwarding').click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
      await page.getByRole('row').filter({ hasText: COMPOSITE }).getByText('已上报').waitFor();
      await signOut(page);

      // ---- the editor records what came back: adopted in 《河北政务信息》, with a vice governor's instruction ----
      await login(page, 'editor1');
      await page.getByTestId('nav').getByText('信息上报', { exact: true }).click();
      const row = page.getByRole('row').filter({ hasText: COMPOSITE });
      await expect.poll(() => row.textContent()).toContain('待反馈');
      await row.getByTestId('record-outcome').click();
      const outcome = page.getByRole('dialog');
      await outcome.getByLabel('上级刊物').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '河北政务信息' }).click();
      await outcome.getByLabel('期号').fill('第18期');
      await outcome.getByRole('button', { name: '添加领导批示' }).click();
      await outcome.getByLabel('领导姓名').fill('张副省长');
      await outcome.getByLabel('批示内容').fill('沧州经验值得推广，请省农业农村厅总结。');
      await outcome.getByRole('button', { name: /确\s*定|OK/ }).click();
      await outcome.waitFor({ state: 'hidden' });
      await expect.poll(() => page.getByRole('row').filter({ hasText: COMPOSITE }).count()).toBe(0);
      await page.getByRole('tab', { name: '全部上报稿件' }).click();
      const done = page.getByRole('row').filter({ hasText: COMPOSITE });
      await expect.poll(() => done.textContent()).toContain('《河北政务信息》采用 第18期');
      await expect(done.textContent()).resolves.toContain('批示 1 条');
      await done.locator('.ant-table-row-expand-icon').click();
      await page.getByText('沧州经验值得推广').waitFor();
      await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
      await shot(page, 'forwarding');

      // The piece as it was sent, kept apart from later edits.
      await done.getByText(COMPOSITE).click();
      await expect.poll(() => page.getByTestId('sent-text').textContent()).toContain('各地多措并举推进秸秆综合利用');
      await expect(page.getByRole('dialog').textContent()).resolves.toContain('经省政府办公厅上报的原文');

      // Both contributing units are told.
      for (const who of ['reporter1', 'reporter2']) {
        const notes = await (await session(who, PASSWORD))<{ items: { kind: string; title: string }[] }>('GET', '/api/notifications');
        expect(notes.items.some((n) => n.kind === 'forwarding.outcome' && n.title.includes(COMPOSITE))).toBe(true);
      }
    } catch (e) {
      console.error('DIAG server', server.stdout().slice(-4000));
      await page.screenshot({ path: `${SHOTS}/e2e-forwarding-failure.png`, fullPage: true }).catch(() => undefined);
      throw e;
    } finally {
      await page.close();
    }
  });
});
