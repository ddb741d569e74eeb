import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZImportResult, ZUnit, ZUnitGroup, ZUnitGroupInput, ZUnitInput, ZUnitListQuery, ZUnitPatch } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { uploadedFile } from '../../http/body.js';
import { forbidden } from '../../lib/errors.js';
import { policy } from '../../lib/policy.js';
import { sendFile, XLSX_TYPE } from '../../http/download.js';
import { createGroup, createUnit, getUnit, listGroups, listUnits, updateGroup, updateUnit } from './service.js';
import { importUnits, unitTemplate } from './import.js';

export const unitRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['units'];

    app.get('/api/unit-groups', { config: { permission: 'units.read' }, schema: { tags, response: { 200: z.array(ZUnitGroup) } } }, async () =>
      listGroups(db),
    );
    app.post(
      '/api/unit-groups',
      { config: { permission: 'units.manage' }, schema: { tags, body: ZUnitGroupInput, response: { 201: ZUnitGroup } } },
      async (req, reply) => reply.status(201).send(await createGroup(database, req.actor!, req.body, req.ip)),
    );
    app.patch(
      '/api/unit-groups/:id',
      { config: { permission: 'units.manage' }, schema: { tags, params: ZIdParam, body: ZUnitGroupInput.partial(), response: { 200: ZUnitGroup } } },
      async (req) => updateGroup(database, req.actor!, req.params.id, req.body, req.ip),
    );

    app.get(
      '/api/units',
      { config: { permission: 'units.read' }, schema: { tags, querystring: ZUnitListQuery, response: { 200: z.array(ZUnit) } } },
      async (req) => listUnits(db, req.query),
    );
    app.post(
      '/api/units',
      { config: { permission: 'units.manage' }, schema: { tags, body: ZUnitInput, response: { 201: ZUnit } } },
      async (req, reply) => reply.status(201).send(await createUnit(database, req.actor!, req.body, req.ip)),
    );
    app.get(
      '/api/units/import-template',
      { config: { permission: 'units.manage' }, schema: { tags, produces: [XLSX_TYPE] } },
      async (_req, reply) => sendFile(reply, await unitTemplate(database), XLSX_TYPE, '报送单位导入模板.xlsx'),
    );
    app.post(
      '/api/units/import',
      {
        config: { permission: 'units.manage' },
        bodyLimit: 5 * 1024 * 1024,
        schema: { tags, consumes: [XLSX_TYPE], response: { 200: ZImportResult } },
      },
      async (req) => importUnits(database, req.actor!, uploadedFile(req), req.locale, req.ip),
    );
    app.get('/api/units/:id', { schema: { tags, params: ZIdParam, response: { 200: ZUnit } } }, async (req) => {
      if (!policy.canViewUnit(req.actor!, req.params.id)) throw forbidden();
      return getUnit(db, req.params.id);
    });
    app.patch(
      '/api/units/:id',
      { config: { permission: 'units.manage' }, schema: { tags, params: ZIdParam, body: ZUnitPatch, response: { 200: ZUnit } } },
      async (req) => updateUnit(database, req.actor!, req.params.id, req.body, req.ip),
    );
  };
