/**
 * Test harness for HTTP-level tests: a fresh database per test file (PGlite in memory, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL), bootstrapped, with the app built on it exactly as main.ts does.
 *
 * Creating a database takes seconds: call createTestApp once per file (beforeAll), not per test.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TMe, TRole } from '@baosong/contract';
import { buildApp } from '../app.js';
import { bootstrap, type BootstrapResult } from '../bootstrap.js';
import type { AppSettings } from '../config.js';
import { openPglite, openPostgres, type Database } from '../db/connect.js';
import { createUnit } from '../features/units/service.js';
import { createUser } from '../features/users/service.js';
import { SESSION_COOKIE } from '../features/auth/sessions.js';

/** The administrator's password when bootstrapped as with BAOSONG_ADMIN_PASSWORD (the default here). */
export const ADMIN_PASSWORD = 'Admin-Passw0rd!';
/** A password that satisfies the policy, for users the tests create. */
export const USER_PASSWORD = 'User-Passw0rd!';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TestAppOptions {
  settings?: Partial<AppSettings>;
  /**
   * Bootstrap as without BAOSONG_ADMIN_PASSWORD: a random administrator password that must be changed before
   * anything else. By default the password is ADMIN_PASSWORD, given as with BAOSONG_ADMIN_PASSWORD (the API does not
   * block on changing it).
   */
  randomAdminPassword?: boolean;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  bootstrap: BootstrapResult;
  /** The generated admin password when the test asked for a random one. */
  generatedPassword?: string;
  /** The administrator's password as bootstrapped: ADMIN_PASSWORD or the generated one. */
  adminPassword: string;
  close(): Promise<void>;
}

/** A fresh, migrated database: PGlite in memory, or a new database on TEST_DATABASE_URL's server. */
export async function openTestDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openPglite(undefined);
    return { database, drop: () => database.close() };
  }
  const name = `baosong_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withServer(serverUrl, (c) => c.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openPostgres(url.toString(), { max: 5 });
  } catch (e) {
    await withServer(serverUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).catch(() => {});
    throw e;
  }
  return {
    database,
    async drop() {
      await database.close();
      await withServer(serverUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withServer<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  try {
    const given = opts.randomAdminPassword ? undefined : ADMIN_PASSWORD;
    const boot = await bootstrap(database, given);
    const app = await buildApp(database, { settings: { ...opts.settings } });
    await app.ready();
    return {
      app,
      database,
      bootstrap: boot,
      generatedPassword: boot.generatedPassword,
      adminPassword: given ?? boot.generatedPassword!,
      async close() {
        await app.close();
        await drop();
      },
    };
  } catch (e) {
    await drop().catch(() => {});
    throw e;
  }
}

// ---------- sessions and requests ----------

export interface Session {
  /** The Cookie header value: `baosong_sid=…`. */
  cookie: string;
  /** The raw session token (the cookie's value). */
  token: string;
  csrf: string;
  me: TMe;
}

export function sessionCookie(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
}

/** Signs in through the API; throws unless it succeeds. */
export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
  const token = sessionCookie(res);
  if (!token) throw new Error(`login as ${username} set no ${SESSION_COOKIE} cookie`);
  const me = res.json<TMe>();
  return { cookie: `${SESSION_COOKIE}=${token}`, token, csrf: me.csrfToken, me };
}

type Body = InjectOptions['payload'];
type Extra = Omit<InjectOptions, 'method' | 'url' | 'payload'>;

export interface Api {
  request(method: InjectOptions['method'], url: string, body?: Body, extra?: Extra): Promise<LightMyRequestResponse>;
  get(url: string, extra?: Extra): Promise<LightMyRequestResponse>;
  post(url: string, body?: Body, extra?: Extra): Promise<LightMyRequestResponse>;
  put(url: string, body?: Body, extra?: Extra): Promise<LightMyRequestResponse>;
  patch(url: string, body?: Body, extra?: Extra): Promise<LightMyRequestResponse>;
  delete(url: string, extra?: Extra): Promise<LightMyRequestResponse>;
}

/** app.inject with the session's cookie and CSRF header (none when session is null). Extra headers win. */
export function api(app: FastifyInstance, session: Pick<Session, 'cookie' | 'csrf'> | null): Api {
  const request: Api['request'] = (method, url, body, extra = {}) =>
    app.inject({
      ...extra,
      method,
      url,
      ...(body === undefined ? {} : { payload: body }),
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...(extra.headers ?? {}),
      },
    });
  return {
    request,
    get: (url, extra) => request('GET', url, undefined, extra),
    post: (url, body, extra) => request('POST', url, body, extra),
    put: (url, body, extra) => request('PUT', url, body, extra),
    patch: (url, body, extra) => request('PATCH', url, body, extra),
    delete: (url, extra) => request('DELETE', url, undefined, extra),
  };
}

// ---------- fixtures written straight through the services ----------

let seq = 0;
/** A short name unique within the test process. */
export function uniqueName(prefix: string): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36)}${seq}`;
}

/** A unit in the first default group. */
export async function seedUnit(database: Database, name: string, extra: { shortName?: string } = {}) {
  const [group] = await database.query<{ id: number }>('select id from unit_groups order by sort_order, id limit 1');
  return createUnit(database, null, {
    name,
    shortName: extra.shortName ?? null,
    groupId: group!.id,
    contactName: null,
    contactPhone: null,
    contactEmail: null,
  });
}

/** A user who may sign in with USER_PASSWORD (or the given one) and is not asked to change it. */
export async function seedUser(
  database: Database,
  username: string,
  roles: TRole[],
  unitId: number | null = null,
  password = USER_PASSWORD,
) {
  return createUser(database, null, {
    username,
    displayName: `测试用户 ${username}`,
    roles,
    unitId,
    email: null,
    phone: null,
    password,
    mustChangePassword: false,
  });
}

export async function count(database: Database, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [r] = await database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params);
  return r!.n;
}

// ---------- spreadsheets ----------

/** The first sheet's rows as text (header first), as a user opening the file would read them. */
export async function readXlsx(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
    rows.push(values);
  });
  return rows;
}

/** An .xlsx with one sheet: the header row, then the data rows. */
export async function buildXlsx(header: string[], rows: (string | number | null)[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
