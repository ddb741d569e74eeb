import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TEnrolledLogin, TMe, TSecondFactorStatus, TSessionView, TTotpEnrolment, TUser } from '@baosong/contract';
import { buildApp } from '../../app.js';
import type { AppSettings } from '../../config.js';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUser, sessionCookie, USER_PASSWORD, type Session, type TestApp } from '../../test/harness.js';
import { CHALLENGE_COOKIE, CHALLENGE_MAX_FAILURES, RECOVERY_CODE_COUNT } from './second-factor.js';
import { SESSION_COOKIE } from './sessions.js';
import { totpCode } from './totp.js';

/** Second factor (TOTP + recovery codes), per-address rate limits, Secure cookies, the session list, over HTTP. */
const SECRET_KEY = 'test-instance-key-0123456789-abcdefghij';
let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp({ settings: { secretKey: SECRET_KEY, loginRateLimit: { max: 1000, windowSeconds: 900 }, lockoutThreshold: 5 } });
  for (const name of ['zhang', 'li', 'wang', 'zhao', 'sun', 'zhou', 'wu', 'lockme', 'sessions1', 'sessions2']) await seedUser(t.database, name, ['editor']);
  await seedUser(t.database, 'leader1', ['leader']);
  admin = await login(t.app, 'admin', ADMIN_PASSWORD);
});
afterAll(async () => {
  await t?.close();
});

const cookieOf = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name);
const postLogin = (app: FastifyInstance, username: string, password: string, extra: { headers?: Record<string, string>; remoteAddress?: string } = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...extra });

/** Password step; returns the challenge cookie header the second step needs. */
async function passwordStep(username: string, expected: 'verify' | 'enrol' = 'verify'): Promise<string> {
  const res = await postLogin(t.app, username, USER_PASSWORD);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ secondFactor: expected });
  expect(sessionCookie(res)).toBeUndefined();
  const c = cookieOf(res, CHALLENGE_COOKIE)!;
  expect(c.httpOnly).toBe(true);
  expect(c.sameSite).toBe('Strict');
  return `${CHALLENGE_COOKIE}=${c.value}`;
}
const secondStep = (cookie: string, code: string, url = '/api/auth/login/second-factor') =>
  t.app.inject({ method: 'POST', url, payload: { code }, headers: { cookie } });

/** A code the server has not seen yet: the next step's (accepted within the ±1 window). */
async function unusedCode(userId: number, secret: string): Promise<string> {
  await t.database.query('update users set totp_last_step = null where id = $1', [userId]);
  return totpCode(secret, Date.now());
}

/** Signs in, enrols through the account routes; the secret and recovery codes. */
async function enrol(username: string): Promise<{ s: Session; secret: string; codes: string[] }> {
  const s = await login(t.app, username, USER_PASSWORD);
  const start = await api(t.app, s).post('/api/auth/second-factor/enrolment');
  expect(start.statusCode, start.body).toBe(200);
  const { secret } = start.json<TTotpEnrolment>();
  const ok = await api(t.app, s).post('/api/auth/second-factor/enrolment/confirm', { code: totpCode(secret, Date.now()) });
  expect(ok.statusCode, ok.body).toBe(200);
  return { s, secret, codes: ok.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

describe('enrolling a second factor from the account page', () => {
  it('gives a secret and otpauth URI, refuses a wrong first code, then turns on with ten recovery codes', async () => {
    const s = await login(t.app, 'zhang', USER_PASSWORD);
    const a = api(t.app, s);
    expect((await a.get('/api/auth/second-factor')).json<TSecondFactorStatus>()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, requiredByRole: false });
    // Confirming before starting is refused.
    expect((await a.post('/api/auth/second-factor/enrolment/confirm', { code: '123456' })).json().code).toBe('SECOND_FACTOR_NO_ENROLMENT');
    const start = await a.post('/api/auth/second-factor/enrolment');
    const e = start.json<TTotpEnrolment>();
    expect(e.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(e.account).toBe('zhang');
    expect(new URL(e.otpauthUri).searchParams.get('secret')).toBe(e.secret);
    const wrong = await a.post('/api/auth/second-factor/enrolment/confirm', { code: totpCode(e.secret, Date.now() - 5 * 60_000) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('SECOND_FACTOR_INVALID');
    expect((await a.get('/api/auth/second-factor')).json().enabled).toBe(false);
    const ok = await a.post('/api/auth/second-factor/enrolment/confirm', { code: totpCode(e.secret, Date.now()) });
    expect(ok.statusCode, ok.body).toBe(200);
    const codes = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const status = (await a.get('/api/auth/second-factor')).json<TSecondFactorStatus>();
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect((await a.get('/api/auth/me')).json<TMe>().secondFactorEnabled).toBe(true);
    // Stored sealed (not the secret in clear) and the recovery codes only hashed.
    const [row] = await t.database.query<{ totp_secret: string; totp_pending_secret: string | null }>(
      "select totp_secret, totp_pending_secret from users where username = 'zhang'",
    );
    expect(row!.totp_secret).toMatch(/^v1:/);
    expect(row!.totp_secret).not.toContain(e.secret);
    expect(row!.totp_pending_secret).toBeNull();
    const stored = await t.database.query<{ code_hash: string }>('select code_hash from recovery_codes where user_id = $1', [s.me.id]);
    expect(stored).toHaveLength(10);
    for (const r of stored) for (const c of codes) expect(r.code_hash).not.toContain(c.replaceAll('-', ''));
    // A second enrolment is refused while one is on; the audit trail has the enrolment.
    expect((await a.post('/api/auth/second-factor/enrolment')).statusCode).toBe(409);
    expect(await count(t.database, 'audit_log', "action = 'auth.second_factor.enable' and outcome = 'ok' and actor_user_id = $1", [s.me.id])).toBe(1);
    expect(await count(t.database, 'audit_log', "action = 'auth.second_factor.enable' and outcome = 'failed' and actor_user_id = $1", [s.me.id])).toBe(1);
  });
});

describe('signing in with a second factor', () => {
  it('asks for a code after the password; a right code opens the session, a replayed one does not', async () => {
    const { secret, s: first } = await enrol('li');
    const cookie = await passwordStep('li');
    const wrong = await secondStep(cookie, '000000');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'SECOND_FACTOR_INVALID', message: '验证码或恢复码不正确' });
    expect(await count(t.database, 'audit_log', "action = 'auth.second_factor' and outcome = 'failed' and actor_user_id = $1", [first.me.id])).toBe(1);
    const code = await unusedCode(first.me.id, secret);
    const ok = await secondStep(cookie, code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<TMe>()).toMatchObject({ username: 'li', secondFactorEnabled: true });
    const token = sessionCookie(ok)!;
    expect(token).toBeDefined();
    // The challenge is used up, and the same code does not serve a second sign-in.
    expect((await secondStep(cookie, code)).json().code).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');
    const again = await passwordStep('li');
    expect((await secondStep(again, code)).json().code).toBe('SECOND_FACTOR_INVALID');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(me.statusCode).toBe(200);
    const audit = await t.database.query<{ details: { secondFactor?: string } }>(
      "select details from audit_log where action = 'auth.login' and outcome = 'ok' and actor_user_id = $1 and details->>'secondFactor' is not null",
      [first.me.id],
    );
    expect(audit.map((a) => a.details.secondFactor)).toEqual(['totp']);
  });

  it('a challenge without a cookie, or a made-up one, is "start again"', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/auth/login/second-factor', payload: { code: '123456' } });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');
    expect((await secondStep(`${CHALLENGE_COOKIE}=made-up`, '123456')).json().code).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');
  });

  it('takes a recovery code once, instead of the TOTP code', async () => {
    const { codes, s } = await enrol('wang');
    const cookie = await passwordStep('wang');
    const ok = await secondStep(cookie, codes[3]!.toUpperCase());
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await api(t.app, s).get('/api/auth/second-factor')).json().recoveryCodesLeft).toBe(9);
    const again = await passwordStep('wang');
    expect((await secondStep(again, codes[3]!)).json().code).toBe('SECOND_FACTOR_INVALID');
    expect((await secondStep(again, codes[4]!)).statusCode).toBe(200);
  });

  it('drops the challenge after too many wrong codes, and wrong codes count towards the lockout', async () => {
    await enrol('lockme');
    const cookie = await passwordStep('lockme');
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < CHALLENGE_MAX_FAILURES - 1; i++) {
      last = await secondStep(cookie, '111111');
      expect(last.json().code).toBe('SECOND_FACTOR_INVALID');
    }
    // The fifth wrong code in a row reaches the account's threshold (5): locked.
    last = await secondStep(cookie, '111111');
    expect(last.statusCode).toBe(423);
    expect(last.json().code).toBe('ACCOUNT_LOCKED');
    expect((await secondStep(cookie, '111111')).json().code).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');
    expect((await postLogin(t.app, 'lockme', USER_PASSWORD)).statusCode).toBe(423);
  });

  it('turning it off needs the password and a code', async () => {
    const { s, secret } = await enrol('zhao');
    const a = api(t.app, s);
    const badPw = await a.post('/api/auth/second-factor/disable', { password: 'Wrong-Passw0rd!', code: totpCode(secret, Date.now()) });
    expect(badPw.json().code).toBe('PASSWORD_WRONG');
    const badCode = await a.post('/api/auth/second-factor/disable', { password: USER_PASSWORD, code: '000000' });
    expect(badCode.json().code).toBe('SECOND_FACTOR_INVALID');
    const ok = await a.post('/api/auth/second-factor/disable', { password: USER_PASSWORD, code: await unusedCode(s.me.id, secret) });
    expect(ok.statusCode, ok.body).toBe(204);
    expect(await count(t.database, 'recovery_codes', 'user_id = $1', [s.me.id])).toBe(0);
    // Plain password sign-in again.
    expect((await postLogin(t.app, 'zhao', USER_PASSWORD)).json<TMe>().username).toBe('zhao');
    expect(await count(t.database, 'audit_log', "action = 'auth.second_factor.disable' and actor_user_id = $1", [s.me.id])).toBe(3);
  });

  it('new recovery codes replace the old ones, against a TOTP code', async () => {
    const { s, secret, codes } = await enrol('sun');
    const res = await api(t.app, s).post('/api/auth/second-factor/recovery-codes', { code: await unusedCode(s.me.id, secret) });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = res.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const cookie = await passwordStep('sun');
    expect((await secondStep(cookie, codes[0]!)).json().code).toBe('SECOND_FACTOR_INVALID');
    expect((await secondStep(cookie, fresh[0]!)).statusCode).toBe(200);
  });
});

describe('a role that requires the second factor', () => {
  it('forces enrolment at the next sign-in, then asks for codes, and the user cannot turn it off', async () => {
    // Sessions opened before the rule: the leader's ends (no second factor yet), another role's and the admin's stay.
    const before = await login(t.app, 'leader1', USER_PASSWORD);
    const other = await login(t.app, 'zhou', USER_PASSWORD);
    expect((await api(t.app, before).get('/api/auth/me')).statusCode).toBe(200);
    const put = await api(t.app, admin).put('/api/settings/second-factor', { requiredRoles: ['leader'] });
    expect(put.statusCode, put.body).toBe(200);
    expect((await api(t.app, before).get('/api/auth/me')).statusCode).toBe(401);
    expect((await api(t.app, other).get('/api/auth/me')).statusCode).toBe(200);
    expect((await api(t.app, admin).get('/api/auth/me')).statusCode).toBe(200);
    const [upd] = await t.database.query<{ details: { sessionsEnded: number } }>("select details from audit_log where action = 'settings.second_factor.update'");
    expect(upd!.details.sessionsEnded).toBe(1);
    expect((await api(t.app, admin).get('/api/settings/second-factor')).json()).toEqual({ requiredRoles: ['leader'] });
    const cookie = await passwordStep('leader1', 'enrol');
    // The enrol challenge is not a session and cannot be used as a code challenge.
    expect((await secondStep(cookie, '123456')).json().code).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');
    const start = await t.app.inject({ method: 'POST', url: '/api/auth/login/enrolment', headers: { cookie } });
    expect(start.statusCode, start.body).toBe(200);
    const { secret } = start.json<TTotpEnrolment>();
    expect((await secondStep(cookie, '000000', '/api/auth/login/enrolment/confirm')).json().code).toBe('SECOND_FACTOR_INVALID');
    const done = await secondStep(cookie, totpCode(secret, Date.now()), '/api/auth/login/enrolment/confirm');
    expect(done.statusCode, done.body).toBe(200);
    const body = done.json<TEnrolledLogin>();
    expect(body.recoveryCodes).toHaveLength(10);
    expect(body.me).toMatchObject({ username: 'leader1', secondFactorEnabled: true });
    const s: Session = { cookie: `${SESSION_COOKIE}=${sessionCookie(done)}`, token: sessionCookie(done)!, csrf: body.me.csrfToken, me: body.me };
    const status = (await api(t.app, s).get('/api/auth/second-factor')).json<TSecondFactorStatus>();
    expect(status).toMatchObject({ enabled: true, requiredByRole: true });
    const off = await api(t.app, s).post('/api/auth/second-factor/disable', { password: USER_PASSWORD, code: body.recoveryCodes[0] });
    expect(off.json().code).toBe('SECOND_FACTOR_REQUIRED_BY_ROLE');
    // Next sign-in: a code, not enrolment.
    await passwordStep('leader1', 'verify');
    // Other roles are not affected.
    expect((await postLogin(t.app, 'zhou', USER_PASSWORD)).json<TMe>().username).toBe('zhou');
    // The administrator resets it (lost phone): the sessions end and enrolment is asked again.
    const reset = await api(t.app, admin).post(`/api/users/${body.me.id}/second-factor/reset`);
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json<TUser>().secondFactorEnabled).toBe(false);
    expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(401);
    await passwordStep('leader1', 'enrol');
    await api(t.app, admin).put('/api/settings/second-factor', { requiredRoles: [] });
    expect(await count(t.database, 'audit_log', "action = 'settings.second_factor.update'")).toBe(2);
    expect(await count(t.database, 'audit_log', "action = 'user.second_factor.reset' and target_id = $1", [String(body.me.id)])).toBe(1);
  });

  it('only administrators change the setting', async () => {
    const s = await login(t.app, 'zhou', USER_PASSWORD);
    expect((await api(t.app, s).put('/api/settings/second-factor', { requiredRoles: ['editor'] })).statusCode).toBe(403);
    expect((await api(t.app, admin).put('/api/settings/second-factor', { requiredRoles: ['nobody'] })).statusCode).toBe(400);
  });
});

describe('rate limits per source address', () => {
  const limited: Partial<AppSettings> = { loginRateLimit: { max: 3, windowSeconds: 600 }, lockoutThreshold: 100 };

  it('refuses an address after its failures with 429, Retry-After and a readable message; other addresses go on', async () => {
    const app = await buildApp(t.database, { settings: limited });
    try {
      const from = { remoteAddress: '10.9.0.1' };
      for (let i = 0; i < 3; i++) expect((await postLogin(app, `nobody${i}`, 'Wrong-Passw0rd!', from)).statusCode).toBe(401);
      const res = await postLogin(app, 'zhou', USER_PASSWORD, from); // even the right password waits
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({ code: 'LOGIN_RATE_LIMITED' });
      expect(res.json().message).toMatch(/^该地址登录失败次数过多，请 \d+ 分钟后再试$/);
      const wait = Number(res.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(600);
      const en = await postLogin(app, 'zhou', USER_PASSWORD, { ...from, headers: { 'accept-language': 'en' } });
      expect(en.json().message).toMatch(/^Too many failed sign-ins from this address; try again in \d+ min$/);
      expect((await postLogin(app, 'zhou', USER_PASSWORD, { remoteAddress: '10.9.0.2' })).statusCode).toBe(200);
      expect(await count(t.database, 'audit_log', "action = 'auth.login' and outcome = 'denied' and ip = '10.9.0.1' and details->>'reason' = 'rate_limited'")).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('is shared by several app processes on one database (the counters live there)', async () => {
    const a = await buildApp(t.database, { settings: limited });
    const b = await buildApp(t.database, { settings: limited });
    try {
      const from = { remoteAddress: '10.9.0.3' };
      await postLogin(a, 'nobody', 'x', from);
      await postLogin(b, 'nobody', 'x', from);
      await postLogin(a, 'nobody', 'x', from);
      expect((await postLogin(b, 'zhou', USER_PASSWORD, from)).statusCode).toBe(429);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('limits the second-factor step too', async () => {
    const app = await buildApp(t.database, { settings: { ...limited, secretKey: SECRET_KEY } });
    try {
      await enrol('wu');
      const from = { remoteAddress: '10.9.0.4' };
      const first = await postLogin(app, 'wu', USER_PASSWORD, from);
      const cookie = `${CHALLENGE_COOKIE}=${cookieOf(first, CHALLENGE_COOKIE)!.value}`;
      for (let i = 0; i < 3; i++) {
        const r = await app.inject({ method: 'POST', url: '/api/auth/login/second-factor', payload: { code: '000000' }, headers: { cookie }, ...from });
        expect(r.json().code).toBe('SECOND_FACTOR_INVALID');
      }
      const r = await app.inject({ method: 'POST', url: '/api/auth/login/second-factor', payload: { code: '000000' }, headers: { cookie }, ...from });
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBeDefined();
      expect(await count(t.database, 'audit_log', "action = 'auth.second_factor' and outcome = 'denied' and ip = '10.9.0.4'")).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('counts by X-Forwarded-For only from a trusted proxy', async () => {
    const trusting = await buildApp(t.database, { settings: { ...limited, trustProxy: ['127.0.0.1'] } });
    const direct = await buildApp(t.database, { settings: limited });
    try {
      const viaProxy = (xff: string) => ({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': xff } });
      for (let i = 0; i < 3; i++) await postLogin(trusting, 'nobody', 'x', viaProxy('10.9.1.1'));
      expect((await postLogin(trusting, 'zhou', USER_PASSWORD, viaProxy('10.9.1.1'))).statusCode).toBe(429);
      // Another client behind the same proxy is not affected.
      expect((await postLogin(trusting, 'zhou', USER_PASSWORD, viaProxy('10.9.1.2'))).statusCode).toBe(200);
      // A client forging the header at a proxy that appends: the real (last) address is what counts.
      expect((await postLogin(trusting, 'zhou', USER_PASSWORD, viaProxy('10.9.9.9, 10.9.1.1'))).statusCode).toBe(429);
      // Without trust the header is ignored: all of these come from 10.9.1.3.
      for (let i = 0; i < 3; i++) await postLogin(direct, 'nobody', 'x', { remoteAddress: '10.9.1.3', headers: { 'x-forwarded-for': `10.8.0.${i}` } });
      expect((await postLogin(direct, 'zhou', USER_PASSWORD, { remoteAddress: '10.9.1.3', headers: { 'x-forwarded-for': '10.8.0.99' } })).statusCode).toBe(429);
    } finally {
      await trusting.close();
      await direct.close();
    }
  });
});

describe('Secure cookies over HTTPS', () => {
  it('marks the session and challenge cookies Secure behind a trusted proxy saying https, and not over plain http', async () => {
    const proxied = await buildApp(t.database, { settings: { trustProxy: true, secretKey: SECRET_KEY } });
    const direct = await buildApp(t.database, { settings: { trustProxy: false, secretKey: SECRET_KEY } });
    try {
      const https = { headers: { 'x-forwarded-proto': 'https' } };
      const secure = await postLogin(proxied, 'zhou', USER_PASSWORD, https);
      expect(cookieOf(secure, SESSION_COOKIE)!.secure).toBe(true);
      expect(String(secure.headers['set-cookie'])).toMatch(/; Secure/);
      expect(secure.headers['strict-transport-security']).toBe('max-age=31536000');
      const challenge = await postLogin(proxied, 'li', USER_PASSWORD, https);
      expect(cookieOf(challenge, CHALLENGE_COOKIE)!.secure).toBe(true);
      const plain = await postLogin(proxied, 'zhou', USER_PASSWORD);
      expect(cookieOf(plain, SESSION_COOKIE)!.secure).toBeFalsy();
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      // An untrusted client cannot claim https.
      const forged = await postLogin(direct, 'zhou', USER_PASSWORD, https);
      expect(cookieOf(forged, SESSION_COOKIE)!.secure).toBeFalsy();
    } finally {
      await proxied.close();
      await direct.close();
    }
  });
});

describe('the session list', () => {
  it('shows one’s live sessions and ends another one, which then loses access', async () => {
    const phone = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sessions1', password: USER_PASSWORD },
      headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Phone' },
      remoteAddress: '10.7.0.5',
    });
    const phoneCookie = `${SESSION_COOKIE}=${sessionCookie(phone)}`;
    const desk = await login(t.app, 'sessions1', USER_PASSWORD);
    const list = (await api(t.app, desk).get('/api/auth/sessions')).json<TSessionView[]>();
    expect(list).toHaveLength(2);
    const current = list.find((s) => s.current)!;
    const other = list.find((s) => !s.current)!;
    expect(other).toMatchObject({ userAgent: 'Mozilla/5.0 (Linux; Android 14) Phone', ip: '10.7.0.5' });
    expect(other.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(other.id).not.toBe(current.id);
    expect(Date.parse(other.createdAt)).toBeGreaterThan(0);
    expect(Date.parse(other.lastSeenAt)).toBeGreaterThan(0);
    // The list never shows a token or its hash.
    expect(JSON.stringify(list)).not.toContain(sessionCookie(phone)!);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: phoneCookie } })).statusCode).toBe(200);
    const end = await api(t.app, desk).delete(`/api/auth/sessions/${other.id}`);
    expect(end.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: phoneCookie } });
    expect(after.statusCode).toBe(401);
    expect((await api(t.app, desk).get('/api/auth/sessions')).json<TSessionView[]>()).toHaveLength(1);
    expect(await count(t.database, 'audit_log', "action = 'auth.session.end' and target_id = $1", [other.id])).toBe(1);
    // Gone, or someone else's: 404.
    expect((await api(t.app, desk).delete(`/api/auth/sessions/${other.id}`)).json().code).toBe('SESSION_NOT_FOUND');
    const stranger = await login(t.app, 'sessions2', USER_PASSWORD);
    const strangers = (await api(t.app, stranger).get('/api/auth/sessions')).json<TSessionView[]>();
    expect((await api(t.app, desk).delete(`/api/auth/sessions/${strangers[0]!.id}`)).statusCode).toBe(404);
    expect((await api(t.app, stranger).get('/api/auth/me')).statusCode).toBe(200);
    expect((await api(t.app, desk).delete('/api/auth/sessions/not-a-uuid')).statusCode).toBe(400);
  });

  it('an administrator signs a user out everywhere', async () => {
    const a = await login(t.app, 'sessions2', USER_PASSWORD);
    const b = await login(t.app, 'sessions2', USER_PASSWORD);
    const res = await api(t.app, admin).delete(`/api/users/${a.me.id}/sessions`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ended).toBeGreaterThanOrEqual(2);
    for (const s of [a, b]) expect((await api(t.app, s).get('/api/auth/me')).statusCode).toBe(401);
    expect(await count(t.database, 'audit_log', "action = 'user.sessions.end' and target_id = $1", [String(a.me.id)])).toBe(1);
    expect((await api(t.app, admin).delete('/api/users/999999/sessions')).statusCode).toBe(404);
  });
});
