import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tsvector } from './articles.js';

/**
 * The search index of what is published besides articles: the pieces of released issues and released notices.
 * Written when they are released (they never change afterwards) and by `npm run reindex`; articles keep their own
 * columns (they change while they are worked on).
 */
export const searchEntries = pgTable(
  'search_entries',
  {
    id: serial('id').primaryKey(),
    /** 'issue_item' | 'notice' */
    kind: text('kind').notNull(),
    /** issue_items.id or notices.id */
    refId: integer('ref_id').notNull(),
    /** For issue pieces: the issue and its publication (the publication filter). */
    issueId: integer('issue_id'),
    publicationId: integer('publication_id'),
    title: text('title').notNull(),
    bodyText: text('body_text').notNull(),
    /** Publication name and 第N期, or the notice's document number: shown with the hit. */
    source: text('source').notNull().default(''),
    date: timestamp('date', { withTimezone: true }),
    searchTitle: text('search_title').notNull().default(''),
    searchBody: text('search_body').notNull().default(''),
    searchTsv: tsvector('search_tsv').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, search_title), 'A') || setweight(to_tsvector('simple'::regconfig, search_body), 'B')`,
    ),
  },
  (t) => [
    uniqueIndex('search_entries_ref_uq').on(t.kind, t.refId),
    index('search_entries_tsv_idx').using('gin', t.searchTsv),
    index('search_entries_pub_idx').on(t.publicationId),
  ],
);
