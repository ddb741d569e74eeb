import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { TAssessment, TRuleSetDocument } from '@baosong/contract';
import { units } from './units.js';
import { users } from './users.js';

/** Scoring rule sets (计分办法): versioned documents per year; the highest version of a year is in force. */
export const ruleSets = pgTable(
  'rule_sets',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    note: text('note'),
    document: jsonb('document').$type<TRuleSetDocument>().notNull(),
    createdById: integer('created_by_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rule_sets_year_version_uq').on(t.year, t.version)],
);

/** Manual adjustments by editors (false information, late urgent report …), with a required reason. */
export const scoreAdjustments = pgTable(
  'score_adjustments',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    on: date('on', { mode: 'string' }).notNull(),
    points: doublePrecision('points').notNull(),
    reason: text('reason').notNull(),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('score_adjustments_on_idx').on(t.on)],
);

/** The stored ledger of one year, recomputed from the events whenever the year is marked stale. */
export const scoreLedger = pgTable(
  'score_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    year: integer('year').notNull(),
    unitId: integer('unit_id').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    eventKind: text('event_kind').notNull(),
    eventId: text('event_id').notNull(),
    ruleId: text('rule_id').notNull(),
    ruleSetVersion: integer('rule_set_version').notNull(),
    points: doublePrecision('points').notNull(),
    note: text('note').notNull(),
  },
  (t) => [index('score_ledger_year_unit_idx').on(t.year, t.unitId)],
);

/** Per year: is the stored ledger stale, and what was it computed with and when. */
export const scoreYears = pgTable('score_years', {
  year: integer('year').primaryKey(),
  stale: boolean('stale').notNull().default(true),
  ruleSetId: integer('rule_set_id'),
  computedAt: timestamp('computed_at', { withTimezone: true }),
});

/** Official (frozen) assessments: the result as it was, never recomputed. */
export const assessments = pgTable('assessments', {
  period: text('period').primaryKey(),
  result: jsonb('result').$type<TAssessment>().notNull(),
  /** The ledger's fingerprint when frozen: a different one today means events changed since. */
  fingerprint: text('fingerprint').notNull(),
  frozenById: integer('frozen_by_id')
    .notNull()
    .references(() => users.id),
  frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull().defaultNow(),
});
