import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TImportRowError, TUnit } from '@baosong/contract';
import {
  ADMIN_PASSWORD,
  api,
  buildXlsx,
  count,
  createTestApp,
  login,
  readXlsx,
  seedUser,
  USER_PASSWORD,
  XLSX_TYPE,
  type Api,
  type TestApp,
} from '../../test/harness.js';

/** Units from an Excel file: the template, all-or-nothing validation with per-row errors, create-or-update. */
let t: TestApp;
let admin: Api;
let header: string[];
let example: string[];

beforeAll(async () => {
  t = await createTestApp();
  admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
});
afterAll(async () => {
  await t?.close();
});

const upload = (body: Buffer, headers: Record<string, string> = {}) =>
  admin.post('/api/units/import', body, { headers: { 'content-type': XLSX_TYPE, ...headers } });

describe('the unit import template', () => {
  it('downloads as an .xlsx with a Chinese file name', async () => {
    const res = await admin.get('/api/units/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('报送单位导入模板.xlsx')}`);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const rows = await readXlsx(res.rawPayload);
    header = rows[0]!;
    example = rows[1]!;
    expect(header).toEqual(['单位名称＊', '简称', '分组＊', '联系人', '联系电话', '电子邮箱']);
    expect(example[0]).toBe('沧州市示例局');
  });
});

describe('importing units', () => {
  it('a file with errors is refused as a whole (422 IMPORT_INVALID) with each bad row named, and nothing is imported', async () => {
    const before = await count(t.database, 'units');
    const file = await buildXlsx(header, [
      ['沧州市农业农村局', '市农业农村局', '市直部门', '赵六', '0317-1111111', 'nyj@example.gov.cn'], // row 2: fine
      ['局', '', '市直部门', '', '', ''], // row 3: name too short
      ['沧州市水务局', '', '不存在的分组', '', '', ''], // row 4: unknown group
      ['沧州市林业局', '', '市直部门', '', '', 'not-an-email'], // row 5: bad email
      ['沧州市农业农村局', '', '市直部门', '', '', ''], // row 6: repeats row 2
      ['沧州市交通局', '', '', '', '', ''], // row 7: group missing
    ]);
    const res = await upload(file);
    expect(res.statusCode).toBe(422);
    const body = res.json<{ code: string; message: string; details: TImportRowError[] }>();
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.message).toBe('导入文件有 5 处错误，未导入任何数据');
    expect(body.details).toEqual([
      { row: 3, column: '单位名称', message: '至少 2 个字符' },
      { row: 4, column: '分组', message: '没有名为“不存在的分组”的分组' },
      { row: 5, column: '电子邮箱', message: '电子邮箱格式不正确' },
      { row: 6, column: '单位名称', message: '与第 2 行重复' },
      { row: 7, column: '分组', message: '必填' },
    ]);
    expect(await count(t.database, 'units')).toBe(before);
    expect(await count(t.database, 'units', "name = '沧州市农业农村局'")).toBe(0);
  });

  it('row messages follow Accept-Language', async () => {
    const file = await buildXlsx(header, [['沧州市水务局', '', '不存在的分组', '', '', '']]);
    const res = await upload(file, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('The import file has 1 errors; nothing was imported');
    expect(res.json().details).toEqual([{ row: 2, column: '分组', message: 'no group named "不存在的分组"' }]);
  });

  it('a clean file creates the units (200 {created, updated}), skipping the untouched example row and blank rows', async () => {
    const before = await count(t.database, 'units');
    const file = await buildXlsx(header, [
      example,
      ['沧州市农业农村局', '市农业农村局', '市直部门', '赵六', '0317-1111111', 'nyj@example.gov.cn'],
      ['', '', '', '', '', ''],
      ['任丘市人民政府', '任丘市', '县市区', '', '', ''],
    ]);
    const res = await upload(file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    expect(await count(t.database, 'units')).toBe(before + 2);
    expect(await count(t.database, 'units', "name = '沧州市示例局'")).toBe(0);
    const units = (await admin.get('/api/units')).json<TUnit[]>();
    expect(units.find((u) => u.name === '沧州市农业农村局')).toMatchObject({
      shortName: '市农业农村局',
      groupName: '市直部门',
      contactName: '赵六',
      contactEmail: 'nyj@example.gov.cn',
      active: true,
    });
    expect(units.find((u) => u.name === '任丘市人民政府')).toMatchObject({ groupName: '县市区', contactEmail: null });
  });

  it('re-importing updates the existing units instead of duplicating them', async () => {
    const before = await count(t.database, 'units');
    const file = await buildXlsx(header, [
      ['沧州市农业农村局', '农业农村局', '市直部门', '钱七', '0317-2222222', ''],
      ['任丘市人民政府', '任丘市', '县市区', '孙八', '', ''],
      ['沧州市水务局', '', '市直部门', '', '', ''],
    ]);
    const res = await upload(file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 2 });
    expect(await count(t.database, 'units')).toBe(before + 1);
    const units = (await admin.get('/api/units')).json<TUnit[]>();
    expect(units.filter((u) => u.name === '沧州市农业农村局')).toHaveLength(1);
    expect(units.find((u) => u.name === '沧州市农业农村局')).toMatchObject({ shortName: '农业农村局', contactName: '钱七', contactEmail: null });
    expect(await count(t.database, 'audit_log', "action = 'unit.import'")).toBe(2);
  });

  it('accepts headers without the ＊ marks and columns in another order', async () => {
    const file = await buildXlsx(
      ['分组', '单位名称', '简称', '联系人', '联系电话', '电子邮箱'],
      [['驻市单位', '国家统计局沧州调查队', '调查队', '', '', '']],
    );
    const res = await upload(file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 0 });
    expect((await admin.get('/api/units')).json<TUnit[]>().find((u) => u.name === '国家统计局沧州调查队')?.groupName).toBe('驻市单位');
  });

  it('a file with no data rows is 422 and says so', async () => {
    const res = await upload(await buildXlsx(header, [example]));
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ row: 1, column: null, message: '文件中没有数据行' }]);
  });

  it('something that is not an .xlsx, or lacks the template columns, is 400 IMPORT_UNREADABLE', async () => {
    const before = await count(t.database, 'units');
    const notXlsx = await upload(Buffer.from('单位名称,分组\n沧州市某局,市直部门\n'));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json()).toMatchObject({ code: 'IMPORT_UNREADABLE' });
    const wrongColumns = await upload(await buildXlsx(['名称', '类别'], [['沧州市某局', '市直部门']]));
    expect(wrongColumns.statusCode).toBe(400);
    expect(wrongColumns.json().code).toBe('IMPORT_UNREADABLE');
    expect(await count(t.database, 'units')).toBe(before);
  });

  it('is for administrators only', async () => {
    await seedUser(t.database, 'editor_x', ['editor']);
    const editor = api(t.app, await login(t.app, 'editor_x', USER_PASSWORD));
    const res = await editor.post('/api/units/import', await buildXlsx(header, [['沧州市某局', '', '市直部门', '', '', '']]), {
      headers: { 'content-type': XLSX_TYPE },
    });
    expect(res.statusCode).toBe(403);
    expect((await editor.get('/api/units/import-template')).statusCode).toBe(403);
  });
});
