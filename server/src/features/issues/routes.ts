import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZIssue, ZIssueAction, ZIssueCreate, ZIssuePatch, ZIssueState, ZIssueSummary, ZIssueTransitionBody } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { createIssue, getIssue, listIssues, transitionIssue, updateIssue } from './service.js';
import { exportIssueDocx } from './export.js';
import { sendFile } from '../../http/download.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const issueRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['issues'];
    app.get(
      '/api/issues',
      {
        config: { permission: 'issues.read' },
        schema: {
          tags,
          querystring: z.object({ publicationId: z.coerce.number().int().optional(), year: z.coerce.number().int().optional(), state: ZIssueState.optional() }),
          response: { 200: z.array(ZIssueSummary) },
        },
      },
      async (req) => listIssues(db, req.actor!, req.query),
    );
    app.post(
      '/api/issues',
      { config: { permission: 'issues.compose' }, schema: { tags, body: ZIssueCreate, response: { 201: ZIssue } } },
      async (req, reply) => {
        const id = await createIssue(database, req.actor!, req.body, req.ip);
        return reply.status(201).send(await getIssue(db, req.actor!, id));
      },
    );
    app.get('/api/issues/:id', { config: { permission: 'issues.read' }, schema: { tags, params: ZIdParam, response: { 200: ZIssue } } }, async (req) =>
      getIssue(db, req.actor!, req.params.id),
    );
    app.get(
      '/api/issues/:id/export.docx',
      { config: { permission: 'issues.read' }, schema: { tags, params: ZIdParam, produces: [DOCX_TYPE] } },
      async (req, reply) => {
        const r = await exportIssueDocx(db, req.actor!, req.params.id);
        return sendFile(reply, r.data, DOCX_TYPE, r.filename);
      },
    );
    app.patch(
      '/api/issues/:id',
      { config: { permission: 'issues.compose' }, schema: { tags, params: ZIdParam, body: ZIssuePatch, response: { 200: ZIssue } } },
      async (req) => {
        await updateIssue(database, req.actor!, req.params.id, req.body, req.ip);
        return getIssue(db, req.actor!, req.params.id);
      },
    );
    app.post(
      '/api/issues/:id/actions/:action',
      {
        config: { permission: 'issues.office' },
        schema: { tags, params: ZIdParam.extend({ action: ZIssueAction }), body: ZIssueTransitionBody, response: { 200: ZIssue } },
      },
      async (req) => {
        await transitionIssue(database, req.actor!, req.params.id, req.params.action, req.body, req.ip);
        return getIssue(db, req.actor!, req.params.id);
      },
    );
  };
