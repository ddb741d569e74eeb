import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZComplianceQuery, ZComplianceRow, ZIdParam, ZSolicitation, ZSolicitationDecline, ZSolicitationInput, ZSolicitationRate } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { sendFile, XLSX_TYPE } from '../../http/download.js';
import { closeSolicitation, compliance, createSolicitation, declineSolicitation, getSolicitation, listSolicitations, rateAnswer } from './service.js';
import { complianceXlsx } from './export.js';

export const solicitationRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['solicitations'];
    // Scoped in the service: the desk (and auditors) see all, a unit's people those addressed to their unit.
    app.get('/api/solicitations', { schema: { tags, response: { 200: z.array(ZSolicitation) } } }, async (req) => listSolicitations(db, req.actor!));
    app.post(
      '/api/solicitations',
      { config: { permission: 'solicitations.manage' }, schema: { tags, body: ZSolicitationInput, response: { 201: ZSolicitation } } },
      async (req, reply) => {
        const id = await createSolicitation(database, req.actor!, req.body, req.ip);
        return reply.status(201).send(await getSolicitation(db, req.actor!, id));
      },
    );
    app.get(
      '/api/solicitations/compliance',
      { config: { permission: 'solicitations.compliance' }, schema: { tags, querystring: ZComplianceQuery, response: { 200: z.array(ZComplianceRow) } } },
      async (req) => compliance(db, req.query),
    );
    app.get(
      '/api/solicitations/compliance.xlsx',
      { config: { permission: 'solicitations.compliance' }, schema: { tags, querystring: ZComplianceQuery, produces: [XLSX_TYPE] } },
      async (req, reply) => sendFile(reply, await complianceXlsx(await compliance(db, req.query), req.query.from, req.query.to), XLSX_TYPE, `约稿完成情况_${req.query.from}_${req.query.to}.xlsx`),
    );
    app.get('/api/solicitations/:id', { schema: { tags, params: ZIdParam, response: { 200: ZSolicitation } } }, async (req) => getSolicitation(db, req.actor!, req.params.id));
    app.post(
      '/api/solicitations/:id/decline',
      { config: { permission: 'solicitations.unit' }, schema: { tags, params: ZIdParam, body: ZSolicitationDecline, response: { 200: ZSolicitation } } },
      async (req) => {
        await declineSolicitation(database, req.actor!, req.params.id, req.body.reason, req.ip);
        return getSolicitation(db, req.actor!, req.params.id);
      },
    );
    app.post(
      '/api/solicitations/:id/ratings',
      { config: { permission: 'solicitations.manage' }, schema: { tags, params: ZIdParam, body: ZSolicitationRate, response: { 200: ZSolicitation } } },
      async (req) => {
        await rateAnswer(database, req.actor!, req.params.id, req.body.unitId, req.body.rating, req.ip);
        return getSolicitation(db, req.actor!, req.params.id);
      },
    );
    app.post(
      '/api/solicitations/:id/close',
      { config: { permission: 'solicitations.manage' }, schema: { tags, params: ZIdParam, response: { 200: ZSolicitation } } },
      async (req) => {
        await closeSolicitation(database, req.actor!, req.params.id, req.ip);
        return getSolicitation(db, req.actor!, req.params.id);
      },
    );
  };
