import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { TDocNumber, TNoticeContent } from '@baosong/contract';
import { users } from './users.js';

/** 通报: an annual or monthly notice generated from the records; a draft the desk edits, then released to all units. */
export const notices = pgTable(
  'notices',
  {
    id: serial('id').primaryKey(),
    /** annual | monthly */
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    /** 1–12 for a monthly notice, null for an annual one. */
    month: integer('month'),
    /** draft | released; a released notice never changes. */
    state: text('state').notNull().default('draft'),
    /** 发文字号 {prefix, year, number}; null while none is given. */
    docNumber: jsonb('doc_number').$type<TDocNumber>(),
    /** The notice in the contract's shape (ZNoticeContent): paragraphs with their linked figures. */
    content: jsonb('content').$type<TNoticeContent>().notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedById: integer('updated_by_id')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    releasedById: integer('released_by_id').references(() => users.id),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('notices_period_idx').on(t.year, t.month), index('notices_state_idx').on(t.state)],
);
