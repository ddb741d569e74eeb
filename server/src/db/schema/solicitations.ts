import { boolean, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { units } from './units.js';
import { users } from './users.js';
import { channels } from './forwarding.js';

/** A solicitation received from upstream, recorded with its own deadline; passed down as our own, linked. */
export const upstreamSolicitations = pgTable('upstream_solicitations', {
  id: serial('id').primaryKey(),
  channelId: integer('channel_id').references(() => channels.id),
  topic: text('topic').notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  createdById: integer('created_by_id')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 约稿: a request for articles on a topic from chosen units by a deadline. */
export const solicitations = pgTable(
  'solicitations',
  {
    id: serial('id').primaryKey(),
    upstreamId: integer('upstream_id').references(() => upstreamSolicitations.id),
    topic: text('topic').notNull(),
    requirements: text('requirements').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    mandatory: boolean('mandatory').notNull().default(true),
    /** open | closed */
    state: text('state').notNull().default('open'),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Set by the one job run that sent the reminders / the missing notices (claimed under a row lock). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    sweptAt: timestamp('swept_at', { withTimezone: true }),
  },
  (t) => [index('solicitations_deadline_idx').on(t.deadline)],
);

/** Target units; a unit's decline and the editor's rating of its answer live here. The status is computed. */
export const solicitationTargets = pgTable(
  'solicitation_targets',
  {
    solicitationId: integer('solicitation_id')
      .notNull()
      .references(() => solicitations.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    declinedById: integer('declined_by_id').references(() => users.id),
    /** adopted (采用) | ordinary (一般) | unqualified (不合格) */
    rating: text('rating'),
    ratedById: integer('rated_by_id').references(() => users.id),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.solicitationId, t.unitId] }), index('solicitation_targets_unit_idx').on(t.unitId)],
);
