/**
 * Loading many decided articles at once (archive import, benchmarks): the same signature, search tokens and index
 * rows as a submission, written with multi-row inserts in one transaction per batch.
 */
import { articles, dedupDocs } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';
import { indexTokens } from '../../text/segment.js';
import { indexEntryFor, writeSignatureRows, type IndexEntry } from './index-store.js';

export interface HistoricalArticle {
  unitId: number;
  createdById: number;
  title: string;
  bodyHtml: string;
  bodyText: string;
  type?: string;
  state: 'adopted' | 'not_adopted';
  /** When it was received (the article's date). */
  date: Date;
}

export interface PreparedArticle extends HistoricalArticle {
  searchTitle: string;
  searchBody: string;
  entry: IndexEntry;
}

/** CPU work, before any transaction. */
export function prepareHistorical(a: HistoricalArticle): PreparedArticle {
  return { ...a, searchTitle: indexTokens(a.title), searchBody: indexTokens(a.bodyText), entry: indexEntryFor(a.bodyText) };
}

/** Inside the caller's transaction: the articles, their duplicate index rows and frequencies. Returns the new ids. */
export async function insertHistorical(tx: DbOrTx, batch: PreparedArticle[]): Promise<number[]> {
  if (!batch.length) return [];
  const inserted = await tx
    .insert(articles)
    .values(
      batch.map((a) => ({
        unitId: a.unitId,
        createdById: a.createdById,
        title: a.title,
        bodyHtml: a.bodyHtml,
        bodyText: a.bodyText,
        type: a.type ?? 'news',
        state: a.state,
        submittedAt: a.date,
        firstSubmittedAt: a.date,
        decidedAt: a.date,
        createdAt: a.date,
        updatedAt: a.date,
        searchTitle: a.searchTitle,
        searchBody: a.searchBody,
      })),
    )
    .returning({ id: articles.id });
  const ids = inserted.map((r) => r.id);
  const docs = await tx
    .insert(dedupDocs)
    .values(batch.map((a, i) => ({ kind: 'article', refId: ids[i]!, contentHash: a.entry.contentHash, charCount: a.entry.signature.length })))
    .returning({ id: dedupDocs.id, refId: dedupDocs.refId });
  const docByRef = new Map(docs.map((d) => [d.refId, d.id]));
  await writeSignatureRows(
    tx,
    batch.map((a, i) => ({ docId: docByRef.get(ids[i]!)!, signature: a.entry.signature })),
  );
  return ids;
}
