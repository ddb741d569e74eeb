import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZImportResult, ZPasswordResetBody, ZUser, ZUserInput, ZUserListQuery, ZUserPatch } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { sendFile, XLSX_TYPE } from '../../http/download.js';
import { createUser, endUserSessions, getUser, listUsers, resetPassword, resetUserSecondFactor, unlockUser, updateUser } from './service.js';
import { importUsers, userTemplate } from './import.js';

export const userRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['users'];
    app.get(
      '/api/users',
      { config: { permission: 'users.read' }, schema: { tags, querystring: ZUserListQuery, response: { 200: z.array(ZUser) } } },
      async (req) => listUsers(db, req.query),
    );
    app.post(
      '/api/users',
      { config: { permission: 'users.manage' }, schema: { tags, body: ZUserInput, response: { 201: ZUser } } },
      async (req, reply) => reply.status(201).send(await createUser(database, req.actor!, req.body, req.ip)),
    );
    app.get(
      '/api/users/import-template',
      { config: { permission: 'users.manage' }, schema: { tags, produces: [XLSX_TYPE] } },
      async (_req, reply) => sendFile(reply, await userTemplate(database), XLSX_TYPE, '用户导入模板.xlsx'),
    );
    app.post(
      '/api/users/import',
      { config: { permission: 'users.manage' }, bodyLimit: 5 * 1024 * 1024, schema: { tags, consumes: [XLSX_TYPE], response: { 200: ZImportResult } } },
      async (req) => importUsers(database, req.actor!, req.body as Buffer, req.locale, req.ip),
    );
    app.get(
      '/api/users/:id',
      { config: { permission: 'users.read' }, schema: { tags, params: ZIdParam, response: { 200: ZUser } } },
      async (req) => getUser(db, req.params.id),
    );
    app.patch(
      '/api/users/:id',
      { config: { permission: 'users.manage' }, schema: { tags, params: ZIdParam, body: ZUserPatch, response: { 200: ZUser } } },
      async (req) => updateUser(database, req.actor!, req.params.id, req.body, req.ip),
    );
    app.post(
      '/api/users/:id/password',
      { config: { permission: 'users.manage' }, schema: { tags, params: ZIdParam, body: ZPasswordResetBody, response: { 200: ZUser } } },
      async (req) => resetPassword(database, req.actor!, req.params.id, req.body.password, req.ip),
    );
    app.post(
      '/api/users/:id/unlock',
      { config: { permission: 'users.manage' }, schema: { tags, params: ZIdParam, response: { 200: ZUser } } },
      async (req) => unlockUser(database, req.actor!, req.params.id, req.ip),
    );
    app.delete(
      '/api/users/:id/sessions',
      { config: { permission: 'users.manage' }, schema: { tags, params: ZIdParam, response: { 200: z.object({ ended: z.number().int() }) } } },
      async (req) => endUserSessions(database, req.actor!, req.params.id, req.ip),
    );
    app.post(
      '/api/users/:id/second-factor/reset',
      { config: { permission: 'users.manage' }, schema: { tags, params: ZIdParam, response: { 200: ZUser } } },
      async (req) => resetUserSecondFactor(database, req.actor!, req.params.id, req.ip),
    );
  };
