import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { formatError, type TErrorCode } from '@baosong/contract';
import { AppError } from '../lib/errors.js';
import { isConnectionError } from '../lib/dberrors.js';
import { writeAudit } from '../lib/audit.js';
import type { Database } from '../db/connect.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Turns every error into application/problem+json with a stable code and a message in the user's language. */
export function registerErrorHandler(app: FastifyInstance, database?: Database): void {
  /**
   * Refused requests go on the audit trail: every 403 (a missing permission, a forged CSRF token, another unit's
   * record), and 401 on state-changing requests. Written in its own transaction: the refused change wrote nothing.
   */
  const auditRefusal = async (req: FastifyRequest, status: number, code: string) => {
    // Public routes (sign-in) record their own failures.
    if (!database || req.refusalAudited || !req.url.startsWith('/api/') || req.routeOptions.config?.public) return;
    if (status !== 403 && !(status === 401 && !SAFE_METHODS.has(req.method))) return;
    req.refusalAudited = true;
    await writeAudit(database.db, {
      actor: req.actor,
      action: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
      ip: req.ip,
      outcome: 'denied',
      details: { code },
    }).catch((e: unknown) => req.log.warn({ err: e }, 'could not record a refused request'));
  };
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const send = (status: number, code: TErrorCode, params: Record<string, string | number> = {}, details?: unknown) =>
      reply
        .status(status)
        .type('application/problem+json')
        .send({
          type: `urn:baosong:error:${code}`,
          title: code,
          status,
          code,
          message: formatError(code, req.locale, params),
          ...(details === undefined ? {} : { details }),
        });

    if (err instanceof AppError) {
      await auditRefusal(req, err.status, err.code);
      const wait = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (err.status === 429 && wait) reply.header('retry-after', String(wait));
      return send(err.status, err.code, err.params, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        field: [v.instancePath.replace(/^\//, '').replaceAll('/', '.'), (v.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.')]
          .filter(Boolean)
          .join('') || null,
        message: v.message,
      }));
      return send(400, 'VALIDATION_FAILED', {}, details);
    }
    if (isConnectionError(err)) {
      req.log.warn({ err }, 'database unavailable');
      return send(503, 'DATABASE_UNAVAILABLE');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own client errors (bad JSON, body too large, wrong content type)
      if (err.statusCode === 429) return send(429, 'RATE_LIMITED');
      return send(err.statusCode, 'VALIDATION_FAILED', {}, [{ field: null, message: err.message }]);
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, 'INTERNAL');
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).type('application/problem+json').send({
        type: 'urn:baosong:error:NOT_FOUND',
        title: 'NOT_FOUND',
        status: 404,
        code: 'NOT_FOUND',
        message: formatError('NOT_FOUND', req.locale),
      });
    }
    return reply.status(404).send('Not found');
  });
}
