/**
 * `npm run import:archive -- --dir DIR [--year Y]`: imports an office's past articles from a tree of Word (.docx) and
 * text (.txt) files as historical, already-decided articles (state `archived`), indexed for duplicates and search.
 *
 * DIR/<unit>/…/<file>: the first folder level names the unit (its full or short name, exactly); folders that match no
 * unit are reported, never guessed. Title: the document's title (Word) or first line (text), else the file name.
 * Date: from the file name (2019-03-15, 20190315, 2019年3月15日, or 3月15日 with --year), else the file's
 * modification time. Running it again imports nothing twice: a file whose canonical text is already indexed is
 * skipped. Uses BAOSONG_DATA / DATABASE_URL like the server and takes the data-folder lock like it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, type Database } from '../db/connect.js';
import { bootstrap } from '../bootstrap.js';
import { importArchive, type ArchiveReport } from '../features/dedup/archive.js';
import { isStartupError } from './common.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function print(r: ArchiveReport) {
  console.log(`imported: ${r.imported}`);
  if (r.unmatchedFolders.length) console.log(`folders matching no unit (not imported): ${r.unmatchedFolders.join(', ')}`);
  if (r.skipped.length) {
    console.log(`skipped: ${r.skipped.length}`);
    for (const s of r.skipped) console.log(`  ${s.file}: ${s.reason}`);
  }
}

try {
  const dir = arg('dir');
  const yearArg = arg('year');
  if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ConfigError('--dir must name a folder');
  const year = yearArg ? Number(yearArg) : undefined;
  if (year !== undefined && !(Number.isInteger(year) && year >= 1990 && year <= 2100)) throw new ConfigError('--year must be a year such as 2019');
  const config = loadConfig();
  const database: Database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await bootstrap(database, config.adminPassword);
    print(await importArchive(database, path.resolve(dir), { year, log: (m) => process.stderr.write(m + '\n') }));
  } finally {
    await database.close();
  }
} catch (e) {
  if (isStartupError(e)) {
    console.error(`Cannot import: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
