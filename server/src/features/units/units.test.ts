import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TUnit, TUnitGroup } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { DEFAULT_GROUPS } from '../../bootstrap.js';

/** Units and ranking groups over HTTP, and what a unit's own people may see of them. */
let t: TestApp;
let admin: Api;
let groups: TUnitGroup[];

beforeAll(async () => {
  t = await createTestApp();
  admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
});
afterAll(async () => {
  await t?.close();
});

describe('unit groups', () => {
  it('start with the three default groups, in order', async () => {
    const res = await admin.get('/api/unit-groups');
    expect(res.statusCode).toBe(200);
    groups = res.json<TUnitGroup[]>();
    expect(groups.map((g) => g.name)).toEqual(DEFAULT_GROUPS.map((g) => g.name));
    expect(groups.map((g) => g.name)).toEqual(['县市区', '市直部门', '驻市单位']);
    expect(groups.every((g) => g.unitCount === 0)).toBe(true);
  });

  it('can be created (201) and are listed by sort order; a duplicate name is 409 GROUP_NAME_TAKEN', async () => {
    const res = await admin.post('/api/unit-groups', { name: '开发区', sortOrder: 15 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '开发区', sortOrder: 15, unitCount: 0 });
    const list = (await admin.get('/api/unit-groups')).json<TUnitGroup[]>();
    expect(list.map((g) => g.name)).toEqual(['县市区', '开发区', '市直部门', '驻市单位']);
    const dup = await admin.post('/api/unit-groups', { name: '开发区' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'GROUP_NAME_TAKEN', message: '已有同名分组：开发区' });
    expect(await count(t.database, 'unit_groups')).toBe(4);
  });

  it('can be renamed and reordered', async () => {
    const g = (await admin.get('/api/unit-groups')).json<TUnitGroup[]>().find((x) => x.name === '开发区')!;
    const res = await admin.patch(`/api/unit-groups/${g.id}`, { name: '园区', sortOrder: 99 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: g.id, name: '园区', sortOrder: 99 });
    expect((await admin.patch('/api/unit-groups/999999', { name: '不存在' })).statusCode).toBe(404);
  });
});

describe('units', () => {
  let created: TUnit;

  it('are created with 201 and come back with their group', async () => {
    const group = groups.find((g) => g.name === '市直部门')!;
    const res = await admin.post('/api/units', {
      name: '沧州市统计局',
      shortName: '市统计局',
      groupId: group.id,
      contactName: '李四',
      contactPhone: '0317-2020202',
      contactEmail: 'tjj@example.gov.cn',
    });
    expect(res.statusCode).toBe(201);
    created = res.json<TUnit>();
    expect(created).toMatchObject({
      name: '沧州市统计局',
      shortName: '市统计局',
      groupId: group.id,
      groupName: '市直部门',
      contactEmail: 'tjj@example.gov.cn',
      active: true,
      userCount: 0,
    });
    const got = await admin.get(`/api/units/${created.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(created);
    const listed = (await admin.get('/api/unit-groups')).json<TUnitGroup[]>().find((g) => g.id === group.id)!;
    expect(listed.unitCount).toBe(1);
  });

  it('empty optional fields are stored as null', async () => {
    const res = await admin.post('/api/units', { name: '沧州市审计局', groupId: groups[1]!.id, shortName: '', contactEmail: '' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ shortName: null, contactEmail: null, contactName: null });
  });

  it('a duplicate name is 409 UNIT_NAME_TAKEN and nothing is written', async () => {
    const before = await count(t.database, 'units');
    const res = await admin.post('/api/units', { name: '沧州市统计局', groupId: groups[0]!.id });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'UNIT_NAME_TAKEN', message: '已有同名单位：沧州市统计局' });
    expect(await count(t.database, 'units')).toBe(before);
  });

  it('invalid input is 400 VALIDATION_FAILED naming the field, and nothing is written', async () => {
    const before = await count(t.database, 'units');
    const auditBefore = await count(t.database, 'audit_log', "action = 'unit.create'");
    const short = await admin.post('/api/units', { name: '局', groupId: groups[0]!.id });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '提交的数据不符合要求' });
    expect(JSON.stringify(short.json().details)).toContain('name');

    const email = await admin.post('/api/units', { name: '沧州市民政局', groupId: groups[0]!.id, contactEmail: 'not-an-email' });
    expect(email.statusCode).toBe(400);
    expect(email.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(email.json().details)).toContain('contactEmail');

    const group = await admin.post('/api/units', { name: '沧州市民政局', groupId: 999_999 });
    expect(group.statusCode).toBe(400);
    expect(group.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'groupId' }] });

    const noGroup = await admin.post('/api/units', { name: '沧州市民政局' });
    expect(noGroup.statusCode).toBe(400);

    expect(await count(t.database, 'units')).toBe(before);
    expect(await count(t.database, 'audit_log', "action = 'unit.create'")).toBe(auditBefore);
  });

  it('can be changed with PATCH; renaming onto another unit is 409', async () => {
    const res = await admin.patch(`/api/units/${created.id}`, { contactName: '王五', requiresApproval: true, monthlyCap: 8 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: created.id, name: '沧州市统计局', contactName: '王五', requiresApproval: true, monthlyCap: 8 });
    const clash = await admin.patch(`/api/units/${created.id}`, { name: '沧州市审计局' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('UNIT_NAME_TAKEN');
    expect((await admin.get(`/api/units/${created.id}`)).json().name).toBe('沧州市统计局');
    expect((await admin.patch('/api/units/999999', { contactName: 'x' })).statusCode).toBe(404);
    expect((await admin.get('/api/units/999999')).statusCode).toBe(404);
  });

  it('are deactivated, not deleted, and can be filtered by state and searched', async () => {
    const res = await admin.patch(`/api/units/${created.id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    const active = (await admin.get('/api/units?active=true')).json<TUnit[]>();
    const inactive = (await admin.get('/api/units?active=false')).json<TUnit[]>();
    const all = (await admin.get('/api/units')).json<TUnit[]>();
    expect(active.map((u) => u.id)).not.toContain(created.id);
    expect(inactive.map((u) => u.id)).toEqual([created.id]);
    expect(all.map((u) => u.id)).toContain(created.id);
    const found = (await admin.get(`/api/units?q=${encodeURIComponent('统计')}`)).json<TUnit[]>();
    expect(found.map((u) => u.name)).toEqual(['沧州市统计局']);
    const none = (await admin.get(`/api/units?q=${encodeURIComponent('%')}`)).json<TUnit[]>();
    expect(none).toEqual([]); // % is a literal, not a wildcard
    expect(await count(t.database, 'audit_log', "action = 'unit.deactivate'")).toBe(1);
    // Reactivate for what follows.
    expect((await admin.patch(`/api/units/${created.id}`, { active: true })).json().active).toBe(true);
  });
});

describe("a reporter's view of units", () => {
  let unitA: number;
  let unitB: number;
  let reporter: Api;

  beforeAll(async () => {
    unitA = (await seedUnit(t.database, '沧县人民政府')).id;
    unitB = (await seedUnit(t.database, '青县人民政府')).id;
    await seedUser(t.database, 'rep_a', ['reporter'], unitA);
    reporter = api(t.app, await login(t.app, 'rep_a', USER_PASSWORD));
  });

  it('sees their own unit', async () => {
    const res = await reporter.get(`/api/units/${unitA}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: unitA, name: '沧县人民政府', userCount: 1 });
  });

  it('does not see another unit (403), nor the list of units', async () => {
    const other = await reporter.get(`/api/units/${unitB}`);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'FORBIDDEN', message: '没有执行此操作的权限' });
    const list = await reporter.get('/api/units');
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('FORBIDDEN');
  });

  it('cannot change their own unit', async () => {
    const res = await reporter.patch(`/api/units/${unitA}`, { contactName: '自己改' });
    expect(res.statusCode).toBe(403);
    expect((await admin.get(`/api/units/${unitA}`)).json().contactName).toBeNull();
  });

  it('a denied request is recorded in the audit log', async () => {
    const rows = await t.database.query<{ action: string; actor_username: string }>(
      "select action, actor_username from audit_log where outcome = 'denied' and actor_username = 'rep_a' order by id",
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['GET /api/units', 'PATCH /api/units/:id']));
  });
});
