import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZEnrolledLogin,
  ZLoginBody,
  ZLoginResult,
  ZMe,
  ZPasswordChangeBody,
  ZRecoveryCodes,
  ZSecondFactorCodeBody,
  ZSecondFactorDisableBody,
  ZSecondFactorStatus,
  ZSessionIdParam,
  ZSessionView,
  ZTotpEnrolment,
} from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import type { AppSettings } from '../../config.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import {
  buildMe,
  changePassword,
  confirmLoginEnrolment,
  disableSecondFactor,
  login,
  startLoginEnrolment,
  verifyLoginSecondFactor,
} from './service.js';
import { deleteSession, deleteSessionByPublicId, listSessions, SESSION_COOKIE, tokenId } from './sessions.js';
import { CHALLENGE_COOKIE, confirmEnrolment, regenerateRecoveryCodes, secondFactorStatus, startEnrolment } from './second-factor.js';

/** Secure whenever the request reached us over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto). */
function cookieBase(req: FastifyRequest) {
  return { httpOnly: true, path: '/', secure: req.protocol === 'https' } as const;
}
function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieBase(req), sameSite: 'lax', expires: expiresAt });
}
const CHALLENGE_PATH = '/api/auth/login';
function setChallengeCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(CHALLENGE_COOKIE, token, { ...cookieBase(req), path: CHALLENGE_PATH, sameSite: 'strict', expires: expiresAt });
}
function clearChallengeCookie(reply: FastifyReply) {
  reply.clearCookie(CHALLENGE_COOKIE, { path: CHALLENGE_PATH });
}

export const authRoutes =
  (database: Database, settings: AppSettings): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['auth'];
    const meta = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'], previousToken: req.cookies[SESSION_COOKIE] });

    app.post(
      '/api/auth/login',
      { config: { public: true }, schema: { tags, body: ZLoginBody, response: { 200: ZLoginResult } } },
      async (req, reply) => {
        const r = await login(database, settings, req.body, meta(req));
        if (r.kind === 'challenge') {
          setChallengeCookie(req, reply, r.token, r.expiresAt);
          return { secondFactor: r.step, expiresAt: r.expiresAt.toISOString() };
        }
        setSessionCookie(req, reply, r.token, r.expiresAt);
        return r.me;
      },
    );

    // Second step of a sign-in (public: the half-done sign-in is in the challenge cookie).
    app.post(
      '/api/auth/login/second-factor',
      { config: { public: true }, schema: { tags, body: ZSecondFactorCodeBody, response: { 200: ZMe } } },
      async (req, reply) => {
        const r = await verifyLoginSecondFactor(database, settings, req.cookies[CHALLENGE_COOKIE], req.body.code, meta(req));
        clearChallengeCookie(reply);
        setSessionCookie(req, reply, r.token, r.expiresAt);
        return r.me;
      },
    );
    app.post(
      '/api/auth/login/enrolment',
      { config: { public: true }, schema: { tags, response: { 200: ZTotpEnrolment } } },
      async (req) => startLoginEnrolment(database, settings, req.cookies[CHALLENGE_COOKIE], req.ip),
    );
    app.post(
      '/api/auth/login/enrolment/confirm',
      { config: { public: true }, schema: { tags, body: ZSecondFactorCodeBody, response: { 200: ZEnrolledLogin } } },
      async (req, reply) => {
        const r = await confirmLoginEnrolment(database, settings, req.cookies[CHALLENGE_COOKIE], req.body.code, meta(req));
        clearChallengeCookie(reply);
        setSessionCookie(req, reply, r.session.token, r.session.expiresAt);
        return { me: r.session.me, recoveryCodes: r.recoveryCodes };
      },
    );

    app.post(
      '/api/auth/logout',
      { config: { allowPendingPasswordChange: true }, schema: { tags, response: { 204: z.null() } } },
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
      { config: { allowPendingPasswordChange: true }, schema: { tags, response: { 200: ZMe } } },
      async (req) => buildMe(db, req.actor!.id, req.session!.csrfToken, req.session!.expiresAt),
    );

    app.post(
      '/api/auth/password',
      { config: { allowPendingPasswordChange: true }, schema: { tags, body: ZPasswordChangeBody, response: { 200: ZMe } } },
      async (req) => {
        if (!req.actor || !req.session) throw new AppError('UNAUTHENTICATED', 401);
        await changePassword(database, req.actor, req.body, { ip: req.ip, token: req.session.token });
        return buildMe(db, req.actor.id, req.session.csrfToken, req.session.expiresAt);
      },
    );

    // ---------- one's own second factor ----------
    app.get('/api/auth/second-factor', { schema: { tags, response: { 200: ZSecondFactorStatus } } }, async (req) => secondFactorStatus(db, req.actor!));
    app.post(
      '/api/auth/second-factor/enrolment',
      { schema: { tags, response: { 200: ZTotpEnrolment } } },
      async (req) => startEnrolment(database, req.actor!, settings.secretKey, req.ip),
    );
    app.post(
      '/api/auth/second-factor/enrolment/confirm',
      { schema: { tags, body: ZSecondFactorCodeBody, response: { 200: ZRecoveryCodes } } },
      async (req) => {
        const r = await confirmEnrolment(database, req.actor!, req.body.code, settings.secretKey, req.ip);
        if (!r) {
          await writeAudit(db, { actor: req.actor, action: 'auth.second_factor.enable', ip: req.ip, outcome: 'failed', details: { reason: 'wrong_code' } });
          throw new AppError('SECOND_FACTOR_INVALID', 400);
        }
        return { recoveryCodes: r.recoveryCodes };
      },
    );
    app.post(
      '/api/auth/second-factor/recovery-codes',
      { schema: { tags, body: ZSecondFactorCodeBody, response: { 200: ZRecoveryCodes } } },
      async (req) => {
        const codes = await regenerateRecoveryCodes(database, req.actor!, req.body.code, settings.secretKey, req.ip);
        if (!codes) {
          await writeAudit(db, { actor: req.actor, action: 'auth.second_factor.recovery_codes', ip: req.ip, outcome: 'failed', details: { reason: 'wrong_code' } });
          throw new AppError('SECOND_FACTOR_INVALID', 400);
        }
        return { recoveryCodes: codes };
      },
    );
    app.post(
      '/api/auth/second-factor/disable',
      { schema: { tags, body: ZSecondFactorDisableBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await disableSecondFactor(database, req.actor!, req.body, settings, req.ip);
        return reply.status(204).send(null);
      },
    );

    // ---------- one's own sessions ----------
    app.get(
      '/api/auth/sessions',
      { config: { allowPendingPasswordChange: true }, schema: { tags, response: { 200: z.array(ZSessionView) } } },
      async (req) => listSessions(db, req.actor!.id, req.session!.token, settings.sessionIdleMinutes),
    );
    app.delete(
      '/api/auth/sessions/:id',
      { config: { allowPendingPasswordChange: true }, schema: { tags, params: ZSessionIdParam, response: { 204: z.null() } } },
      async (req, reply) => {
        const ended = await db.transaction(async (tx) => {
          const id = await deleteSessionByPublicId(tx, req.actor!.id, req.params.id);
          if (!id) return null;
          await writeAudit(tx, { actor: req.actor, action: 'auth.session.end', ip: req.ip, outcome: 'ok', targetType: 'session', targetId: req.params.id });
          return id;
        });
        if (!ended) throw new AppError('SESSION_NOT_FOUND', 404);
        if (ended === tokenId(req.session!.token)) reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );
  };
