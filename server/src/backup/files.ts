import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../db/connect.js';
import { tarGzEntries, tarGzWriter } from './archive.js';
import { BackupError, exportDatabase, restoreDatabase, type BackupManifest, type RestoreResult } from './backup.js';

/** Writes a backup of `database` to `file` (through a temporary name, so a failed backup leaves no half file). */
export async function backupToFile(database: Database, file: string): Promise<BackupManifest> {
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp);
  try {
    const w = tarGzWriter(out);
    const manifest = await exportDatabase(database, w);
    await w.finish();
    fs.renameSync(tmp, file);
    return manifest;
  } catch (e) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export async function restoreFromFile(database: Database, file: string): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new BackupError(`The backup file ${file} does not exist.`);
  return restoreDatabase(database, tarGzEntries(fs.createReadStream(file)));
}

/**
 * The embedded database has a single connection owned by the running server, so a backup taken while it runs is
 * made by the server itself: it listens on a Unix socket inside the data folder (only whoever may read the data
 * folder can reach it; nothing is opened on the network) and streams the archive to the `npm run backup` command.
 */
export const CONTROL_SOCKET = 'control.sock';

export function controlSocketPath(dataDir: string): string | undefined {
  const p = path.join(dataDir, CONTROL_SOCKET);
  return Buffer.byteLength(p) < 100 ? p : undefined; // Unix socket paths are limited to ~104 bytes
}

export async function startControlSocket(database: Database, dataDir: string, log: (msg: string, e?: unknown) => void): Promise<() => Promise<void>> {
  const socketPath = controlSocketPath(dataDir);
  if (!socketPath) {
    log(`The data folder path is too long for the backup control socket; npm run backup needs the server stopped.`);
    return async () => {};
  }
  fs.rmSync(socketPath, { force: true }); // left by a killed process; we hold the data folder's lock
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/backup') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip' });
    const w = tarGzWriter(res);
    exportDatabase(database, w)
      .then(() => w.finish())
      .catch((e: unknown) => {
        log('backup over the control socket failed', e);
        res.destroy(e as Error);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(socketPath, { force: true });
  };
}

/** Asks the server running on `dataDir` for a backup and writes it to `file`. */
export async function backupFromServer(dataDir: string, file: string): Promise<void> {
  const socketPath = controlSocketPath(dataDir);
  if (!socketPath || !fs.existsSync(socketPath)) {
    throw new BackupError(`The server using ${dataDir} offers no backup socket (an older version, or the folder path is too long). Stop it and run the backup again.`);
  }
  const tmp = `${file}.partial`;
  try {
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ socketPath, path: '/backup' }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new BackupError(`The running server refused the backup (HTTP ${res.statusCode}).`));
          return;
        }
        pipeline(res, fs.createWriteStream(tmp))
          .then(() => (res.complete ? resolve() : reject(new BackupError('The running server stopped sending the backup before its end.'))))
          .catch((e: unknown) => reject(new BackupError(`The backup from the running server was cut short (${(e as Error).message}).`)));
      });
      req.on('error', (e) => reject(new BackupError(`Cannot reach the running server's backup socket (${e.message}).`)));
    });
    // The server cannot report a failure once it has started sending: check the archive is whole.
    let sawManifest = false;
    for await (const entry of tarGzEntries(fs.createReadStream(tmp))) if (entry.name === 'manifest.json') sawManifest = true;
    if (!sawManifest) throw new BackupError('The backup from the running server is incomplete.');
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
