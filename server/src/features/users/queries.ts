import { eq, sql } from 'drizzle-orm';
import type { TRole, TUser } from '@baosong/contract';
import { units, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';

export const userSelection = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  roles: users.roles,
  unitId: users.unitId,
  unitName: units.name,
  unitShortName: units.shortName,
  email: users.email,
  phone: users.phone,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  totpEnabledAt: users.totpEnabledAt,
};

type Row = {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  unitId: number | null;
  unitName: string | null;
  unitShortName: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  totpEnabledAt: Date | null;
};

export function toUserView(r: Row): TUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    roles: r.roles as TRole[],
    unit: r.unitId === null ? null : { id: r.unitId, name: r.unitName ?? '', shortName: r.unitShortName },
    email: r.email,
    phone: r.phone,
    active: r.active,
    mustChangePassword: r.mustChangePassword,
    lockedUntil: r.lockedUntil && r.lockedUntil > new Date() ? r.lockedUntil.toISOString() : null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    secondFactorEnabled: r.totpEnabledAt !== null,
  };
}

export async function findUserView(db: DbOrTx, id: number): Promise<TUser | undefined> {
  const rows = await db.select(userSelection).from(users).leftJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id));
  return rows[0] ? toUserView(rows[0]) : undefined;
}

export async function countActiveAdministrators(db: DbOrTx): Promise<number> {
  const r = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.active} and 'administrator' = any(${users.roles})`);
  return r[0]?.n ?? 0;
}
