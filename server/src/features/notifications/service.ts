import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { TNotification } from '@baosong/contract';
import { notifications, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string | null;
  articleId?: number | null;
}

/** Inside the caller's transaction: a notification exists exactly when the change it reports does. */
export async function notifyUsers(db: DbOrTx, userIds: number[], n: NewNotification): Promise<void> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  await db.insert(notifications).values(ids.map((userId) => ({ userId, kind: n.kind, title: n.title, body: n.body ?? null, articleId: n.articleId ?? null })));
}

export async function activeUserIdsWithRole(db: DbOrTx, role: string, unitId?: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), sql`${role} = any(${users.roles})`, unitId === undefined ? undefined : eq(users.unitId, unitId)));
  return rows.map((r) => r.id);
}

export async function listNotifications(db: DbOrTx, userId: number, unreadOnly: boolean, limit = 50): Promise<TNotification[]> {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    articleId: r.articleId,
    readAt: r.readAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function unreadCount(db: DbOrTx, userId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

export async function markRead(db: DbOrTx, userId: number, id?: number): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), id === undefined ? undefined : eq(notifications.id, id)));
}
