import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZTopic, ZTopicInput } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { createTopic, listTopics, updateTopic } from './service.js';

export const topicRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['topics'];
    app.get(
      '/api/topics',
      { config: { permission: 'topics.read' }, schema: { tags, querystring: z.object({ year: z.coerce.number().int().optional() }), response: { 200: z.array(ZTopic) } } },
      async (req) => listTopics(database.db, req.query.year),
    );
    app.post(
      '/api/topics',
      { config: { permission: 'topics.manage' }, schema: { tags, body: ZTopicInput, response: { 201: ZTopic } } },
      async (req, reply) => reply.status(201).send(await createTopic(database, req.actor!, req.body, req.ip)),
    );
    app.patch(
      '/api/topics/:id',
      { config: { permission: 'topics.manage' }, schema: { tags, params: ZIdParam, body: ZTopicInput.partial(), response: { 200: ZTopic } } },
      async (req) => updateTopic(database, req.actor!, req.params.id, req.body, req.ip),
    );
  };
