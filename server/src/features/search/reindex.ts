/**
 * Backfill of the duplicate and search indexes (`npm run reindex`): whatever lacks its index rows gets them — rows
 * written before an index existed, imports interrupted half-way, released issues and notices from before their
 * search entries. Safe to run any time and again: it only fills gaps, in batches, each in its own transaction.
 */
import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { articles, issueItems, issues, notices } from '../../db/schema.js';
import type { Database } from '../../db/connect.js';
import { indexTokens } from '../../text/segment.js';
import { indexEntryFor, writeIndexEntry } from '../dedup/index-store.js';
import { issueSearchEntries, missingSearchEntries, noticeSearchEntry, prepareSearchEntry, writeSearchEntries } from './entries.js';

export interface ReindexReport {
  /** Articles whose search words were computed. */
  articleSearch: number;
  /** Submitted or archived articles added to the duplicate index. */
  articleSignatures: number;
  /** Pieces of released issues added to the duplicate index. */
  issueItemSignatures: number;
  /** Released issues and notices given search entries. */
  issueSearch: number;
  noticeSearch: number;
}

const BATCH = 200;

export async function reindex(database: Database, opts: { log?: (m: string) => void } = {}): Promise<ReindexReport> {
  const { db } = database;
  const log = opts.log ?? (() => {});
  const report: ReindexReport = { articleSearch: 0, articleSignatures: 0, issueItemSignatures: 0, issueSearch: 0, noticeSearch: 0 };

  // 1. Articles without search words (title or body present, tokens empty).
  for (let after = 0; ; ) {
    const rows = await db
      .select({ id: articles.id, title: articles.title, bodyText: articles.bodyText })
      .from(articles)
      .where(
        and(
          sql`${articles.id} > ${after}`,
          sql`${articles.searchTitle} = '' and ${articles.searchBody} = ''`,
          or(sql`${articles.title} <> ''`, sql`${articles.bodyText} <> ''`),
        ),
      )
      .orderBy(articles.id)
      .limit(BATCH);
    if (!rows.length) break;
    const computed = rows.map((r) => ({ id: r.id, searchTitle: indexTokens(r.title), searchBody: indexTokens(r.bodyText) }));
    await db.transaction(async (tx) => {
      for (const c of computed) await tx.update(articles).set({ searchTitle: c.searchTitle, searchBody: c.searchBody }).where(eq(articles.id, c.id));
    });
    report.articleSearch += rows.length;
    after = rows[rows.length - 1]!.id;
    log(`search words: ${report.articleSearch} articles`);
  }

  // 2. Articles that went through the desk (or were archived) but have no duplicate signature.
  for (let after = 0; ; ) {
    const rows = await db
      .select({ id: articles.id, bodyText: articles.bodyText })
      .from(articles)
      .where(
        and(
          sql`${articles.id} > ${after}`,
          or(isNotNull(articles.firstSubmittedAt), eq(articles.state, 'archived')),
          sql`${articles.bodyText} <> ''`,
          sql`not exists (select 1 from dedup_docs d where d.kind = 'article' and d.ref_id = ${articles.id})`,
        ),
      )
      .orderBy(articles.id)
      .limit(BATCH);
    if (!rows.length) break;
    const entries = rows.map((r) => ({ id: r.id, entry: indexEntryFor(r.bodyText) }));
    await db.transaction(async (tx) => {
      for (const e of entries) await writeIndexEntry(tx, 'article', e.id, e.entry);
    });
    report.articleSignatures += rows.length;
    after = rows[rows.length - 1]!.id;
    log(`duplicate index: ${report.articleSignatures} articles`);
  }

  // 3. Pieces of released issues without a duplicate signature.
  const pieces = await db
    .select({ id: issueItems.id, bodyText: issueItems.bodyText })
    .from(issueItems)
    .innerJoin(issues, eq(issues.id, issueItems.issueId))
    .where(
      and(
        eq(issues.state, 'released'),
        eq(issueItems.kind, 'piece'),
        sql`${issueItems.bodyText} <> ''`,
        sql`not exists (select 1 from dedup_docs d where d.kind = 'issue_item' and d.ref_id = ${issueItems.id})`,
      ),
    )
    .orderBy(issueItems.id);
  for (let i = 0; i < pieces.length; i += BATCH) {
    const entries = pieces.slice(i, i + BATCH).map((p) => ({ id: p.id, entry: indexEntryFor(p.bodyText) }));
    await db.transaction(async (tx) => {
      for (const e of entries) await writeIndexEntry(tx, 'issue_item', e.id, e.entry);
    });
    report.issueItemSignatures += entries.length;
  }

  // 4. Search entries of released issues and notices.
  const missing = await missingSearchEntries(db);
  for (const issueId of missing.issueIds) {
    const entries = (await issueSearchEntries(db, issueId)).map(prepareSearchEntry);
    await db.transaction((tx) => writeSearchEntries(tx, entries));
    report.issueSearch++;
  }
  if (missing.noticeIds.length) {
    const rows = await db
      .select({ id: notices.id, content: notices.content, docNumber: notices.docNumber, releasedAt: notices.releasedAt })
      .from(notices)
      .where(inArray(notices.id, missing.noticeIds));
    const entries = rows.map((r) => prepareSearchEntry(noticeSearchEntry(r)));
    await db.transaction((tx) => writeSearchEntries(tx, entries));
    report.noticeSearch = rows.length;
  }
  return report;
}
