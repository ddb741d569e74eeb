import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, login, openTestDatabase, seedUnit, seedUser, USER_PASSWORD, type TestApp } from '../test/harness.js';
import { openPglite, type Database } from '../db/connect.js';
import { tinyPng } from '../text/test-fixtures.js';
import { ArchiveFormatError, tarGzEntries } from './archive.js';
import { BackupError, summariseDatabase } from './backup.js';
import { backupFromServer, backupToFile, restoreFromFile, startControlSocket } from './files.js';

/**
 * Backup → restore round trips: every table's row count and checksum are the same afterwards, attachments byte for
 * byte. Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set (then also PostgreSQL → embedded).
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
let t: TestApp;
let dir: string;
let articleIds: number[] = [];
const files: Buffer[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baosong-backup-'));
  t = await createTestApp();
  const unit = await seedUnit(t.database, '备份测试县');
  await seedUser(t.database, 'bkrep', ['reporter'], unit.id);
  await seedUser(t.database, 'bked', ['editor']);
  const rep = api(t.app, await login(t.app, 'bkrep', USER_PASSWORD));
  const ed = api(t.app, await login(t.app, 'bked', USER_PASSWORD));
  for (let i = 0; i < 5; i++) {
    const a = await rep.post('/api/articles', { title: `备份测试稿件${i}：“引号”与\\反斜杠`, bodyHtml: `<p>第${i}篇正文，含 emoji 😀 与换行。</p><p>第二段</p>`, type: 'news' });
    expect(a.statusCode, a.body).toBe(201);
    const id = a.json().id as number;
    articleIds.push(id);
    // A picture with a distinctive tail, so each attachment differs.
    const png = Buffer.concat([tinyPng(), Buffer.from([i, 0, 255, 10, 13, 0])]);
    files.push(png);
    const up = await rep.request('POST', `/api/articles/${id}/attachments?filename=${encodeURIComponent(`照片${i}.png`)}`, png, { headers: { 'content-type': 'application/octet-stream' } });
    expect(up.statusCode, up.body).toBe(201);
    const cur = await rep.get(`/api/articles/${id}`);
    const s = await rep.post(`/api/articles/${id}/actions/submit`, { rowVersion: cur.json().rowVersion });
    expect(s.statusCode, s.body).toBe(200);
  }
  const cur = await ed.get(`/api/articles/${articleIds[0]}`);
  expect((await ed.post(`/api/articles/${articleIds[0]}/actions/claim`, { rowVersion: cur.json().rowVersion })).statusCode).toBe(200);
}, 180_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function attachmentsOf(database: Database) {
  return database.query<{ id: number; data: Uint8Array; sha256: string }>('select id, data, sha256 from attachments order by id');
}

async function expectSame(a: Database, b: Database) {
  const before = await summariseDatabase(a);
  const after = await summariseDatabase(b);
  expect(before.length).toBeGreaterThan(20);
  expect(after).toEqual(before);
  // Sequences continue after the restored ids.
  const x = await attachmentsOf(a);
  const y = await attachmentsOf(b);
  expect(y.length).toBe(x.length);
  for (let i = 0; i < x.length; i++) {
    expect(y[i]!.id).toBe(x[i]!.id);
    expect(Buffer.compare(Buffer.from(y[i]!.data), Buffer.from(x[i]!.data))).toBe(0);
  }
}

describe('backup and restore', () => {
  it('round trip: every table counted and checksummed, attachments byte-equal, ids continue', async () => {
    const file = path.join(dir, 'a.tar.gz');
    const manifest = await backupToFile(t.database, file);
    expect(manifest.attachments.count).toBe(files.length);
    expect(manifest.tables.find((x) => x.name === 'articles')!.rows).toBe(articleIds.length);
    expect(manifest.tables.find((x) => x.name === 'audit_log')!.rows).toBeGreaterThan(10);
    const names: string[] = [];
    for await (const e of tarGzEntries(fs.createReadStream(file))) names.push(e.name);
    expect(names[0]).toBe('backup.json');
    expect(names.at(-1)).toBe('manifest.json');
    expect(names.filter((n) => n.startsWith('attachments/'))).toHaveLength(files.length);

    const target = await openTestDatabase();
    try {
      await restoreFromFile(target.database, file);
      await expectSame(t.database, target.database);
      const stored = await attachmentsOf(target.database);
      for (let i = 0; i < files.length; i++) expect(Buffer.compare(Buffer.from(stored[i]!.data), files[i]!)).toBe(0);
      // The search index is not in the backup: the restored articles' trigger filled it again.
      expect(names.some((n) => n.startsWith('tables/article_search'))).toBe(false);
      const indexed = async (d: typeof t.database) =>
        (await d.query<{ article_id: number; d: string; tsv: string }>('select article_id, d::text, tsv::text from article_search order by article_id')).map((r) => `${r.article_id} ${r.d} ${r.tsv}`);
      expect(await indexed(target.database)).toEqual(await indexed(t.database));
      expect((await indexed(target.database)).length).toBe(articleIds.length);
      // New rows get fresh ids after the restored ones.
      const maxArticle = Math.max(...articleIds);
      const [next] = await target.database.query<{ id: number }>(
        "select nextval(pg_get_serial_sequence('articles', 'id'))::int as id",
      );
      expect(next!.id).toBe(maxArticle + 1);
      // A restore refuses a database that is not empty, and changes nothing.
      const before = await summariseDatabase(target.database);
      await expect(restoreFromFile(target.database, file)).rejects.toThrow(/needs an empty database/);
      expect(await summariseDatabase(target.database)).toEqual(before);
    } finally {
      await target.drop();
    }
  }, 180_000);

  it('refuses a truncated or foreign file and leaves the database empty', async () => {
    const file = path.join(dir, 'b.tar.gz');
    await backupToFile(t.database, file);
    const cut = path.join(dir, 'cut.tar.gz');
    const whole = fs.readFileSync(file);
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const junk = path.join(dir, 'junk.tar.gz');
    fs.writeFileSync(junk, 'this is not a backup');
    const target = await openTestDatabase();
    try {
      await expect(restoreFromFile(target.database, cut)).rejects.toBeInstanceOf(ArchiveFormatError);
      await expect(restoreFromFile(target.database, junk)).rejects.toBeInstanceOf(ArchiveFormatError);
      await expect(restoreFromFile(target.database, path.join(dir, 'missing.tar.gz'))).rejects.toBeInstanceOf(BackupError);
      const [r] = await target.database.query<{ n: number }>('select count(*)::int as n from users');
      expect(r!.n).toBe(0);
    } finally {
      await target.drop();
    }
  }, 180_000);

  it.runIf(process.env.TEST_DATABASE_URL)('a PostgreSQL backup restores into the embedded database', async () => {
    const file = path.join(dir, 'c.tar.gz');
    await backupToFile(t.database, file);
    const embedded = await openPglite(undefined);
    try {
      await restoreFromFile(embedded, file);
      await expectSame(t.database, embedded);
    } finally {
      await embedded.close();
    }
  }, 180_000);

  it('embedded database in use: the running server takes the snapshot, asked over its control socket; the CLI does the same', async () => {
    const data = path.join(dir, 'd');
    const live = await openPglite(data); // holds the folder's lock, like a running server
    const stop = await startControlSocket(live, data, () => {});
    try {
      await live.query("insert into unit_groups (name, sort_order) values ('控制套接字组', 1)");
      const file = path.join(dir, 'd.tar.gz');
      await backupFromServer(data, file);
      const copy = await openPglite(undefined);
      try {
        await restoreFromFile(copy, file);
        await expectSame(live, copy);
      } finally {
        await copy.close();
      }
      // The command itself, against the folder this process holds.
      const out = path.join(dir, 'cli.tar.gz');
      const r = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/backup.ts', '--out', out], {
        cwd: root,
        env: { ...process.env, BAOSONG_DATA: data, DATABASE_URL: '' },
      });
      expect(r.stdout).toMatch(/backup written/);
      expect(fs.existsSync(out)).toBe(true);
      // Restoring over the live folder is refused with a clear message (it is locked and not empty).
      const refused = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/restore.ts', '--in', out], {
        cwd: root,
        env: { ...process.env, BAOSONG_DATA: data, DATABASE_URL: '' },
      }).catch((e: { code: number; stderr: string }) => e);
      expect((refused as { code: number }).code).toBe(1);
      expect((refused as { stderr: string }).stderr).toMatch(/restore failed: .*in use by another Baosong process/);
      // Into a new folder it works.
      const fresh = path.join(dir, 'fresh');
      const ok = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/restore.ts', '--in', out], {
        cwd: root,
        env: { ...process.env, BAOSONG_DATA: fresh, DATABASE_URL: '' },
      });
      expect(ok.stdout).toMatch(/restored: \d+ rows/);
      const reopened = await openPglite(fresh);
      try {
        await expectSame(live, reopened);
      } finally {
        await reopened.close();
      }
    } finally {
      await stop();
      await live.close();
    }
  }, 300_000);
});
