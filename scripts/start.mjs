// `npm start`: builds the web app when it is missing or older than its sources, then runs the server in this process.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The web workspace's own Vite (npm may not hoist it). */
function viteBin(root) {
  const req = createRequire(path.join(root, 'web', 'package.json'));
  return path.join(path.dirname(req.resolve('vite/package.json')), 'bin', 'vite.js');
}

function webIsStale() {
  if (!fs.existsSync(dist)) return true;
  const built = fs.statSync(dist).mtimeMs;
  const sources = [path.join(root, 'web', 'src'), path.join(root, 'web', 'public'), path.join(root, 'packages', 'contract', 'src')];
  return sources.some((d) => fs.existsSync(d) && newestMtime(d) > built) || fs.statSync(path.join(root, 'web', 'index.html')).mtimeMs > built;
}

if (process.env.BAOSONG_SKIP_WEB_BUILD !== '1' && webIsStale()) {
  console.log('Building the web app…');
  execFileSync(process.execPath, [viteBin(root), 'build', '--logLevel', 'warn'], {
    cwd: path.join(root, 'web'),
    stdio: 'inherit',
  });
}

const { register } = await import('tsx/esm/api');
register();
await import('../server/src/main.ts');
