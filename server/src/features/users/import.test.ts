import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { TImportRowError, TUser } from '@baosong/contract';
import {
  ADMIN_PASSWORD,
  api,
  buildXlsx,
  count,
  createTestApp,
  login,
  readXlsx,
  seedUnit,
  XLSX_TYPE,
  type Api,
  type TestApp,
} from '../../test/harness.js';

/** Users from an Excel file: the template, all-or-nothing validation with per-row errors, create-or-update. */
let t: TestApp;
let admin: Api;
let header: string[];
let example: string[];

beforeAll(async () => {
  t = await createTestApp();
  admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  await seedUnit(t.database, '沧州市卫生健康委员会', { shortName: '市卫健委' });
  await seedUnit(t.database, '泊头市人民政府', { shortName: '泊头市' });
  const gone = await seedUnit(t.database, '沧州市已撤销局');
  await t.database.query('update units set active = false where id = $1', [gone.id]);
});
afterAll(async () => {
  await t?.close();
});

const upload = (body: Buffer, headers: Record<string, string> = {}) =>
  admin.post('/api/users/import', body, { headers: { 'content-type': XLSX_TYPE, ...headers } });

describe('the user import template', () => {
  it('downloads as an .xlsx whose unit list holds the active units', async () => {
    const res = await admin.get('/api/users/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('用户导入模板.xlsx')}`);
    const rows = await readXlsx(res.rawPayload);
    header = rows[0]!;
    example = rows[1]!;
    expect(header).toEqual(['用户名＊', '姓名＊', '角色＊', '所属单位', '电子邮箱', '手机号', '初始密码＊']);
    expect(example[0]).toBe('zhangsan');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const lists = wb.getWorksheet('lists')!;
    const unitNames = lists.getColumn(4).values.filter(Boolean);
    expect(unitNames).toEqual(['沧州市卫生健康委员会', '泊头市人民政府']);
  });
});

describe('importing users', () => {
  it('a file with errors is refused as a whole (422 IMPORT_INVALID) with each bad row named, and nothing is imported', async () => {
    const before = await count(t.database, 'users');
    const file = await buildXlsx(header, [
      ['liuyi', '刘一', '信息员', '沧州市卫生健康委员会', '', '', 'Good-Passw0rd!'], // row 2: fine
      ['bad name', '陈二', '编辑', '', '', '', 'Good-Passw0rd!'], // row 3: user name
      ['zhangsan2', '张三', '厨师', '', '', '', 'Good-Passw0rd!'], // row 4: unknown role
      ['lisi', '李四', '信息员', '', '', '', 'Good-Passw0rd!'], // row 5: reporter without unit
      ['wangwu', '王五', '编辑', '', '', '', 'weak'], // row 6: weak password
      ['zhaoliu', '赵六', '单位审核人', '不存在的单位', '', '', 'Good-Passw0rd!'], // row 7: unknown unit
      ['qianqi', '钱七', '信息员', '沧州市已撤销局', 'qq@', '', 'Good-Passw0rd!'], // row 8: inactive unit, bad email
      ['LiuYi', '', '编辑', '', '', '', ''], // row 9: repeats row 2, name and password missing
    ]);
    const res = await upload(file);
    expect(res.statusCode).toBe(422);
    const body = res.json<{ code: string; details: TImportRowError[] }>();
    expect(body.code).toBe('IMPORT_INVALID');
    const byRow = (row: number) => body.details.filter((d) => d.row === row).map((d) => [d.column, d.message]);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual([['用户名', '只能使用字母、数字和 _ . -，2 至 64 位']]);
    expect(byRow(4)).toEqual([['角色', '不认识的角色“厨师”']]);
    expect(byRow(5)).toEqual([['所属单位', '信息员和单位审核人必须填写所属单位']]);
    expect(byRow(6)).toEqual([['初始密码', '密码至少 10 位，且包含大写、小写、数字、符号中至少三类']]);
    expect(byRow(7)).toEqual([['所属单位', '没有名为“不存在的单位”的单位']]);
    expect(byRow(8)).toEqual([
      ['所属单位', '单位“沧州市已撤销局”已停用'],
      ['电子邮箱', '电子邮箱格式不正确'],
    ]);
    expect(byRow(9)).toEqual([
      ['用户名', '与第 2 行重复'],
      ['姓名', '必填'],
      ['初始密码', '必填'],
    ]);
    for (const d of body.details) expect(Object.keys(d).sort()).toEqual(['column', 'message', 'row']);
    expect(await count(t.database, 'users')).toBe(before);
  });

  it('a clean file creates the users (200 {created, updated}), who must change the initial password', async () => {
    const before = await count(t.database, 'users');
    const file = await buildXlsx(header, [
      example, // left as shipped: skipped
      ['LiuYi', '刘一', '信息员、单位审核人', '市卫健委', 'liuyi@example.gov.cn', '13900000001', 'Initial-Passw0rd1'],
      ['chener', '陈二', 'editor, issuer', '', '', '', 'Initial-Passw0rd2'],
      ['sunba', '孙八', '审计员', '泊头市人民政府', '', '', 'Initial-Passw0rd3'],
    ]);
    const res = await upload(file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 0 });
    expect(await count(t.database, 'users')).toBe(before + 3);
    expect(await count(t.database, 'users', "username = 'zhangsan'")).toBe(0);

    const users = (await admin.get('/api/users')).json<TUser[]>();
    expect(users.find((u) => u.username === 'liuyi')).toMatchObject({
      displayName: '刘一',
      roles: ['reporter', 'unit_approver'],
      unit: { name: '沧州市卫生健康委员会' },
      email: 'liuyi@example.gov.cn',
      phone: '13900000001',
      mustChangePassword: true,
      active: true,
    });
    expect(users.find((u) => u.username === 'chener')).toMatchObject({ roles: ['editor', 'issuer'], unit: null });
    expect(users.find((u) => u.username === 'sunba')).toMatchObject({ roles: ['auditor'], unit: { name: '泊头市人民政府' } });

    const s = await login(t.app, 'liuyi', 'Initial-Passw0rd1');
    expect(s.me.mustChangePassword).toBe(true);
    expect((await api(t.app, s).get(`/api/units/${s.me.unit!.id}`)).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('re-importing updates the existing users (not their passwords) instead of duplicating them', async () => {
    const before = await count(t.database, 'users');
    const file = await buildXlsx(header, [
      ['liuyi', '刘一一', '信息员', '泊头市', '', '', ''], // existing: no password needed
      ['chener', '陈二', '编辑', '', 'chener@example.gov.cn', '', 'Other-Passw0rd9'], // existing: password ignored
      ['zhoujiu', '周九', '领导', '', '', '', 'Initial-Passw0rd4'], // new
    ]);
    const res = await upload(file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 2 });
    expect(await count(t.database, 'users')).toBe(before + 1);
    const users = (await admin.get('/api/users')).json<TUser[]>();
    expect(users.filter((u) => u.username === 'liuyi')).toHaveLength(1);
    expect(users.find((u) => u.username === 'liuyi')).toMatchObject({ displayName: '刘一一', roles: ['reporter'], unit: { name: '泊头市人民政府' } });
    expect(users.find((u) => u.username === 'chener')).toMatchObject({ roles: ['editor'], email: 'chener@example.gov.cn' });
    // The password column does not touch an existing user.
    expect((await login(t.app, 'chener', 'Initial-Passw0rd2')).me.username).toBe('chener');
  });

  it('something that is not an .xlsx is 400 IMPORT_UNREADABLE', async () => {
    const before = await count(t.database, 'users');
    const res = await upload(Buffer.from('PK\u0003\u0004 but not really a zip file'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'IMPORT_UNREADABLE', message: '无法读取文件，请上传由模板填写的 .xlsx 文件' });
    const en = await upload(Buffer.from('hello'), { 'accept-language': 'en' });
    expect(en.json().message).toBe('The file cannot be read; upload an .xlsx file filled in from the template');
    expect(await count(t.database, 'users')).toBe(before);
  });
});
