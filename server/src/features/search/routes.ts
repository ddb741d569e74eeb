import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZSearchQuery, ZSearchResult } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { search } from './service.js';

export const searchRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    // What a search finds is scoped in SQL by the same rule as the article lists.
    app.get(
      '/api/search',
      { config: { permission: 'search.use' }, schema: { tags: ['search'], querystring: ZSearchQuery, response: { 200: ZSearchResult } } },
      async (req) => search(database.db, req.actor!, req.query),
    );
  };
