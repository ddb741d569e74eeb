import { boolean, index, integer, pgTable, primaryKey, real, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { articles } from './articles.js';

/**
 * The duplicate (雷同) index, in the database so every app process and both database kinds share it. A document is
 * an article's body or a published issue piece; its LSH band keys and winnowed fingerprints point back to it.
 */
export const dedupDocs = pgTable(
  'dedup_docs',
  {
    id: serial('id').primaryKey(),
    /** 'article' | 'issue_item' */
    kind: text('kind').notNull(),
    refId: integer('ref_id').notNull(),
    /** SHA-256 of the canonical text: re-indexing the same text is a no-op. */
    contentHash: text('content_hash').notNull(),
    charCount: integer('char_count').notNull(),
    indexedAt: timestamp('indexed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dedup_docs_ref_uq').on(t.kind, t.refId), index('dedup_docs_hash_idx').on(t.contentHash)],
);

/** MinHash LSH: one row per band; documents sharing a key are near-duplicate candidates. */
export const dedupBands = pgTable(
  'dedup_bands',
  {
    key: integer('key').notNull(),
    /** dedup_docs.id. No foreign key: a per-row check would dominate bulk loads, and rows go only with their doc. */
    docId: integer('doc_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.docId] }), index('dedup_bands_doc_idx').on(t.docId)],
);

/** Winnowed fingerprints (hash → document, position in the canonical text): candidates for copied passages. */
export const dedupFingerprints = pgTable(
  'dedup_fingerprints',
  {
    hash: integer('hash').notNull(),
    /** dedup_docs.id (no foreign key, as for the bands). */
    docId: integer('doc_id').notNull(),
    pos: integer('pos').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hash, t.docId] }), index('dedup_fingerprints_doc_idx').on(t.docId)],
);

/** How many documents carry each fingerprint: frequent ones are boilerplate and never make pieces look alike. */
export const dedupFingerprintDf = pgTable('dedup_fingerprint_df', {
  hash: integer('hash').primaryKey(),
  df: integer('df').notNull(),
});

/** The result of an article's last duplicate check, kept for the desk (flag, filter, panel). */
export const dedupMatches = pgTable(
  'dedup_matches',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    otherDocId: integer('other_doc_id')
      .notNull()
      .references(() => dedupDocs.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    jaccard: real('jaccard').notNull(),
    containment: real('containment').notNull(),
    longestPassage: integer('longest_passage').notNull(),
    /** At or above the thresholds in force when checked. */
    flagged: boolean('flagged').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.otherDocId] }), index('dedup_matches_flagged_idx').on(t.articleId, t.flagged)],
);
