import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../version.js';
import { ADMIN_PASSWORD, api, createTestApp, login, type TestApp } from '../../test/harness.js';

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
  });
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
