import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { bootstrap } from '../bootstrap.js';
import { loadDemo, printDemo } from '../demo.js';
import { isStartupError } from './common.js';

/** `npm run demo`: loads the demo data into the database BAOSONG_DATA or DATABASE_URL names, then exits. */
try {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const boot = await bootstrap(database, config.adminPassword);
    if (boot.generatedPassword) console.log(`administrator "admin" created; initial password: ${boot.generatedPassword} (change it at first login)`);
    const r = await loadDemo(database);
    if (r.loaded) printDemo(r.passwords);
    else console.log('演示数据未载入：数据库中已有报送单位。 / Demo data not loaded: the database already has reporting units.');
  } finally {
    await database.close();
  }
} catch (e) {
  if (isStartupError(e)) {
    console.error(`Cannot load demo data: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
