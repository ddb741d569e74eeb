import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZDashboard, ZDashboardExportQuery, ZDashboardQuery } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { sendFile, XLSX_TYPE } from '../../http/download.js';
import { forbidden } from '../../lib/errors.js';
import { dashboard } from './service.js';
import { dashboardSheets, dashboardXlsx } from './export.js';

/** Dashboards: office viewers see every unit, a unit's people their own unit (decided in policy.dashboardScope). */
export const dashboardRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['dashboard'];
    app.get(
      '/api/dashboard',
      { config: { permission: 'dashboard.read' }, schema: { tags, querystring: ZDashboardQuery, response: { 200: ZDashboard } } },
      async (req) => dashboard(database, req.actor!, req.query),
    );
    app.get(
      '/api/dashboard.xlsx',
      { config: { permission: 'dashboard.read' }, schema: { tags, querystring: ZDashboardExportQuery, produces: [XLSX_TYPE] } },
      async (req, reply) => {
        const { table, ...q } = req.query;
        const d = await dashboard(database, req.actor!, q);
        // A table the viewer may not see (the ranking or the groups for a unit's people) is refused, not left empty.
        const sheet = table ? dashboardSheets(d)[table] : null;
        if (table && !sheet) throw forbidden();
        const name = sheet ? sheet.name : '统计分析';
        return sendFile(reply, await dashboardXlsx(d, table), XLSX_TYPE, `${name}_${q.period}.xlsx`);
      },
    );
  };
