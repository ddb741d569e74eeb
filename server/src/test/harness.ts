import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import { openPglite, openPostgres, type Database } from '../db/connect.js';
import { bootstrap } from '../bootstrap.js';
import type { AppSettings } from '../config.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** The generated admin password when the test asked for a random one. */
  generatedPassword?: string;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'Admin-Passw0rd!';

/**
 * A fresh database and app for one test file: in-memory PGlite, or — with TEST_DATABASE_URL — a new database on
 * that PostgreSQL server, dropped again on close.
 */
export async function createTestApp(opts: { settings?: Partial<AppSettings>; randomAdminPassword?: boolean } = {}): Promise<TestApp> {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `baosong_t_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = await openPostgres(u.toString(), { max: 5 });
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    database = await openPglite(undefined);
  }
  const boot = await bootstrap(database, opts.randomAdminPassword ? undefined : ADMIN_PASSWORD);
  const app = await buildApp(database, { settings: opts.settings });
  await app.ready();
  return {
    app,
    database,
    generatedPassword: boot.generatedPassword,
    async close() {
      await app.close();
      await database.close();
      await drop?.();
    },
  };
}
