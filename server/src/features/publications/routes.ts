import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZPublication, ZPublicationInput, ZPublicationPatch } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { createPublication, getPublication, listPublications, updatePublication } from './service.js';

export const publicationRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['publications'];
    app.get('/api/publications', { config: { permission: 'publications.read' }, schema: { tags, response: { 200: z.array(ZPublication) } } }, async () =>
      listPublications(database.db),
    );
    app.post(
      '/api/publications',
      { config: { permission: 'publications.manage' }, schema: { tags, body: ZPublicationInput, response: { 201: ZPublication } } },
      async (req, reply) => reply.status(201).send(await createPublication(database, req.actor!, req.body, req.ip)),
    );
    app.get(
      '/api/publications/:id',
      { config: { permission: 'publications.read' }, schema: { tags, params: ZIdParam, response: { 200: ZPublication } } },
      async (req) => getPublication(database.db, req.params.id),
    );
    app.patch(
      '/api/publications/:id',
      { config: { permission: 'publications.manage' }, schema: { tags, params: ZIdParam, body: ZPublicationPatch, response: { 200: ZPublication } } },
      async (req) => updatePublication(database, req.actor!, req.params.id, req.body, req.ip),
    );
  };
