import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { Document, ExternalHyperlink, Packer, Paragraph, TextRun } from 'docx';
import { DEFAULT_DEDUP_SETTINGS, DEFAULT_RULE_SET, ERROR_MESSAGES } from '@baosong/contract';
import {
  ADMIN_PASSWORD,
  api,
  buildXlsx,
  createTestApp,
  login,
  seedUnit,
  seedUser,
  uniqueName,
  USER_PASSWORD,
  XLSX_TYPE,
  type Session,
  type TestApp,
} from '../test/harness.js';
import { crc32, makeZip, oleCompoundFile, tinyPng } from '../text/test-fixtures.js';
import { DEFAULT_GUARD_SETTINGS } from '../features/settings/service.js';

/**
 * The hostile-input suite. Every write route the app registers (POST, PUT, PATCH, DELETE — collected at run time, so
 * a new route without a recipe below fails the suite) is sent: forged and missing CSRF tokens, oversized bodies,
 * malformed JSON, invalid UTF-8, control characters, wrong types, huge numbers, deep nesting, prototype keys, wrong
 * content types, bad path ids and ids of things that do not exist; the file routes also get junk, truncated and
 * mislabelled files and zip bombs. Each must be answered 4xx with a problem+json `code` from the catalogue and a
 * message, the whole database (audit trail and sessions aside) must be byte-for-byte unchanged, and the server must
 * still answer its health check. Then SQL and script payloads go into every text field (no 5xx, nothing executed,
 * rich text sanitised), other units' records are touched (IDOR), and file names try to climb out of their folder.
 */

// Collect the routes as Fastify registers them (the same way as the authorisation matrix).
const registered = vi.hoisted(() => new Map<string, { bodySchema: boolean; bodyLimit?: number }>());
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const original = mod.default;
  const withRouteLog = ((opts?: Parameters<typeof original>[0]) => {
    const app = original(opts);
    app.addHook('onRoute', (route) => {
      for (const m of [route.method].flat()) {
        if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) {
          registered.set(`${m} ${route.url}`, { bodySchema: Boolean(route.schema?.body), bodyLimit: route.bodyLimit });
        }
      }
    });
    return app;
  }) as typeof original;
  return { ...mod, default: withRouteLog, fastify: withRouteLog };
});

const APP_BODY_LIMIT = 2 * 1024 * 1024;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const WHO = ['reporter', 'unit_approver', 'editor', 'issuer', 'leader', 'administrator', 'auditor', 'reporter_b'] as const;
type Who = (typeof WHO)[number];
const usernames: Record<Who, string> = {
  reporter: 'h_reporter',
  unit_approver: 'h_approver',
  editor: 'h_editor',
  issuer: 'h_issuer',
  leader: 'h_leader',
  administrator: 'admin',
  auditor: 'h_auditor',
  reporter_b: 'h_reporter_b',
};
const passwordOf = (who: Who) => (who === 'administrator' ? ADMIN_PASSWORD : USER_PASSWORD);

let t: TestApp;
const sessions = {} as Record<Who, Session>;
const f = {} as {
  unitA: number;
  unitB: number;
  group: number;
  topic: number;
  spareUser: number;
  draftA: number;
  submittedA: number;
  attachmentA: number;
  draftB: number;
  submittedB: number;
  publication: number;
  adopted: number[];
  draftIssue: number;
  releasedIssue: number;
  followup: number;
  channel: number;
  upstreamPublication: number;
  pendingForwarding: number;
  sentPiece: number;
  solicitationA: number;
  solicitationAB: number;
  draftNotice: { id: number; rowVersion: number };
  notificationA: number;
};

// ---------- requests ----------
interface Req {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** A JSON value, or raw bytes (with `contentType`). */
  payload?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

async function send(session: Pick<Session, 'cookie' | 'csrf'> | null, r: Req): Promise<LightMyRequestResponse> {
  const raw = Buffer.isBuffer(r.payload) || typeof r.payload === 'string';
  const headers: Record<string, string> = {};
  if (r.payload !== undefined) headers['content-type'] = r.contentType ?? (raw ? 'application/octet-stream' : 'application/json');
  return api(t.app, session).request(r.method, r.url, r.payload === undefined ? undefined : raw ? (r.payload as Buffer) : JSON.stringify(r.payload), {
    headers: { ...headers, ...r.headers },
  });
}

async function ok(who: Who, method: Req['method'], url: string, payload?: unknown, status = 200): Promise<LightMyRequestResponse> {
  const res = await send(sessions[who], { method, url, payload });
  if (res.statusCode !== status) throw new Error(`${who} ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}
const idOf = (res: LightMyRequestResponse) => res.json<{ id: number }>().id;
async function rowVersion(table: string, id: number): Promise<number> {
  const [r] = await t.database.query<{ row_version: number }>(`select row_version from ${table} where id = $1`, [id]);
  return r!.row_version;
}

const ARTICLE = { title: '恶意输入测试稿件', bodyHtml: '<p>这是一篇用于恶意输入测试的稿件正文。</p>', type: 'news' };
async function draftOf(who: Who): Promise<number> {
  return idOf(await ok(who, 'POST', '/api/articles', ARTICLE, 201));
}
async function act(who: Who, id: number, action: string): Promise<void> {
  await ok(who, 'POST', `/api/articles/${id}/actions/${action}`, { rowVersion: await rowVersion('articles', id) });
}
async function submitted(who: Who): Promise<number> {
  const id = await draftOf(who);
  await act(who, id, 'submit');
  return id;
}
async function adopted(): Promise<number> {
  const id = await submitted('reporter');
  await act('editor', id, 'claim');
  await act('editor', id, 'adopt');
  return id;
}

// ---------- files ----------
async function docxOf(paragraphs: Paragraph[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
}
const plainDocx = () => docxOf([new Paragraph({ children: [new TextRun('测试标题')] }), new Paragraph({ children: [new TextRun('这是正文的第一段。')] })]);

interface RawEntry {
  name: string;
  data: Buffer;
  /** Store the entry deflated (default) or as is. */
  stored?: boolean;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
  /** Already deflated bytes (raw deflate) of `inflatedSize` bytes, for bombs too big to hold inflated. */
  deflated?: { data: Buffer; inflatedSize: number };
}
/** A zip archive whose sizes and contents the test controls (honest by default). */
function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const nameBuf = Buffer.from(e.name, 'utf8');
    const body = e.deflated ? e.deflated.data : e.stored ? e.data : deflateRaw(e.data);
    const size = e.declaredSize ?? (e.deflated ? e.deflated.inflatedSize : e.data.length);
    const method = e.stored && !e.deflated ? 0 : 8;
    const crc = e.deflated ? 0 : crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const deflateRaw = (data: Buffer): Buffer => deflateRawSync(data);
/** `megabytes` MB of one repeated byte, deflated as a stream (never held inflated). */
async function deflatedRun(megabytes: number, byte = 0x20): Promise<{ data: Buffer; inflatedSize: number }> {
  const chunk = Buffer.alloc(1024 * 1024, byte);
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  for (let i = 0; i < megabytes; i++) if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  z.end();
  await done;
  return { data: Buffer.concat(out), inflatedSize: megabytes * 1024 * 1024 };
}

const CONTENT_TYPES_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const docxWith = (documentXml: string | RawEntry, extra: RawEntry[] = []) =>
  zipOf([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES_DOCX) },
    { name: '_rels/.rels', data: Buffer.from(RELS_DOCX) },
    typeof documentXml === 'string' ? { name: 'word/document.xml', data: Buffer.from(documentXml) } : documentXml,
    ...extra,
  ]);
const BILLION_LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">' +
  '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">' +
  '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">' +
  '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>' +
  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>';
const XXE =
  '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>';

/** Files every upload route must refuse with a 4xx, nothing stored; built once. */
let junkFiles: { name: string; data: Buffer }[] = [];
/** Only for the Word import and the Excel imports (an attachment may legitimately be any well-formed zip-based file). */
let bombFiles: { name: string; data: Buffer }[] = [];

async function buildJunkFiles(): Promise<void> {
  const docx = await plainDocx();
  const xlsx = await buildXlsx(['名称'], [['x']]);
  const bomb = await deflatedRun(100);
  junkFiles = [
    { name: 'one byte', data: Buffer.from([0x80]) },
    { name: 'random bytes', data: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)) },
    { name: 'text claiming to be a file', data: Buffer.from('<script>alert(1)</script>\u0000 ../../etc/passwd') },
    { name: 'an executable', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1000)]) },
    { name: 'a shell script with a NUL', data: Buffer.from('#!/bin/sh\nrm -rf /\n\u0000') },
    { name: 'an SVG with script', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>') },
    { name: 'an HTML page', data: Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>') },
    { name: 'zip header only', data: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) },
    { name: 'truncated docx', data: docx.subarray(0, Math.floor(docx.length / 2)) },
    { name: 'truncated xlsx', data: xlsx.subarray(0, Math.floor(xlsx.length / 2)) },
    { name: 'zip with central directory past the end', data: (() => { const z = makeZip({ 'a.txt': 'x' }); const b = Buffer.from(z); b.writeUInt32LE(0x7fffffff, b.length - 6); return b; })() },
    { name: 'zip bomb, lying header (100 MB declared as 1 KB)', data: zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.alloc(0), deflated: bomb, declaredSize: 1024 }]) },
  ];
  bombFiles = [
    { name: 'an empty zip', data: makeZip({}) },
    { name: 'a zip of text files', data: makeZip({ 'readme.txt': 'hello', 'notes.txt': 'world' }) },
    { name: 'legacy .doc (OLE)', data: oleCompoundFile('WordDocument') },
    { name: 'legacy .xls (OLE)', data: oleCompoundFile('Workbook') },
    { name: 'zip bomb, honest header (200 MB)', data: zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.alloc(0), deflated: bomb }, { name: 'xl/workbook.xml', data: Buffer.alloc(0), deflated: bomb }, { name: 'word/media/x.xml', data: Buffer.alloc(0), deflated: bomb }]) },
    { name: 'xlsx bomb, lying header', data: zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), deflated: bomb, declaredSize: 4096 }]) },
    { name: 'docx with malformed XML', data: docxWith('<w:document><w:body><w:p><w:r><w:t>unclosed') },
    { name: 'docx with billion laughs', data: docxWith(BILLION_LAUGHS) },
    { name: 'docx with an external entity', data: docxWith(XXE) },
    { name: 'docx without a document', data: zipOf([{ name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES_DOCX) }]) },
    { name: 'docx with an unknown compression method', data: (() => { const z = docxWith('<w:document/>'); const b = Buffer.from(z); const cd = b.readUInt32LE(b.length - 6); b.writeUInt16LE(99, cd + 10); return b; })() },
    { name: 'an .xlsx sent as Word, a .docx sent as Excel', data: Buffer.alloc(0) }, // replaced per route below
  ];
}

// ---------- recipes: one valid request per write route ----------
interface Recipe {
  /** Who makes the request (null: a public route, no session). */
  who: Who | null;
  /** Use a fresh session of `who` (the route ends or changes the session). */
  fresh?: boolean;
  request(): Req | Promise<Req>;
  /** A file route: which junk applies. */
  file?: 'docx' | 'xlsx' | 'attachment';
  /** The route answers 204 for any well-formed id, revealing nothing (marking one's own notification read). */
  anyId?: true;
}
const json = (method: Req['method'], url: string, payload?: unknown): Req => ({ method, url, payload });
const SOLICITATION = { topic: '恶意输入约稿', requirements: '请报送。', deadline: '2099-12-31T00:00:00+08:00', mandatory: false };
const FOLLOWUP = { title: '恶意输入落实反馈', requirement: '请报送落实情况。', dueDate: '2099-12-31' };

const RECIPES: Record<string, Recipe> = {
  'POST /api/auth/login': { who: null, request: () => json('POST', '/api/auth/login', { username: 'h_reporter', password: 'Wrong-Passw0rd!' }) },
  'POST /api/auth/logout': { who: 'reporter', fresh: true, request: () => json('POST', '/api/auth/logout') },
  'POST /api/auth/password': {
    who: 'reporter',
    fresh: true,
    request: () => json('POST', '/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Another-Passw0rd!' }),
  },
  'POST /api/auth/login/second-factor': { who: null, request: () => json('POST', '/api/auth/login/second-factor', { code: '123456' }) },
  'POST /api/auth/login/enrolment': { who: null, request: () => json('POST', '/api/auth/login/enrolment') },
  'POST /api/auth/login/enrolment/confirm': { who: null, request: () => json('POST', '/api/auth/login/enrolment/confirm', { code: '123456' }) },
  'POST /api/auth/second-factor/enrolment': { who: 'reporter', request: () => json('POST', '/api/auth/second-factor/enrolment') },
  'POST /api/auth/second-factor/enrolment/confirm': { who: 'reporter', request: () => json('POST', '/api/auth/second-factor/enrolment/confirm', { code: '123456' }) },
  'POST /api/auth/second-factor/recovery-codes': { who: 'reporter', request: () => json('POST', '/api/auth/second-factor/recovery-codes', { code: '123456' }) },
  'POST /api/auth/second-factor/disable': { who: 'reporter', request: () => json('POST', '/api/auth/second-factor/disable', { password: USER_PASSWORD, code: '123456' }) },
  'DELETE /api/auth/sessions/:id': { who: 'reporter', request: () => ({ method: 'DELETE', url: '/api/auth/sessions/00000000-0000-4000-8000-000000000000' }) },
  'DELETE /api/users/:id/sessions': { who: 'administrator', request: () => ({ method: 'DELETE', url: `/api/users/${f.spareUser}/sessions` }) },
  'POST /api/users/:id/second-factor/reset': { who: 'administrator', request: () => json('POST', `/api/users/${f.spareUser}/second-factor/reset`) },
  'PUT /api/settings/notices': {
    who: 'administrator',
    request: () =>
      json('PUT', '/api/settings/notices', {
        issuingOffice: '沧州市人民政府办公室',
        mark: '',
        office: '市政府办公室',
        addressees: '各县（市、区）人民政府',
        copyTo: '市委办公室',
        printedBy: '',
        docNumberPrefix: '沧政办字',
        docNumberStart: 1,
        requirements: ['请各单位按时报送。'],
      }),
  },
  'PUT /api/settings/second-factor': { who: 'administrator', request: () => json('PUT', '/api/settings/second-factor', { requiredRoles: [] }) },
  'POST /api/unit-groups': { who: 'administrator', request: () => json('POST', '/api/unit-groups', { name: uniqueName('分组'), sortOrder: 5 }) },
  'PATCH /api/unit-groups/:id': { who: 'administrator', request: () => json('PATCH', `/api/unit-groups/${f.group}`, { name: uniqueName('分组'), sortOrder: 6 }) },
  'POST /api/units': {
    who: 'administrator',
    request: () => json('POST', '/api/units', { name: uniqueName('恶意单位'), shortName: '简称', groupId: f.group, contactName: '张三', contactPhone: '0311-1234567', contactEmail: 'a@b.cn', monthlyCap: 5 }),
  },
  'POST /api/units/import': { who: 'administrator', file: 'xlsx', request: async () => ({ method: 'POST', url: '/api/units/import', payload: await unitSheet(), contentType: XLSX_TYPE }) },
  'PATCH /api/units/:id': { who: 'administrator', request: () => json('PATCH', `/api/units/${f.unitB}`, { contactName: '李四', monthlyTarget: 3, active: true }) },
  'POST /api/users': {
    who: 'administrator',
    request: () => json('POST', '/api/users', { username: uniqueName('h_u'), displayName: '新用户', roles: ['reporter'], unitId: f.unitA, email: 'x@y.cn', phone: '123', password: USER_PASSWORD }),
  },
  'POST /api/users/import': { who: 'administrator', file: 'xlsx', request: async () => ({ method: 'POST', url: '/api/users/import', payload: await userSheet(), contentType: XLSX_TYPE }) },
  'PATCH /api/users/:id': { who: 'administrator', request: () => json('PATCH', `/api/users/${f.spareUser}`, { displayName: '改名', roles: ['editor'], unitId: null, active: true }) },
  'POST /api/users/:id/password': { who: 'administrator', request: () => json('POST', `/api/users/${f.spareUser}/password`, { password: 'Reset-Passw0rd!1' }) },
  'POST /api/users/:id/unlock': { who: 'administrator', request: () => json('POST', `/api/users/${f.spareUser}/unlock`) },
  'POST /api/topics': { who: 'administrator', request: () => json('POST', '/api/topics', { year: 2026, name: uniqueName('重点工作'), active: true, sortOrder: 3 }) },
  'PATCH /api/topics/:id': { who: 'administrator', request: () => json('PATCH', `/api/topics/${f.topic}`, { name: uniqueName('重点工作'), sortOrder: 4 }) },
  'PUT /api/settings/leader-ranks': { who: 'administrator', request: () => json('PUT', '/api/settings/leader-ranks', { extra: [{ code: 'h_rank', label: '测试级别' }] }) },
  'PUT /api/settings/dedup': { who: 'administrator', request: () => json('PUT', '/api/settings/dedup', DEFAULT_DEDUP_SETTINGS) },
  'PUT /api/settings/guards': { who: 'administrator', request: () => json('PUT', '/api/settings/guards', DEFAULT_GUARD_SETTINGS) },
  'PUT /api/settings/audit': { who: 'administrator', request: () => json('PUT', '/api/settings/audit', { retentionMonths: 12 }) },
  'POST /api/notifications/read-all': { who: 'reporter', request: () => json('POST', '/api/notifications/read-all') },
  'POST /api/notifications/:id/read': { who: 'reporter', anyId: true, request: () => json('POST', `/api/notifications/${f.notificationA}/read`) },
  'POST /api/articles': {
    who: 'reporter',
    request: () =>
      json('POST', '/api/articles', { ...ARTICLE, topicIds: [f.topic], authors: [{ name: '作者', phone: '13800000000' }], signer: '签发人', urgency: 'normal', solicitationId: f.solicitationA }),
  },
  'POST /api/articles/import-docx': { who: 'reporter', file: 'docx', request: async () => ({ method: 'POST', url: '/api/articles/import-docx', payload: await plainDocx(), contentType: DOCX_TYPE }) },
  'PATCH /api/articles/:id': {
    who: 'reporter',
    request: async () => json('PATCH', `/api/articles/${f.draftA}`, { title: '改过的标题', bodyHtml: '<p>改过的正文。</p>', topicIds: [f.topic], rowVersion: await rowVersion('articles', f.draftA) }),
  },
  'POST /api/articles/:id/check': { who: 'reporter', request: () => json('POST', `/api/articles/${f.draftA}/check`) },
  'POST /api/articles/:id/actions/:action': {
    who: 'reporter',
    request: async () => json('POST', `/api/articles/${f.draftA}/actions/submit`, { rowVersion: await rowVersion('articles', f.draftA), comment: '报送', confirmPersonalData: true }),
  },
  'POST /api/articles/:id/comments': { who: 'editor', request: () => json('POST', `/api/articles/${f.submittedA}/comments`, { comment: '意见' }) },
  'POST /api/articles/:id/similar/check': { who: 'reporter', request: () => json('POST', `/api/articles/${f.draftA}/similar/check`) },
  'POST /api/articles/:id/attachments': {
    who: 'reporter',
    file: 'attachment',
    request: () => ({ method: 'POST', url: `/api/articles/${f.draftA}/attachments?filename=pic.png`, payload: tinyPng(), contentType: 'application/octet-stream' }),
  },
  'DELETE /api/attachments/:id': { who: 'reporter', request: () => ({ method: 'DELETE', url: `/api/attachments/${f.attachmentA}` }) },
  'POST /api/publications': {
    who: 'administrator',
    request: () => json('POST', '/api/publications', { name: uniqueName('刊物'), kind: 'routine', compilingUnit: '编印单位', activeFrom: 2026 }),
  },
  'PATCH /api/publications/:id': { who: 'administrator', request: () => json('PATCH', `/api/publications/${f.publication}`, { sortOrder: 7, compilingUnit: '编印单位' }) },
  'POST /api/issues': { who: 'editor', request: () => json('POST', '/api/issues', { publicationId: f.publication, issueDate: '2026-09-01', editorNote: '编者按' }) },
  'PATCH /api/issues/:id': {
    who: 'editor',
    request: async () =>
      json('PATCH', `/api/issues/${f.draftIssue}`, {
        rowVersion: await rowVersion('issues', f.draftIssue),
        issueDate: '2026-09-02',
        editorNote: '编者按',
        items: [{ kind: 'piece', title: '', articleIds: [f.adopted[0]] }],
      }),
  },
  'POST /api/issues/:id/actions/:action': {
    who: 'editor',
    request: async () => json('POST', `/api/issues/${f.draftIssue}/actions/send_for_signoff`, { rowVersion: await rowVersion('issues', f.draftIssue) }),
  },
  'POST /api/instructions': {
    who: 'editor',
    request: () => json('POST', '/api/instructions', { issueId: f.releasedIssue, leaderName: '领导', leaderRank: 'city_other', instructedOn: '2026-09-02', text: '批示' }),
  },
  'POST /api/followups': { who: 'editor', request: () => json('POST', '/api/followups', { ...FOLLOWUP, unitIds: [f.unitA] }) },
  'POST /api/followups/:id/close': { who: 'editor', request: () => json('POST', `/api/followups/${f.followup}/close`) },
  'POST /api/channels': { who: 'administrator', request: () => json('POST', '/api/channels', { name: uniqueName('渠道'), level: 'other', sortOrder: 3 }) },
  'PATCH /api/channels/:id': { who: 'administrator', request: () => json('PATCH', `/api/channels/${f.channel}`, { sortOrder: 5 }) },
  'POST /api/channels/:id/publications': { who: 'administrator', request: () => json('POST', `/api/channels/${f.channel}/publications`, { name: uniqueName('上级刊物'), sortOrder: 2 }) },
  'PATCH /api/upstream-publications/:id': { who: 'administrator', request: () => json('PATCH', `/api/upstream-publications/${f.upstreamPublication}`, { sortOrder: 7, active: true }) },
  'POST /api/forwardings': { who: 'editor', request: () => json('POST', '/api/forwardings', { channelId: f.channel, pieces: [{ articleId: f.adopted[1] }], note: '说明' }) },
  'POST /api/forwardings/:id/sign-off': { who: 'issuer', request: () => json('POST', `/api/forwardings/${f.pendingForwarding}/sign-off`) },
  'POST /api/forwardings/:id/reject': { who: 'issuer', request: () => json('POST', `/api/forwardings/${f.pendingForwarding}/reject`, { comment: '退回' }) },
  'PUT /api/forwarded-pieces/:id/outcome': {
    who: 'editor',
    request: () =>
      json('PUT', `/api/forwarded-pieces/${f.sentPiece}/outcome`, {
        result: 'adopted',
        upstreamPublicationId: f.upstreamPublication,
        issueLabel: '第3期',
        outcomeOn: '2026-09-10',
        note: '备注',
        instructions: [{ leaderName: '领导', leaderRank: 'province_main', instructedOn: '2026-09-11', text: '批示' }],
      }),
  },
  'POST /api/forwarding/outcomes/import': {
    who: 'editor',
    file: 'xlsx',
    request: async () => ({ method: 'POST', url: '/api/forwarding/outcomes/import?dryRun=true', payload: await outcomeSheet(), contentType: XLSX_TYPE }),
  },
  'POST /api/solicitations': { who: 'editor', request: () => json('POST', '/api/solicitations', { ...SOLICITATION, unitIds: [f.unitA], groupIds: [] }) },
  'POST /api/solicitations/:id/decline': { who: 'reporter', request: () => json('POST', `/api/solicitations/${f.solicitationAB}/decline`, { reason: '无相关工作' }) },
  'POST /api/solicitations/:id/ratings': { who: 'editor', request: () => json('POST', `/api/solicitations/${f.solicitationA}/ratings`, { unitId: f.unitA, rating: 'ordinary' }) },
  'POST /api/solicitations/:id/close': { who: 'editor', request: () => json('POST', `/api/solicitations/${f.solicitationA}/close`) },
  'POST /api/notices': { who: 'editor', request: () => json('POST', '/api/notices', { period: { kind: 'monthly', year: 2026, month: 7 }, office: '市政府办公室', addressees: '各单位', date: '2026-08-01' }) },
  'PATCH /api/notices/:id': {
    who: 'editor',
    request: async () => json('PATCH', `/api/notices/${f.draftNotice.id}`, { rowVersion: await rowVersion('notices', f.draftNotice.id), copyTo: '市委办公室', title: '通报', date: '2026-08-02' }),
  },
  'POST /api/notices/:id/refresh': { who: 'editor', request: async () => json('POST', `/api/notices/${f.draftNotice.id}/refresh`, { rowVersion: await rowVersion('notices', f.draftNotice.id) }) },
  'POST /api/notices/:id/release': { who: 'editor', request: async () => json('POST', `/api/notices/${f.draftNotice.id}/release`, { rowVersion: await rowVersion('notices', f.draftNotice.id) }) },
  'POST /api/scoring/rule-sets': { who: 'administrator', request: () => json('POST', '/api/scoring/rule-sets', { year: 2099, name: '计分办法', note: '说明', document: DEFAULT_RULE_SET }) },
  'POST /api/scoring/what-if': { who: 'administrator', request: () => json('POST', '/api/scoring/what-if', { period: '2099', document: DEFAULT_RULE_SET }) },
  'POST /api/scoring/assessment/freeze': { who: 'administrator', request: () => json('POST', '/api/scoring/assessment/freeze', { period: '2099-04' }) },
  'POST /api/scoring/adjustments': { who: 'editor', request: () => json('POST', '/api/scoring/adjustments', { unitId: f.unitB, on: '2099-05-01', points: -1, reason: '测试扣分原因' }) },
  'POST /api/outbox/:id/retry': { who: 'administrator', request: () => json('POST', '/api/outbox/1/retry') },
};

async function unitSheet(): Promise<Buffer> {
  return buildXlsx(['单位名称', '简称', '分组', '联系人', '联系电话', '电子邮箱'], [[uniqueName('导入单位'), '', '市直部门', '', '', '']]);
}
async function userSheet(): Promise<Buffer> {
  return buildXlsx(['用户名', '姓名', '角色', '所属单位', '电子邮箱', '手机', '初始密码'], [[uniqueName('h_imp'), '导入用户', '编辑', '', '', '', USER_PASSWORD]]);
}
async function outcomeSheet(): Promise<Buffer> {
  return buildXlsx(['上报编号', '上报渠道', '标题', '采用情况', '上级刊物', '期号', '日期', '批示领导', '领导级别', '批示日期', '批示内容', '备注'], [[f.sentPiece, '', '', '未采用', '', '', '2026-09-10', '', '', '', '', '']]);
}

// ---------- the state of the database ----------
/** Tables a refused request may legitimately touch: the audit trail records refusals; sessions are touched on use. */
const MAY_CHANGE = /^(audit|sessions?$|login|rate|security_events)/;
let tables: string[] = [];
async function snapshot(): Promise<Map<string, string>> {
  if (!tables.length) {
    const rows = await t.database.query<{ t: string }>(
      "select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1",
    );
    tables = rows.map((r) => r.t).filter((n) => !MAY_CHANGE.test(n));
  }
  const sql = tables
    .map((n) => `select '${n}' as t, count(*)::int as n, md5(coalesce(string_agg(x, ',' order by x), '')) as h from (select r::text as x from "${n}" r) s`)
    .join(' union all ');
  const rows = await t.database.query<{ t: string; n: number; h: string }>(sql);
  return new Map(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}
function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((k) => before.get(k) !== after.get(k));
}

// ---------- checks ----------
const KNOWN_CODES = new Set(Object.keys(ERROR_MESSAGES));
interface Outcome {
  attack: string;
  res: LightMyRequestResponse;
}
function problemOf(o: Outcome): string | null {
  const { res } = o;
  const info = `${o.attack} → ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode < 400 || res.statusCode >= 500) return `not a 4xx: ${info}`;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) return `not problem+json: ${info}`;
  let body: { code?: unknown; message?: unknown };
  try {
    body = res.json();
  } catch {
    return `unreadable body: ${info}`;
  }
  if (typeof body.code !== 'string' || !KNOWN_CODES.has(body.code)) return `no known code: ${info}`;
  if (typeof body.message !== 'string' || body.message.length < 2 || body.message.includes('{')) return `no readable message: ${info}`;
  return null;
}
function expectCode(outcomes: Outcome[], codes: string[] | ((o: Outcome) => string[])): string[] {
  const problems: string[] = [];
  for (const o of outcomes) {
    const p = problemOf(o);
    if (p) {
      problems.push(p);
      continue;
    }
    const want = typeof codes === 'function' ? codes(o) : codes;
    const code = o.res.json<{ code: string }>().code;
    if (want.length && !want.includes(code)) problems.push(`expected ${want.join('/')}: ${o.attack} → ${o.res.statusCode} ${o.res.body.slice(0, 200)}`);
  }
  return problems;
}
async function healthy(): Promise<void> {
  const res = await t.app.inject({ method: 'GET', url: '/api/health' });
  expect(res.statusCode, res.body).toBe(200);
}

// ---------- attacks on JSON bodies ----------
type Path = (string | number)[];
function leaves(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (v && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
    for (const [k, x] of Object.entries(v)) leaves(x, [...at, Array.isArray(v) ? Number(k) : k], out);
  } else out.push(at);
  return out;
}
function getAt(v: unknown, p: Path): unknown {
  return p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v);
}
function setAt(v: unknown, p: Path, x: unknown): unknown {
  if (!p.length) return x;
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(v) ? [...v] : { ...(v as object) };
  (copy as Record<string | number, unknown>)[p[0]!] = setAt((v as Record<string | number, unknown>)[p[0]!], p.slice(1), x);
  return copy;
}
const MARK = '\u2063MARK\u2063';
/** The body as JSON text with the value at `p` replaced by raw JSON text (numbers JSON.stringify cannot write). */
function rawJsonWith(body: unknown, p: Path, rawValue: string | Buffer): Buffer {
  const [before, after] = JSON.stringify(setAt(body, p, MARK)).split(JSON.stringify(MARK)) as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.isBuffer(rawValue) ? rawValue : Buffer.from(rawValue), Buffer.from(after)]);
}
function wrongType(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return '1';
  if (typeof v === 'boolean') return 'yes';
  if (v === null) return { nested: true };
  if (Array.isArray(v)) return 'not a list';
  return 7;
}
const isIdField = (p: Path) => {
  const last = p[p.length - 1];
  const parent = p[p.length - 2];
  return (typeof last === 'string' && /Id$/.test(last)) || (typeof last === 'number' && typeof parent === 'string' && /Ids$/.test(parent));
};
const CONTROL = ['\u0000', '\u001b[31m'];
const HUGE = ['2147483648', '-2147483649', '1e308', '1e400'];
/** Invalid UTF-8: a stray byte, an overlong '/', an encoded surrogate, a truncated sequence — one per field, in turn. */
const BAD_UTF8 = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe6, 0xb5])];
/** Unknown topics are dropped from an article by design (topics of another year too), not refused. */
const DROPPED_BY_DESIGN = (p: Path) => p.includes('topicIds');
/** Fields that are whole numbers by nature (fractions elsewhere, such as points and thresholds, are legitimate). */
const WHOLE = (p: Path) => isIdField(p) || /^(rowVersion|sortOrder|year|month|retentionMonths|monthlyCap|monthlyTarget|activeFrom|activeTo)$/.test(String(p[p.length - 1]));

async function bodyAttacks(session: Session | null, base: Req, bodySchema: boolean, limit: number): Promise<Outcome[]> {
  const out: Outcome[] = [];
  const go = async (attack: string, r: Partial<Req>) => out.push({ attack, res: await send(session, { ...base, ...r }) });
  const body = base.payload ?? {};
  // Whole-body attacks (every route)
  await go('oversized JSON', { payload: Buffer.from(`{"x":"${'a'.repeat(limit + 10)}"}`), contentType: 'application/json' });
  await go('malformed JSON', { payload: Buffer.from('{"title": "x",'), contentType: 'application/json' });
  await go('empty JSON', { payload: Buffer.alloc(0), contentType: 'application/json' });
  await go('invalid UTF-8', { payload: Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"}')]), contentType: 'application/json' });
  await go('deeply nested JSON', { payload: Buffer.from(`{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`), contentType: 'application/json' });
  await go('prototype pollution', { payload: Buffer.from('{"__proto__":{"isAdmin":true},"x":1}'), contentType: 'application/json' });
  await go('constructor pollution', { payload: Buffer.from('{"constructor":{"prototype":{"isAdmin":true}}}'), contentType: 'application/json' });
  await go('control character in a key', { payload: Buffer.from('{"a\\u0000b":1}'), contentType: 'application/json' });
  await go('text/plain', { payload: Buffer.from(JSON.stringify(body)), contentType: 'text/plain' });
  await go('form-encoded (cross-site form)', { payload: Buffer.from('title=x&rowVersion=1'), contentType: 'application/x-www-form-urlencoded' });
  await go('multipart', { payload: Buffer.from('--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--b--\r\n'), contentType: 'multipart/form-data; boundary=b' });
  if (!bodySchema || Buffer.isBuffer(body)) return out;
  for (const whole of [[], 'a string', 42, null, true]) await go(`body ${JSON.stringify(whole)}`, { payload: Buffer.from(JSON.stringify(whole)), contentType: 'application/json' });
  // Field attacks, on up to 16 leaves
  let leafNo = 0;
  for (const p of leaves(body).slice(0, 12)) {
    leafNo++;
    const v = getAt(body, p);
    const name = p.join('.') || '(body)';
    await go(`wrong type at ${name}`, { payload: setAt(body, p, wrongType(v)) });
    if (typeof v === 'string') {
      for (const c of CONTROL) await go(`control ${JSON.stringify(c)} in ${name}`, { payload: setAt(body, p, `${v}${c}x`) });
      await go(`lone surrogate in ${name}`, { payload: rawJsonWith(body, p, `${JSON.stringify(v).slice(0, -1)}\\ud800"`), contentType: 'application/json' });
      const b = BAD_UTF8[leafNo % BAD_UTF8.length]!;
      await go(`bad UTF-8 ${b.toString('hex')} in ${name}`, { payload: rawJsonWith(body, p, Buffer.concat([Buffer.from('"x'), b, Buffer.from('y"')])), contentType: 'application/json' });
      if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
        for (const d of ['2026-02-30', '2026-13-45', '0000-00-00', '99999-12-31']) await go(`impossible date ${d} at ${name}`, { payload: setAt(body, p, v.replace(/^\d{4}-\d{2}-\d{2}/, d)) });
      }
      await go(`deep nesting at ${name}`, { payload: rawJsonWith(body, p, `${'{"a":'.repeat(60)}1${'}'.repeat(60)}`), contentType: 'application/json' });
    }
    if (typeof v === 'number' && !DROPPED_BY_DESIGN(p)) {
      for (const h of HUGE) await go(`huge number ${h} at ${name}`, { payload: rawJsonWith(body, p, h), contentType: 'application/json' });
      if (WHOLE(p)) await go(`fraction at ${name}`, { payload: setAt(body, p, v + 0.5) });
      await go(`NaN text at ${name}`, { payload: rawJsonWith(body, p, 'NaN'), contentType: 'application/json' });
    }
  }
  return out;
}

/** Ids that exist nowhere: the route must answer 4xx and store nothing. */
async function danglingIdAttacks(session: Session | null, base: Req): Promise<Outcome[]> {
  const out: Outcome[] = [];
  if (Buffer.isBuffer(base.payload) || !base.payload) return out;
  for (const p of leaves(base.payload).filter((p) => isIdField(p) && !DROPPED_BY_DESIGN(p))) {
    out.push({ attack: `missing id at ${p.join('.')}`, res: await send(session, { ...base, payload: setAt(base.payload, p, 2147483647) }) });
  }
  return out;
}

const BAD_PATH_IDS = ['0', '-1', 'abc', '1.5', '1e3', '0x10', '2147483648', '99999999999999999999', '1%00', '%2e%2e%2f1', "1'%20OR%20'1'='1", '2147483647'];
async function pathAttacks(session: Session | null, base: Req, route: string): Promise<Outcome[]> {
  const out: Outcome[] = [];
  if (!route.includes(':id')) return out;
  const idAt = route.split('/').indexOf(':id');
  for (const bad of BAD_PATH_IDS) {
    const parts = base.url.split('?')[0]!.split('/');
    parts[idAt] = bad;
    const url = parts.join('/') + (base.url.includes('?') ? `?${base.url.split('?')[1]}` : '');
    out.push({ attack: `path id ${bad}`, res: await send(session, { ...base, url }) });
  }
  if (route.includes(':action')) {
    const url = base.url.replace(/\/actions\/[^/?]+/, '/actions/drop_table');
    out.push({ attack: 'unknown action', res: await send(session, { ...base, url }) });
  }
  return out;
}

async function fileAttacks(session: Session | null, base: Req, kind: NonNullable<Recipe['file']>, limit: number): Promise<Outcome[]> {
  const out: Outcome[] = [];
  const go = async (attack: string, r: Partial<Req>) => out.push({ attack, res: await send(session, { ...base, ...r }) });
  await go('oversized file', { payload: Buffer.alloc(limit + 1024, 0x41) });
  await go('no file', { payload: undefined, headers: { 'content-type': base.contentType ?? 'application/octet-stream' } });
  await go('empty file', { payload: Buffer.alloc(0) });
  await go('JSON instead of a file', { payload: { file: 'x' }, contentType: 'application/json' });
  for (const j of junkFiles) await go(j.name, { payload: j.data });
  if (kind !== 'attachment') {
    for (const j of bombFiles) {
      if (j.name.startsWith('an .xlsx sent as Word')) {
        const wrong = kind === 'docx' ? await buildXlsx(['a'], [['b']]) : await plainDocx();
        await go(kind === 'docx' ? 'an .xlsx sent as Word' : 'a .docx sent as Excel', { payload: wrong });
      } else await go(j.name, { payload: j.data });
    }
  }
  return out;
}

/** CSRF: the synchroniser token must come in the x-csrf-token header and match the session's. */
async function csrfAttacks(session: Session, base: Req): Promise<Outcome[]> {
  const other = sessions.reporter_b.csrf === session.csrf ? sessions.editor : sessions.reporter_b;
  const variants: [string, Record<string, string>, string?][] = [
    ['no token', { 'x-csrf-token': '' }],
    ['forged token', { 'x-csrf-token': 'f'.repeat(session.csrf.length) }],
    ["another user's token", { 'x-csrf-token': other.csrf }],
    ['token upper-cased', { 'x-csrf-token': session.csrf.toUpperCase() === session.csrf ? session.csrf.toLowerCase() + 'x' : session.csrf.toUpperCase() }],
    ['token with a suffix', { 'x-csrf-token': `${session.csrf} ` }],
    ['token in the query string instead', { 'x-csrf-token': '' }, `csrf=${session.csrf}&x-csrf-token=${session.csrf}`],
  ];
  const out: Outcome[] = [];
  for (const [attack, headers, query] of variants) {
    const url = query ? `${base.url}${base.url.includes('?') ? '&' : '?'}${query}` : base.url;
    // An empty header value is dropped by the injector: send a session without the header at all then.
    const s = headers['x-csrf-token'] === '' ? { cookie: session.cookie, csrf: '' } : session;
    const res = await api(t.app, null).request(base.method, url, base.payload === undefined ? undefined : Buffer.isBuffer(base.payload) ? base.payload : JSON.stringify(base.payload), {
      headers: {
        cookie: s.cookie,
        ...(headers['x-csrf-token'] ? { 'x-csrf-token': headers['x-csrf-token'] } : {}),
        ...(base.payload !== undefined ? { 'content-type': base.contentType ?? (Buffer.isBuffer(base.payload) ? 'application/octet-stream' : 'application/json') } : {}),
      },
    });
    out.push({ attack, res });
  }
  return out;
}

// ---------- setup ----------
beforeAll(async () => {
  t = await createTestApp();
  const [g] = await t.database.query<{ id: number }>("insert into unit_groups (name, sort_order) values ('恶意测试分组', 400) returning id");
  f.group = g!.id;
  f.unitA = (await seedUnit(t.database, '恶意甲单位')).id;
  f.unitB = (await seedUnit(t.database, '恶意乙单位')).id;
  const unitOf: Partial<Record<Who, number>> = { reporter: f.unitA, unit_approver: f.unitA, reporter_b: f.unitB };
  for (const who of WHO) {
    if (who === 'administrator') continue;
    await seedUser(t.database, usernames[who], [who === 'reporter_b' ? 'reporter' : who], unitOf[who] ?? null);
  }
  f.spareUser = (await seedUser(t.database, 'h_spare', ['editor'])).id;
  for (const who of WHO) sessions[who] = await login(t.app, usernames[who], passwordOf(who));
  const [topic] = await t.database.query<{ id: number }>("insert into topics (year, name) values (2026, '恶意测试重点工作') returning id");
  f.topic = topic!.id;

  f.draftA = await draftOf('reporter');
  f.attachmentA = idOf(await ok('reporter', 'POST', `/api/articles/${f.draftA}/attachments?filename=pic.png`, tinyPng(), 201));
  f.submittedA = await submitted('reporter');
  f.draftB = await draftOf('reporter_b');
  f.submittedB = await submitted('reporter_b');

  f.publication = idOf(await ok('administrator', 'POST', '/api/publications', { name: '恶意测试简报', kind: 'routine', compilingUnit: '编印单位', activeFrom: 2026 }, 201));
  f.adopted = [await adopted(), await adopted(), await adopted(), await adopted()];
  const issue = async () => idOf(await ok('editor', 'POST', '/api/issues', { publicationId: f.publication, issueDate: '2026-09-01' }, 201));
  f.draftIssue = await issue();
  f.releasedIssue = await issue();
  await ok('editor', 'PATCH', `/api/issues/${f.releasedIssue}`, { rowVersion: await rowVersion('issues', f.releasedIssue), items: [{ kind: 'piece', title: '', articleIds: [f.adopted[2]] }] });
  await ok('editor', 'POST', `/api/issues/${f.releasedIssue}/actions/send_for_signoff`, { rowVersion: await rowVersion('issues', f.releasedIssue) });
  await ok('issuer', 'POST', `/api/issues/${f.releasedIssue}/actions/sign_off`, { rowVersion: await rowVersion('issues', f.releasedIssue) });
  f.followup = idOf(await ok('editor', 'POST', '/api/followups', { ...FOLLOWUP, unitIds: [f.unitA] }, 201));

  f.channel = idOf(await ok('administrator', 'POST', '/api/channels', { name: '恶意测试渠道' }, 201));
  const ch = await ok('administrator', 'POST', `/api/channels/${f.channel}/publications`, { name: '恶意上级刊物' }, 201);
  f.upstreamPublication = ch.json<{ publications: { id: number }[] }>().publications[0]!.id;
  const sent = idOf(await ok('editor', 'POST', '/api/forwardings', { channelId: f.channel, pieces: [{ articleId: f.adopted[3] }] }, 201));
  await ok('issuer', 'POST', `/api/forwardings/${sent}/sign-off`);
  const [piece] = await t.database.query<{ id: number }>('select id from forwarded_pieces where forwarding_id = $1', [sent]);
  f.sentPiece = piece!.id;
  const extra = await adopted();
  f.pendingForwarding = idOf(await ok('editor', 'POST', '/api/forwardings', { channelId: f.channel, pieces: [{ articleId: extra }] }, 201));

  f.solicitationA = idOf(await ok('editor', 'POST', '/api/solicitations', { ...SOLICITATION, unitIds: [f.unitA] }, 201));
  f.solicitationAB = idOf(await ok('editor', 'POST', '/api/solicitations', { ...SOLICITATION, unitIds: [f.unitA, f.unitB] }, 201));
  const answer = idOf(await ok('reporter', 'POST', '/api/articles', { ...ARTICLE, solicitationId: f.solicitationA }, 201));
  await act('reporter', answer, 'submit');
  f.draftNotice = (await ok('editor', 'POST', '/api/notices', { period: { kind: 'monthly', year: 2026, month: 6 } }, 201)).json();
  // Something in the reporter's inbox: a returned article tells its author.
  await act('editor', f.submittedA, 'claim');
  await ok('editor', 'POST', `/api/articles/${f.submittedA}/actions/return`, { rowVersion: await rowVersion('articles', f.submittedA), comment: '请修改' });
  await act('reporter', f.submittedA, 'submit');
  const [n] = await t.database.query<{ id: number }>('select id from notifications where user_id = $1 order by id limit 1', [sessions.reporter.me.id]);
  f.notificationA = n?.id ?? 1;
  await buildJunkFiles();
}, 180_000);
afterAll(async () => {
  await t?.close();
});

// ---------- the suite ----------
const writeRoutes = () => [...registered.keys()].filter((r) => r.split(' ')[1]!.startsWith('/api/')).sort();

describe('the hostile-input recipes', () => {
  it('cover exactly the write routes the app registers', () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !(r in RECIPES)), 'write routes without a recipe: add one to RECIPES').toEqual([]);
    expect(Object.keys(RECIPES).filter((r) => !registered.has(r)), 'recipes for routes the app does not have').toEqual([]);
  });
});

describe.each(Object.keys(RECIPES))('%s', (route) => {
  const recipe = RECIPES[route]!;
  const sessionFor = async (): Promise<Session | null> =>
    recipe.who === null ? null : recipe.fresh ? login(t.app, usernames[recipe.who], passwordOf(recipe.who)) : sessions[recipe.who];

  it('refuses hostile input with a 4xx problem, stores nothing, keeps serving', async () => {
    const info = registered.get(route);
    expect(info, `${route} is not registered`).toBeDefined();
    const session = await sessionFor();
    const base = await recipe.request();
    const limit = info!.bodyLimit ?? APP_BODY_LIMIT;
    const before = await snapshot();
    const problems: string[] = [];

    if (session) {
      problems.push(...expectCode(await csrfAttacks(session, base), ['CSRF_INVALID']));
    }
    if (recipe.file) {
      problems.push(...expectCode(await fileAttacks(session, base, recipe.file, limit), []));
      problems.push(...expectCode(await bodyAttacks(session, { ...base, payload: undefined }, false, APP_BODY_LIMIT), []));
    } else {
      const outcomes = await bodyAttacks(session, base, info!.bodySchema, limit);
      problems.push(
        ...expectCode(outcomes, (o) => {
          const a = o.attack;
          if (a === 'oversized JSON') return ['PAYLOAD_TOO_LARGE'];
          if (['text/plain', 'form-encoded (cross-site form)', 'multipart'].includes(a)) return ['UNSUPPORTED_MEDIA_TYPE'];
          if (a.startsWith('invalid UTF-8') || a.startsWith('bad UTF-8') || a.startsWith('control') || a.startsWith('lone surrogate')) return ['TEXT_INVALID'];
          if (['malformed JSON', 'empty JSON', 'deeply nested JSON', 'prototype pollution', 'constructor pollution'].includes(a)) return ['BODY_MALFORMED'];
          if (a === 'control character in a key') return ['TEXT_INVALID'];
          if (a.startsWith('wrong type') || a.startsWith('body ') || a.startsWith('fraction')) return ['VALIDATION_FAILED'];
          if (a.startsWith('NaN text')) return ['BODY_MALFORMED'];
          return [];
        }),
      );
    }
    const pathOutcomes = await pathAttacks(session, base, route);
    problems.push(...expectCode(recipe.anyId ? pathOutcomes.filter((o) => o.res.statusCode !== 204) : pathOutcomes, []));
    problems.push(...expectCode(await danglingIdAttacks(session, base), []));

    const after = await snapshot();
    await healthy();
    expect(problems, problems.join('\n')).toEqual([]);
    expect(changedTables(before, after), 'tables changed by refused requests').toEqual([]);
  });
});

// ---------- other units' records (IDOR) ----------
describe("other units' records", () => {
  const cases: { name: string; who: Who; request: () => Promise<Req> | Req }[] = [
    { name: "save unit A's draft", who: 'reporter_b', request: () => json('PATCH', `/api/articles/${f.draftA}`, { title: '越权修改' }) },
    { name: "submit unit A's draft", who: 'reporter_b', request: async () => json('POST', `/api/articles/${f.draftA}/actions/submit`, { rowVersion: await rowVersion('articles', f.draftA) }) },
    { name: "withdraw unit A's submitted article", who: 'reporter_b', request: async () => json('POST', `/api/articles/${f.submittedA}/actions/withdraw`, { rowVersion: await rowVersion('articles', f.submittedA) }) },
    { name: "approve unit B's article as unit A's approver", who: 'unit_approver', request: async () => json('POST', `/api/articles/${f.submittedB}/actions/approve`, { rowVersion: await rowVersion('articles', f.submittedB) }) },
    { name: "comment on unit A's article", who: 'reporter_b', request: () => json('POST', `/api/articles/${f.submittedA}/comments`, { comment: '越权意见' }) },
    { name: "check unit A's draft", who: 'reporter_b', request: () => json('POST', `/api/articles/${f.draftA}/check`) },
    { name: "re-run the duplicate check of unit A's draft", who: 'reporter_b', request: () => json('POST', `/api/articles/${f.draftA}/similar/check`) },
    { name: "attach a file to unit A's draft", who: 'reporter_b', request: () => ({ method: 'POST', url: `/api/articles/${f.draftA}/attachments?filename=x.png`, payload: tinyPng() }) },
    { name: "delete unit A's attachment", who: 'reporter_b', request: () => ({ method: 'DELETE', url: `/api/attachments/${f.attachmentA}` }) },
    { name: 'decline a solicitation not addressed to unit B', who: 'reporter_b', request: () => json('POST', `/api/solicitations/${f.solicitationA}/decline`, { reason: '越权说明不报' }) },
    { name: 'answer a solicitation not addressed to unit B', who: 'reporter_b', request: () => json('POST', '/api/articles', { ...ARTICLE, solicitationId: f.solicitationA }) },
    { name: 'answer a follow-up not addressed to unit B', who: 'reporter_b', request: () => json('POST', '/api/articles', { ...ARTICLE, followupId: f.followup }) },
    { name: "move unit B's draft onto unit A's solicitation", who: 'reporter_b', request: () => json('PATCH', `/api/articles/${f.draftB}`, { solicitationId: f.solicitationA }) },
    { name: "mark unit A's reporter's notification read", who: 'reporter_b', request: () => json('POST', `/api/notifications/${f.notificationA}/read`) },
    { name: "change one's own unit", who: 'reporter', request: () => json('PATCH', `/api/units/${f.unitA}`, { monthlyCap: 100 }) },
    { name: 'give oneself a role', who: 'reporter', request: () => json('PATCH', `/api/users/${sessions.reporter.me.id}`, { roles: ['administrator'] }) },
    { name: 'rate a unit the solicitation did not go to', who: 'editor', request: () => json('POST', `/api/solicitations/${f.solicitationA}/ratings`, { unitId: f.unitB, rating: 'ordinary' }) },
    { name: 'forward a draft', who: 'editor', request: () => json('POST', '/api/forwardings', { channelId: f.channel, pieces: [{ articleId: f.draftA }] }) },
    { name: 'place a draft in an issue', who: 'editor', request: async () => json('PATCH', `/api/issues/${f.draftIssue}`, { rowVersion: await rowVersion('issues', f.draftIssue), items: [{ kind: 'piece', title: '', articleIds: [f.draftB] }] }) },
    { name: 'an outcome naming a publication of another channel', who: 'editor', request: async () => {
      const other = idOf(await ok('administrator', 'POST', '/api/channels', { name: uniqueName('他渠道') }, 201));
      const ch = await ok('administrator', 'POST', `/api/channels/${other}/publications`, { name: uniqueName('他刊物') }, 201);
      const pub = ch.json<{ publications: { id: number }[] }>().publications[0]!.id;
      return json('PUT', `/api/forwarded-pieces/${f.sentPiece}/outcome`, { result: 'adopted', upstreamPublicationId: pub, outcomeOn: '2026-09-10' });
    } },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s: refused, nothing changes', async (_name, c) => {
    const r = await c.request();
    const before = await snapshot();
    const unreadBefore = await t.database.query<{ n: number }>('select count(*)::int as n from notifications where user_id = $1 and read_at is null', [sessions.reporter.me.id]);
    const res = await send(sessions[c.who], r);
    // Marking a notification read answers 204 whatever the id (it reveals nothing); it touches only one's own.
    const p = c.name.includes('notification') && res.statusCode === 204 ? null : problemOf({ attack: c.name, res });
    expect(p, p ?? '').toBeNull();
    const after = await snapshot();
    expect(changedTables(before, after)).toEqual([]);
    const unreadAfter = await t.database.query<{ n: number }>('select count(*)::int as n from notifications where user_id = $1 and read_at is null', [sessions.reporter.me.id]);
    expect(unreadAfter[0]!.n).toBe(unreadBefore[0]!.n);
  });
});

// ---------- file names ----------
describe('file names that try to leave their folder', () => {
  const NAMES = ['../../../etc/passwd', '..\\..\\windows\\system32\\cmd.exe', '/etc/shadow', 'C:\\boot.ini', 'a%00.png', '%2e%2e%2f%2e%2e%2fx.png', 'con.png', '.htaccess', `${'长'.repeat(150)}.png`, '<script>.png', 'a\r\nX-Injected: 1.png'];

  it.each(NAMES)('%s: stored under a harmless name, served with a safe header', async (name) => {
    const res = await send(sessions.reporter, { method: 'POST', url: `/api/articles/${f.draftA}/attachments?filename=${encodeURIComponent(name)}`, payload: tinyPng() });
    if (res.statusCode >= 400) {
      expect(problemOf({ attack: name, res })).toBeNull();
      return;
    }
    expect(res.statusCode, res.body).toBe(201);
    const stored = res.json<{ id: number; filename: string }>();
    expect(stored.filename).not.toMatch(/[\\/\0-\x1f<>:"|?*]/);
    expect(stored.filename).not.toMatch(/^\.\.?$/);
    expect(stored.filename.endsWith('.png')).toBe(true);
    const download = await t.app.inject({ method: 'GET', url: `/api/attachments/${stored.id}/content`, headers: { cookie: sessions.reporter.cookie } });
    expect(download.statusCode).toBe(200);
    expect(String(download.headers['content-disposition'])).not.toMatch(/[\r\n"\\/]|\.\.\//);
    expect(download.headers['x-injected']).toBeUndefined();
    await ok('reporter', 'DELETE', `/api/attachments/${stored.id}`, undefined, 204);
  });

  it('a Word file whose parts climb out of the archive is read without writing anything to disk', async () => {
    const marker = path.join(os.tmpdir(), `baosong-hostile-${process.pid}.txt`);
    const docx = docxWith('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>', [
      { name: `../../../../../../../..${marker}`, data: Buffer.from('pwned') },
      { name: '/etc/baosong-pwned', data: Buffer.from('pwned') },
    ]);
    const res = await send(sessions.reporter, { method: 'POST', url: '/api/articles/import-docx', payload: docx, contentType: DOCX_TYPE });
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync('/etc/baosong-pwned')).toBe(false);
  });
});

// ---------- injection payloads: may be stored, but only as inert text ----------
const SQL_PAYLOADS = ["x'; DROP TABLE users; --", "1' OR '1'='1", 'x"); DELETE FROM articles; --', "'||(SELECT pg_sleep(5))||'", '$1 $$ \\ %_ ; --'];
const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<svg/onload=alert(1)>',
  '"><iframe src="//evil.example"></iframe>',
  '<div style="background:url(javascript:alert(1))">x</div>',
];
/** Live markup only: escaped text (&lt;img onerror=…&gt;) is harmless and may stay. */
const DANGEROUS_HTML = /<(?:script|iframe|svg|object|embed|form|base|meta|link|style)\b|<[^>]*\son[a-z]+\s*=|<[^>]*(?:href|src|action|xlink:href)\s*=\s*["']?\s*(?:javascript|vbscript|data:text\/html)|<[^>]*style\s*=[^>]*(?:expression\(|javascript:|url\()/i;

describe('injection payloads in every text field', () => {
  it('SQL payloads are either refused (4xx) or stored as plain text; the database stays whole', async () => {
    const before = await t.database.query<{ n: number }>('select count(*)::int as n from users');
    const problems: string[] = [];
    for (const route of Object.keys(RECIPES)) {
      const recipe = RECIPES[route]!;
      if (recipe.file || recipe.fresh) continue;
      const base = await recipe.request();
      if (!base.payload || Buffer.isBuffer(base.payload)) continue;
      const strings = leaves(base.payload).filter((p) => typeof getAt(base.payload, p) === 'string');
      if (!strings.length) continue;
      for (const payload of SQL_PAYLOADS) {
        let body: unknown = base.payload;
        for (const p of strings) body = setAt(body, p, `${payload}${uniqueName('')}`);
        const session = recipe.who ? sessions[recipe.who] : null;
        const res = await send(session, { ...base, payload: body });
        if (res.statusCode >= 500) problems.push(`${route} ${payload} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400) {
          const p = problemOf({ attack: `${route} ${payload}`, res });
          if (p) problems.push(p);
        }
      }
    }
    await healthy();
    expect(problems, problems.join('\n')).toEqual([]);
    const after = await t.database.query<{ n: number }>('select count(*)::int as n from users');
    expect(after[0]!.n).toBeGreaterThanOrEqual(before[0]!.n);
    // Nothing ran: the tables are all there and the administrator still signs in.
    for (const table of ['users', 'articles', 'units', 'audit_log']) await t.database.query(`select 1 from ${table} limit 1`);
    await login(t.app, 'admin', ADMIN_PASSWORD);
  }, 120_000);

  it('script payloads: no 5xx, and no stored HTML anywhere carries script', async () => {
    const problems: string[] = [];
    for (const route of Object.keys(RECIPES)) {
      const recipe = RECIPES[route]!;
      if (recipe.file || recipe.fresh) continue;
      const base = await recipe.request();
      if (!base.payload || Buffer.isBuffer(base.payload)) continue;
      const strings = leaves(base.payload).filter((p) => typeof getAt(base.payload, p) === 'string');
      for (const payload of XSS_PAYLOADS) {
        let body: unknown = base.payload;
        for (const p of strings) body = setAt(body, p, `${payload}${uniqueName('')}`);
        const res = await send(recipe.who ? sessions[recipe.who] : null, { ...base, payload: body });
        if (res.statusCode >= 500) problems.push(`${route} ${payload} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    // Every HTML column in the database holds sanitised markup only.
    const htmlColumns = await t.database.query<{ table_name: string; column_name: string }>(
      "select table_name, column_name from information_schema.columns where table_schema = current_schema() and column_name like '%html%' and data_type = 'text'",
    );
    expect(htmlColumns.length).toBeGreaterThan(0);
    for (const c of htmlColumns) {
      const bad = await t.database.query<{ v: string }>(`select "${c.column_name}" as v from "${c.table_name}" where "${c.column_name}" is not null`);
      for (const r of bad) expect(DANGEROUS_HTML.test(r.v), `${c.table_name}.${c.column_name}: ${r.v.slice(0, 200)}`).toBe(false);
    }
    await healthy();
  }, 120_000);

  it('rich text comes back sanitised from create, save, issue pieces and Word import; plain text comes back as typed', async () => {
    for (const payload of XSS_PAYLOADS) {
      const created = await ok('reporter', 'POST', '/api/articles', { ...ARTICLE, title: payload, bodyHtml: `<p>正文${payload}</p>` }, 201);
      const a = created.json<{ id: number; title: string; bodyHtml: string }>();
      expect(a.title).toBe(payload.trim());
      expect(a.bodyHtml).not.toMatch(DANGEROUS_HTML);
      const saved = await ok('reporter', 'PATCH', `/api/articles/${a.id}`, { bodyHtml: `<p onclick="x()">再改${payload}</p>` });
      expect(saved.json<{ bodyHtml: string }>().bodyHtml).not.toMatch(DANGEROUS_HTML);
      const read = await ok('reporter', 'GET' as never, `/api/articles/${a.id}`);
      expect(read.json<{ bodyHtml: string }>().bodyHtml).not.toMatch(DANGEROUS_HTML);
    }
    const issue = idOf(await ok('editor', 'POST', '/api/issues', { publicationId: f.publication, issueDate: '2026-10-01' }, 201));
    const items = XSS_PAYLOADS.map((p) => ({ kind: 'heading', title: '栏目', bodyHtml: `<p>${p}</p>` }));
    const patched = await send(sessions.editor, { method: 'PATCH', url: `/api/issues/${issue}`, payload: { rowVersion: await rowVersion('issues', issue), items } });
    expect(patched.statusCode, patched.body).toBeLessThan(500);
    if (patched.statusCode === 200) for (const item of patched.json<{ items: { bodyHtml: string }[] }>().items) expect(item.bodyHtml).not.toMatch(DANGEROUS_HTML);
    const docx = await docxOf([
      new Paragraph({ children: [new TextRun('<script>alert(1)</script>标题')] }),
      new Paragraph({ children: [new ExternalHyperlink({ link: 'javascript:alert(1)', children: [new TextRun('点这里')] }), new TextRun('<img src=x onerror=alert(1)>')] }),
    ]);
    const imported = await send(sessions.reporter, { method: 'POST', url: '/api/articles/import-docx', payload: docx, contentType: DOCX_TYPE });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json<{ bodyHtml: string }>().bodyHtml).not.toMatch(DANGEROUS_HTML);
  });
});

