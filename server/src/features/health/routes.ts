import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { formatError, ZHealth, ZProblem, ZReady } from '@baosong/contract';
import { migrationsFolder, type Database } from '../../db/connect.js';
import { VERSION } from '../../version.js';

/** The newest migration this build ships (drizzle records each applied one with its journal timestamp). */
function shippedMigrations(): { count: number; lastWhen: number } {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return { count: journal.entries.length, lastWhen: Math.max(...journal.entries.map((e) => e.when)) };
}

export const healthRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const shipped = shippedMigrations();

    // Liveness: the process answers and its database answers a trivial query.
    app.get(
      '/api/health',
      { config: { public: true }, schema: { tags: ['system'], response: { 200: ZHealth } } },
      async () => {
        await database.query('select 1');
        return { status: 'ok' as const, database: database.kind, version: VERSION };
      },
    );

    // Readiness: the database is reachable and carries every migration of this build; a load balancer sends
    // traffic only on 200.
    app.get(
      '/api/ready',
      { config: { public: true }, schema: { tags: ['system'], response: { 200: ZReady, 503: ZProblem } } },
      async (req, reply) => {
        const notReady = (code: 'DATABASE_UNAVAILABLE' | 'MIGRATIONS_PENDING', details?: unknown) =>
          reply
            .status(503)
            .type('application/problem+json')
            .send({ type: `urn:baosong:error:${code}`, title: code, status: 503, code, message: formatError(code, req.locale), details });
        let applied: { n: number; last: string | null } | undefined;
        try {
          await database.query('select 1');
        } catch (e) {
          req.log.warn({ err: e }, 'readiness: database unreachable');
          return notReady('DATABASE_UNAVAILABLE');
        }
        try {
          [applied] = await database.query<{ n: number; last: string | null }>(
            'select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations',
          );
        } catch {
          return notReady('MIGRATIONS_PENDING', { applied: 0, shipped: shipped.count });
        }
        const last = applied?.last ? Number(applied.last) : 0;
        if (!applied || last < shipped.lastWhen) return notReady('MIGRATIONS_PENDING', { applied: applied?.n ?? 0, shipped: shipped.count });
        return { status: 'ready' as const, database: database.kind, migrations: applied.n };
      },
    );
  };
