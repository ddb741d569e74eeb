import { and, eq, sql } from 'drizzle-orm';
import type { TDocNumber, TNoticeSettings } from '@baosong/contract';
import { appMeta, notices } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import { REQUIREMENT_TEMPLATES } from '../../notices/compose.js';

const KEY = 'settings.notices';

/** What a new notice starts from until an administrator says otherwise (the seed's wording). */
export const DEFAULT_NOTICE_SETTINGS: TNoticeSettings = {
  issuingOffice: '市人民政府办公室',
  mark: '',
  office: '市政府办公室',
  addressees: '各县（市、区）人民政府，市政府各部门',
  copyTo: '',
  printedBy: '',
  docNumberPrefix: '',
  docNumberStart: 1,
  requirements: [...REQUIREMENT_TEMPLATES],
};

export async function getNoticeSettings(db: DbOrTx): Promise<TNoticeSettings> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, KEY));
  // Fields added in later versions take their defaults.
  return { ...DEFAULT_NOTICE_SETTINGS, ...((row?.value as Partial<TNoticeSettings> | undefined) ?? {}) };
}

export async function setNoticeSettings(database: Database, actor: Actor, s: TNoticeSettings, ip?: string): Promise<TNoticeSettings> {
  const value: TNoticeSettings = { ...s, requirements: s.requirements.map((r) => r.trim()).filter(Boolean) };
  await database.db.transaction(async (tx) => {
    await tx
      .insert(appMeta)
      .values({ key: KEY, value })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });
    await writeAudit(tx, { actor, action: 'settings.notices.update', ip, outcome: 'ok', details: value });
  });
  return value;
}

/**
 * The number a new draft is proposed: the settings' prefix, the given year, and the next number after the highest
 * one a released notice of that prefix and year carries (the sequence's start when none has).
 */
export async function nextDocNumber(db: DbOrTx, s: TNoticeSettings, year: number): Promise<TDocNumber> {
  const [row] = await db
    .select({ max: sql<number | null>`max((${notices.docNumber}->>'number')::int)` })
    .from(notices)
    .where(
      and(
        eq(notices.state, 'released'),
        sql`coalesce(${notices.docNumber}->>'prefix', '') = ${s.docNumberPrefix}`,
        sql`(${notices.docNumber}->>'year')::int = ${year}`,
      ),
    );
  const used = row?.max === null || row?.max === undefined ? 0 : Number(row.max);
  return { prefix: s.docNumberPrefix, year, number: Math.max(s.docNumberStart, used + 1) };
}
