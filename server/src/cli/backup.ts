import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openPglite, openPostgres, type Database } from '../db/connect.js';
import { DataLockedError } from '../db/data-lock.js';
import { ArchiveFormatError } from '../backup/archive.js';
import { BackupError } from '../backup/backup.js';
import { backupFromServer, backupToFile } from '../backup/files.js';
import { isStartupError } from './common.js';

/**
 * `npm run backup -- --out FILE`: a consistent backup of the database BAOSONG_DATA or DATABASE_URL names, attachments
 * included, as one .tar.gz. PostgreSQL: read in a snapshot transaction, whether or not app processes are running.
 * Embedded database: when a server is running on the folder it makes the backup itself (asked over the control socket
 * in the data folder); otherwise this command opens the folder.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const out = arg('--out');
if (!out) {
  console.error('Usage: npm run backup -- --out FILE');
  process.exit(2);
}
const file = path.resolve(out);
const started = Date.now();
try {
  const config = loadConfig();
  let database: Database | undefined;
  if (config.databaseUrl) {
    database = await openPostgres(config.databaseUrl, { max: 1 });
  } else {
    if (!fs.existsSync(path.join(config.dataDir, 'pgdata'))) throw new BackupError(`There is no embedded database in ${config.dataDir} (set BAOSONG_DATA).`);
    try {
      database = await openPglite(config.dataDir);
    } catch (e) {
      if (!(e instanceof DataLockedError)) throw e;
      console.log('The server is running on this data folder: it takes the snapshot (its other requests wait meanwhile).');
      await backupFromServer(config.dataDir, file);
    }
  }
  if (database) {
    try {
      await backupToFile(database, file);
    } finally {
      await database.close();
    }
  }
  const size = fs.statSync(file).size;
  console.log(`备份完成 / backup written: ${file} (${(size / 1024 / 1024).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (e) {
  if (isStartupError(e) || e instanceof BackupError || e instanceof ArchiveFormatError) {
    console.error(`备份失败 / backup failed: ${e.message}`);
    process.exit(1);
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ENOENT' || code === 'EACCES' || code === 'ENOSPC') {
    console.error(`备份失败 / backup failed: ${(e as Error).message}`);
    process.exit(1);
  }
  throw e;
}
