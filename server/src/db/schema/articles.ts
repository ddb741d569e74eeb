import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './units.js';
import { users } from './users.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Key work items (重点工作) an administrator configures per year; articles are tagged with them. */
export const topics = pgTable(
  'topics',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(100),
  },
  (t) => [uniqueIndex('topics_year_name_uq').on(t.year, t.name)],
);

export const articles = pgTable(
  'articles',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull().default(''),
    bodyHtml: text('body_html').notNull().default(''),
    bodyText: text('body_text').notNull().default(''),
    type: text('type').notNull().default('news'),
    urgency: text('urgency').notNull().default('normal'),
    topicIds: integer('topic_ids').array().notNull().default(sql`'{}'::int[]`),
    authors: jsonb('authors').$type<{ name: string; phone: string }[]>().notNull().default([]),
    signer: text('signer').notNull().default(''),
    /** The follow-up (落实反馈) this article answers, if any. */
    followupId: integer('followup_id'),
    /** The solicitation (约稿) this article answers, if any. */
    solicitationId: integer('solicitation_id'),
    state: text('state').notNull().default('draft'),
    assigneeId: integer('assignee_id').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** First time it left the unit (counts against the month's cap). */
    firstSubmittedAt: timestamp('first_submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
    /** Bumped by every change; clients send the one they saw (optimistic concurrency). */
    rowVersion: integer('row_version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * jieba tokens of the title and body in canonical form, space-separated (text/segment.ts). A trigger turns them
     * into the full-text index, `article_search` (migration 0016, features/search/service.ts), a table kept outside
     * this schema because drizzle cannot declare its partitions.
     */
    searchTitle: text('search_title').notNull().default(''),
    searchBody: text('search_body').notNull().default(''),
  },
  (t) => [
    // Substrings of titles (names jieba does not know): trigrams help from three characters on.
    index('articles_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
    index('articles_unit_state_idx').on(t.unitId, t.state),
    index('articles_state_submitted_idx').on(t.state, t.submittedAt),
    index('articles_assignee_idx').on(t.assigneeId),
    index('articles_solicitation_idx').on(t.solicitationId),
  ],
);

/** Text versions: the unit's submissions and every editor save. The unit's original is never overwritten. */
export const articleVersions = pgTable(
  'article_versions',
  {
    id: serial('id').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    versionNo: integer('version_no').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('article_versions_no_uq').on(t.articleId, t.versionNo)],
);

/** Every transition and comment: who, when, why. */
export const articleEvents = pgTable(
  'article_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorId: integer('actor_id').references(() => users.id),
    comment: text('comment'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('article_events_article_idx').on(t.articleId)],
);

/** Pictures and documents, in the database so app processes on several hosts share them. */
export const attachments = pgTable(
  'attachments',
  {
    id: serial('id').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** Embedded in the body (pictures from an imported .docx) rather than listed as a file. */
    inline: boolean('inline').notNull().default(false),
    data: bytea('data').notNull(),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_article_idx').on(t.articleId)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    articleId: integer('article_id').references(() => articles.id),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt)],
);
