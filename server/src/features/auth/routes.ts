import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZLoginBody, ZMe, ZPasswordChangeBody } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import type { AppSettings } from '../../config.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { buildMe, changePassword, login } from './service.js';
import { deleteSession, SESSION_COOKIE } from './sessions.js';

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: req.protocol === 'https',
    expires: expiresAt,
  });
}

export const authRoutes =
  (database: Database, settings: AppSettings): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    app.post(
      '/api/auth/login',
      { config: { public: true }, schema: { tags: ['auth'], body: ZLoginBody, response: { 200: ZMe } } },
      async (req, reply) => {
        const r = await login(database, settings, req.body, {
          ip: req.ip,
          userAgent: req.headers['user-agent'],
          previousToken: req.cookies[SESSION_COOKIE],
        });
        setSessionCookie(req, reply, r.token, r.expiresAt);
        return r.me;
      },
    );

    app.post(
      '/api/auth/logout',
      { config: { allowPendingPasswordChange: true }, schema: { tags: ['auth'], response: { 204: z.null() } } },
      async (req, reply) => {
        await db.transaction(async (tx) => {
          await deleteSession(tx, req.session!.token);
          await writeAudit(tx, { actor: req.actor, action: 'auth.logout', ip: req.ip, outcome: 'ok' });
        });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      { config: { allowPendingPasswordChange: true }, schema: { tags: ['auth'], response: { 200: ZMe } } },
      async (req) => buildMe(db, req.actor!.id, req.session!.csrfToken, req.session!.expiresAt),
    );

    app.post(
      '/api/auth/password',
      { config: { allowPendingPasswordChange: true }, schema: { tags: ['auth'], body: ZPasswordChangeBody, response: { 200: ZMe } } },
      async (req) => {
        if (!req.actor || !req.session) throw new AppError('UNAUTHENTICATED', 401);
        await changePassword(database, req.actor, req.body, { ip: req.ip, token: req.session.token });
        return buildMe(db, req.actor.id, req.session.csrfToken, req.session.expiresAt);
      },
    );
  };
