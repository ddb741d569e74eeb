import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZArticle,
  ZArticleAction,
  ZArticleDraftInput,
  ZArticleFields,
  ZArticleImported,
  ZArticleList,
  ZArticleListQuery,
  ZAttachment,
  ZGuardFinding,
  ZIdParam,
  ZTransitionBody,
  ZVersion,
  ZVersionDiff,
} from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { uploadedFile } from '../../http/body.js';
import { assertArticleVisible, getArticleView, listArticles } from './queries.js';
import { addComment, checkArticle, createDraft, diffVersions, listVersions, saveArticle, transition } from './service.js';
import { addAttachment, deleteAttachment, getAttachment, importDocxDraft } from './attachments.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const UPLOAD_LIMIT = 21 * 1024 * 1024;

export const articleRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;
    const tags = ['articles'];
    app.addContentTypeParser(DOCX_TYPE, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));

    // Listing is scoped by the server: office roles see what left a unit, a unit's people their unit.
    app.get(
      '/api/articles',
      {
        preValidation: async (req) => {
          // ?state=a&state=b arrives as an array, a single ?state=a as a string: both are fine.
          const q = req.query as Record<string, unknown>;
          if (typeof q.state === 'string' && q.state.includes(',')) q.state = q.state.split(',');
        },
        schema: { tags, querystring: ZArticleListQuery, response: { 200: ZArticleList } },
      },
      async (req) => listArticles(db, req.actor!, req.query),
    );
    app.post(
      '/api/articles',
      { config: { permission: 'articles.unit' }, schema: { tags, body: ZArticleFields.partial(), response: { 201: ZArticle } } },
      async (req, reply) => {
        const id = await createDraft(database, req.actor!, req.body, req.ip);
        return reply.status(201).send(await getArticleView(db, req.actor!, id));
      },
    );
    app.post(
      '/api/articles/import-docx',
      { config: { permission: 'articles.unit' }, bodyLimit: UPLOAD_LIMIT, schema: { tags, consumes: [DOCX_TYPE, 'application/octet-stream'], response: { 201: ZArticleImported } } },
      async (req, reply) => {
        const r = await importDocxDraft(database, req.actor!, uploadedFile(req), req.locale, req.ip);
        return reply.status(201).send({ ...(await getArticleView(db, req.actor!, r.id)), importWarnings: r.warnings });
      },
    );
    app.get('/api/articles/:id', { schema: { tags, params: ZIdParam, response: { 200: ZArticle } } }, async (req) =>
      getArticleView(db, req.actor!, req.params.id),
    );
    app.patch(
      '/api/articles/:id',
      { schema: { tags, params: ZIdParam, body: ZArticleDraftInput, response: { 200: ZArticle } } },
      async (req) => {
        await saveArticle(database, req.actor!, req.params.id, req.body, req.ip);
        return getArticleView(db, req.actor!, req.params.id);
      },
    );
    app.post(
      '/api/articles/:id/check',
      { schema: { tags, params: ZIdParam, response: { 200: z.object({ findings: z.array(ZGuardFinding) }) } } },
      async (req) => {
        await assertArticleVisible(db, req.actor!, req.params.id);
        return { findings: await checkArticle(db, req.params.id, req.locale) };
      },
    );
    app.post(
      '/api/articles/:id/actions/:action',
      {
        schema: {
          tags,
          params: ZIdParam.extend({ action: ZArticleAction }),
          body: ZTransitionBody,
          response: { 200: ZArticle },
        },
      },
      async (req) => {
        await transition(database, req.actor!, req.params.id, req.params.action, req.body, req.locale, req.ip);
        return getArticleView(db, req.actor!, req.params.id);
      },
    );
    app.post(
      '/api/articles/:id/comments',
      { schema: { tags, params: ZIdParam, body: z.object({ comment: z.string().trim().min(1).max(2000) }), response: { 200: ZArticle } } },
      async (req) => {
        await addComment(database, req.actor!, req.params.id, req.body.comment, req.ip);
        return getArticleView(db, req.actor!, req.params.id);
      },
    );
    app.get('/api/articles/:id/versions', { schema: { tags, params: ZIdParam, response: { 200: z.array(ZVersion) } } }, async (req) =>
      listVersions(db, req.actor!, req.params.id),
    );
    app.get(
      '/api/articles/:id/diff',
      {
        schema: {
          tags,
          params: ZIdParam,
          querystring: z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) }),
          response: { 200: ZVersionDiff },
        },
      },
      async (req) => diffVersions(db, req.actor!, req.params.id, req.query.from, req.query.to),
    );
    app.post(
      '/api/articles/:id/attachments',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          tags,
          params: ZIdParam,
          querystring: z.object({ filename: z.string().trim().min(1).max(200) }),
          consumes: ['application/octet-stream'],
          response: { 201: ZAttachment },
        },
      },
      async (req, reply) => reply.status(201).send(await addAttachment(database, req.actor!, req.params.id, req.query.filename, uploadedFile(req), req.ip)),
    );
    app.get('/api/attachments/:id/content', { schema: { tags, params: ZIdParam } }, async (req, reply) => {
      const att = await getAttachment(db, req.actor!, req.params.id);
      const inline = att.mime.startsWith('image/') || att.mime === 'application/pdf';
      return reply
        .header('content-type', att.mime)
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(att.filename)}`)
        .header('cache-control', 'private, max-age=3600')
        .send(att.data);
    });
    app.delete('/api/attachments/:id', { schema: { tags, params: ZIdParam, response: { 204: z.null() } } }, async (req, reply) => {
      await deleteAttachment(database, req.actor!, req.params.id, req.ip);
      return reply.status(204).send(null);
    });
  };
