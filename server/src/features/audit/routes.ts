import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZAuditPage, ZAuditQuery, ZAuditSettings, ZAuditVerify } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { sendFile, XLSX_TYPE } from '../../http/download.js';
import { verifyAuditChain, writeAudit } from '../../lib/audit.js';
import { todayShanghai } from '../../lib/clock.js';
import { auditXlsx, getAuditSettings, listAudit, setAuditSettings } from './service.js';

export const auditRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['audit'];
    app.get('/api/audit', { config: { permission: 'audit.read' }, schema: { tags, querystring: ZAuditQuery, response: { 200: ZAuditPage } } }, async (req) =>
      listAudit(database, req.query),
    );
    app.get('/api/audit/export.xlsx', { config: { permission: 'audit.read' }, schema: { tags, querystring: ZAuditQuery, produces: [XLSX_TYPE] } }, async (req, reply) => {
      const body = await auditXlsx(database, req.query);
      // Reading the trail out of the product is itself on the record.
      await writeAudit(database.db, { actor: req.actor, action: 'audit.export', ip: req.ip, outcome: 'ok', details: { ...req.query } });
      return sendFile(reply, body, XLSX_TYPE, `审计日志_${todayShanghai()}.xlsx`);
    });
    app.get('/api/audit/verify', { config: { permission: 'audit.read' }, schema: { tags, response: { 200: ZAuditVerify } } }, async () => verifyAuditChain(database));
    // Auditors read the retention period; administrators set it (never under six months).
    app.get('/api/settings/audit', { schema: { tags, response: { 200: ZAuditSettings } } }, async () => getAuditSettings(database.db));
    app.put(
      '/api/settings/audit',
      { config: { permission: 'settings.manage' }, schema: { tags, body: ZAuditSettings, response: { 200: ZAuditSettings } } },
      async (req) => setAuditSettings(database, req.actor!, req.body, req.ip),
    );
  };
