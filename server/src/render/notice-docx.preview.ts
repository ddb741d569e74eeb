/**
 * The seed notice as the product composes it, for looking at the notice layout (not part of the app):
 *
 *   node --import tsx server/src/render/notice-docx.preview.ts [out-dir]
 *
 * writes sample-notice.docx to out-dir (default: the system temp dir). The tests use the same sample.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeNotice } from '../notices/compose.js';
import { seedFacts2014 } from '../notices/seed-facts.js';
import { renderNoticeDocx, type NoticeDocInput } from './notice-docx.js';

export function sampleNotice(): NoticeDocInput {
  return {
    content: composeNotice(seedFacts2014(), {
      office: '市政府办公室',
      issuingOffice: '沧州市人民政府办公室',
      addressees: '各县（市、区）人民政府，渤海新区管委会，市政府各部门',
      copyTo: '市委办公室，市人大常委会办公室，市政协办公室',
      date: '2015-01-12',
    }),
    docNumber: { prefix: '沧政办字', year: 2015, number: 3 },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = join(process.argv[2] ?? tmpdir(), 'sample-notice.docx');
  await writeFile(out, await renderNoticeDocx(sampleNotice()));
  console.log(out);
}
