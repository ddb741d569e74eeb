import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordIsStrong, type TMe } from '@baosong/contract';
import { buildApp } from '../../app.js';
import { bootstrap } from '../../bootstrap.js';
import {
  ADMIN_PASSWORD,
  api,
  count,
  createTestApp,
  login,
  seedUnit,
  seedUser,
  sessionCookie,
  USER_PASSWORD,
  type TestApp,
} from '../../test/harness.js';
import { SESSION_COOKIE, tokenId } from './sessions.js';

/** Sign-in, sessions, lockout, CSRF and the forced password change, over HTTP. */
let t: TestApp;
let unitId: number;

beforeAll(async () => {
  t = await createTestApp();
  unitId = (await seedUnit(t.database, '沧州市发展和改革委员会', { shortName: '市发改委' })).id;
  await seedUser(t.database, 'reporter1', ['reporter'], unitId);
  await seedUser(t.database, 'locky', ['editor']);
  await seedUser(t.database, 'lockyen', ['editor']);
  await seedUser(t.database, 'rotator', ['editor']);
  await seedUser(t.database, 'idler', ['editor']);
});
afterAll(async () => {
  await t?.close();
});

const postLogin = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

describe('login', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and answers with the user', async () => {
    const res = await postLogin('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toBeDefined();
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    const me = res.json<TMe>();
    expect(me).toMatchObject({ username: 'admin', roles: ['administrator'], unit: null });
    expect(me.csrfToken.length).toBeGreaterThanOrEqual(43);
    expect(new Date(me.sessionExpiresAt).getTime()).toBeGreaterThan(Date.now());
    // Only the token's hash is stored.
    expect(await count(t.database, 'sessions', 'id = $1', [tokenId(cookie.value)])).toBe(1);
    expect(await count(t.database, 'sessions', 'id = $1', [cookie.value])).toBe(0);
  });

  it('is case-insensitive in the user name', async () => {
    const res = await postLogin('  Reporter1 ', USER_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json<TMe>().username).toBe('reporter1');
  });

  it('GET /api/auth/me returns the user, roles, unit and the CSRF token', async () => {
    const s = await login(t.app, 'reporter1', USER_PASSWORD);
    const res = await api(t.app, s).get('/api/auth/me');
    expect(res.statusCode).toBe(200);
    const me = res.json<TMe>();
    expect(me).toMatchObject({
      username: 'reporter1',
      roles: ['reporter'],
      unit: { id: unitId, name: '沧州市发展和改革委员会', shortName: '市发改委' },
      mustChangePassword: false,
      csrfToken: s.csrf,
    });
  });

  it('GET /api/auth/me without a session is 401 UNAUTHENTICATED', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const bogus = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=not-a-token` } });
    expect(bogus.statusCode).toBe(401);
  });

  it('logout ends the session: me is 401 afterwards, and the cookie is cleared', async () => {
    const s = await login(t.app, 'reporter1', USER_PASSWORD);
    const client = api(t.app, s);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    const out = await client.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    const me = await client.get('/api/auth/me');
    expect(me.statusCode).toBe(401);
    expect(await count(t.database, 'sessions', 'id = $1', [tokenId(s.token)])).toBe(0);
  });

  it('a wrong password is 401 INVALID_CREDENTIALS, as is an unknown user, in Chinese by default', async () => {
    const wrong = await postLogin('reporter1', 'Wrong-Passw0rd!');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(sessionCookie(wrong)).toBeUndefined();
    const unknown = await postLogin('nobody', 'Wrong-Passw0rd!');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    // A successful login resets the failure count.
    expect((await postLogin('reporter1', USER_PASSWORD)).statusCode).toBe(200);
    const [row] = await t.database.query<{ failed_logins: number }>("select failed_logins from users where username = 'reporter1'");
    expect(row!.failed_logins).toBe(0);
  });

  it('answers in English or Traditional Chinese when asked', async () => {
    const en = await postLogin('reporter1', 'Wrong-Passw0rd!', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Wrong user name or password' });
    const tw = await postLogin('reporter1', 'Wrong-Passw0rd!', { 'accept-language': 'zh-TW' });
    expect(tw.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '使用者名稱或密碼錯誤' });
    await postLogin('reporter1', USER_PASSWORD); // reset the count
  });

  it('refuses an empty body with 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', password: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('lockout', () => {
  it('locks the account after 5 failures (423 ACCOUNT_LOCKED) and refuses even the right password', async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await postLogin('locky', 'Wrong-Passw0rd!');
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', details: { remainingAttempts: 5 - i } });
    }
    const fifth = await postLogin('locky', 'Wrong-Passw0rd!');
    expect(fifth.statusCode).toBe(423);
    const body = fifth.json();
    expect(body.code).toBe('ACCOUNT_LOCKED');
    expect(body.message).toMatch(/^连续登录失败次数过多，账户已锁定至 .*\d\d:\d\d/);
    expect(new Date(body.details.lockedUntil).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    const right = await postLogin('locky', USER_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().code).toBe('ACCOUNT_LOCKED');
    expect(sessionCookie(right)).toBeUndefined();
    expect(await count(t.database, 'sessions s join users u on u.id = s.user_id', "u.username = 'locky'")).toBe(0);
  });

  it('says so in English with Accept-Language: en', async () => {
    for (let i = 0; i < 5; i++) await postLogin('lockyen', 'Wrong-Passw0rd!');
    const res = await postLogin('lockyen', USER_PASSWORD, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(423);
    expect(res.json().message).toMatch(/^Too many failed sign-ins; the account is locked until .*\d\d:\d\d/);
  });

  it('lets the user in again once the lock has run out', async () => {
    await t.database.query("update users set locked_until = now() - interval '1 second' where username = 'locky'");
    expect((await postLogin('locky', USER_PASSWORD)).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('logging in again from the same browser rotates the session: the old token stops working', async () => {
    const first = await login(t.app, 'rotator', USER_PASSWORD);
    const again = await postLogin('rotator', USER_PASSWORD, { cookie: first.cookie });
    expect(again.statusCode).toBe(200);
    const second = sessionCookie(again)!;
    expect(second).toBeDefined();
    expect(second).not.toBe(first.token);
    expect((await api(t.app, first).get('/api/auth/me')).statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${second}` } });
    expect(me.statusCode).toBe(200);
  });

  it('a login from another browser (no cookie) leaves the first session alone', async () => {
    const a = await login(t.app, 'rotator', USER_PASSWORD);
    const b = await login(t.app, 'rotator', USER_PASSWORD);
    expect((await api(t.app, a).get('/api/auth/me')).statusCode).toBe(200);
    expect((await api(t.app, b).get('/api/auth/me')).statusCode).toBe(200);
  });

  it('an idle session expires: 401 SESSION_EXPIRED, then the session is gone', async () => {
    const app = await buildApp(t.database, { settings: { sessionIdleMinutes: 1 } });
    try {
      const idle = await login(app, 'idler', USER_PASSWORD);
      const fresh = await login(app, 'idler', USER_PASSWORD);
      await t.database.query("update sessions set last_seen_at = now() - interval '2 minutes' where id = $1", [tokenId(idle.token)]);
      const res = await api(app, idle).get('/api/auth/me');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'SESSION_EXPIRED', message: '会话已过期，请重新登录' });
      expect(await count(t.database, 'sessions', 'id = $1', [tokenId(idle.token)])).toBe(0);
      const after = await api(app, idle).get('/api/auth/me');
      expect(after.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      // The other, active session is untouched.
      expect((await api(app, fresh).get('/api/auth/me')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('a session within the idle limit is kept alive by use', async () => {
    const s = await login(t.app, 'idler', USER_PASSWORD); // default: 30 minutes idle
    await t.database.query("update sessions set last_seen_at = now() - interval '20 minutes' where id = $1", [tokenId(s.token)]);
    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(200);
    const [row] = await t.database.query<{ idle: number }>(
      'select extract(epoch from now() - last_seen_at)::float8 as idle from sessions where id = $1',
      [tokenId(s.token)],
    );
    expect(row!.idle).toBeLessThan(60);
  });

  it('a session past its absolute end expires however active it is', async () => {
    const s = await login(t.app, 'idler', USER_PASSWORD);
    await t.database.query("update sessions set expires_at = now() - interval '1 second' where id = $1", [tokenId(s.token)]);
    const res = await api(t.app, s).get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('SESSION_EXPIRED');
  });
});

describe('CSRF', () => {
  it('refuses a state change with a valid cookie but a missing or wrong x-csrf-token, and writes nothing', async () => {
    const s = await login(t.app, 'admin', ADMIN_PASSWORD);
    const other = await login(t.app, 'reporter1', USER_PASSWORD);
    const before = await count(t.database, 'unit_groups');
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': '' }, { 'x-csrf-token': 'forged' }, { 'x-csrf-token': other.csrf }];
    for (const headers of attempts) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/unit-groups',
        payload: { name: '伪造分组', sortOrder: 1 },
        headers: { cookie: s.cookie, ...headers },
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toMatchObject({ code: 'CSRF_INVALID' });
    }
    expect(await count(t.database, 'unit_groups')).toBe(before);
    // Logout is a state change too: without the token the session survives.
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(out.statusCode).toBe(403);
    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(200);
    // With the right token the same request goes through.
    const ok = await api(t.app, s).post('/api/unit-groups', { name: '伪造分组', sortOrder: 1 });
    expect(ok.statusCode).toBe(201);
    expect(await count(t.database, 'unit_groups')).toBe(before + 1);
  });

  it('does not ask for the token on reads', async () => {
    const s = await login(t.app, 'admin', ADMIN_PASSWORD);
    const res = await t.app.inject({ method: 'GET', url: '/api/unit-groups', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
  });
});

describe('administrator bootstrapped with a given password (BAOSONG_ADMIN_PASSWORD)', () => {
  it('is asked to change it but not blocked by the API', async () => {
    const s = await login(t.app, 'admin', ADMIN_PASSWORD);
    expect(s.me.mustChangePassword).toBe(true);
    expect((await api(t.app, s).get('/api/units')).statusCode).toBe(200);
  });
});

describe('administrator bootstrapped with a random password', () => {
  let r: TestApp;
  beforeAll(async () => {
    r = await createTestApp({ randomAdminPassword: true });
  });
  afterAll(async () => {
    await r?.close();
  });

  it('gets a generated password that meets the policy, once', async () => {
    expect(r.generatedPassword).toBeDefined();
    expect(passwordIsStrong(r.generatedPassword!)).toBe(true);
    expect(await bootstrap(r.database, undefined)).toEqual({ createdAdmin: false });
    expect(await count(r.database, 'users')).toBe(1);
  });

  it('must change it before anything but me, logout and the change itself', async () => {
    const s = await login(r.app, 'admin', r.adminPassword);
    const other = await login(r.app, 'admin', r.adminPassword); // a second browser
    const client = api(r.app, s);
    expect(s.me.mustChangePassword).toBe(true);

    for (const url of ['/api/units', '/api/users', '/api/unit-groups']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: '首次登录须先修改密码' });
    }
    const blockedWrite = await client.post('/api/unit-groups', { name: '新分组' });
    expect(blockedWrite.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);

    const weak = await client.post('/api/auth/password', { currentPassword: r.adminPassword, newPassword: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'PASSWORD_WEAK' });
    expect(weak.json().message).toContain('10');
    const wrongCurrent = await client.post('/api/auth/password', { currentPassword: 'Not-The-Passw0rd', newPassword: 'New-Strong-Passw0rd' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().code).toBe('PASSWORD_WRONG');
    const same = await client.post('/api/auth/password', { currentPassword: r.adminPassword, newPassword: r.adminPassword });
    expect(same.statusCode).toBe(400);
    expect(same.json().code).toBe('PASSWORD_REUSED');
    expect((await client.get('/api/units')).statusCode).toBe(403); // still blocked

    const ok = await client.post('/api/auth/password', { currentPassword: r.adminPassword, newPassword: 'New-Strong-Passw0rd' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<TMe>().mustChangePassword).toBe(false);
    expect((await client.get('/api/units')).statusCode).toBe(200);

    // The other browser is signed out; the old password no longer works, the new one does.
    expect((await api(r.app, other).get('/api/auth/me')).statusCode).toBe(401);
    expect((await postLoginOn(r, 'admin', r.adminPassword)).statusCode).toBe(401);
    expect((await postLoginOn(r, 'admin', 'New-Strong-Passw0rd')).statusCode).toBe(200);
  });
});

function postLoginOn(app: TestApp, username: string, password: string) {
  return app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}
