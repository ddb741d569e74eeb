import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMe, TUser } from '@baosong/contract';
import {
  ADMIN_PASSWORD,
  api,
  count,
  createTestApp,
  login,
  seedUnit,
  seedUser,
  USER_PASSWORD,
  type Api,
  type TestApp,
} from '../../test/harness.js';

/** User administration over HTTP: creation rules, deactivation, the last administrator, resets and unlocking. */
let t: TestApp;
let admin: Api;
let adminId: number;
let unitId: number;
let inactiveUnitId: number;

beforeAll(async () => {
  t = await createTestApp();
  const s = await login(t.app, 'admin', ADMIN_PASSWORD);
  admin = api(t.app, s);
  adminId = s.me.id;
  unitId = (await seedUnit(t.database, '沧州市教育局', { shortName: '市教育局' })).id;
  inactiveUnitId = (await seedUnit(t.database, '沧州市撤并局')).id;
  await t.database.query('update units set active = false where id = $1', [inactiveUnitId]);
});
afterAll(async () => {
  await t?.close();
});

const newUser = (over: Record<string, unknown> = {}) => ({
  username: 'zhangsan',
  displayName: '张三',
  roles: ['reporter'],
  unitId,
  email: 'zhangsan@example.gov.cn',
  phone: '13800000000',
  password: 'Initial-Passw0rd',
  ...over,
});

describe('creating users', () => {
  it('refuses a weak password with 400 PASSWORD_WEAK, writing nothing', async () => {
    const before = await count(t.database, 'users');
    const res = await admin.post('/api/users', newUser({ password: 'abc12345' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PASSWORD_WEAK' });
    expect(res.json().message).toContain('10');
    expect(await count(t.database, 'users')).toBe(before);
  });

  it('refuses a reporter or unit approver without a unit: 400 UNIT_REQUIRED', async () => {
    for (const roles of [['reporter'], ['unit_approver'], ['editor', 'reporter']]) {
      const res = await admin.post('/api/users', newUser({ roles, unitId: null }));
      expect(res.statusCode, roles.join()).toBe(400);
      expect(res.json().code).toBe('UNIT_REQUIRED');
    }
    expect(await count(t.database, 'users', "username = 'zhangsan'")).toBe(0);
  });

  it('refuses an inactive or unknown unit, and bad input', async () => {
    expect((await admin.post('/api/users', newUser({ unitId: inactiveUnitId }))).json().code).toBe('UNIT_INACTIVE');
    expect((await admin.post('/api/users', newUser({ unitId: 999_999 }))).json().code).toBe('VALIDATION_FAILED');
    for (const bad of [{ username: 'a b' }, { username: '张三' }, { roles: [] }, { roles: ['boss'] }, { email: 'nope' }]) {
      const res = await admin.post('/api/users', newUser(bad));
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await count(t.database, 'users', "username = 'zhangsan'")).toBe(0);
  });

  it('creates a reporter in a unit (201), who must change the password at first login', async () => {
    const res = await admin.post('/api/users', newUser({ username: 'ZhangSan' }));
    expect(res.statusCode).toBe(201);
    const u = res.json<TUser>();
    expect(u).toMatchObject({
      username: 'zhangsan',
      displayName: '张三',
      roles: ['reporter'],
      unit: { id: unitId, name: '沧州市教育局', shortName: '市教育局' },
      active: true,
      mustChangePassword: true,
      lockedUntil: null,
      lastLoginAt: null,
    });
    expect(u).not.toHaveProperty('passwordHash');
    expect((await admin.get(`/api/users/${u.id}`)).json()).toEqual(u);

    const s = await login(t.app, 'zhangsan', 'Initial-Passw0rd');
    expect(s.me.mustChangePassword).toBe(true);
    const blocked = await api(t.app, s).get(`/api/units/${unitId}`);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await api(t.app, s).post('/api/auth/password', { currentPassword: 'Initial-Passw0rd', newPassword: 'Own-Chosen-Passw0rd' });
    expect(changed.statusCode).toBe(200);
    expect((await api(t.app, s).get(`/api/units/${unitId}`)).statusCode).toBe(200);
  });

  it('a taken user name, in any case, is 409 USERNAME_TAKEN', async () => {
    const res = await admin.post('/api/users', newUser({ username: 'ZHANGSAN', displayName: '另一个张三' }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'USERNAME_TAKEN', message: '用户名已被使用：zhangsan' });
    expect(await count(t.database, 'users', "username = 'zhangsan'")).toBe(1);
  });

  it('office roles need no unit', async () => {
    const res = await admin.post('/api/users', newUser({ username: 'editor1', displayName: '编辑甲', roles: ['editor', 'issuer'], unitId: null }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ roles: ['editor', 'issuer'], unit: null });
  });

  it('lists and filters users', async () => {
    const all = (await admin.get('/api/users')).json<TUser[]>();
    expect(all.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'zhangsan', 'editor1']));
    const reporters = (await admin.get('/api/users?role=reporter')).json<TUser[]>();
    expect(reporters.map((u) => u.username)).toEqual(['zhangsan']);
    const inUnit = (await admin.get(`/api/users?unitId=${unitId}`)).json<TUser[]>();
    expect(inUnit.map((u) => u.username)).toEqual(['zhangsan']);
    const byName = (await admin.get(`/api/users?q=${encodeURIComponent('编辑')}`)).json<TUser[]>();
    expect(byName.map((u) => u.username)).toEqual(['editor1']);
  });
});

describe('deactivating users', () => {
  it('signs the user out at once and keeps them out (403 ACCOUNT_INACTIVE)', async () => {
    const u = await seedUser(t.database, 'leaver', ['editor']);
    const s = await login(t.app, 'leaver', USER_PASSWORD);
    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(200);

    const res = await admin.patch(`/api/users/${u.id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);

    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leaver', password: USER_PASSWORD } });
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ code: 'ACCOUNT_INACTIVE', message: '该账户已停用，请联系管理员' });
    // A wrong password still says only "wrong credentials": no hint that the account exists but is inactive.
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leaver', password: 'Wrong-Passw0rd!' } });
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');

    expect((await admin.patch(`/api/users/${u.id}`, { active: true })).json().active).toBe(true);
    expect((await login(t.app, 'leaver', USER_PASSWORD)).me.username).toBe('leaver');
  });

  it('a session that was open when the user was deactivated dies even if it escaped the sign-out', async () => {
    const u = await seedUser(t.database, 'leaver2', ['editor']);
    const s = await login(t.app, 'leaver2', USER_PASSWORD);
    await t.database.query('update users set active = false where id = $1', [u.id]);
    const res = await api(t.app, s).get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(await count(t.database, 'sessions', 'user_id = $1', [u.id])).toBe(0);
  });

  it('an administrator cannot deactivate themself', async () => {
    const res = await admin.patch(`/api/users/${adminId}`, { active: false });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CANNOT_DEACTIVATE_SELF' });
    expect((await admin.get(`/api/users/${adminId}`)).json().active).toBe(true);
  });

  it('changing roles signs the user out so the new roles apply', async () => {
    const u = await seedUser(t.database, 'shifter', ['editor']);
    const s = await login(t.app, 'shifter', USER_PASSWORD);
    const res = await admin.patch(`/api/users/${u.id}`, { roles: ['issuer'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['issuer']);
    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(401);
    const fresh = await login(t.app, 'shifter', USER_PASSWORD);
    expect(fresh.me.roles).toEqual(['issuer']);
  });

  it('a unit role cannot be given without a unit, nor a unit taken from a reporter', async () => {
    const u = await seedUser(t.database, 'officer', ['editor']);
    expect((await admin.patch(`/api/users/${u.id}`, { roles: ['reporter'] })).json().code).toBe('UNIT_REQUIRED');
    const zs = (await admin.get('/api/users?q=zhangsan')).json<TUser[]>()[0]!;
    expect((await admin.patch(`/api/users/${zs.id}`, { unitId: null })).json().code).toBe('UNIT_REQUIRED');
    expect((await admin.get(`/api/users/${zs.id}`)).json().unit.id).toBe(unitId);
  });
});

describe('the last administrator', () => {
  it('cannot lose the role or be deactivated while no other administrator is active', async () => {
    const demote = await admin.patch(`/api/users/${adminId}`, { roles: ['editor'] });
    expect(demote.statusCode).toBe(400);
    expect(demote.json()).toMatchObject({ code: 'LAST_ADMINISTRATOR', message: '至少须保留一名启用的管理员' });
    // The refused change left nothing behind.
    expect((await admin.get(`/api/users/${adminId}`)).json().roles).toEqual(['administrator']);
  });

  it('can hand over to another active administrator; an inactive one does not count', async () => {
    const second = await seedUser(t.database, 'admin2', ['administrator']);
    const s2 = api(t.app, await login(t.app, 'admin2', USER_PASSWORD));
    // admin2 deactivated: admin is the last active one again.
    expect((await admin.patch(`/api/users/${second.id}`, { active: false })).statusCode).toBe(200);
    expect((await admin.patch(`/api/users/${adminId}`, { roles: ['editor'] })).json().code).toBe('LAST_ADMINISTRATOR');
    // Reactivated, admin2 may take the role off admin.
    expect((await admin.patch(`/api/users/${second.id}`, { active: true })).statusCode).toBe(200);
    const s2b = api(t.app, await login(t.app, 'admin2', USER_PASSWORD));
    expect((await s2.get('/api/auth/me')).statusCode).toBe(401); // signed out by the deactivation
    const demoted = await s2b.patch(`/api/users/${adminId}`, { roles: ['editor', 'auditor'] });
    expect(demoted.statusCode).toBe(200);
    expect(demoted.json().roles).toEqual(['editor', 'auditor']);
    // Now admin2 is the last one.
    expect((await s2b.patch(`/api/users/${second.id}`, { roles: ['editor'] })).json().code).toBe('LAST_ADMINISTRATOR');
    // Restore admin for the tests that follow.
    expect((await s2b.patch(`/api/users/${adminId}`, { roles: ['administrator'] })).statusCode).toBe(200);
    admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
    expect((await admin.get('/api/users')).statusCode).toBe(200);
  });
});

describe('password reset and unlock by the administrator', () => {
  it('a reset forces a change at next login and ends the user’s sessions; a weak one is refused', async () => {
    const u = await seedUser(t.database, 'forgetful', ['editor']);
    const s = await login(t.app, 'forgetful', USER_PASSWORD);
    const weak = await admin.post(`/api/users/${u.id}/password`, { password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_WEAK');
    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(200);

    const res = await admin.post(`/api/users/${u.id}/password`, { password: 'Reset-Passw0rd!' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: u.id, mustChangePassword: true });
    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(401);

    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'forgetful', password: USER_PASSWORD } });
    expect(bad.statusCode).toBe(401);
    const fresh = await login(t.app, 'forgetful', 'Reset-Passw0rd!');
    expect(fresh.me.mustChangePassword).toBe(true);
    expect((await api(t.app, fresh).get('/api/units')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await admin.post('/api/users/999999/password', { password: 'Reset-Passw0rd!' })).statusCode).toBe(404);
  });

  it('unlock clears a lockout', async () => {
    const u = await seedUser(t.database, 'fumbler', ['editor']);
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fumbler', password: 'Wrong-Passw0rd!' } });
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fumbler', password: USER_PASSWORD } });
    expect(locked.statusCode).toBe(423);
    const seen = (await admin.get(`/api/users/${u.id}`)).json<TUser>();
    expect(seen.lockedUntil).not.toBeNull();

    const res = await admin.post(`/api/users/${u.id}/unlock`);
    expect(res.statusCode).toBe(200);
    expect(res.json<TUser>().lockedUntil).toBeNull();
    const me: TMe = (await login(t.app, 'fumbler', USER_PASSWORD)).me;
    expect(me.username).toBe('fumbler');
    expect((await admin.get(`/api/users/${u.id}`)).json<TUser>().lastLoginAt).not.toBeNull();
  });

  it('every change is in the audit log', async () => {
    const actions = (await t.database.query<{ action: string }>("select distinct action from audit_log where outcome = 'ok'")).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.deactivate', 'user.activate', 'user.update', 'user.password.reset', 'user.unlock']));
  });
});
