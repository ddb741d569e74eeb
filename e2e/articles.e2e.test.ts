import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { apiSession, launchBrowser, signIn, signOut, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Desk-2026!';
const UNIT = '沧州市测试县人民政府';
const TOPIC = '优化营商环境';
const TITLE = '测试县“一网通办”让群众办事少跑腿';
const URGENT_TITLE = '测试县启动防汛四级应急响应';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';

let server: RunningServer;
let browser: Browser;
let year: number;

/** A signed-in API session for setting up what the test is not about. */
const session = (username: string, password: string) => apiSession(server.url, username, password);

/** A PNG of a few coloured bars (a stand-in for the chart a unit pastes into its report). */
function barChartPng(width = 240, height = 120): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([len, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const bars = [0.45, 0.7, 0.9, 0.6];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 255);
    row[0] = 0;
    for (let x = 0; x < width; x++) {
      const bar = Math.floor((x / width) * bars.length);
      const inBar = x % (width / bars.length) > 10 && height - y < bars[bar]! * height;
      if (inBar) row.set(bar % 2 ? [183, 28, 28] : [21, 101, 192], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The kind of Word file a county government's information officer writes. */
async function reportDocx(): Promise<Buffer> {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(TITLE)] }),
          new Paragraph(
            '今年以来，我县以政务服务“一网通办”为抓手，推动审批服务从“群众跑腿”向“数据跑路”转变，全县政务服务事项网上可办率达到百分之九十五。',
          ),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('一、主要做法')] }),
          new Paragraph('一是整合服务入口。将县直二十三个部门的办事系统接入统一平台，实现一次登录、全网通办。'),
          new Paragraph('二是压减办事材料。梳理高频事项一百二十项，申请材料平均减少百分之四十。联系人：县政务服务中心，电话13912345678。'),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('二、工作成效')] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ children: [cell('指标', true), cell('改革前', true), cell('改革后', true)] }),
              new TableRow({ children: [cell('平均办理时限'), cell('12个工作日'), cell('3个工作日')] }),
              new TableRow({ children: [cell('群众跑动次数'), cell('3次'), cell('0次')] }),
            ],
          }),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: barChartPng(), transformation: { width: 240, height: 120 } })] }),
          new Paragraph('下一步，我县将继续深化“一网通办”改革，推动更多事项“掌上办”“就近办”。'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

beforeAll(async () => {
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD });
  browser = await launchBrowser();
  year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

  // Set up through the API: a unit whose pieces need the unit's approval, its reporter and approver, an editor.
  const admin = await session('admin', ADMIN_PASSWORD);
  const groups = await admin<{ id: number; name: string }[]>('GET', '/api/unit-groups');
  const unit = await admin<{ id: number }>('POST', '/api/units', { name: UNIT, shortName: '测试县', groupId: groups[0]!.id, requiresApproval: true });
  await admin('POST', '/api/topics', { year, name: TOPIC, active: true, sortOrder: 1 });
  const people: [string, string, string, number | null][] = [
    ['reporter1', '刘信息', 'reporter', unit.id],
    ['approver1', '张分管', 'unit_approver', unit.id],
    ['editor1', '赵编辑', 'editor', null],
  ];
  for (const [username, displayName, role, unitId] of people) {
    await admin('POST', '/api/users', { username, displayName, roles: [role], unitId, password: INITIAL });
    const own = await session(username, INITIAL);
    await own('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  }

  // Another piece already waits on the desk: a very urgent one the approver wrote and submitted directly.
  const approver = await session('approver1', PASSWORD);
  const urgent = await approver<{ id: number; rowVersion: number }>('POST', '/api/articles', {
    title: URGENT_TITLE,
    bodyHtml: '<p>受强降雨影响，我县部分乡镇道路积水，县应急管理局已启动四级应急响应，组织力量排水抢险，目前交通秩序正常。</p>',
    type: 'news',
    urgency: 'very_urgent',
  });
  await approver('POST', `/api/articles/${urgent.id}/actions/submit`, { rowVersion: urgent.rowVersion });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const login = (page: Page, username: string) => signIn(page, server.url, username, PASSWORD);

const logout = signOut;

/** Opens the notification bell and the notification whose title matches; returns to the article it names. */
async function openNotification(page: Page, title: RegExp) {
  await page.getByTestId('notification-bell').click();
  const panel = page.getByTestId('notifications');
  const item = panel.getByText(title).first();
  await item.waitFor();
  await page.waitForTimeout(300); // the popover's opening animation
  await item.click();
  await page.waitForURL(/\/articles\/\d+$/);
}

/** A full-page screenshot once transitions have settled, from the top. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Puts the caret at the end of an element inside the editor. */
async function caretAtEnd(page: Page, selector: ReturnType<Page['locator']>) {
  await selector.click();
  await selector.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  });
}

async function stateIs(page: Page, state: string) {
  await page.getByTestId('article-meta').waitFor();
  await expect
    .poll(async () => page.getByTestId('state-tag').first().textContent(), { timeout: 10_000 })
    .toBe(state);
}

describe('an article from Word to adoption, in Chromium', () => {
  it('reporter imports and sends it, approver approves, editor claims, edits and adopts, reporter is told', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    const open = new Map<object, string>();
    page.on('request', (r) => open.set(r, `${r.method()} ${r.url()}`));
    page.on('requestfinished', (r) => open.delete(r));
    page.on('requestfailed', (r) => {
      console.error('request failed', r.url(), r.failure()?.errorText);
      open.delete(r);
    });
    try {
      await journey(page);
    } catch (e) {
      console.error('DIAG open requests', [...open.values()]);
      console.error('DIAG server', server.stdout().slice(-4000));
      await page.screenshot({ path: `${SHOTS}/e2e-articles-failure.png`, fullPage: true }).catch(() => undefined);
      throw e;
    } finally {
      await page.close();
    }
  });
});

async function journey(page: Page) {

  // ---- the reporter imports a Word file ----
  await login(page, 'reporter1');
  await page.getByTestId('nav').getByText('稿件').click();
  await page.waitForURL(/\/articles$/);
  // The list page has rendered (the home page, which has its own import button, is gone).
  await page.getByRole('tab', { name: /草稿/ }).waitFor();
  await page.getByTestId('docx-file').setInputFiles({
    name: '一网通办.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: await reportDocx(),
  });
  await page.waitForURL(/\/articles\/\d+\/edit$/);
  const articleId = Number(/\/articles\/(\d+)\/edit/.exec(page.url())![1]);

  // Title, headings, paragraphs, the table and the picture arrived in the editor.
  await expect.poll(() => page.getByLabel('标题', { exact: true }).inputValue()).toBe(TITLE);
  const editor = page.getByTestId('rich-text-editor');
  await editor.getByRole('heading', { name: '一、主要做法' }).waitFor();
  await expect(editor.textContent()).resolves.toContain('一是整合服务入口');
  await expect(editor.locator('table tr').count()).resolves.toBe(3);
  await expect(editor.locator('table').textContent()).resolves.toContain('平均办理时限');
  const img = editor.locator('img');
  await expect(img.getAttribute('src')).resolves.toMatch(/^\/api\/attachments\/\d+\/content$/);
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(240);

  // Metadata: type, topic, an author, the signer; each change is saved automatically.
  await page.getByText('经验', { exact: true }).click();
  await page.getByLabel('重点工作').click();
  await page.getByTitle(TOPIC).click();
  await page.keyboard.press('Escape');
  await page.getByLabel('姓名 1').fill('刘信息');
  await page.getByLabel('联系电话 1').fill('0317-1234567');
  await page.getByLabel('签发人').fill('王县长');
  // A sentence typed at the end of the body.
  await caretAtEnd(page, editor.locator('p').last());
  await page.keyboard.insertText('群众满意度持续提升。');
  await page.getByTestId('autosave-status').filter({ hasText: /已自动保存 \d{2}:\d{2}:\d{2}/ }).waitFor();
  await shot(page, 'e2e-article-edit');

  // What was saved is on the server: reload and see it again.
  await page.reload();
  await expect.poll(() => page.getByLabel('标题', { exact: true }).inputValue()).toBe(TITLE);
  await expect(page.getByLabel('签发人').inputValue()).resolves.toBe('王县长');
  await expect(page.getByTestId('rich-text-editor').textContent()).resolves.toContain('群众满意度持续提升。');
  await expect(page.getByRole('radio', { name: '经验' }).isChecked()).resolves.toBe(true);

  // Send it for approval: the check finds the mobile number, which needs an explicit confirmation.
  await page.getByTestId('action-send_for_approval').click();
  const guard = page.getByRole('dialog').filter({ hasText: '报送前检查' });
  await guard.getByText('13912345678').waitFor();
  const send = guard.getByRole('button', { name: '送单位审核' });
  await expect(send.isDisabled()).resolves.toBe(true);
  await guard.getByLabel('已确认').check();
  await send.click();
  await page.waitForURL(new RegExp(`/articles/${articleId}$`));
  await stateIs(page, '待单位审核');
  await logout(page);

  // ---- the unit's approver approves it (from the notification) ----
  await login(page, 'approver1');
  await openNotification(page, /待审核稿件/);
  await stateIs(page, '待单位审核');
  await page.getByTestId('action-approve').click();
  const approveGuard = page.getByRole('dialog').filter({ hasText: '报送前检查' });
  await approveGuard.getByLabel('已确认').check();
  await approveGuard.getByRole('button', { name: '审核通过并报送' }).click();
  await stateIs(page, '已报送');
  await logout(page);

  // ---- the editor claims it on the desk ----
  await login(page, 'editor1');
  await page.getByTestId('nav').getByText('编辑台').click();
  await page.waitForURL(/\/desk$/);
  const row = page.getByRole('row', { name: new RegExp(TITLE.slice(0, 8)) });
  await row.waitFor();
  await expect(row.textContent()).resolves.toContain(UNIT);
  await expect(page.getByTestId('desk-tab-submitted').textContent()).resolves.toMatch(/待处理\s*2/);
  // The very urgent piece comes first and stands out.
  const urgentRow = page.getByRole('row', { name: new RegExp(URGENT_TITLE) });
  await expect(urgentRow.getAttribute('class')).resolves.toContain('row-very-urgent');
  await expect(urgentRow.textContent()).resolves.toContain('特急');
  await expect(page.locator('tbody tr').first().textContent()).resolves.toContain(URGENT_TITLE);
  await shot(page, 'e2e-desk');
  await row.getByRole('button', { name: '认领' }).click();
  await page.waitForURL(new RegExp(`/articles/${articleId}$`));
  await stateIs(page, '编辑中');

  // Edits the title and the text: a new version; the unit's original stays.
  await page.getByTestId('edit-button').click();
  await page.getByLabel('标题', { exact: true }).fill('测试县推行“一网通办”群众办事少跑腿');
  const deskEditor = page.getByTestId('rich-text-editor');
  await caretAtEnd(page, deskEditor.locator('p').first());
  await page.keyboard.insertText('（编辑补充：改革经验已在全市推广）');
  await page.getByTestId('save-version').click();
  await page.getByText('已保存为第 2 版').waitFor();

  // The article as everyone sees it, then the character diff of the unit's version against the current text.
  await page.getByTestId('document').getByText('编辑补充').waitFor();
  await shot(page, 'e2e-article-view');
  await page.getByRole('tab', { name: /版本对比/ }).click();
  const diff = page.getByTestId('diff');
  await diff.locator('ins', { hasText: '编辑补充' }).waitFor();
  await expect(diff.locator('del').count()).resolves.toBeGreaterThan(0);
  await expect(diff.locator('ins').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).resolves.toContain('underline');
  await expect(diff.locator('del').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).resolves.toContain('line-through');
  await shot(page, 'e2e-article-diff');

  // Adopts it.
  await page.getByTestId('action-adopt').click();
  const adoptDialog = page.getByRole('dialog').filter({ hasText: '意见（可不填）' });
  await adoptDialog.getByLabel('意见（可不填）').fill('拟编入《沧州政务交流》。');
  await adoptDialog.getByRole('button', { name: '确定' }).click();
  await stateIs(page, '已采用');
  await logout(page);

  // ---- the reporter sees the decision and a notification ----
  await login(page, 'reporter1');
  await expect.poll(async () => page.getByTestId('notification-bell').locator('xpath=..').textContent()).toMatch(/\d/);
  await openNotification(page, /稿件已被采用/);
  await stateIs(page, '已采用');
  await page.getByText('拟编入《沧州政务交流》。').first().waitFor();
  await page.getByTestId('nav').getByText('稿件').click();
  await page.getByRole('tab', { name: /已采用\s*1/ }).waitFor();
}
