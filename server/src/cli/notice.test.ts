import { describe, expect, it } from 'vitest';
import { parseNoticeArgs } from './notice.js';
import { UsageError } from './common.js';

describe('npm run notice: the command line', () => {
  it('reads a year or a month, the format and the document number', () => {
    expect(parseNoticeArgs(['--year', '2014'])).toMatchObject({ period: { kind: 'annual', year: 2014 }, format: 'text', out: null, docNumber: null });
    expect(parseNoticeArgs(['--month', '2014-06', '--format', 'docx', '--out', 'n.docx'])).toMatchObject({
      period: { kind: 'monthly', year: 2014, month: 6 },
      format: 'docx',
      out: 'n.docx',
    });
    // An annual notice is numbered in the following year unless told otherwise.
    expect(parseNoticeArgs(['--year', '2014', '--doc-prefix', '沧政办字', '--doc-number', '3']).docNumber).toEqual({ prefix: '沧政办字', year: 2015, number: 3 });
    expect(parseNoticeArgs(['--month', '2014-06', '--doc-number', '7', '--doc-year', '2014']).docNumber).toEqual({ prefix: '', year: 2014, number: 7 });
    expect(parseNoticeArgs(['--year', '2014', '--issuing-office', '沧州市人民政府办公室', '--date', '2015-01-12'])).toMatchObject({
      issuingOffice: '沧州市人民政府办公室',
      date: '2015-01-12',
    });
  });

  it('refuses what it cannot use, saying what is wrong', () => {
    const bad: Array<[string[], RegExp]> = [
      [[], /--year YYYY or --month/],
      [['--year', '2014', '--month', '2014-06'], /either/],
      [['--year', '2014-06'], /--year must be YYYY/],
      [['--month', '2014-13'], /--month must be YYYY-MM/],
      [['--year', '2014', '--format', 'pdf'], /--format must be text or docx/],
      [['--year', '2014', '--format', 'docx'], /needs --out/],
      [['--year', '2014', '--doc-number', '0'], /--doc-number/],
      [['--year', '2014', '--date', '2015/1/12'], /--date/],
      [['--year', '2014', '--colour', 'red'], /colour/],
    ];
    for (const [argv, message] of bad) expect(() => parseNoticeArgs(argv), argv.join(' ')).toThrow(message);
    expect(() => parseNoticeArgs([])).toThrow(UsageError);
  });
});
