import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e suite runs against the built web app: build it once, before any spec. */
function viteBin(root: string): string {
  const req = createRequire(path.join(root, 'web', 'package.json'));
  return path.join(path.dirname(req.resolve('vite/package.json')), 'bin', 'vite.js');
}

export default function setup() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [viteBin(root), 'build', '--logLevel', 'warn'], {
    cwd: path.join(root, 'web'),
    stdio: 'inherit',
  });
}
