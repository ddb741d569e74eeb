import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZNotice, ZNoticeDrift, ZNoticeGenerateInput, ZNoticeSettings, ZNoticeSummary, ZNoticeUpdateInput, ZNoticeVersionInput } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { sendFile } from '../../http/download.js';
import { getNoticeSettings, setNoticeSettings } from './settings.js';
import { driftOfNotice } from './drift.js';
import { generateNotice, getNotice, listNotices, noticeDocx, refreshNoticeFigures, releaseNotice, updateNotice } from './service.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const noticeRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['notices'];
    // Scoped in the service: the desk sees drafts too, everyone else released notices only.
    app.get('/api/notices', { config: { permission: 'notices.read' }, schema: { tags, response: { 200: z.array(ZNoticeSummary) } } }, async (req) =>
      listNotices(db, req.actor!),
    );
    app.post(
      '/api/notices',
      { config: { permission: 'notices.manage' }, schema: { tags, body: ZNoticeGenerateInput, response: { 201: ZNotice } } },
      async (req, reply) => {
        const id = await generateNotice(database, req.actor!, req.body, req.ip);
        return reply.status(201).send(await getNotice(db, req.actor!, id));
      },
    );
    app.get('/api/notices/:id', { config: { permission: 'notices.read' }, schema: { tags, params: ZIdParam, response: { 200: ZNotice } } }, async (req) =>
      getNotice(db, req.actor!, req.params.id),
    );
    // What generating the notice now would change beyond its figures (refresh updates only those).
    app.get(
      '/api/notices/:id/drift',
      { config: { permission: 'notices.manage' }, schema: { tags, params: ZIdParam, response: { 200: ZNoticeDrift } } },
      async (req) => driftOfNotice(database, req.actor!, req.params.id),
    );
    app.patch(
      '/api/notices/:id',
      { config: { permission: 'notices.manage' }, schema: { tags, params: ZIdParam, body: ZNoticeUpdateInput, response: { 200: ZNotice } } },
      async (req) => {
        await updateNotice(database, req.actor!, req.params.id, req.body, req.ip);
        return getNotice(db, req.actor!, req.params.id);
      },
    );
    app.post(
      '/api/notices/:id/refresh',
      { config: { permission: 'notices.manage' }, schema: { tags, params: ZIdParam, body: ZNoticeVersionInput, response: { 200: ZNotice } } },
      async (req) => {
        await refreshNoticeFigures(database, req.actor!, req.params.id, req.body.rowVersion, req.ip);
        return getNotice(db, req.actor!, req.params.id);
      },
    );
    app.post(
      '/api/notices/:id/release',
      { config: { permission: 'notices.manage' }, schema: { tags, params: ZIdParam, body: ZNoticeVersionInput, response: { 200: ZNotice } } },
      async (req) => {
        await releaseNotice(database, req.actor!, req.params.id, req.body.rowVersion, req.ip);
        return getNotice(db, req.actor!, req.params.id);
      },
    );
    // The issuing office's defaults: everyone signed in may read them (the desk's generate form shows them).
    app.get('/api/settings/notices', { schema: { tags, response: { 200: ZNoticeSettings } } }, async () => getNoticeSettings(db));
    app.put(
      '/api/settings/notices',
      { config: { permission: 'settings.manage' }, schema: { tags, body: ZNoticeSettings, response: { 200: ZNoticeSettings } } },
      async (req) => setNoticeSettings(database, req.actor!, req.body, req.ip),
    );
    app.get(
      '/api/notices/:id/export.docx',
      { config: { permission: 'notices.read' }, schema: { tags, params: ZIdParam, produces: [DOCX_TYPE] } },
      async (req, reply) => {
        const r = await noticeDocx(db, req.actor!, req.params.id);
        return sendFile(reply, r.data, DOCX_TYPE, r.filename);
      },
    );
  };
