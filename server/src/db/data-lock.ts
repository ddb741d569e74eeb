import fs from 'node:fs';
import path from 'node:path';

export interface DataLock {
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: two processes on one folder corrupt it silently. Take an exclusive lock file
 * holding our pid; refuse if a live process holds it; take over a stale one left by a killed process.
 */
export function acquireDataLock(dataDir: string): DataLock {
  const file = path.join(dataDir, 'baosong.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isFinite(owner) && owner !== process.pid && processAlive(owner)) {
        throw new DataLockedError(
          `The data folder ${dataDir} is in use by another Baosong process (pid ${owner}). ` +
            'Stop it first, or set BAOSONG_DATA to another folder.',
        );
      }
      fs.unlinkSync(file); // stale lock from a process that died
    }
  }
  throw new DataLockedError(`Could not lock the data folder ${dataDir}`);
}

export class DataLockedError extends Error {}
