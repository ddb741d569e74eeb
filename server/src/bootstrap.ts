import { eq, sql } from 'drizzle-orm';
import type { Database } from './db/connect.js';
import { appMeta, unitGroups, users } from './db/schema.js';
import { hashPassword, randomPassword } from './features/auth/passwords.js';
import { writeAudit } from './lib/audit.js';

/** The ranking groups every office starts with (the seed's three). Administrators may add more. */
export const DEFAULT_GROUPS = [
  { name: '县市区', sortOrder: 10 },
  { name: '市直部门', sortOrder: 20 },
  { name: '驻市单位', sortOrder: 30 },
];

export interface BootstrapResult {
  createdAdmin: boolean;
  /** Set only when a random password was generated: print it once. */
  generatedPassword?: string;
}

/**
 * On an empty database: create the default groups and the administrator `admin`. With BAOSONG_ADMIN_PASSWORD the
 * password is the given one and the API does not block on changing it (the web app still asks); otherwise it is
 * random, printed once, and must be changed before anything else.
 */
export async function bootstrap(database: Database, adminPassword: string | undefined): Promise<BootstrapResult> {
  const { db } = database;
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, 'bootstrapped'));
  if (done) return { createdAdmin: false };
  const password = adminPassword ?? randomPassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Under a lock so two app processes starting on one new PostgreSQL database do not both bootstrap.
    await tx.execute(sql`select pg_advisory_xact_lock(738201402)`);
    const [again] = await tx.select().from(appMeta).where(eq(appMeta.key, 'bootstrapped'));
    if (again) return { createdAdmin: false };
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(unitGroups)) as [{ n: number }];
    if (n === 0) await tx.insert(unitGroups).values(DEFAULT_GROUPS);
    const [admin] = await tx
      .insert(users)
      .values({
        username: 'admin',
        displayName: '系统管理员',
        roles: ['administrator'],
        passwordHash,
        mustChangePassword: true,
        passwordChangeEnforced: adminPassword === undefined,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    await tx.insert(appMeta).values({ key: 'bootstrapped', value: { at: new Date().toISOString() } });
    if (admin) await writeAudit(tx, { action: 'system.bootstrap', targetType: 'user', targetId: admin.id, outcome: 'ok' });
    return { createdAdmin: Boolean(admin), generatedPassword: admin && !adminPassword ? password : undefined };
  });
}
