import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZGuardSettings, ZLeaderRankSettings, ZSecondFactorSettings } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { getSecondFactorSettings, setSecondFactorSettings } from '../auth/second-factor.js';
import { getGuardSettings, getLeaderRankSettings, setGuardSettings, setLeaderRankSettings } from './service.js';

export const settingsRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['settings'];
    app.get('/api/settings/guards', { config: { permission: 'settings.manage' }, schema: { tags, response: { 200: ZGuardSettings } } }, async () =>
      getGuardSettings(database.db),
    );
    // Everyone who records or reads instructions needs the rank names.
    app.get('/api/settings/leader-ranks', { schema: { tags, response: { 200: ZLeaderRankSettings } } }, async () => getLeaderRankSettings(database.db));
    app.put(
      '/api/settings/leader-ranks',
      { config: { permission: 'settings.manage' }, schema: { tags, body: ZLeaderRankSettings, response: { 200: ZLeaderRankSettings } } },
      async (req) => setLeaderRankSettings(database, req.actor!, req.body, req.ip),
    );
    app.put(
      '/api/settings/guards',
      { config: { permission: 'settings.manage' }, schema: { tags, body: ZGuardSettings, response: { 200: ZGuardSettings } } },
      async (req) => setGuardSettings(database, req.actor!, req.body, req.ip),
    );
    app.get(
      '/api/settings/second-factor',
      { config: { permission: 'settings.manage' }, schema: { tags, response: { 200: ZSecondFactorSettings } } },
      async () => getSecondFactorSettings(database.db),
    );
    app.put(
      '/api/settings/second-factor',
      { config: { permission: 'settings.manage' }, schema: { tags, body: ZSecondFactorSettings, response: { 200: ZSecondFactorSettings } } },
      async (req) => setSecondFactorSettings(database, req.actor!, req.body, req.ip),
    );
  };
