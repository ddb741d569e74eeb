import { bigserial, boolean, date, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './units.js';
import { users } from './users.js';
import { articles } from './articles.js';
import { issueItems } from './publications.js';

/** Upstream channels (上报渠道): 省政府办公厅, 国务院办公厅 … */
export const channels = pgTable(
  'channels',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** province | state | other: scoring rules tell the levels apart. */
    level: text('level').notNull().default('other'),
    sortOrder: integer('sort_order').notNull().default(100),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('channels_name_uq').on(t.name)],
);

/** The publications a channel adopts pieces into (《河北政务信息》, 《国办信息》 …), so outcomes can name them. */
export const upstreamPublications = pgTable(
  'upstream_publications',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(100),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('upstream_publications_name_uq').on(t.channelId, t.name)],
);

/** One forwarding (上报): one or many pieces sent up one channel, released by the issuer's sign-off. */
export const forwardings = pgTable(
  'forwardings',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    /** awaiting_signoff → sent | rejected */
    state: text('state').notNull().default('awaiting_signoff'),
    note: text('note'),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    signedOffById: integer('signed_off_by_id').references(() => users.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    /** The date it went up (the sign-off date, Asia/Shanghai). */
    sentOn: date('sent_on', { mode: 'string' }),
    rejectComment: text('reject_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('forwardings_state_idx').on(t.state)],
);

/** A piece as it was sent: the text is a snapshot, never changed by later edits of the article or issue. */
export const forwardedPieces = pgTable(
  'forwarded_pieces',
  {
    id: serial('id').primaryKey(),
    forwardingId: integer('forwarding_id')
      .notNull()
      .references(() => forwardings.id),
    position: integer('position').notNull(),
    /** The piece of our own periodical it was taken from (composite pieces credit every source) … */
    itemId: integer('item_id').references(() => issueItems.id),
    /** … or the adopted article itself. */
    articleId: integer('article_id').references(() => articles.id),
    title: text('title').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
  },
  (t) => [index('forwarded_pieces_forwarding_idx').on(t.forwardingId), index('forwarded_pieces_article_idx').on(t.articleId)],
);

/** Credit: every unit (and its article) that contributed to a forwarded piece. Scoring reads these with outcomes. */
export const forwardedPieceSources = pgTable(
  'forwarded_piece_sources',
  {
    pieceId: integer('piece_id')
      .notNull()
      .references(() => forwardedPieces.id),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.pieceId, t.articleId] }), index('forwarded_piece_sources_unit_idx').on(t.unitId)],
);

/** What the upper level did with a forwarded piece (上级采用): one per piece, corrected in place. */
export const upstreamOutcomes = pgTable(
  'upstream_outcomes',
  {
    id: serial('id').primaryKey(),
    pieceId: integer('piece_id')
      .notNull()
      .references(() => forwardedPieces.id),
    /** adopted | not_adopted */
    result: text('result').notNull(),
    upstreamPublicationId: integer('upstream_publication_id').references(() => upstreamPublications.id),
    /** The upstream issue as printed, e.g. 第12期. */
    issueLabel: text('issue_label'),
    outcomeOn: date('outcome_on', { mode: 'string' }).notNull(),
    note: text('note'),
    recordedById: integer('recorded_by_id')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('upstream_outcomes_piece_uq').on(t.pieceId), index('upstream_outcomes_on_idx').on(t.outcomeOn)],
);

/** Instructions (批示) by upstream leaders on an adopted piece; several per outcome. */
export const upstreamInstructions = pgTable(
  'upstream_instructions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outcomeId: integer('outcome_id')
      .notNull()
      .references(() => upstreamOutcomes.id),
    leaderRank: text('leader_rank').notNull(),
    leaderName: text('leader_name').notNull(),
    instructedOn: date('instructed_on', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('upstream_instructions_outcome_idx').on(t.outcomeId)],
);
