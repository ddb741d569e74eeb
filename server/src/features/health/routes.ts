import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZHealth } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { VERSION } from '../../version.js';

export const healthRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/health',
      { config: { public: true }, schema: { tags: ['system'], response: { 200: ZHealth } } },
      async () => {
        await database.query('select 1');
        return { status: 'ok' as const, database: database.kind, version: VERSION };
      },
    );
  };
