import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZNotification } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { listNotifications, markRead, unreadCount } from './service.js';

/** Every signed-in user has their own notifications; no permission beyond being signed in. */
export const notificationRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['notifications'];
    app.get(
      '/api/notifications',
      {
        schema: {
          tags,
          querystring: z.object({ unread: z.enum(['true', 'false']).default('false') }),
          response: { 200: z.object({ items: z.array(ZNotification), unread: z.number().int() }) },
        },
      },
      async (req) => ({
        items: await listNotifications(db, req.actor!.id, req.query.unread === 'true'),
        unread: await unreadCount(db, req.actor!.id),
      }),
    );
    app.get('/api/notifications/unread-count', { schema: { tags, response: { 200: z.object({ unread: z.number().int() }) } } }, async (req) => ({
      unread: await unreadCount(db, req.actor!.id),
    }));
    app.post('/api/notifications/:id/read', { schema: { tags, params: ZIdParam, response: { 204: z.null() } } }, async (req, reply) => {
      await markRead(db, req.actor!.id, req.params.id);
      return reply.status(204).send(null);
    });
    app.post('/api/notifications/read-all', { schema: { tags, response: { 204: z.null() } } }, async (req, reply) => {
      await markRead(db, req.actor!.id);
      return reply.status(204).send(null);
    });
  };
