import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from './db/connect.js';
import { defaultAppSettings, type AppSettings } from './config.js';
import { VERSION } from './version.js';
import './http/types.js';
import { registerAuth } from './http/auth-hook.js';
import { registerErrorHandler } from './http/errors.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { XLSX_TYPE } from './http/download.js';
import { notFound } from './lib/errors.js';
import { healthRoutes } from './features/health/routes.js';
import { authRoutes } from './features/auth/routes.js';
import { unitRoutes } from './features/units/routes.js';
import { userRoutes } from './features/users/routes.js';
import { articleRoutes } from './features/articles/routes.js';
import { topicRoutes } from './features/topics/routes.js';
import { settingsRoutes } from './features/settings/routes.js';
import { notificationRoutes } from './features/notifications/routes.js';
import { publicationRoutes } from './features/publications/routes.js';
import { issueRoutes } from './features/issues/routes.js';
import { instructionRoutes } from './features/instructions/routes.js';
import { followupRoutes } from './features/followups/routes.js';
import { auditRoutes } from './features/audit/routes.js';
import { forwardingRoutes } from './features/forwarding/routes.js';
import { dedupRoutes } from './features/dedup/routes.js';
import { searchRoutes } from './features/search/routes.js';
import { solicitationRoutes } from './features/solicitations/routes.js';
import { noticeRoutes } from './features/notices/routes.js';
import { outboxRoutes } from './jobs/routes.js';
import { scoringRoutes } from './features/scoring/routes.js';
import { dashboardRoutes } from './features/dashboard/routes.js';

export interface BuildAppOptions {
  settings?: Partial<AppSettings>;
  logger?: FastifyServerOptions['logger'];
}

function trustHops(n: number) {
  return (_address: string, hop: number) => hop < n;
}

/** Builds the whole HTTP app on a database handle. main.ts and the tests build it the same way. */
export async function buildApp(database: Database, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const settings: AppSettings = { ...defaultAppSettings, ...opts.settings };
  const app = Fastify({
    logger: opts.logger ?? false,
    // A hop count becomes proxy-addr's trust function (trust the nearest n proxies).
    trustProxy: typeof settings.trustProxy === 'number' ? trustHops(settings.trustProxy) : settings.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Baosong API — 政务信息报送与考核平台', version: VERSION },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'baosong_sid' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  for (const type of [XLSX_TYPE, 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  }

  registerSecurityHeaders(app);
  registerErrorHandler(app, database);
  registerAuth(app, database, settings);

  await app.register(healthRoutes(database));
  await app.register(authRoutes(database, settings));
  await app.register(unitRoutes(database));
  await app.register(userRoutes(database));
  await app.register(articleRoutes(database));
  await app.register(topicRoutes(database));
  await app.register(settingsRoutes(database));
  await app.register(notificationRoutes(database));
  await app.register(publicationRoutes(database));
  await app.register(issueRoutes(database));
  await app.register(dedupRoutes(database));
  await app.register(searchRoutes(database));
  await app.register(instructionRoutes(database));
  await app.register(followupRoutes(database));
  await app.register(auditRoutes(database));
  await app.register(forwardingRoutes(database));
  await app.register(solicitationRoutes(database));
  await app.register(noticeRoutes(database));
  await app.register(outboxRoutes(database));
  await app.register(scoringRoutes(database));
  await app.register(dashboardRoutes(database));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const webDist = settings.webDist;
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html', maxAge: '1h' });
    // Client-side routes: any other GET outside /api/ gets the app shell.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/')) throw notFound();
      const file = path.join(webDist, req.url.split('?')[0]!);
      if (file.startsWith(webDist) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return reply.sendFile(path.relative(webDist, file), { maxAge: '365d', immutable: true });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
    });
  }
  return app;
}
