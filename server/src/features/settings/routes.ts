import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZGuardSettings } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { getGuardSettings, setGuardSettings } from './service.js';

export const settingsRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['settings'];
    app.get('/api/settings/guards', { config: { permission: 'settings.manage' }, schema: { tags, response: { 200: ZGuardSettings } } }, async () =>
      getGuardSettings(database.db),
    );
    app.put(
      '/api/settings/guards',
      { config: { permission: 'settings.manage' }, schema: { tags, body: ZGuardSettings, response: { 200: ZGuardSettings } } },
      async (req) => setGuardSettings(database, req.actor!, req.body, req.ip),
    );
  };
