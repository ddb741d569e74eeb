import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZInstruction, ZInstructionInput } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { assertArticleVisible } from '../articles/queries.js';
import { assertIssueVisible } from '../issues/service.js';
import { listInstructions, listInstructionsForUnit, recordInstruction } from './service.js';
import { policy } from '../../lib/policy.js';
import { forbidden } from '../../lib/errors.js';

export const instructionRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['instructions'];
    app.post(
      '/api/instructions',
      { config: { permission: 'instructions.record' }, schema: { tags, body: ZInstructionInput, response: { 201: ZInstruction } } },
      async (req, reply) => {
        await assertIssueVisible(db, req.actor!, req.body.issueId);
        const id = await recordInstruction(database, req.actor!, req.body, req.ip);
        const [created] = await listInstructions(db, { id });
        return reply.status(201).send(created!);
      },
    );
    app.get(
      '/api/issues/:id/instructions',
      { config: { permission: 'issues.read' }, schema: { tags, params: ZIdParam, response: { 200: z.array(ZInstruction) } } },
      async (req) => {
        await assertIssueVisible(db, req.actor!, req.params.id);
        return listInstructions(db, { issueId: req.params.id });
      },
    );
    app.get('/api/units/:id/instructions', { schema: { tags, params: ZIdParam, response: { 200: z.array(ZInstruction) } } }, async (req) => {
      if (!policy.canViewUnit(req.actor!, req.params.id)) throw forbidden();
      return listInstructionsForUnit(db, req.params.id);
    });
    // Instructions on an article reach everyone who may see the article, the unit included.
    app.get('/api/articles/:id/instructions', { schema: { tags, params: ZIdParam, response: { 200: z.array(ZInstruction) } } }, async (req) => {
      await assertArticleVisible(db, req.actor!, req.params.id);
      return (await listInstructions(db, { articleId: req.params.id })).map((i) => ({ ...i, articleId: req.params.id }));
    });
  };
