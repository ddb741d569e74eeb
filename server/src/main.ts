import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { DataFolderError, openDatabase } from './db/connect.js';
import { DataLockedError } from './db/data-lock.js';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { loadDemo, printDemo } from './demo.js';
import { startJobs } from './jobs/runner.js';
import { startControlSocket } from './backup/files.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const wantDemo = process.argv.includes('--demo');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (database.kind === 'postgres') {
    const [r] = await database.query<{ t: string }>("select show_trgm('中文')::text as t");
    if (!r || r.t === '{}') {
      console.warn('Warning: the PostgreSQL server does not split Chinese into trigrams; give the database a UTF-8 ctype.');
    }
  }
  const boot = await bootstrap(database, config.adminPassword);
  if (boot.generatedPassword) {
    console.log(`\n  管理员账户 admin 已创建 / administrator "admin" created`);
    console.log(`  初始密码 / initial password: ${boot.generatedPassword}`);
    console.log(`  首次登录后须修改 / it must be changed at first login\n`);
  }
  if (wantDemo) {
    const demo = await loadDemo(database);
    if (demo.loaded) printDemo(demo.passwords);
    else console.log('Demo data not loaded: the database already has reporting units.');
  }
  const app = await buildApp(database, {
    settings: { ...config, webDist: config.webDist ?? path.resolve(here, '../../web/dist') },
    logger: { level: config.logLevel },
  });
  // Scheduled work (reminders, missing answers, the outbox); safe when several processes share one PostgreSQL.
  const stopJobs = config.jobs ? startJobs(database, config.jobSettings, config.jobsIntervalMs, (e) => app.log.error(e, 'scheduled work failed')) : async () => {};
  // Embedded database: `npm run backup` asks this process for the snapshot over a socket in the data folder.
  const stopControl =
    database.kind === 'pglite' && config.dataDir
      ? await startControlSocket(database, config.dataDir, (msg, e) => (e ? app.log.error(e, msg) : app.log.warn(msg)))
      : async () => {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    try {
      await stopJobs();
      await stopControl();
      await app.close();
      await database.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? config.dataDir : 'PostgreSQL';
  console.log(`Baosong listening on http://${config.host}:${config.port} (database: ${database.kind}, ${where}; ready in ${Date.now() - started} ms)`);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataLockedError || e instanceof DataFolderError) {
    console.error(`Baosong cannot start: ${e.message}`);
  } else if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`Baosong cannot start: the port is already in use (${(e as Error).message}). Set PORT to another port.`);
  } else if ((e as NodeJS.ErrnoException)?.code === 'ECONNREFUSED' || (e as NodeJS.ErrnoException)?.code === 'ENOTFOUND') {
    console.error(`Baosong cannot start: the PostgreSQL server in DATABASE_URL cannot be reached (${(e as Error).message}).`);
  } else if (['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM'].includes((e as NodeJS.ErrnoException)?.code ?? '')) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(`Baosong cannot start: ${code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : code === 'EROFS' ? 'a read-only file system' : 'permission denied'} (${(e as Error).message}).`);
  } else {
    // No stack trace for the operator; it is there with BAOSONG_LOG_LEVEL=debug.
    console.error(`Baosong cannot start: ${(e as Error)?.message ?? e}`);
    if (process.env.BAOSONG_LOG_LEVEL === 'debug' || process.env.BAOSONG_LOG_LEVEL === 'trace') console.error(e);
  }
  process.exit(1);
});
