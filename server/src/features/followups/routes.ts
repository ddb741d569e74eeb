import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZFollowup, ZFollowupInput, ZIdParam } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { closeFollowup, createFollowup, getFollowup, listFollowups } from './service.js';

export const followupRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['followups'];
    // Scoped in the service: the desk sees all, a unit's people those addressed to their unit.
    app.get('/api/followups', { schema: { tags, response: { 200: z.array(ZFollowup) } } }, async (req) => listFollowups(db, req.actor!));
    app.post(
      '/api/followups',
      { config: { permission: 'followups.manage' }, schema: { tags, body: ZFollowupInput, response: { 201: ZFollowup } } },
      async (req, reply) => {
        const id = await createFollowup(database, req.actor!, req.body, req.ip);
        return reply.status(201).send(await getFollowup(db, req.actor!, id));
      },
    );
    app.get('/api/followups/:id', { schema: { tags, params: ZIdParam, response: { 200: ZFollowup } } }, async (req) => getFollowup(db, req.actor!, req.params.id));
    app.post(
      '/api/followups/:id/close',
      { config: { permission: 'followups.manage' }, schema: { tags, params: ZIdParam, response: { 200: ZFollowup } } },
      async (req) => {
        await closeFollowup(database, req.actor!, req.params.id, req.ip);
        return getFollowup(db, req.actor!, req.params.id);
      },
    );
  };
