/** The archive import's work: walk a folder tree, read each file, match its unit, skip what is known, bulk-insert. */
import fs from 'node:fs';
import path from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { dedupDocs, units, users } from '../../db/schema.js';
import type { Database } from '../../db/connect.js';
import { DocxImportError, importDocx } from '../../text/docx-import.js';
import { htmlToPlainText, sanitizeArticleHtml } from '../../text/sanitize.js';
import { insertHistorical, prepareHistorical, type PreparedArticle } from './bulk.js';
import { maintainDedupIndex } from './maintenance.js';

export interface ArchiveReport {
  imported: number;
  skipped: { file: string; reason: string }[];
  unmatchedFolders: string[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A date in a file name: 2019-03-15, 2019.3.15, 20190315, 2019年3月15日; or 3月15日 / 0315 with a known year. */
export function dateFromName(name: string, year?: number): Date | null {
  const mk = (y: number, m: number, d: number) => {
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
    return new Date(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:00:00+08:00`);
  };
  let m = name.match(/(\d{4})\s*[-._年]\s*(\d{1,2})\s*[-._月]\s*(\d{1,2})/);
  if (m) return mk(+m[1]!, +m[2]!, +m[3]!);
  m = name.match(/(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/);
  if (m) return mk(+m[1]!, +m[2]!, +m[3]!);
  m = name.match(/(\d{1,2})\s*月\s*(\d{1,2})\s*日/);
  if (m && year) return mk(year, +m[1]!, +m[2]!);
  return null;
}

function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    // Older Chinese text files are GB18030 (GBK).
    return new TextDecoder('gb18030').decode(buf);
  }
}

interface ReadFile {
  title: string;
  bodyHtml: string;
}

async function readFile(file: string): Promise<ReadFile | { error: string }> {
  const ext = path.extname(file).toLowerCase();
  const buf = fs.readFileSync(file);
  const fallbackTitle = path.basename(file, path.extname(file)).trim();
  if (ext === '.txt') {
    const lines = decodeText(buf)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (!lines.length) return { error: 'empty file' };
    const [first, ...rest] = lines;
    const title = rest.length && first!.length <= 60 ? first! : fallbackTitle;
    const body = rest.length && first!.length <= 60 ? rest : lines;
    return { title, bodyHtml: sanitizeArticleHtml(body.map((l) => `<p>${esc(l)}</p>`).join('')) };
  }
  if (ext === '.docx') {
    try {
      const doc = await importDocx(buf);
      // Pictures stay in the Word file: the archive keeps the text.
      return { title: doc.title ?? fallbackTitle, bodyHtml: sanitizeArticleHtml(doc.bodyHtml.replace(/<img[^>]*>/g, '')) };
    } catch (e) {
      if (e instanceof DocxImportError) return { error: `not a readable Word file (${e.code})` };
      throw e;
    }
  }
  if (ext === '.doc' || ext === '.wps') return { error: 'old Word format: save it as .docx first' };
  return { error: 'not a .docx or .txt file' };
}

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('~$')) yield p;
  }
}

export async function importArchive(database: Database, root: string, opts: { year?: number; log?: (m: string) => void } = {}): Promise<ArchiveReport> {
  const { db } = database;
  const report: ArchiveReport = { imported: 0, skipped: [], unmatchedFolders: [] };
  const allUnits = await db.select({ id: units.id, name: units.name, shortName: units.shortName }).from(units);
  const unitByName = new Map<string, number>();
  for (const u of allUnits) {
    unitByName.set(u.name.trim(), u.id);
    if (u.shortName) unitByName.set(u.shortName.trim(), u.id);
  }
  const [admin] = await db.select({ id: users.id }).from(users).where(sql`${users.roles} @> array['administrator']::text[]`).orderBy(users.id).limit(1);
  if (!admin) throw new Error('no administrator to record as the importer');
  const seen = new Set<string>();
  let batch: { a: PreparedArticle; file: string }[] = [];
  const rel = (f: string) => path.relative(root, f);
  const write = async (files: { a: PreparedArticle; file: string }[]) => {
    // Idempotent: texts already indexed (an earlier run, or the same file twice) are not imported again.
    const known = new Set(
      (await db.select({ h: dedupDocs.contentHash }).from(dedupDocs).where(inArray(dedupDocs.contentHash, files.map((b) => b.a.entry.contentHash)))).map((r) => r.h),
    );
    const fresh = files.filter((b) => !known.has(b.a.entry.contentHash)).map((b) => b.a);
    for (const b of files) if (known.has(b.a.entry.contentHash)) report.skipped.push({ file: b.file, reason: 'already imported (same text)' });
    if (fresh.length) await db.transaction((tx) => insertHistorical(tx, fresh));
    report.imported += fresh.length;
    opts.log?.(`imported ${report.imported}`);
  };
  // One batch is written while the next files are read and prepared (the database works while this thread does).
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (!batch.length) return;
    const files = batch;
    batch = [];
    writing = write(files);
    writing.catch(() => {}); // rethrown by the next flush's await
  };
  for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(root, entry.name);
    if (entry.isFile()) {
      report.skipped.push({ file: rel(p), reason: 'not inside a unit folder' });
      continue;
    }
    if (!entry.isDirectory()) continue;
    const unitId = unitByName.get(entry.name.trim());
    if (!unitId) {
      report.unmatchedFolders.push(entry.name);
      for (const f of walk(p)) report.skipped.push({ file: rel(f), reason: `folder "${entry.name}" matches no unit` });
      continue;
    }
    for (const file of walk(p)) {
      const r = await readFile(file);
      if ('error' in r) {
        report.skipped.push({ file: rel(file), reason: r.error });
        continue;
      }
      const bodyText = htmlToPlainText(r.bodyHtml);
      if (!bodyText.trim()) {
        report.skipped.push({ file: rel(file), reason: 'no text' });
        continue;
      }
      const date = dateFromName(path.basename(file), opts.year) ?? fs.statSync(file).mtime;
      const prepared = prepareHistorical({ unitId, createdById: admin.id, title: r.title, bodyHtml: r.bodyHtml, bodyText, state: 'archived', date });
      if (seen.has(prepared.entry.contentHash)) {
        report.skipped.push({ file: rel(file), reason: 'same text as another file in this import' });
        continue;
      }
      seen.add(prepared.entry.contentHash);
      batch.push({ a: prepared, file: rel(file) });
      if (batch.length >= 200) await flush();
    }
  }
  await flush();
  await writing;
  // A large import: vacuum the index now (see maintenance.ts) rather than at the next jobs round.
  await maintainDedupIndex(database);
  return report;
}
