/**
 * `npm run reindex`: fills the gaps of the duplicate and search indexes (features/search/reindex.ts) in the database
 * BAOSONG_DATA / DATABASE_URL names, then prints what it did. Safe to run again; with BAOSONG_DATA stop the server
 * first (the data folder is locked while it runs).
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { bootstrap } from '../bootstrap.js';
import { reindex } from '../features/search/reindex.js';
import { isStartupError } from './common.js';

try {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await bootstrap(database, config.adminPassword);
    const r = await reindex(database, { log: (m) => process.stderr.write(m + '\n') });
    console.log(`articles given search words: ${r.articleSearch}`);
    console.log(`articles added to the duplicate index: ${r.articleSignatures}`);
    console.log(`issue pieces added to the duplicate index: ${r.issueItemSignatures}`);
    console.log(`released issues given search entries: ${r.issueSearch}`);
    console.log(`released notices given search entries: ${r.noticeSearch}`);
  } finally {
    await database.close();
  }
} catch (e) {
  if (isStartupError(e)) {
    console.error(`Cannot reindex: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
