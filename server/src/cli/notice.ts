import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseNoticePeriod, type TDocNumber, type TNoticePeriod } from '@baosong/contract';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { todayShanghai } from '../lib/clock.js';
import { composeNotice, noticeText } from '../notices/compose.js';
import { noticeFacts, noticeHonours } from '../notices/facts.js';
import { renderNoticeDocx } from '../render/notice-docx.js';
import { getNoticeSettings } from '../features/notices/settings.js';
import { isStartupError, UsageError } from './common.js';

/**
 * `npm run notice -- --year 2014 --format text` prints the notice draft generated from the records of the database
 * BAOSONG_DATA or DATABASE_URL names (`--month 2014-06` for a monthly notice; `--format docx --out FILE` writes the
 * GB/T 9704 .docx). The issuing office, addressees, 抄送, date and document number can be given; see --help.
 */

export interface NoticeCommand {
  period: TNoticePeriod;
  format: 'text' | 'docx';
  out: string | null;
  /** null: from the administrator's notice settings in the database. */
  issuingOffice: string | null;
  office: string | null;
  addressees: string | null;
  copyTo: string | null;
  date: string | null;
  docNumber: TDocNumber | null;
}

export const NOTICE_USAGE = `usage: npm run notice -- (--year YYYY | --month YYYY-MM) [--format text|docx] [--out FILE]
  [--issuing-office 沧州市人民政府办公室] [--office 市政府办公室] [--addressees TEXT] [--copy-to TEXT]
  [--date YYYY-MM-DD] [--doc-prefix 沧政办字] [--doc-number N] [--doc-year YYYY]`;

/** The command line, checked; throws UsageError with what is wrong. */
export function parseNoticeArgs(argv: string[]): NoticeCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        year: { type: 'string' },
        month: { type: 'string' },
        format: { type: 'string', default: 'text' },
        out: { type: 'string' },
        'issuing-office': { type: 'string' },
        office: { type: 'string' },
        addressees: { type: 'string' },
        'copy-to': { type: 'string' },
        date: { type: 'string' },
        'doc-prefix': { type: 'string' },
        'doc-number': { type: 'string' },
        'doc-year': { type: 'string' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if ((values.year === undefined) === (values.month === undefined)) throw new UsageError('give either --year YYYY or --month YYYY-MM');
  const period = values.year !== undefined ? parseNoticePeriod(values.year) : parseNoticePeriod(values.month!);
  if (!period || (values.year !== undefined && period.kind !== 'annual') || (values.month !== undefined && period.kind !== 'monthly')) {
    throw new UsageError(values.year !== undefined ? `--year must be YYYY, got ${values.year}` : `--month must be YYYY-MM, got ${values.month}`);
  }
  const format = values.format;
  if (format !== 'text' && format !== 'docx') throw new UsageError(`--format must be text or docx, got ${format}`);
  if (format === 'docx' && !values.out) throw new UsageError('--format docx needs --out FILE');
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError(`--date must be YYYY-MM-DD, got ${values.date}`);
  let docNumber: TDocNumber | null = null;
  if (values['doc-number'] !== undefined) {
    const n = Number(values['doc-number']);
    if (!Number.isInteger(n) || n < 1 || n > 9999) throw new UsageError(`--doc-number must be a whole number from 1, got ${values['doc-number']}`);
    const year = values['doc-year'] !== undefined ? Number(values['doc-year']) : period.kind === 'annual' ? period.year + 1 : period.year;
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError(`--doc-year must be YYYY, got ${values['doc-year']}`);
    docNumber = { prefix: (values['doc-prefix'] ?? '').trim(), year, number: n };
  }
  return {
    period,
    format,
    out: values.out ?? null,
    issuingOffice: values['issuing-office'] ?? null,
    office: values.office ?? null,
    addressees: values.addressees ?? null,
    copyTo: values['copy-to'] ?? null,
    date: values.date ?? null,
    docNumber,
  };
}

async function main(): Promise<void> {
  let cmd: NoticeCommand;
  try {
    cmd = parseNoticeArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${NOTICE_USAGE}`);
    process.exit(2);
  }
  try {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const facts = await noticeFacts(database.db, cmd.period, await noticeHonours(database, cmd.period));
      if (facts.honours?.provisional) console.error('warning: the year’s assessment is not frozen; the honours are provisional (current scores).');
      // What the command line leaves out comes from the administrator's notice settings, as in the web app.
      const s = await getNoticeSettings(database.db);
      const content = composeNotice(facts, {
        office: cmd.office ?? s.office,
        issuingOffice: cmd.issuingOffice ?? s.issuingOffice,
        addressees: cmd.addressees ?? s.addressees,
        copyTo: cmd.copyTo ?? s.copyTo,
        date: cmd.date ?? todayShanghai(),
        requirements: s.requirements,
        mark: s.mark,
        printedBy: s.printedBy,
      });
      if (cmd.format === 'text') process.stdout.write(noticeText(content, cmd.docNumber));
      else {
        await writeFile(cmd.out!, await renderNoticeDocx({ content, docNumber: cmd.docNumber, mark: content.mark ?? null, printedBy: content.printedBy ?? null }));
        console.log(cmd.out);
      }
    } finally {
      await database.close();
    }
  } catch (e) {
    if (isStartupError(e)) {
      console.error(`Cannot generate the notice: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1] ?? '').href) await main();
