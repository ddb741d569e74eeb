import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZOutboxMessage, ZOutboxQuery } from '@baosong/contract';
import type { Database } from '../db/connect.js';
import { AppError } from '../lib/errors.js';
import { writeAudit } from '../lib/audit.js';
import { listOutbox, retryMessage } from './outbox.js';

export const outboxRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['delivery'];
    app.get('/api/outbox', { config: { permission: 'delivery.manage' }, schema: { tags, querystring: ZOutboxQuery, response: { 200: z.array(ZOutboxMessage) } } }, async (req) =>
      listOutbox(database.db, req.query.state),
    );
    app.post('/api/outbox/:id/retry', { config: { permission: 'delivery.manage' }, schema: { tags, params: ZIdParam, response: { 204: z.null() } } }, async (req, reply) => {
      if (!(await retryMessage(database, req.params.id))) throw new AppError('OUTBOX_NOT_FAILED', 409);
      await writeAudit(database.db, { actor: req.actor!, action: 'outbox.retry', targetType: 'outbox', targetId: req.params.id, ip: req.ip, outcome: 'ok' });
      return reply.status(204).send(null);
    });
  };
