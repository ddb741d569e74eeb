import { eq } from 'drizzle-orm';
import { LEADER_RANKS, type TGuardSettings, type TLeaderRankDef } from '@baosong/contract';
import { appMeta } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';

const GUARDS_KEY = 'settings.guards';
export const DEFAULT_GUARD_SETTINGS: TGuardSettings = { classificationPatterns: ['内部资料[，,\\s]*注意保存', '^\\s*内部文件\\s*$'] };

export async function getGuardSettings(db: DbOrTx): Promise<TGuardSettings> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, GUARDS_KEY));
  return (row?.value as TGuardSettings | undefined) ?? DEFAULT_GUARD_SETTINGS;
}

const RANKS_KEY = 'settings.leader_ranks';

/** Extra leader ranks an administrator added to the built-in four. */
export async function getLeaderRankSettings(db: DbOrTx): Promise<{ extra: TLeaderRankDef[] }> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, RANKS_KEY));
  return (row?.value as { extra: TLeaderRankDef[] } | undefined) ?? { extra: [] };
}

export async function knownRankCodes(db: DbOrTx): Promise<Set<string>> {
  return new Set([...LEADER_RANKS, ...(await getLeaderRankSettings(db)).extra.map((r) => r.code)]);
}

export async function setLeaderRankSettings(database: Database, actor: Actor, s: { extra: TLeaderRankDef[] }, ip?: string) {
  const seen = new Set<string>(LEADER_RANKS);
  for (const r of s.extra) {
    if (seen.has(r.code)) throw new AppError('RANK_DUPLICATE', 400, { rank: r.code });
    seen.add(r.code);
  }
  const value = { extra: s.extra };
  await database.db.transaction(async (tx) => {
    await tx
      .insert(appMeta)
      .values({ key: RANKS_KEY, value })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });
    await writeAudit(tx, { actor, action: 'settings.leader_ranks.update', ip, outcome: 'ok', details: value });
  });
  return value;
}

export async function setGuardSettings(database: Database, actor: Actor, s: TGuardSettings, ip?: string): Promise<TGuardSettings> {
  for (const p of s.classificationPatterns) {
    try {
      new RegExp(p, 'mu');
    } catch {
      throw new AppError('PATTERN_INVALID', 400, { pattern: p });
    }
  }
  const value = { classificationPatterns: s.classificationPatterns.map((p) => p.trim()).filter(Boolean) };
  await database.db.transaction(async (tx) => {
    await tx
      .insert(appMeta)
      .values({ key: GUARDS_KEY, value })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });
    await writeAudit(tx, { actor, action: 'settings.guards.update', ip, outcome: 'ok', details: value });
  });
  return value;
}
