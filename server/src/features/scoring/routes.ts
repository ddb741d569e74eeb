import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DEFAULT_RULE_SET,
  ZAdjustment,
  ZAdjustmentInput,
  ZAssessment,
  ZIdParam,
  ZPeriod,
  ZRuleSet,
  ZRuleSetDocument,
  ZRuleSetInput,
  ZRuleSetSummary,
  ZUnitLedger,
  ZWhatIf,
  ZWhatIfInput,
} from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { sendFile, XLSX_TYPE } from '../../http/download.js';
import { policy } from '../../lib/policy.js';
import { forbidden } from '../../lib/errors.js';
import {
  addAdjustment,
  freezeAssessment,
  getAssessment,
  getRuleSet,
  listAdjustments,
  listRuleSets,
  saveRuleSet,
  unitLedger,
  whatIf,
} from '../../scoring/service.js';
import { assessmentXlsx } from './export.js';

const ZPeriodQuery = z.object({ period: ZPeriod });
const ZYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const scoringRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['scoring'];
    app.get(
      '/api/scoring/rule-sets',
      { config: { permission: 'scoring.manage' }, schema: { tags, response: { 200: z.array(ZRuleSetSummary) } } },
      async () => listRuleSets(db),
    );
    app.get(
      '/api/scoring/rule-sets/default',
      { config: { permission: 'scoring.manage' }, schema: { tags, response: { 200: ZRuleSetDocument } } },
      async () => DEFAULT_RULE_SET,
    );
    app.get(
      '/api/scoring/rule-sets/:id',
      { config: { permission: 'scoring.manage' }, schema: { tags, params: ZIdParam, response: { 200: ZRuleSet } } },
      async (req) => getRuleSet(db, req.params.id),
    );
    app.post(
      '/api/scoring/rule-sets',
      { config: { permission: 'scoring.manage' }, schema: { tags, body: ZRuleSetInput, response: { 201: ZRuleSet } } },
      async (req, reply) => {
        const id = await saveRuleSet(database, req.actor!, req.body, req.ip);
        return reply.status(201).send(await getRuleSet(db, id));
      },
    );
    app.post(
      '/api/scoring/what-if',
      { config: { permission: 'scoring.manage' }, schema: { tags, body: ZWhatIfInput, response: { 200: ZWhatIf } } },
      async (req) => whatIf(database, req.body.period, req.body.document),
    );
    app.get(
      '/api/scoring/assessment',
      { config: { permission: 'scoring.read' }, schema: { tags, querystring: ZPeriodQuery, response: { 200: ZAssessment } } },
      async (req) => getAssessment(database, req.query.period),
    );
    app.get(
      '/api/scoring/assessment.xlsx',
      { config: { permission: 'scoring.read' }, schema: { tags, querystring: ZPeriodQuery, produces: [XLSX_TYPE] } },
      async (req, reply) => sendFile(reply, await assessmentXlsx(await getAssessment(database, req.query.period)), XLSX_TYPE, `信息工作考核_${req.query.period}.xlsx`),
    );
    app.post(
      '/api/scoring/assessment/freeze',
      { config: { permission: 'scoring.manage' }, schema: { tags, body: ZPeriodQuery, response: { 200: ZAssessment } } },
      async (req) => {
        await freezeAssessment(database, req.actor!, req.body.period, req.ip);
        return getAssessment(database, req.body.period);
      },
    );
    // A unit's own people see their unit's ledger; scoring.read holders every unit's (decided in the policy).
    app.get(
      '/api/scoring/units/:id/ledger',
      { schema: { tags, params: ZIdParam, querystring: ZPeriodQuery, response: { 200: ZUnitLedger } } },
      async (req) => {
        if (!policy.canViewUnitScores(req.actor!, req.params.id)) throw forbidden();
        return unitLedger(database, req.params.id, req.query.period);
      },
    );
    app.get(
      '/api/scoring/adjustments',
      { config: { permission: 'scoring.read' }, schema: { tags, querystring: ZYearQuery, response: { 200: z.array(ZAdjustment) } } },
      async (req) => listAdjustments(db, req.query.year),
    );
    app.post(
      '/api/scoring/adjustments',
      { config: { permission: 'scoring.adjust' }, schema: { tags, body: ZAdjustmentInput, response: { 201: ZAdjustment } } },
      async (req, reply) => {
        const id = await addAdjustment(database, req.actor!, req.body, req.ip);
        const created = (await listAdjustments(db, Number(req.body.on.slice(0, 4)))).find((a) => a.id === id)!;
        return reply.status(201).send(created);
      },
    );
  };
