import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { verifyAuditChain } from '../lib/audit.js';
import { isStartupError } from './common.js';

/**
 * `npm run audit:verify`: walks the audit chain of the database BAOSONG_DATA or DATABASE_URL names and reports the
 * first broken link. Exit status 0 when the chain is whole, 1 when it is broken, 2 when the database cannot be read.
 * The embedded database is locked by a running server: stop it first, or have an auditor use 审计日志 → 校验 instead.
 */
try {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const r = await verifyAuditChain(database);
    const json = process.argv.includes('--json');
    if (json) console.log(JSON.stringify(r));
    else if (r.ok) {
      console.log(`审计日志完整 / audit chain intact: ${r.checked} records checked` + (r.unchained ? `, ${r.unchained} older records without a hash` : '') + (r.anchor ? `; starts after record ${r.anchor.id} (retention purge ${r.anchor.purgedAt})` : ''));
    } else {
      const b = r.firstBroken!;
      console.log(`审计日志被改动 / audit chain BROKEN at record ${b.id} (${b.reason}): expected ${b.expected}, found ${b.found ?? 'nothing'}. ${r.checked} records before it are intact.`);
    }
    process.exitCode = r.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (e) {
  if (isStartupError(e)) {
    console.error(`Cannot verify the audit trail: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
