import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Ranking groups: 县市区 / 市直部门 / 驻市单位 … */
export const unitGroups = pgTable(
  'unit_groups',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(100),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('unit_groups_name_uq').on(t.name)],
);

/** Reporting units (报送单位). Never deleted: deactivated units keep their history. */
export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    groupId: integer('group_id')
      .notNull()
      .references(() => unitGroups.id),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    active: boolean('active').notNull().default(true),
    /** Articles go to the unit's approver (分管领导) before they leave the unit. */
    requiresApproval: boolean('requires_approval').notNull().default(false),
    /** Submissions per calendar month: a cap blocks, a target is shown (压减数量). */
    monthlyCap: integer('monthly_cap'),
    monthlyTarget: integer('monthly_target'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('units_name_uq').on(t.name), index('units_group_idx').on(t.groupId)],
);
