import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, signIn, startServer, type RunningServer } from './support';

const ADMIN_PASSWORD = 'Cangzhou-Admin-2026!';
const INITIAL = 'Initial-Pass-2026!';
const PASSWORD = 'Baosong-Desk-2026!';
const SHOTS = process.env.E2E_SHOTS ?? '/tmp';
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const YEAR = TODAY.slice(0, 4);

let server: RunningServer;
/** 测试区's routine piece (for the dashboards' forwarding). */
let rb1Item = 0;
let browser: Browser;
const session = (username: string, password: string) => apiSession(server.url, username, password);
type Session = Awaited<ReturnType<typeof session>>;

async function adopted(reporter: Session, editor: Session, title: string): Promise<number> {
  const a = await reporter<{ id: number; rowVersion: number }>('POST', '/api/articles', { title, bodyHtml: `<p>${title}，取得明显成效。</p>`, type: 'experience' });
  await reporter('POST', `/api/articles/${a.id}/actions/submit`, { rowVersion: a.rowVersion });
  for (const action of ['claim', 'adopt']) {
    const cur = await editor<{ rowVersion: number }>('GET', `/api/articles/${a.id}`);
    await editor('POST', `/api/articles/${a.id}/actions/${action}`, { rowVersion: cur.rowVersion });
  }
  return a.id;
}

async function release(editor: Session, issuer: Session, publicationId: number, date: string, pieces: number[]) {
  const issue = await editor<{ id: number; rowVersion: number }>('POST', '/api/issues', { publicationId, issueDate: date });
  const items = pieces.map((id) => ({ kind: 'piece', title: '', articleIds: [id] }));
  let cur = await editor<{ rowVersion: number }>('PATCH', `/api/issues/${issue.id}`, { rowVersion: issue.rowVersion, items });
  cur = await editor<{ rowVersion: number }>('POST', `/api/issues/${issue.id}/actions/send_for_signoff`, { rowVersion: cur.rowVersion });
  return issuer<{ id: number; items: { id: number }[] }>('POST', `/api/issues/${issue.id}/actions/sign_off`, { rowVersion: cur.rowVersion });
}

beforeAll(async () => {
  server = await startServer({ BAOSONG_ADMIN_PASSWORD: ADMIN_PASSWORD, BAOSONG_JOBS: 'off' });
  browser = await launchBrowser();
  const admin = await session('admin', ADMIN_PASSWORD);
  const groups = await admin<{ id: number; name: string }[]>('GET', '/api/unit-groups');
  const county = groups.find((g) => g.name === '县市区') ?? groups[0]!;
  const a = await admin<{ id: number }>('POST', '/api/units', { name: '沧州市测试县人民政府', shortName: '测试县', groupId: county.id });
  const b = await admin<{ id: number }>('POST', '/api/units', { name: '沧州市测试区人民政府', shortName: '测试区', groupId: county.id });
  for (const [username, displayName, role, unitId] of [
    ['reporter1', '刘信息', 'reporter', a.id],
    ['reporter2', '王信息', 'reporter', b.id],
    ['editor1', '赵编辑', 'editor', null],
    ['issuer1', '钱签发', 'issuer', null],
    ['admin1', '孙管理', 'administrator', null],
  ] as const) {
    await admin('POST', '/api/users', { username, displayName, roles: [role], unitId, password: INITIAL });
    await (await session(username, INITIAL))('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD });
  }
  const routine = await admin<{ id: number }>('POST', '/api/publications', { name: '沧州政务交流', kind: 'routine', compilingUnit: '沧州市人民政府办公室', activeFrom: 2020 });
  const special = await admin<{ id: number }>('POST', '/api/publications', { name: '沧州政务专报', kind: 'special', compilingUnit: '沧州市人民政府办公室', activeFrom: 2020 });
  const editor = await session('editor1', PASSWORD);
  const issuer = await session('issuer1', PASSWORD);
  const r1 = await session('reporter1', PASSWORD);
  const r2 = await session('reporter2', PASSWORD);
  // 测试县: three pieces in the special report (3 × 10 = 30).
  const a1 = await adopted(r1, editor, '测试县推行秸秆综合利用');
  const a2 = await adopted(r1, editor, '测试县建成农村寄递物流服务站');
  const a3 = await adopted(r1, editor, '测试县推进高标准农田建设');
  await release(editor, issuer, special.id, `${YEAR}-03-02`, [a1, a2, a3]);
  // 测试区: one routine piece (5) instructed by the city's principal leader (+30) = 35: first, ahead of 测试县.
  const b1 = await adopted(r2, editor, '测试区建成秸秆收储中心');
  const issue = await release(editor, issuer, routine.id, `${YEAR}-03-09`, [b1]);
  rb1Item = issue.items[0]!.id;
  await editor('POST', '/api/instructions', { issueId: issue.id, itemId: issue.items[0]!.id, leaderName: '王市长', leaderRank: 'city_principal', instructedOn: `${YEAR}-03-12`, text: '经验很好，请各县区学习借鉴。' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('scoring, in Chromium', () => {
  it('an administrator changes one point value in a draft rule set and sees the ranking preview change', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    try {
      await signIn(page, server.url, 'admin1', PASSWORD);
      // The assessment as it stands: 测试区 35 first, 测试县 30 second.
      await page.getByTestId('nav').getByText('考核排名', { exact: true }).click();
      const table = page.getByTestId('assessment');
      await table.getByRole('row').filter({ hasText: '沧州市测试区人民政府' }).getByText('35', { exact: true }).waitFor();
      const rankOf = async (unit: string) => (await table.getByRole('row').filter({ hasText: unit }).getByTestId('rank').textContent())?.trim();
      expect(await rankOf('沧州市测试区人民政府')).toBe('1');
      expect(await rankOf('沧州市测试县人民政府')).toBe('2');
      await expect(table.getByRole('row').filter({ hasText: '沧州市测试区人民政府' }).textContent()).resolves.toContain('优胜单位');
      await shot(page, 'assessment');

      // The unit's ledger: every entry behind the total.
      await table.getByRole('link', { name: '沧州市测试区人民政府' }).click();
      await page.getByTestId('unit-total').getByText('合计 35 分').waitFor();
      await expect(page.getByTestId('ledger').textContent()).resolves.toContain('王市长');
      await shot(page, 'unit-score');

      // The draft: a special report piece is worth 20 instead of 10 → 测试县 60 moves up one place.
      await page.getByTestId('nav').getByText('计分办法', { exact: true }).click();
      const special = page.getByTestId('placement-full-special');
      await special.waitFor();
      await special.fill('20');
      await page.getByTestId('preview').click();
      const preview = page.getByTestId('what-if');
      const up = preview.getByRole('row').filter({ hasText: '沧州市测试县人民政府' });
      await up.getByTestId('moved').waitFor();
      await expect(up.textContent()).resolves.toContain('2（30）');
      await expect(up.textContent()).resolves.toContain('1（60）');
      await expect(preview.getByRole('row').filter({ hasText: '沧州市测试区人民政府' }).getByTestId('moved').textContent()).resolves.toBe('1');
      await expect(page.getByTestId('moved-count').textContent()).resolves.toContain('2 个单位名次发生变化');
      await shot(page, 'rule-set-what-if');

      // Nothing was saved: the assessment still has 测试区 first.
      await page.getByTestId('nav').getByText('考核排名', { exact: true }).click();
      await table.getByRole('row').filter({ hasText: '沧州市测试区人民政府' }).getByText('35', { exact: true }).waitFor();
      expect(await rankOf('沧州市测试区人民政府')).toBe('1');
    } finally {
      await page.close();
    }
  });

  it('the dashboards draw their charts from the records, with the right figures, and export each table to Excel', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    try {
      // More records: 测试区's piece goes up to the province and is adopted there; 测试县 sends one more piece, not adopted.
      const admin = await session('admin', ADMIN_PASSWORD);
      const editor = await session('editor1', PASSWORD);
      const issuer = await session('issuer1', PASSWORD);
      const r1 = await session('reporter1', PASSWORD);
      const channel = await admin<{ id: number }>('POST', '/api/channels', { name: '河北省人民政府办公厅', level: 'province' });
      const upstream = await admin<{ publications: { id: number }[] }>('POST', `/api/channels/${channel.id}/publications`, { name: '河北政务信息' });
      const fw = await editor<{ id: number; pieces: { id: number }[] }>('POST', '/api/forwardings', { channelId: channel.id, pieces: [{ itemId: rb1Item }] });
      await issuer('POST', `/api/forwardings/${fw.id}/sign-off`);
      await editor('PUT', `/api/forwarded-pieces/${fw.pieces[0]!.id}/outcome`, { result: 'adopted', upstreamPublicationId: upstream.publications[0]!.id, outcomeOn: TODAY });
      // A solicitation due in two days: 测试县 answers it (its fourth piece, not adopted), 测试区 has not yet.
      const units = await admin<{ id: number; name: string }[]>('GET', '/api/units');
      const solicitation = await editor<{ id: number }>('POST', '/api/solicitations', {
        topic: '冬季安全生产工作情况',
        requirements: '请报送本地区冬季安全生产的做法。',
        deadline: new Date(Date.now() + 48 * 3600_000).toISOString(),
        unitIds: units.filter((u) => u.name.startsWith('沧州市测试')).map((u) => u.id),
      });
      const extra = await r1<{ id: number; rowVersion: number }>('POST', '/api/articles', {
        title: '测试县开展冬季安全生产检查',
        bodyHtml: '<p>测试县开展冬季安全生产大检查。</p>',
        type: 'news',
        solicitationId: solicitation.id,
      });
      await r1('POST', `/api/articles/${extra.id}/actions/submit`, { rowVersion: extra.rowVersion });

      await signIn(page, server.url, 'editor1', PASSWORD);
      await page.getByTestId('nav').getByText('统计分析', { exact: true }).click();
      // The charts render as SVG with Chinese labels (legend, axis, funnel stages).
      const months = page.getByTestId('chart-months').locator('svg');
      await months.waitFor();
      await expect(months.textContent()).resolves.toContain('采用率');
      await expect(page.getByTestId('chart-funnel').locator('svg').textContent()).resolves.toContain('收到信息');
      expect(await page.getByTestId('chart-units').locator('svg path').count()).toBeGreaterThan(4);
      // 测试县: 4 pieces received, 3 adopted (75%); 测试区: 1 of 1.
      const county = page.getByTestId('table-units').getByRole('row').filter({ hasText: '沧州市测试县人民政府' });
      await expect(county.locator('td').allTextContents()).resolves.toEqual(['沧州市测试县人民政府', '县市区', '4', '3', '75%']);
      // The funnel: 5 received, 4 adopted, 1 forwarded, 1 adopted above, 1 instructed.
      await expect(page.getByTestId('table-funnel').locator('tbody tr td:nth-child(2)').allTextContents()).resolves.toEqual(['5', '4', '1', '1', '1']);
      await expect(page.getByTestId('table-compliance').getByRole('row').filter({ hasText: '沧州市测试县人民政府' }).locator('td').allTextContents()).resolves.toEqual(['沧州市测试县人民政府', '1', '1', '0', '0', '100%']);
      await page.getByTestId('chart-compliance').locator('svg').waitFor();
      await expect(page.getByTestId('table-ranking').getByRole('row').filter({ hasText: '沧州市测试区人民政府' }).locator('td').nth(1).textContent()).resolves.toBe('1');
      await shot(page, 'dashboard');

      // The units table as .xlsx: Chinese headers, the same figures.
      const download = page.waitForEvent('download');
      await page.getByTestId('export-units').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`按单位报送采用_${YEAR}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync((await file.path())!) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['单位', '分组', '报送篇数', '采用篇数', '采用率']);
      const rows: unknown[][] = [];
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      expect(rows.find((r) => r[0] === '沧州市测试县人民政府')).toEqual(['沧州市测试县人民政府', '县市区', 4, 3, '75%']);
    } finally {
      await page.close();
    }
  });
});
