import { bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './units.js';
import { users } from './users.js';
import { articles } from './articles.js';

/** Periodicals the office edits (刊物). */
export const publications = pgTable(
  'publications',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** The words printed in red on the masthead (刊头), when they differ from the name. */
    masthead: text('masthead'),
    kind: text('kind').notNull(),
    compilingUnit: text('compiling_unit').notNull(),
    distribution: jsonb('distribution').$type<{ bao: string; song: string; fa: string }>().notNull(),
    activeFrom: integer('active_from').notNull(),
    activeTo: integer('active_to'),
    sortOrder: integer('sort_order').notNull().default(100),
    active: boolean('active').notNull().default(true),
    /** 总第N期: the running number, never reset. */
    lastTotalNumber: integer('last_total_number').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('publications_name_uq').on(t.name)],
);

/** 第N期 per publication and year. Incremented under the row lock, so two editors never get one number. */
export const issueCounters = pgTable(
  'issue_counters',
  {
    publicationId: integer('publication_id')
      .notNull()
      .references(() => publications.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.publicationId, t.year] })],
);

export const issues = pgTable(
  'issues',
  {
    id: serial('id').primaryKey(),
    publicationId: integer('publication_id')
      .notNull()
      .references(() => publications.id),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    totalNumber: integer('total_number').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    state: text('state').notNull().default('draft'),
    editorNote: text('editor_note'),
    erratumOfId: integer('erratum_of_id'),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedById: integer('released_by_id').references(() => users.id),
    rowVersion: integer('row_version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('issues_number_uq').on(t.publicationId, t.year, t.number),
    uniqueIndex('issues_total_uq').on(t.publicationId, t.totalNumber),
    index('issues_state_idx').on(t.state),
  ],
);

/** The ordered content of an issue: section headings and pieces. */
export const issueItems = pgTable(
  'issue_items',
  {
    id: serial('id').primaryKey(),
    issueId: integer('issue_id')
      .notNull()
      .references(() => issues.id),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    bodyHtml: text('body_html').notNull().default(''),
    bodyText: text('body_text').notNull().default(''),
  },
  (t) => [index('issue_items_issue_idx').on(t.issueId)],
);

/**
 * Placements: which units' articles a piece was made from. One source = full adoption; several = composite
 * (综合采用), every contributing unit on record. Scoring reads these for released issues.
 */
export const placements = pgTable(
  'placements',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => issueItems.id),
    issueId: integer('issue_id')
      .notNull()
      .references(() => issues.id),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    adoption: text('adoption').notNull(),
  },
  (t) => [uniqueIndex('placements_item_article_uq').on(t.itemId, t.articleId), index('placements_article_idx').on(t.articleId)],
);

export const issueEvents = pgTable(
  'issue_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    issueId: integer('issue_id')
      .notNull()
      .references(() => issues.id),
    action: text('action').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    comment: text('comment'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('issue_events_issue_idx').on(t.issueId)],
);

/** Leaders' instructions (批示) on an issue or on one piece of it. */
export const instructions = pgTable(
  'instructions',
  {
    id: serial('id').primaryKey(),
    issueId: integer('issue_id').references(() => issues.id),
    itemId: integer('item_id').references(() => issueItems.id),
    leaderName: text('leader_name').notNull(),
    leaderRank: text('leader_rank').notNull(),
    instructedOn: date('instructed_on', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
    recordedById: integer('recorded_by_id')
      .notNull()
      .references(() => users.id),
    onBehalf: boolean('on_behalf').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('instructions_issue_idx').on(t.issueId)],
);

/** 落实反馈: units report how an instruction or decision is carried out, by a date. */
export const followups = pgTable('followups', {
  id: serial('id').primaryKey(),
  instructionId: integer('instruction_id').references(() => instructions.id),
  title: text('title').notNull(),
  requirement: text('requirement').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  state: text('state').notNull().default('open'),
  createdById: integer('created_by_id')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
});

export const followupUnits = pgTable(
  'followup_units',
  {
    followupId: integer('followup_id')
      .notNull()
      .references(() => followups.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.followupId, t.unitId] })],
);
