import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { ArchiveFormatError } from '../backup/archive.js';
import { BackupError } from '../backup/backup.js';
import { restoreFromFile } from '../backup/files.js';
import { isStartupError } from './common.js';

/**
 * `npm run restore -- --in FILE`: restores a backup into the EMPTY database BAOSONG_DATA or DATABASE_URL names (a new
 * data folder, or a newly created PostgreSQL database), before any server is started on it. Refuses a database that
 * holds anything. All or nothing: every table's row count and checksum is compared with the backup before committing.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const input = arg('--in');
if (!input) {
  console.error('Usage: npm run restore -- --in FILE');
  process.exit(2);
}
const file = path.resolve(input);
const started = Date.now();
try {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const r = await restoreFromFile(database, file);
    const rows = r.manifest.tables.reduce((s, t) => s + t.rows, 0);
    console.log(
      `恢复完成 / restored: ${rows} rows in ${r.manifest.tables.length} tables, ${r.manifest.attachments.count} attachments ` +
        `(backup of ${r.header.createdAt}, Baosong ${r.header.appVersion}, from ${r.header.source}) in ${((Date.now() - started) / 1000).toFixed(1)} s; every table checked.`,
    );
  } finally {
    await database.close();
  }
} catch (e) {
  if (isStartupError(e) || e instanceof BackupError || e instanceof ArchiveFormatError) {
    console.error(`恢复失败 / restore failed: ${e.message}`);
    process.exit(1);
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000') {
    console.error(`恢复失败 / restore failed: ${(e as Error).message}`);
    process.exit(1);
  }
  throw e;
}
