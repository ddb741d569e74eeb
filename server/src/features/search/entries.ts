/**
 * The search index of released issue pieces and released notices (search_entries). Entries are written when an issue
 * or a notice is released — neither changes afterwards — and by `npm run reindex` for whatever lacks one.
 */
import { and, eq, sql } from 'drizzle-orm';
import { formatDocNumber, renderNoticeParagraph, type TDocNumber, type TNoticeContent } from '@baosong/contract';
import { issueItems, issues, notices, publications, searchEntries } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';
import { indexTokens } from '../../text/segment.js';

export interface SearchEntryInput {
  kind: 'issue_item' | 'notice';
  refId: number;
  issueId: number | null;
  publicationId: number | null;
  title: string;
  bodyText: string;
  source: string;
  date: Date | null;
}

export interface PreparedSearchEntry extends SearchEntryInput {
  searchTitle: string;
  searchBody: string;
}

/** Segmentation (CPU work): before the transaction when the caller can. */
export function prepareSearchEntry(e: SearchEntryInput): PreparedSearchEntry {
  return { ...e, searchTitle: indexTokens(e.title), searchBody: indexTokens(e.bodyText) };
}

/** Inserts or replaces entries (by kind and ref). `date` overrides the entries' own (the release time, in the release transaction). */
export async function writeSearchEntries(tx: DbOrTx, entries: PreparedSearchEntry[], date?: Date): Promise<void> {
  for (const e of entries) {
    const values = { ...e, date: date ?? e.date };
    await tx
      .insert(searchEntries)
      .values(values)
      .onConflictDoUpdate({
        target: [searchEntries.kind, searchEntries.refId],
        set: {
          issueId: values.issueId,
          publicationId: values.publicationId,
          title: values.title,
          bodyText: values.bodyText,
          source: values.source,
          date: values.date,
          searchTitle: values.searchTitle,
          searchBody: values.searchBody,
        },
      });
  }
}

export function issueSource(pubName: string, i: { year: number; number: number; totalNumber: number }): string {
  return `${pubName} ${i.year}年第${i.number}期（总第${i.totalNumber}期）`;
}

/** The pieces of an issue as search entries (dated when it was released, or `now` while it is being released). */
export async function issueSearchEntries(db: DbOrTx, issueId: number): Promise<SearchEntryInput[]> {
  const rows = await db
    .select({
      id: issueItems.id,
      title: issueItems.title,
      bodyText: issueItems.bodyText,
      publicationId: issues.publicationId,
      year: issues.year,
      number: issues.number,
      totalNumber: issues.totalNumber,
      releasedAt: issues.releasedAt,
      pubName: publications.name,
    })
    .from(issueItems)
    .innerJoin(issues, eq(issues.id, issueItems.issueId))
    .innerJoin(publications, eq(publications.id, issues.publicationId))
    .where(and(eq(issueItems.issueId, issueId), eq(issueItems.kind, 'piece')))
    .orderBy(issueItems.position);
  return rows.map((r) => ({
    kind: 'issue_item',
    refId: r.id,
    issueId,
    publicationId: r.publicationId,
    title: r.title,
    bodyText: r.bodyText,
    source: issueSource(r.pubName, r),
    date: r.releasedAt,
  }));
}

/** The words of a notice: title, headings and every paragraph with its figures filled in. */
export function noticeText(content: TNoticeContent): string {
  const lines: string[] = [content.addressees];
  for (const s of content.sections) {
    lines.push(s.heading);
    for (const p of s.paragraphs) lines.push(renderNoticeParagraph(p));
  }
  lines.push(content.issuingOffice);
  return lines.filter((l) => l.trim()).join('\n');
}

export function noticeSearchEntry(n: { id: number; content: TNoticeContent; docNumber: TDocNumber | null; releasedAt: Date | null }): SearchEntryInput {
  return {
    kind: 'notice',
    refId: n.id,
    issueId: null,
    publicationId: null,
    title: n.content.title,
    bodyText: noticeText(n.content),
    source: n.docNumber ? formatDocNumber(n.docNumber) : '',
    date: n.releasedAt,
  };
}

/** Released issues and notices without a search entry (the backfill's work list). */
export async function missingSearchEntries(db: DbOrTx): Promise<{ issueIds: number[]; noticeIds: number[] }> {
  const issueIds = await db
    .selectDistinct({ id: issues.id })
    .from(issues)
    .innerJoin(issueItems, and(eq(issueItems.issueId, issues.id), eq(issueItems.kind, 'piece')))
    .where(
      and(
        eq(issues.state, 'released'),
        sql`not exists (select 1 from search_entries e where e.kind = 'issue_item' and e.ref_id = ${issueItems.id})`,
      ),
    );
  const noticeIds = await db
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.state, 'released'), sql`not exists (select 1 from search_entries e where e.kind = 'notice' and e.ref_id = ${notices.id})`));
  return { issueIds: issueIds.map((r) => r.id).sort((a, b) => a - b), noticeIds: noticeIds.map((r) => r.id) };
}
