import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZChannel,
  ZChannelInput,
  ZChannelPatch,
  ZForwardCandidate,
  ZForwardedPiece,
  ZForwardedPieceFull,
  ZForwardedPieceQuery,
  ZForwarding,
  ZForwardingInput,
  ZForwardingReject,
  ZForwardingState,
  ZForwardingSummary,
  ZIdParam,
  ZImportResult,
  ZOutcomeInput,
  ZUpstreamPublicationInput,
  ZUpstreamPublicationPatch,
} from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { uploadedFile } from '../../http/body.js';
import { sendFile, XLSX_TYPE } from '../../http/download.js';
import { addUpstreamPublication, createChannel, listChannels, updateChannel, updateUpstreamPublication } from './channels.js';
import {
  createForwarding,
  decideForwarding,
  getForwardedPiece,
  getForwarding,
  listCandidates,
  listForwardedPieces,
  listForwardings,
  recordOutcome,
} from './service.js';
import { importOutcomes, outcomeTemplate } from './import.js';

export const forwardingRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['forwarding'];

    // channels and their upstream publications
    app.get('/api/channels', { config: { permission: 'channels.read' }, schema: { tags, response: { 200: z.array(ZChannel) } } }, async () => listChannels(db));
    app.post('/api/channels', { config: { permission: 'channels.manage' }, schema: { tags, body: ZChannelInput, response: { 201: ZChannel } } }, async (req, reply) =>
      reply.status(201).send(await createChannel(database, req.actor!, req.body, req.ip)),
    );
    app.patch('/api/channels/:id', { config: { permission: 'channels.manage' }, schema: { tags, params: ZIdParam, body: ZChannelPatch, response: { 200: ZChannel } } }, async (req) =>
      updateChannel(database, req.actor!, req.params.id, req.body, req.ip),
    );
    app.post(
      '/api/channels/:id/publications',
      { config: { permission: 'channels.manage' }, schema: { tags, params: ZIdParam, body: ZUpstreamPublicationInput, response: { 201: ZChannel } } },
      async (req, reply) => reply.status(201).send(await addUpstreamPublication(database, req.actor!, req.params.id, req.body, req.ip)),
    );
    app.patch(
      '/api/upstream-publications/:id',
      { config: { permission: 'channels.manage' }, schema: { tags, params: ZIdParam, body: ZUpstreamPublicationPatch, response: { 200: ZChannel } } },
      async (req) => updateUpstreamPublication(database, req.actor!, req.params.id, req.body, req.ip),
    );

    // forwardings: the editor proposes, the issuer signs off
    app.get('/api/forwarding/candidates', { config: { permission: 'forwarding.manage' }, schema: { tags, response: { 200: z.array(ZForwardCandidate) } } }, async () => listCandidates(db));
    app.get(
      '/api/forwardings',
      { config: { permission: 'forwarding.read' }, schema: { tags, querystring: z.object({ state: ZForwardingState.optional() }), response: { 200: z.array(ZForwardingSummary) } } },
      async (req) => listForwardings(db, req.query.state),
    );
    app.post('/api/forwardings', { config: { permission: 'forwarding.manage' }, schema: { tags, body: ZForwardingInput, response: { 201: ZForwarding } } }, async (req, reply) => {
      const id = await createForwarding(database, req.actor!, req.body, req.ip);
      return reply.status(201).send(await getForwarding(db, id));
    });
    app.get('/api/forwardings/:id', { config: { permission: 'forwarding.read' }, schema: { tags, params: ZIdParam, response: { 200: ZForwarding } } }, async (req) =>
      getForwarding(db, req.params.id),
    );
    app.post('/api/forwardings/:id/sign-off', { config: { permission: 'forwarding.signoff' }, schema: { tags, params: ZIdParam, response: { 200: ZForwarding } } }, async (req) => {
      await decideForwarding(database, req.actor!, req.params.id, 'sign_off', undefined, req.ip);
      return getForwarding(db, req.params.id);
    });
    app.post(
      '/api/forwardings/:id/reject',
      { config: { permission: 'forwarding.signoff' }, schema: { tags, params: ZIdParam, body: ZForwardingReject, response: { 200: ZForwarding } } },
      async (req) => {
        await decideForwarding(database, req.actor!, req.params.id, 'reject', req.body.comment, req.ip);
        return getForwarding(db, req.params.id);
      },
    );

    // forwarded pieces and their upstream outcomes
    app.get(
      '/api/forwarded-pieces',
      { config: { permission: 'forwarding.read' }, schema: { tags, querystring: ZForwardedPieceQuery, response: { 200: z.array(ZForwardedPiece) } } },
      async (req) => listForwardedPieces(db, req.query),
    );
    app.get('/api/forwarded-pieces/:id', { config: { permission: 'forwarding.read' }, schema: { tags, params: ZIdParam, response: { 200: ZForwardedPieceFull } } }, async (req) =>
      getForwardedPiece(db, req.params.id),
    );
    app.put(
      '/api/forwarded-pieces/:id/outcome',
      { config: { permission: 'forwarding.manage' }, schema: { tags, params: ZIdParam, body: ZOutcomeInput, response: { 200: ZForwardedPieceFull } } },
      async (req) => {
        await recordOutcome(database, req.actor!, req.params.id, req.body);
        return getForwardedPiece(db, req.params.id);
      },
    );
    app.get('/api/forwarding/outcomes/template', { config: { permission: 'forwarding.manage' }, schema: { tags, produces: [XLSX_TYPE] } }, async (_req, reply) =>
      sendFile(reply, await outcomeTemplate(database), XLSX_TYPE, '上级采用情况导入模板.xlsx'),
    );
    app.post(
      '/api/forwarding/outcomes/import',
      {
        config: { permission: 'forwarding.manage' },
        schema: { tags, consumes: [XLSX_TYPE], querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }), response: { 200: ZImportResult } },
      },
      async (req) => importOutcomes(database, req.actor!, uploadedFile(req), req.locale, req.query.dryRun === 'true', req.ip),
    );
  };
