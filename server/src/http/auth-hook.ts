import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { pickLocale, type TRole } from '@baosong/contract';
import type { Database } from '../db/connect.js';
import { sessions, users } from '../db/schema.js';
import type { AppSettings } from '../config.js';
import { AppError } from '../lib/errors.js';
import { policy } from '../lib/policy.js';
import { writeAudit } from '../lib/audit.js';
import { SESSION_COOKIE, sessionExpired, tokenId } from '../features/auth/sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves the session cookie to an actor on every request, then enforces — on the server, for every route — the
 * route's declared access: signed in, CSRF token on state changes, password change done, permission held.
 */
export function registerAuth(app: FastifyInstance, database: Database, settings: AppSettings): void {
  const { db } = database;
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onRequest', async (req) => {
    req.locale = pickLocale(req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const rows = await db
      .select({ s: sessions, u: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, tokenId(token)));
    const row = rows[0];
    if (!row) return;
    const now = new Date();
    if (sessionExpired(row.s, settings.sessionIdleMinutes, now) || !row.u.active) {
      await db.delete(sessions).where(eq(sessions.id, row.s.id));
      (req as FastifyRequest & { sessionExpired?: boolean }).sessionExpired = true;
      return;
    }
    if (now.getTime() - row.s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.s.id));
    }
    req.actor = { id: row.u.id, username: row.u.username, roles: row.u.roles as TRole[], unitId: row.u.unitId };
    req.session = {
      token,
      csrfToken: row.s.csrfToken,
      expiresAt: row.s.expiresAt,
      mustChangePassword: row.u.mustChangePassword,
      passwordChangeEnforced: row.u.passwordChangeEnforced,
    };
  });

  app.addHook('preHandler', async (req: FastifyRequest, _reply: FastifyReply) => {
    const cfg = req.routeOptions.config;
    if (cfg.public || !req.url.startsWith('/api/')) return;
    if (!req.actor || !req.session) {
      throw new AppError((req as { sessionExpired?: boolean }).sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED', 401);
    }
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== req.session.csrfToken) throw new AppError('CSRF_INVALID', 403);
    }
    if (req.session.mustChangePassword && req.session.passwordChangeEnforced && !cfg.allowPendingPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 403);
    }
    if (cfg.permission && !policy.can(req.actor, cfg.permission)) {
      await writeAudit(db, {
        actor: req.actor,
        action: `${req.method} ${req.routeOptions.url}`,
        ip: req.ip,
        outcome: 'denied',
        details: { permission: cfg.permission },
      });
      req.refusalAudited = true;
      throw new AppError('FORBIDDEN', 403);
    }
  });
}
