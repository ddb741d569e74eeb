import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../version.js';
import { buildApp } from '../../app.js';
import { ADMIN_PASSWORD, api, createTestApp, login, openTestDatabase, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/health', () => {
  it('answers without a session, naming the database in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const expected = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
    expect(t.database.kind).toBe(expected);
    expect(res.json()).toEqual({ status: 'ok', database: expected, version: VERSION });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('sends the security headers and no-store on API responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
    // No inline scripts, no framing, no referrer leaking across origins.
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });
});

describe('GET /api/ready', () => {
  it('answers 200 when the database is reachable and carries every migration', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(res.statusCode, res.body).toBe(200);
    const [m] = await t.database.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(res.json()).toEqual({ status: 'ready', database: t.database.kind, migrations: m!.n });
    expect(m!.n).toBeGreaterThan(10);
  });

  it('answers 503 MIGRATIONS_PENDING while the newest migration is not applied', async () => {
    const [last] = await t.database.query<{ id: number; hash: string; created_at: string }>(
      'select id, hash, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    await t.database.query('delete from drizzle.__drizzle_migrations where id = $1', [last!.id]);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/ready', headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'MIGRATIONS_PENDING', message: 'The database schema has not been migrated to this version' });
      // Liveness is a different question: the process and its database still answer.
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await t.database.query('insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)', [last!.id, last!.hash, last!.created_at]);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
  });

  it('answers 503 DATABASE_UNAVAILABLE when the database is gone', async () => {
    const { database, drop } = await openTestDatabase();
    const app = await buildApp(database);
    try {
      expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
      await drop();
      const res = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' });
    } finally {
      await app.close();
    }
  }, 120_000); // a second database of its own: seconds on an idle machine, more on a loaded one
});

describe('GET /api/openapi.json', () => {
  it('is public and describes the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; info: { version: string }; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.version).toBe(VERSION);
    expect(doc.paths['/api/auth/login']).toHaveProperty('post');
    expect(doc.paths['/api/units/{id}']).toHaveProperty('patch');
    // The document describes the API, not itself.
    expect(doc.paths['/api/openapi.json']).toBeUndefined();
  });
});

describe('unknown API paths', () => {
  it('answer 401 without a session (routes are not enumerable) and 404 problem+json with one', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const s = await login(t.app, 'admin', ADMIN_PASSWORD);
    const res = await api(t.app, s).get('/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404, type: 'urn:baosong:error:NOT_FOUND' });
  });
});
