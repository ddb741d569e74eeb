import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZDedupSettings, ZIdParam, ZSimilarResult } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { getDedupSettings, setDedupSettings, similarForArticle } from './service.js';

export const dedupRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['dedup'];
    // Who may see the article may see what it resembles; the other pieces are shown as far as they may see them.
    app.get('/api/articles/:id/similar', { schema: { tags, params: ZIdParam, response: { 200: ZSimilarResult } } }, async (req) =>
      similarForArticle(database, req.actor!, req.params.id, false),
    );
    // Check now and keep the result (a reporter's draft, or a re-check after the thresholds changed).
    app.post('/api/articles/:id/similar/check', { schema: { tags, params: ZIdParam, response: { 200: ZSimilarResult } } }, async (req) =>
      similarForArticle(database, req.actor!, req.params.id, true),
    );
    app.get('/api/settings/dedup', { config: { permission: 'settings.manage' }, schema: { tags, response: { 200: ZDedupSettings } } }, async () =>
      getDedupSettings(database.db),
    );
    app.put(
      '/api/settings/dedup',
      { config: { permission: 'settings.manage' }, schema: { tags, body: ZDedupSettings, response: { 200: ZDedupSettings } } },
      async (req) => setDedupSettings(database, req.actor!, req.body, req.ip),
    );
  };
