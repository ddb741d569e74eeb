import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, signIn, signOut, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Desk-2026!';
const PUBLICATION = '沧州政务交流';
const FULL_TITLE = '测试县“一网通办”让群众办事少跑腿';
const PART_A = '测试县推行秸秆综合利用';
const PART_B = '测试区建成秸秆收储中心';
const COMPOSITE = '我市多措并举推进秸秆综合利用';
const INSTRUCTION = '此经验很好，请市政务服务局总结推广。';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';

let server: RunningServer;
let browser: Browser;
let fullArticleId: number;

/** A signed-in API session for setting up what the test is not about. */
const session = (username: string, password: string) => apiSession(server.url, username, password);
type Session = Awaited<ReturnType<typeof session>>;

/** A unit's piece, submitted by its reporter, claimed and adopted by the editor. */
async function adoptedArticle(reporter: Session, editor: Session, title: string, paragraphs: string[]): Promise<number> {
  const a = await reporter<{ id: number; rowVersion: number }>('POST', '/api/articles', {
    title,
    bodyHtml: paragraphs.map((p) => `<p>${p}</p>`).join(''),
    type: 'experience',
  });
  await reporter('POST', `/api/articles/${a.id}/actions/submit`, { rowVersion: a.rowVersion });
  for (const action of ['claim', 'adopt']) {
    const cur = await editor<{ rowVersion: number }>('GET', `/api/articles/${a.id}`);
    await editor('POST', `/api/articles/${a.id}/actions/${action}`, { rowVersion: cur.rowVersion });
  }
  return a.id;
}

beforeAll(async () => {
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD });
  browser = await launchBrowser();

  const admin = await session('admin', ADMIN_PASSWORD);
  const groups = await admin<{ id: number }[]>('GET', '/api/unit-groups');
  const county = await admin<{ id: number }>('POST', '/api/units', { name: '沧州市测试县人民政府', shortName: '测试县', groupId: groups[0]!.id });
  const district = await admin<{ id: number }>('POST', '/api/units', { name: '沧州市测试区人民政府', shortName: '测试区', groupId: groups[0]!.id });
  const people: [string, string, string, number | null][] = [
    ['reporter1', '刘信息', 'reporter', county.id],
    ['reporter2', '王信息', 'reporter', district.id],
    ['editor1', '赵编辑', 'editor', null],
    ['issuer1', '钱签发', 'issuer', null],
    ['leader1', '孙市长', 'leader', null],
  ];
  for (const [username, displayName, role, unitId] of people) {
    await admin('POST', '/api/users', { username, displayName, roles: [role], unitId, password: INITIAL });
    const own = await session(username, INITIAL);
    await own('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  }
  await admin('POST', '/api/publications', {
    name: PUBLICATION,
    kind: 'routine',
    compilingUnit: '沧州市人民政府办公室',
    activeFrom: 2020,
    distribution: { bao: '省政府办公厅，市委办公室', song: '市委、市人大、市政府、市政协领导同志', fa: '各县（市、区）人民政府，市政府各部门' },
  });

  const editor = await session('editor1', PASSWORD);
  const r1 = await session('reporter1', PASSWORD);
  const r2 = await session('reporter2', PASSWORD);
  fullArticleId = await adoptedArticle(r1, editor, FULL_TITLE, [
    '今年以来，我县以政务服务“一网通办”为抓手，推动审批服务从“群众跑腿”向“数据跑路”转变，全县政务服务事项网上可办率达到百分之九十五。',
    '一是整合服务入口，将县直二十三个部门的办事系统接入统一平台。二是压减办事材料，高频事项申请材料平均减少百分之四十。',
  ]);
  await adoptedArticle(r1, editor, PART_A, ['我县建立秸秆收储运体系，全年综合利用秸秆十二万吨，综合利用率达到百分之九十七。']);
  await adoptedArticle(r2, editor, PART_B, ['我区投资八百万元建成秸秆收储中心三处，带动农民增收一千二百万元。']);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const login = (page: Page, username: string) => signIn(page, server.url, username, PASSWORD);

const logout = signOut;

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Confirms the modal that an issue action opens. */
async function confirmAction(page: Page, testId: string) {
  await page.getByTestId(testId).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.waitForTimeout(300);
  await dialog.getByRole('button', { name: '确定' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('a periodical issue from adopted pieces to a leader’s instruction, in Chromium', () => {
  it('editor composes and sends, issuer signs off, leader instructs, the unit is told', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    try {
      await journey(page);
    } catch (e) {
      console.error('DIAG server', server.stdout().slice(-4000));
      await page.screenshot({ path: `${SHOTS}/e2e-periodicals-failure.png`, fullPage: true }).catch(() => undefined);
      throw e;
    } finally {
      await page.close();
    }
  });
});

async function journey(page: Page) {
  // ---- the editor starts a new issue ----
  await login(page, 'editor1');
  await page.getByTestId('nav').getByText('刊物', { exact: true }).click();
  await page.waitForURL(/\/issues$/);
  await page.getByTestId('new-issue').click();
  const form = page.getByTestId('new-issue-form');
  await form.getByLabel('刊物').click();
  await page.getByTitle(new RegExp(PUBLICATION)).click();
  await page.getByRole('dialog').getByRole('button', { name: '新建' }).click();
  await page.waitForURL(/\/issues\/\d+$/);
  const issueId = Number(/\/issues\/(\d+)$/.exec(page.url())![1]);
  const preview = page.getByTestId('issue-preview');
  await expect.poll(() => preview.locator('.issue-name').textContent()).toBe(PUBLICATION);
  await expect(preview.locator('.issue-number').textContent()).resolves.toMatch(/^第1期（总第\d+期）$/);

  // ---- a section heading, a full piece, a composite piece of two units, an editor's note ----
  await page.getByTestId('add-heading').click();
  await page.getByLabel('栏目', { exact: true }).fill('工作动态');
  const picker = page.getByTestId('article-picker');
  await picker.getByTestId('picker-item').filter({ hasText: FULL_TITLE }).getByTestId('add-full').click();
  await preview.getByText(FULL_TITLE).waitFor();
  await picker.getByRole('checkbox', { name: PART_A }).check();
  await picker.getByRole('checkbox', { name: PART_B }).check();
  await picker.getByTestId('composite-button').click();
  const modal = page.getByRole('dialog');
  await modal.getByRole('textbox', { name: '标题' }).fill(COMPOSITE);
  await expect(modal.getByTestId('rich-text-editor').textContent()).resolves.toContain('秸秆收储中心');
  await modal.getByRole('button', { name: '确定' }).click();
  await modal.waitFor({ state: 'hidden' });
  await page.getByLabel('编者按').fill('现将我市政务服务改革和秸秆综合利用的经验刊发，供各地学习借鉴。');

  const pieces = preview.getByTestId('issue-piece');
  await expect.poll(() => pieces.count()).toBe(2);
  await expect(pieces.nth(1).locator('.issue-units').textContent()).resolves.toBe('（沧州市测试县人民政府　沧州市测试区人民政府）');
  await expect(preview.getByTestId('issue-distribution').textContent()).resolves.toContain('报：省政府办公厅');
  await page.getByTestId('save-issue').click();
  await page.getByText('已保存').first().waitFor();
  await expect.poll(() => page.getByTestId('save-issue').isDisabled()).toBe(true);
  await shot(page, 'periodicals-compose');

  // The composite piece credits both units on the server's copy too.
  const saved = (await (await page.request.get(`${server.url}/api/issues/${issueId}`)).json()) as { items: { kind: string; adoption: string | null; sources: unknown[] }[] };
  expect(saved.items.map((i) => [i.kind, i.adoption, i.sources.length])).toEqual([
    ['heading', null, 0],
    ['piece', 'full', 1],
    ['piece', 'composite', 2],
  ]);

  // ---- the Word file and the print view ----
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-docx').click()]);
  const docx = fs.readFileSync((await download.path())!);
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(download.suggestedFilename()).toMatch(/\.docx$/);

  await page.goto(`${server.url}/issues/${issueId}/print`);
  await page.getByTestId('print-button').waitFor();
  await expect(page.getByTestId('nav').count()).resolves.toBe(0);
  await expect(page.locator('.issue-piece-title').first().textContent()).resolves.toBe(FULL_TITLE);
  await shot(page, 'periodicals-print');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-button').isVisible()).resolves.toBe(false);
  await page.emulateMedia({ media: 'screen' });

  // ---- sent for sign-off ----
  await page.goto(`${server.url}/issues/${issueId}`);
  await confirmAction(page, 'issue-action-send_for_signoff');
  await expect.poll(() => page.getByTestId('issue-state').textContent()).toBe('待签发');
  await logout(page);

  // ---- the issuer signs it off ----
  await login(page, 'issuer1');
  await page.getByTestId('nav').getByText('刊物', { exact: true }).click();
  await page.getByTestId('issues-table').getByRole('link', { name: new RegExp(PUBLICATION) }).click();
  await page.waitForURL(/\/issues\/\d+$/);
  await confirmAction(page, 'issue-action-sign_off');
  await expect.poll(() => page.getByTestId('issue-state').textContent()).toBe('已印发');
  await logout(page);

  // ---- the leader reads it and writes an instruction on the full piece ----
  await login(page, 'leader1');
  await page.getByTestId('nav').getByText('阅文').click();
  await page.getByTestId('reading-list').getByRole('link', { name: new RegExp(PUBLICATION) }).click();
  await page.waitForURL(/\/reading\/\d+$/);
  const reading = page.getByTestId('reading-issue');
  await reading.getByText(COMPOSITE).waitFor();
  await reading.getByTestId('issue-piece').filter({ hasText: FULL_TITLE }).getByTestId('instruct-piece').click();
  const iform = page.getByTestId('instruction-form');
  // The option list opens with an animation; a click that lands while it is still moving can miss, so choose again
  // until the form shows the level.
  for (let attempt = 0; attempt < 3 && !(await iform.textContent())?.includes('市政府主要领导'); attempt++) {
    await iform.getByLabel('领导级别').click();
    await page.getByTitle('市政府主要领导').click();
  }
  await expect.poll(() => iform.textContent()).toContain('市政府主要领导');
  await iform.getByLabel('批示内容').fill(INSTRUCTION);
  await iform.getByTestId('instruction-submit').click();
  const under = reading.getByTestId('issue-piece').filter({ hasText: FULL_TITLE }).getByTestId('instruction');
  await under.waitFor();
  await expect(under.textContent()).resolves.toContain('孙市长（市政府主要领导）');
  await expect(under.textContent()).resolves.toContain(INSTRUCTION);
  await shot(page, 'periodicals-reading');
  await logout(page);

  // ---- the unit's reporter is told, and sees the instruction on the article ----
  await login(page, 'reporter1');
  await page.getByTestId('notification-bell').click();
  const notice = page.getByTestId('notifications').getByText(/稿件获领导批示/).first();
  await notice.waitFor();
  await page.waitForTimeout(300);
  await notice.click();
  await page.waitForURL(new RegExp(`/articles/${fullArticleId}$`));
  const seen = (await (await page.request.get(`${server.url}/api/articles/${fullArticleId}/instructions`)).json()) as { text: string; leaderName: string; itemTitle: string | null }[];
  expect(seen.map((i) => [i.leaderName, i.text, i.itemTitle])).toEqual([['孙市长', INSTRUCTION, FULL_TITLE]]);
  await logout(page);

  // ---- the desk turns the instruction into a follow-up for the county ----
  await login(page, 'editor1');
  await page.getByTestId('nav').getByText('阅文').click();
  await page.getByTestId('reading-list').getByRole('link', { name: new RegExp(PUBLICATION) }).click();
  await page.getByRole('button', { name: '转落实反馈' }).click();
  await page.waitForURL(/\/followups\?/);
  const fdialog = page.getByRole('dialog');
  await expect.poll(() => fdialog.getByLabel('事项').inputValue()).toBe(FULL_TITLE);
  await fdialog.getByLabel('责任单位').click();
  await page.getByTitle('沧州市测试县人民政府').click();
  await fdialog.getByText('新建落实反馈').click(); // closes the multiple select's dropdown
  await fdialog.getByRole('button', { name: '新建' }).click();
  await fdialog.waitFor({ state: 'hidden' });
  await page.getByTestId('unit-status').filter({ hasText: '沧州市测试县人民政府 · 待反馈' }).waitFor();
  await shot(page, 'periodicals-followups');
  await logout(page);

  // ---- the county's reporter starts the 落实反馈 article from their follow-ups ----
  await login(page, 'reporter1');
  await page.getByTestId('nav').getByText('落实反馈').click();
  await page.getByTestId('my-followups').getByText(FULL_TITLE).waitFor();
  await page.getByRole('button', { name: '报送落实情况' }).click();
  await page.waitForURL(/\/articles\/\d+\/edit$/);
  const answerId = Number(/\/articles\/(\d+)\/edit/.exec(page.url())![1]);
  const answer = (await (await page.request.get(`${server.url}/api/articles/${answerId}`)).json()) as { type: string; followupId: number | null };
  expect(answer.type).toBe('feedback');
  expect(answer.followupId).not.toBeNull();
}
