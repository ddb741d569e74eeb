import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  ADMIN_PASSWORD,
  api,
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
import { tinyPng } from '../text/test-fixtures.js';
import { DEFAULT_GUARD_SETTINGS } from '../features/settings/service.js';
import { DEFAULT_NOTICE_SETTINGS } from '../features/notices/settings.js';
import { DEFAULT_RULE_SET } from '@baosong/contract';
import { DEFAULT_DEDUP_SETTINGS } from '@baosong/contract';

/**
 * The authorisation matrix: every /api route the app registers, called by one user of each role (and a reporter of
 * another unit), checked against the table below — written out by hand, not derived from PERMISSIONS, so a change
 * to who may do what has to be made on purpose in two places. A route the table does not know fails the suite.
 */

// Collect the routes as Fastify registers them: buildApp creates the instance and registers everything itself, so
// the onRoute hook must be in place from the instance's first moment.
const registered = vi.hoisted(() => new Set<string>());
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const original = mod.default;
  const withRouteLog = ((opts?: Parameters<typeof original>[0]) => {
    const app = original(opts);
    app.addHook('onRoute', (route) => {
      for (const m of [route.method].flat()) if (m !== 'HEAD') registered.add(`${m} ${route.url}`);
    });
    return app;
  }) as typeof original;
  return { ...mod, default: withRouteLog, fastify: withRouteLog };
});

const WHO = ['reporter', 'unit_approver', 'editor', 'issuer', 'leader', 'administrator', 'auditor', 'reporter_b'] as const;
type Who = (typeof WHO)[number];

const ALL: readonly Who[] = WHO;
const ADMIN: readonly Who[] = ['administrator'];
/** Holders of units.read. */
const OFFICE: readonly Who[] = ['administrator', 'editor', 'issuer', 'auditor', 'leader'];
/** People of a reporting unit (either unit). */
const UNIT_PEOPLE: readonly Who[] = ['reporter', 'unit_approver', 'reporter_b'];
/** Who sees an article of unit A once it has been submitted. */
const SEES_SUBMITTED_A: readonly Who[] = ['reporter', 'unit_approver', 'editor', 'issuer'];
/** Holders of publications.read. */
const PUBLICATION_READERS: readonly Who[] = ['editor', 'issuer', 'leader', 'administrator'];
/** Holders of issues.read: the office, and leaders in the reading room (released issues only). */
const ISSUE_READERS: readonly Who[] = ['editor', 'issuer', 'leader'];
const except = (who: readonly Who[]) => WHO.filter((w) => !who.includes(w));
/** Holders of scoring.read. */
const SCORING_READERS: readonly Who[] = ['editor', 'issuer', 'leader', 'administrator', 'auditor'];
let ruleSetId: number | undefined;
/** A rule set (year 2099) for the calls that read one, saved by the administrator once. */
async function matrixRuleSet(): Promise<number> {
  ruleSetId ??= (await ok('administrator', { method: 'POST', url: '/api/scoring/rule-sets', body: { year: 2099, name: '矩阵计分办法', document: DEFAULT_RULE_SET } }, 201)).json<{ id: number }>().id;
  return ruleSetId;
}

interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Use this session instead of the caller's usual one (for calls that end or rotate the session). */
  session?: Session;
}
interface Case {
  name: string;
  /** Get anything but 401/403/404 (and no 5xx). */
  allow: readonly Who[];
  /** Get 404 NOT_FOUND: the thing exists but is invisible to them. Everyone else gets 403 FORBIDDEN. */
  hidden?: readonly Who[];
  request(who: Who): Req | Promise<Req>;
}
interface Expectation {
  public?: true;
  cases: Case[];
}

// ---------- fixtures, filled in beforeAll ----------
let t: TestApp;
const sessions = {} as Record<Who, Session>;
const usernames: Record<Who, string> = {
  reporter: 'm_reporter',
  unit_approver: 'm_approver',
  editor: 'm_editor',
  issuer: 'm_issuer',
  leader: 'm_leader',
  administrator: 'admin',
  auditor: 'm_auditor',
  reporter_b: 'm_reporter_b',
};
const passwordOf = (who: Who) => (who === 'administrator' ? ADMIN_PASSWORD : USER_PASSWORD);
const f = {} as {
  unitA: number;
  unitB: number;
  spareGroup: number;
  spareUnit: number;
  spareUser: number;
  spareTopic: number;
  /** Unit A's article, submitted, with one attachment. */
  submitted: number;
  submittedAttachment: number;
  /** Unit A's article, claimed by the editor. */
  inReview: number;
  /** Another in-review article whose attachments the DELETE calls use up. */
  inReview2: number;
  /** The reporter's draft. */
  draft: number;
  publication: number;
  /** Unit A's article, adopted and placed in both issues below. */
  adopted: number;
  /** A draft issue with one piece. */
  draftIssue: number;
  /** A released issue with one piece. */
  releasedIssue: number;
  /** A follow-up addressed to unit A. */
  followup: number;
  channel: number;
  /** A forwarding of the released piece, signed off; its one piece. */
  forwarding: number;
  forwardedPiece: number;
  /** An adopted article of unit A that the forwarding calls use up. */
  spareAdopted: number[];
  /** A solicitation addressed to unit A (not mandatory), answered by unit A. */
  solicitation: number;
  /** A draft notice and a released one. */
  draftNotice: number;
  releasedNotice: number;
};

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ARTICLE = { title: '权限矩阵测试稿件', bodyHtml: '<p>这是一篇用于权限矩阵测试的稿件正文。</p>', type: 'news' };

async function call(session: Session | null, r: Req): Promise<LightMyRequestResponse> {
  const raw = Buffer.isBuffer(r.body);
  return api(t.app, session).request(r.method, r.url, r.body as never, {
    headers: { ...(raw ? { 'content-type': 'application/octet-stream' } : {}), ...r.headers },
  });
}

async function ok(who: Who, r: Req, status = 200): Promise<LightMyRequestResponse> {
  const res = await call(sessions[who], r);
  if (res.statusCode !== status) throw new Error(`${who} ${r.method} ${r.url}: ${res.statusCode} ${res.body}`);
  return res;
}

async function rowVersion(articleId: number): Promise<number> {
  const [r] = await t.database.query<{ row_version: number }>('select row_version from articles where id = $1', [articleId]);
  return r!.row_version;
}

async function draftOf(who: Who): Promise<number> {
  return (await ok(who, { method: 'POST', url: '/api/articles', body: ARTICLE }, 201)).json<{ id: number }>().id;
}
async function act(who: Who, id: number, action: string): Promise<void> {
  await ok(who, { method: 'POST', url: `/api/articles/${id}/actions/${action}`, body: { rowVersion: await rowVersion(id) } });
}
async function submittedArticle(): Promise<number> {
  const id = await draftOf('reporter');
  await act('reporter', id, 'submit');
  return id;
}
async function attach(who: Who, articleId: number): Promise<number> {
  const res = await ok(who, { method: 'POST', url: `/api/articles/${articleId}/attachments?filename=pic.png`, body: tinyPng() }, 201);
  return res.json<{ id: number }>().id;
}
async function issueRowVersion(issueId: number): Promise<number> {
  const [r] = await t.database.query<{ row_version: number }>('select row_version from issues where id = $1', [issueId]);
  return r!.row_version;
}
async function issueAct(who: Who, id: number, action: string): Promise<void> {
  await ok(who, { method: 'POST', url: `/api/issues/${id}/actions/${action}`, body: { rowVersion: await issueRowVersion(id) } });
}
/** A new issue holding one piece made from the adopted article, taken as far as `to`. */
async function composedIssue(to: 'draft' | 'awaiting_signoff' | 'released'): Promise<number> {
  const res = await ok('editor', { method: 'POST', url: '/api/issues', body: { publicationId: f.publication, issueDate: '2026-09-01' } }, 201);
  const id = res.json<{ id: number }>().id;
  const items = [{ kind: 'piece', title: '', articleIds: [f.adopted] }];
  await ok('editor', { method: 'PATCH', url: `/api/issues/${id}`, body: { rowVersion: await issueRowVersion(id), items } });
  if (to === 'draft') return id;
  await issueAct('editor', id, 'send_for_signoff');
  if (to === 'awaiting_signoff') return id;
  await issueAct('issuer', id, 'sign_off');
  return id;
}
const FOLLOWUP = { title: '矩阵落实反馈', requirement: '请报送落实情况。', dueDate: '2099-12-31' };
async function followupForUnitA(): Promise<number> {
  const res = await ok('editor', { method: 'POST', url: '/api/followups', body: { ...FOLLOWUP, unitIds: [f.unitA] } }, 201);
  return res.json<{ id: number }>().id;
}
/** A forwarding of a fresh adopted article through the matrix channel, awaiting sign-off. */
async function pendingForwarding(): Promise<number> {
  const articleId = f.spareAdopted.pop()!;
  const res = await ok('editor', { method: 'POST', url: '/api/forwardings', body: { channelId: f.channel, pieces: [{ articleId }] } }, 201);
  return res.json<{ id: number }>().id;
}
const SOLICITATION = { topic: '矩阵约稿', requirements: '请报送。', deadline: '2099-12-31T00:00:00+08:00', mandatory: false };
async function solicitationForUnitA(): Promise<number> {
  const res = await ok('editor', { method: 'POST', url: '/api/solicitations', body: { ...SOLICITATION, unitIds: [f.unitA] } }, 201);
  return res.json<{ id: number }>().id;
}
/** A fresh draft notice, for the calls that change it; with its row version. */
async function draftNotice(): Promise<{ id: number; rowVersion: number }> {
  const res = await ok('editor', { method: 'POST', url: '/api/notices', body: { period: { kind: 'monthly', year: 2026, month: 6 } } }, 201);
  return res.json<{ id: number; rowVersion: number }>();
}
/** Everyone signed in reads released notices. */
const NOTICE_READERS: readonly Who[] = ALL;
const OUTCOME = { result: 'not_adopted', outcomeOn: '2026-09-10' };
async function freshSession(who: Who): Promise<Session> {
  return login(t.app, usernames[who], passwordOf(who));
}

// ---------- the table ----------
const EXPECTED: Record<string, Expectation> = {
  // system
  'GET /api/health': { public: true, cases: [{ name: 'health', allow: ALL, request: () => ({ method: 'GET', url: '/api/health' }) }] },
  'GET /api/ready': { public: true, cases: [{ name: 'readiness', allow: ALL, request: () => ({ method: 'GET', url: '/api/ready' }) }] },
  'GET /api/openapi.json': { public: true, cases: [{ name: 'openapi', allow: ALL, request: () => ({ method: 'GET', url: '/api/openapi.json' }) }] },

  // auth
  'POST /api/auth/login': {
    public: true,
    cases: [
      {
        name: 'signing in again',
        allow: ALL,
        request: async (who) => ({
          method: 'POST',
          url: '/api/auth/login',
          body: { username: usernames[who], password: passwordOf(who) },
          session: await freshSession(who), // rotated away by this login
        }),
      },
    ],
  },
  'POST /api/auth/logout': {
    cases: [{ name: 'a second session', allow: ALL, request: async (who) => ({ method: 'POST', url: '/api/auth/logout', session: await freshSession(who) }) }],
  },
  'GET /api/auth/me': { cases: [{ name: 'me', allow: ALL, request: () => ({ method: 'GET', url: '/api/auth/me' }) }] },
  // The second step of a sign-in is public (the half-done sign-in travels in its own cookie): without one, 400.
  'POST /api/auth/login/second-factor': {
    public: true,
    cases: [{ name: 'no sign-in under way', allow: ALL, request: () => ({ method: 'POST', url: '/api/auth/login/second-factor', body: { code: '123456' } }) }],
  },
  'POST /api/auth/login/enrolment': {
    public: true,
    cases: [{ name: 'no sign-in under way', allow: ALL, request: () => ({ method: 'POST', url: '/api/auth/login/enrolment' }) }],
  },
  'POST /api/auth/login/enrolment/confirm': {
    public: true,
    cases: [{ name: 'no sign-in under way', allow: ALL, request: () => ({ method: 'POST', url: '/api/auth/login/enrolment/confirm', body: { code: '123456' } }) }],
  },
  // One's own second factor and sessions: everyone signed in, for themselves only.
  'GET /api/auth/second-factor': { cases: [{ name: 'own status', allow: ALL, request: () => ({ method: 'GET', url: '/api/auth/second-factor' }) }] },
  'POST /api/auth/second-factor/enrolment': {
    cases: [{ name: 'start own enrolment', allow: ALL, request: () => ({ method: 'POST', url: '/api/auth/second-factor/enrolment' }) }],
  },
  'POST /api/auth/second-factor/enrolment/confirm': {
    cases: [
      {
        name: 'own enrolment, wrong code (refused, nothing changes)',
        allow: ALL,
        request: () => ({ method: 'POST', url: '/api/auth/second-factor/enrolment/confirm', body: { code: '000000' } }),
      },
    ],
  },
  'POST /api/auth/second-factor/recovery-codes': {
    cases: [{ name: 'own codes (not enabled: 409)', allow: ALL, request: () => ({ method: 'POST', url: '/api/auth/second-factor/recovery-codes', body: { code: '000000' } }) }],
  },
  'POST /api/auth/second-factor/disable': {
    cases: [
      {
        name: 'own factor (not enabled: 409)',
        allow: ALL,
        request: () => ({ method: 'POST', url: '/api/auth/second-factor/disable', body: { password: 'Not-The-Passw0rd!', code: '000000' } }),
      },
    ],
  },
  'GET /api/auth/sessions': { cases: [{ name: 'own sessions', allow: ALL, request: () => ({ method: 'GET', url: '/api/auth/sessions' }) }] },
  'DELETE /api/auth/sessions/:id': {
    cases: [
      {
        name: 'another of one’s own sessions',
        allow: ALL,
        request: async (who) => {
          const other = await freshSession(who);
          const list = (await call(other, { method: 'GET', url: '/api/auth/sessions' })).json<{ id: string; current: boolean }[]>();
          return { method: 'DELETE', url: `/api/auth/sessions/${list.find((s) => s.current)!.id}` };
        },
      },
    ],
  },
  'POST /api/auth/password': {
    cases: [
      {
        name: 'own password (wrong current: refused, nothing changes)',
        allow: ALL,
        request: () => ({ method: 'POST', url: '/api/auth/password', body: { currentPassword: 'Not-The-Passw0rd!', newPassword: 'Whatever-Passw0rd1' } }),
      },
    ],
  },

  'DELETE /api/users/:id/sessions': {
    cases: [{ name: 'sign a user out everywhere', allow: ADMIN, request: () => ({ method: 'DELETE', url: `/api/users/${f.spareUser}/sessions` }) }],
  },
  'POST /api/users/:id/second-factor/reset': {
    cases: [{ name: 'reset a user’s second factor', allow: ADMIN, request: () => ({ method: 'POST', url: `/api/users/${f.spareUser}/second-factor/reset` }) }],
  },
  'GET /api/settings/second-factor': {
    cases: [{ name: 'second-factor setting', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/settings/second-factor' }) }],
  },
  'PUT /api/settings/second-factor': {
    cases: [{ name: 'second-factor setting', allow: ADMIN, request: () => ({ method: 'PUT', url: '/api/settings/second-factor', body: { requiredRoles: [] } }) }],
  },

  // unit groups and units
  'GET /api/unit-groups': { cases: [{ name: 'list', allow: OFFICE, request: () => ({ method: 'GET', url: '/api/unit-groups' }) }] },
  'POST /api/unit-groups': {
    cases: [{ name: 'create', allow: ADMIN, request: () => ({ method: 'POST', url: '/api/unit-groups', body: { name: uniqueName('矩阵分组') } }) }],
  },
  'PATCH /api/unit-groups/:id': {
    cases: [{ name: 'spare group', allow: ADMIN, request: () => ({ method: 'PATCH', url: `/api/unit-groups/${f.spareGroup}`, body: { sortOrder: 500 } }) }],
  },
  'GET /api/units': { cases: [{ name: 'list', allow: OFFICE, request: () => ({ method: 'GET', url: '/api/units' }) }] },
  'POST /api/units': {
    cases: [
      {
        name: 'create',
        allow: ADMIN,
        request: () => ({ method: 'POST', url: '/api/units', body: { name: uniqueName('矩阵单位'), groupId: f.spareGroup } }),
      },
    ],
  },
  'GET /api/units/import-template': {
    cases: [{ name: 'template', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/units/import-template' }) }],
  },
  'POST /api/units/import': {
    cases: [
      {
        name: 'unreadable file (refused, nothing imported)',
        allow: ADMIN,
        request: () => ({ method: 'POST', url: '/api/units/import', body: Buffer.from('not a workbook'), headers: { 'content-type': XLSX_TYPE } }),
      },
    ],
  },
  'GET /api/units/:id': {
    cases: [
      { name: 'unit A', allow: [...OFFICE, 'reporter', 'unit_approver'], request: () => ({ method: 'GET', url: `/api/units/${f.unitA}` }) },
      { name: 'unit B', allow: [...OFFICE, 'reporter_b'], request: () => ({ method: 'GET', url: `/api/units/${f.unitB}` }) },
    ],
  },
  'GET /api/units/:id/instructions': {
    cases: [
      { name: 'unit A', allow: [...OFFICE, 'reporter', 'unit_approver'], request: () => ({ method: 'GET', url: `/api/units/${f.unitA}/instructions` }) },
      { name: 'unit B', allow: [...OFFICE, 'reporter_b'], request: () => ({ method: 'GET', url: `/api/units/${f.unitB}/instructions` }) },
    ],
  },
  'PATCH /api/units/:id': {
    cases: [{ name: 'spare unit', allow: ADMIN, request: () => ({ method: 'PATCH', url: `/api/units/${f.spareUnit}`, body: { contactName: '矩阵' } }) }],
  },

  // users
  'GET /api/users': { cases: [{ name: 'list', allow: ['administrator', 'auditor'], request: () => ({ method: 'GET', url: '/api/users' }) }] },
  'POST /api/users': {
    cases: [
      {
        name: 'create',
        allow: ADMIN,
        request: () => ({
          method: 'POST',
          url: '/api/users',
          body: { username: uniqueName('m_new_'), displayName: '矩阵新用户', roles: ['editor'], password: USER_PASSWORD },
        }),
      },
    ],
  },
  'GET /api/users/import-template': {
    cases: [{ name: 'template', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/users/import-template' }) }],
  },
  'POST /api/users/import': {
    cases: [
      {
        name: 'unreadable file (refused, nothing imported)',
        allow: ADMIN,
        request: () => ({ method: 'POST', url: '/api/users/import', body: Buffer.from('not a workbook'), headers: { 'content-type': XLSX_TYPE } }),
      },
    ],
  },
  'GET /api/users/:id': {
    cases: [{ name: 'spare user', allow: ['administrator', 'auditor'], request: () => ({ method: 'GET', url: `/api/users/${f.spareUser}` }) }],
  },
  'PATCH /api/users/:id': {
    cases: [{ name: 'spare user', allow: ADMIN, request: () => ({ method: 'PATCH', url: `/api/users/${f.spareUser}`, body: { displayName: '矩阵改名' } }) }],
  },
  'POST /api/users/:id/password': {
    cases: [
      {
        name: 'spare user',
        allow: ADMIN,
        request: () => ({ method: 'POST', url: `/api/users/${f.spareUser}/password`, body: { password: 'Matrix-Reset-Passw0rd1' } }),
      },
    ],
  },
  'POST /api/users/:id/unlock': {
    cases: [{ name: 'spare user', allow: ADMIN, request: () => ({ method: 'POST', url: `/api/users/${f.spareUser}/unlock` }) }],
  },

  // topics and settings
  'GET /api/topics': { cases: [{ name: 'list', allow: ALL, request: () => ({ method: 'GET', url: '/api/topics?year=2026' }) }] },
  'POST /api/topics': {
    cases: [{ name: 'create', allow: ADMIN, request: () => ({ method: 'POST', url: '/api/topics', body: { year: 2026, name: uniqueName('矩阵重点工作') } }) }],
  },
  'PATCH /api/topics/:id': {
    cases: [{ name: 'spare topic', allow: ADMIN, request: () => ({ method: 'PATCH', url: `/api/topics/${f.spareTopic}`, body: { sortOrder: 5 } }) }],
  },
  'GET /api/settings/guards': { cases: [{ name: 'read', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/settings/guards' }) }] },
  'GET /api/settings/leader-ranks': { cases: [{ name: 'read', allow: ALL, request: () => ({ method: 'GET', url: '/api/settings/leader-ranks' }) }] },
  'PUT /api/settings/leader-ranks': {
    cases: [{ name: 'no extra ranks', allow: ADMIN, request: () => ({ method: 'PUT', url: '/api/settings/leader-ranks', body: { extra: [] } }) }],
  },
  'GET /api/search': {
    cases: [
      { name: 'search', allow: ['reporter', 'unit_approver', 'editor', 'issuer', 'reporter_b'], request: () => ({ method: 'GET', url: '/api/search?q=%E5%86%9C%E7%94%B0' }) },
      { name: 'issues', allow: ['editor', 'issuer'], request: () => ({ method: 'GET', url: '/api/search?in=issues&q=%E5%86%9C%E7%94%B0' }) },
      {
        name: 'notices',
        allow: ['reporter', 'unit_approver', 'editor', 'issuer', 'reporter_b'],
        request: () => ({ method: 'GET', url: '/api/search?in=notices&q=%E5%86%9C%E7%94%B0' }),
      },
    ],
  },
  'GET /api/settings/dedup': { cases: [{ name: 'read', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/settings/dedup' }) }] },
  'PUT /api/settings/dedup': {
    cases: [{ name: 'write the defaults back', allow: ADMIN, request: () => ({ method: 'PUT', url: '/api/settings/dedup', body: DEFAULT_DEDUP_SETTINGS }) }],
  },
  'GET /api/settings/notices': { cases: [{ name: 'read', allow: ALL, request: () => ({ method: 'GET', url: '/api/settings/notices' }) }] },
  'PUT /api/settings/notices': {
    cases: [{ name: 'write the defaults back', allow: ADMIN, request: () => ({ method: 'PUT', url: '/api/settings/notices', body: DEFAULT_NOTICE_SETTINGS }) }],
  },
  'PUT /api/settings/guards': {
    cases: [{ name: 'write the defaults back', allow: ADMIN, request: () => ({ method: 'PUT', url: '/api/settings/guards', body: DEFAULT_GUARD_SETTINGS }) }],
  },

  // notifications: everyone has their own
  'GET /api/notifications': { cases: [{ name: 'own', allow: ALL, request: () => ({ method: 'GET', url: '/api/notifications' }) }] },
  'GET /api/notifications/unread-count': { cases: [{ name: 'own', allow: ALL, request: () => ({ method: 'GET', url: '/api/notifications/unread-count' }) }] },
  'POST /api/notifications/read-all': { cases: [{ name: 'own', allow: ALL, request: () => ({ method: 'POST', url: '/api/notifications/read-all' }) }] },
  'POST /api/notifications/:id/read': { cases: [{ name: 'any id', allow: ALL, request: () => ({ method: 'POST', url: '/api/notifications/1/read' }) }] },

  // articles: the list and drafting need a role; single articles are scoped, and invisible ones are 404
  'GET /api/articles': {
    cases: [{ name: 'list', allow: [...UNIT_PEOPLE, 'editor', 'issuer'], request: () => ({ method: 'GET', url: '/api/articles' }) }],
  },
  'POST /api/articles': { cases: [{ name: 'new draft', allow: UNIT_PEOPLE, request: () => ({ method: 'POST', url: '/api/articles', body: ARTICLE }) }] },
  'POST /api/articles/import-docx': {
    cases: [
      {
        name: 'not a Word file (refused, nothing written)',
        allow: UNIT_PEOPLE,
        request: () => ({ method: 'POST', url: '/api/articles/import-docx', body: Buffer.from('not a document'), headers: { 'content-type': DOCX_TYPE } }),
      },
    ],
  },
  'GET /api/articles/:id': {
    cases: [
      {
        name: 'submitted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'GET', url: `/api/articles/${f.submitted}` }),
      },
      { name: "the reporter's draft", allow: ['reporter'], hidden: except(['reporter']), request: () => ({ method: 'GET', url: `/api/articles/${f.draft}` }) },
    ],
  },
  'PATCH /api/articles/:id': {
    cases: [
      {
        name: "the reporter's draft",
        allow: ['reporter'],
        hidden: except(['reporter']),
        request: () => ({ method: 'PATCH', url: `/api/articles/${f.draft}`, body: { title: '改过的标题' } }),
      },
      {
        // The unit's people get 409 NOT_EDITABLE (theirs, but with the desk); the issuer reads but may not edit.
        name: 'article in review',
        allow: ['editor', 'reporter', 'unit_approver'],
        hidden: ['reporter_b', 'administrator', 'leader', 'auditor'],
        request: () => ({ method: 'PATCH', url: `/api/articles/${f.inReview}`, body: { title: '编辑改过的标题' } }),
      },
    ],
  },
  'POST /api/articles/:id/check': {
    cases: [
      {
        name: 'submitted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'POST', url: `/api/articles/${f.submitted}/check` }),
      },
    ],
  },
  'POST /api/articles/:id/actions/:action': {
    cases: [
      {
        name: 'claim a fresh submitted article',
        allow: ['editor'],
        hidden: ['reporter_b', 'administrator', 'leader', 'auditor'],
        request: async () => {
          const id = await submittedArticle();
          return { method: 'POST', url: `/api/articles/${id}/actions/claim`, body: { rowVersion: await rowVersion(id) } };
        },
      },
      {
        name: 'withdraw a fresh submitted article',
        allow: ['reporter', 'unit_approver'],
        hidden: ['reporter_b', 'administrator', 'leader', 'auditor'],
        request: async () => {
          const id = await submittedArticle();
          return { method: 'POST', url: `/api/articles/${id}/actions/withdraw`, body: { rowVersion: await rowVersion(id) } };
        },
      },
    ],
  },
  'POST /api/articles/:id/comments': {
    cases: [
      {
        name: 'submitted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'POST', url: `/api/articles/${f.submitted}/comments`, body: { comment: '矩阵测试意见' } }),
      },
    ],
  },
  'GET /api/articles/:id/similar': {
    cases: [
      {
        name: 'submitted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'GET', url: `/api/articles/${f.submitted}/similar` }),
      },
    ],
  },
  'POST /api/articles/:id/similar/check': {
    cases: [
      {
        name: 'submitted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'POST', url: `/api/articles/${f.submitted}/similar/check` }),
      },
    ],
  },
  'GET /api/articles/:id/versions': {
    cases: [
      {
        name: 'submitted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'GET', url: `/api/articles/${f.submitted}/versions` }),
      },
    ],
  },
  'GET /api/articles/:id/diff': {
    cases: [
      {
        name: 'submitted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'GET', url: `/api/articles/${f.submitted}/diff?from=1&to=0` }),
      },
    ],
  },
  'POST /api/articles/:id/attachments': {
    cases: [
      {
        name: "the reporter's draft",
        allow: ['reporter'],
        hidden: except(['reporter']),
        request: () => ({ method: 'POST', url: `/api/articles/${f.draft}/attachments?filename=pic.png`, body: tinyPng() }),
      },
      {
        // The unit's people could edit it in another state (409 NOT_EDITABLE); the issuer never may (403).
        name: 'article in review',
        allow: ['reporter', 'unit_approver', 'editor'],
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'POST', url: `/api/articles/${f.inReview}/attachments?filename=pic.png`, body: tinyPng() }),
      },
    ],
  },
  'GET /api/attachments/:id/content': {
    cases: [
      {
        name: 'attachment of a submitted article',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'GET', url: `/api/attachments/${f.submittedAttachment}/content` }),
      },
    ],
  },
  'DELETE /api/attachments/:id': {
    cases: [
      {
        name: "a fresh attachment of the reporter's draft",
        allow: ['reporter'],
        hidden: except(['reporter']),
        request: async () => ({ method: 'DELETE', url: `/api/attachments/${await attach('reporter', f.draft)}` }),
      },
      {
        name: 'a fresh attachment of an article in review',
        allow: ['reporter', 'unit_approver', 'editor'],
        hidden: except(SEES_SUBMITTED_A),
        request: async () => ({ method: 'DELETE', url: `/api/attachments/${await attach('editor', f.inReview2)}` }),
      },
    ],
  },

  // publications: the office and leaders read them, the administrator manages them
  'GET /api/publications': { cases: [{ name: 'list', allow: PUBLICATION_READERS, request: () => ({ method: 'GET', url: '/api/publications' }) }] },
  'POST /api/publications': {
    cases: [
      {
        name: 'create',
        allow: ADMIN,
        request: () => ({ method: 'POST', url: '/api/publications', body: { name: uniqueName('矩阵刊物'), kind: 'routine', compilingUnit: '矩阵编印单位', activeFrom: 2026 } }),
      },
    ],
  },
  'GET /api/publications/:id': {
    cases: [{ name: 'the publication', allow: PUBLICATION_READERS, request: () => ({ method: 'GET', url: `/api/publications/${f.publication}` }) }],
  },
  'PATCH /api/publications/:id': {
    cases: [{ name: 'the publication', allow: ADMIN, request: () => ({ method: 'PATCH', url: `/api/publications/${f.publication}`, body: { sortOrder: 7 } }) }],
  },

  // issues: editors compose, the issuer signs off, leaders read released ones (drafts are invisible to them)
  'GET /api/issues': { cases: [{ name: 'list', allow: ISSUE_READERS, request: () => ({ method: 'GET', url: '/api/issues' }) }] },
  'POST /api/issues': {
    cases: [
      { name: 'create', allow: ['editor'], request: () => ({ method: 'POST', url: '/api/issues', body: { publicationId: f.publication, issueDate: '2026-09-01' } }) },
    ],
  },
  'GET /api/issues/:id': {
    cases: [
      { name: 'a draft issue', allow: ['editor', 'issuer'], hidden: ['leader'], request: () => ({ method: 'GET', url: `/api/issues/${f.draftIssue}` }) },
      { name: 'a released issue', allow: ISSUE_READERS, request: () => ({ method: 'GET', url: `/api/issues/${f.releasedIssue}` }) },
    ],
  },
  'GET /api/issues/:id/export.docx': {
    cases: [
      { name: 'a draft issue', allow: ['editor', 'issuer'], hidden: ['leader'], request: () => ({ method: 'GET', url: `/api/issues/${f.draftIssue}/export.docx` }) },
      { name: 'a released issue', allow: ISSUE_READERS, request: () => ({ method: 'GET', url: `/api/issues/${f.releasedIssue}/export.docx` }) },
    ],
  },
  'PATCH /api/issues/:id': {
    cases: [
      {
        name: 'a draft issue',
        allow: ['editor'],
        request: async () => ({ method: 'PATCH', url: `/api/issues/${f.draftIssue}`, body: { rowVersion: await issueRowVersion(f.draftIssue), editorNote: '矩阵编者按' } }),
      },
    ],
  },
  'POST /api/issues/:id/actions/:action': {
    cases: [
      {
        // The issuer may act on issues but not send them (the transition table names editors): 403 too.
        name: 'send a fresh draft for sign-off',
        allow: ['editor'],
        request: async () => {
          const id = await composedIssue('draft');
          return { method: 'POST', url: `/api/issues/${id}/actions/send_for_signoff`, body: { rowVersion: await issueRowVersion(id) } };
        },
      },
      {
        name: 'sign off a fresh issue awaiting sign-off',
        allow: ['issuer'],
        request: async () => {
          const id = await composedIssue('awaiting_signoff');
          return { method: 'POST', url: `/api/issues/${id}/actions/sign_off`, body: { rowVersion: await issueRowVersion(id) } };
        },
      },
    ],
  },

  // instructions: leaders record their own, editors on a leader's behalf; they show on issues and articles
  'POST /api/instructions': {
    cases: [
      {
        name: 'on the released issue',
        allow: ['leader', 'editor'],
        request: () => ({
          method: 'POST',
          url: '/api/instructions',
          body: { issueId: f.releasedIssue, leaderName: '矩阵领导', leaderRank: 'city_other', instructedOn: '2026-09-02', text: '矩阵批示' },
        }),
      },
      {
        // The editor is refused with 400 INSTRUCTION_TARGET; the leader does not see the draft at all.
        name: 'on the draft issue',
        allow: ['editor'],
        hidden: ['leader'],
        request: () => ({
          method: 'POST',
          url: '/api/instructions',
          body: { issueId: f.draftIssue, leaderName: '矩阵领导', leaderRank: 'city_other', instructedOn: '2026-09-02', text: '矩阵批示' },
        }),
      },
    ],
  },
  'GET /api/issues/:id/instructions': {
    cases: [
      { name: 'the released issue', allow: ISSUE_READERS, request: () => ({ method: 'GET', url: `/api/issues/${f.releasedIssue}/instructions` }) },
      { name: 'the draft issue', allow: ['editor', 'issuer'], hidden: ['leader'], request: () => ({ method: 'GET', url: `/api/issues/${f.draftIssue}/instructions` }) },
    ],
  },
  'GET /api/articles/:id/instructions': {
    cases: [
      {
        name: 'adopted article of unit A',
        allow: SEES_SUBMITTED_A,
        hidden: except(SEES_SUBMITTED_A),
        request: () => ({ method: 'GET', url: `/api/articles/${f.adopted}/instructions` }),
      },
    ],
  },

  // follow-ups: the desk manages them; a unit's people see those addressed to their unit
  'GET /api/followups': {
    cases: [{ name: 'list (scoped)', allow: ['editor', ...UNIT_PEOPLE], request: () => ({ method: 'GET', url: '/api/followups' }) }],
  },
  'POST /api/followups': {
    cases: [{ name: 'create', allow: ['editor'], request: () => ({ method: 'POST', url: '/api/followups', body: { ...FOLLOWUP, unitIds: [f.unitA] } }) }],
  },
  'GET /api/followups/:id': {
    cases: [
      {
        name: 'addressed to unit A',
        allow: ['editor', 'reporter', 'unit_approver'],
        hidden: except(['editor', 'reporter', 'unit_approver']),
        request: () => ({ method: 'GET', url: `/api/followups/${f.followup}` }),
      },
    ],
  },
  'POST /api/followups/:id/close': {
    cases: [{ name: 'a fresh follow-up', allow: ['editor'], request: async () => ({ method: 'POST', url: `/api/followups/${await followupForUnitA()}/close` }) }],
  },

  // forwarding upward: administrators configure channels; editors forward, issuers sign off; auditors read
  'GET /api/channels': { cases: [{ name: 'list', allow: ['editor', 'issuer', 'administrator', 'auditor'], request: () => ({ method: 'GET', url: '/api/channels' }) }] },
  'POST /api/channels': {
    cases: [{ name: 'create', allow: ADMIN, request: () => ({ method: 'POST', url: '/api/channels', body: { name: uniqueName('矩阵渠道') } }) }],
  },
  'PATCH /api/channels/:id': {
    cases: [{ name: 'rename', allow: ADMIN, request: () => ({ method: 'PATCH', url: `/api/channels/${f.channel}`, body: { sortOrder: 5 } }) }],
  },
  'POST /api/channels/:id/publications': {
    cases: [{ name: 'add', allow: ADMIN, request: () => ({ method: 'POST', url: `/api/channels/${f.channel}/publications`, body: { name: uniqueName('矩阵上级刊物') } }) }],
  },
  'PATCH /api/upstream-publications/:id': {
    cases: [
      {
        name: 'rename',
        allow: ADMIN,
        request: async () => {
          const [p] = await t.database.query<{ id: number }>('select id from upstream_publications where channel_id = $1 order by id limit 1', [f.channel]);
          return { method: 'PATCH', url: `/api/upstream-publications/${p!.id}`, body: { sortOrder: 7 } };
        },
      },
    ],
  },
  'GET /api/forwarding/candidates': { cases: [{ name: 'list', allow: ['editor'], request: () => ({ method: 'GET', url: '/api/forwarding/candidates' }) }] },
  'GET /api/forwardings': { cases: [{ name: 'list', allow: ['editor', 'issuer', 'auditor'], request: () => ({ method: 'GET', url: '/api/forwardings' }) }] },
  'POST /api/forwardings': {
    cases: [
      {
        name: 'forward the released piece (already forwarded: 409 for the editor)',
        allow: ['editor'],
        request: async () => {
          const [it] = await t.database.query<{ id: number }>('select id from issue_items where issue_id = $1 limit 1', [f.releasedIssue]);
          return { method: 'POST', url: '/api/forwardings', body: { channelId: f.channel, pieces: [{ itemId: it!.id }] } };
        },
      },
    ],
  },
  'GET /api/forwardings/:id': {
    cases: [{ name: 'one', allow: ['editor', 'issuer', 'auditor'], request: () => ({ method: 'GET', url: `/api/forwardings/${f.forwarding}` }) }],
  },
  'POST /api/forwardings/:id/sign-off': {
    cases: [{ name: 'a fresh forwarding', allow: ['issuer'], request: async () => ({ method: 'POST', url: `/api/forwardings/${await pendingForwarding()}/sign-off` }) }],
  },
  'POST /api/forwardings/:id/reject': {
    cases: [
      { name: 'a fresh forwarding', allow: ['issuer'], request: async () => ({ method: 'POST', url: `/api/forwardings/${await pendingForwarding()}/reject`, body: { comment: '退回' } }) },
    ],
  },
  'GET /api/forwarded-pieces': {
    cases: [{ name: 'list', allow: ['editor', 'issuer', 'auditor'], request: () => ({ method: 'GET', url: '/api/forwarded-pieces?awaitingOutcome=true' }) }],
  },
  'GET /api/forwarded-pieces/:id': {
    cases: [{ name: 'one', allow: ['editor', 'issuer', 'auditor'], request: () => ({ method: 'GET', url: `/api/forwarded-pieces/${f.forwardedPiece}` }) }],
  },
  'PUT /api/forwarded-pieces/:id/outcome': {
    cases: [{ name: 'record', allow: ['editor'], request: () => ({ method: 'PUT', url: `/api/forwarded-pieces/${f.forwardedPiece}/outcome`, body: OUTCOME }) }],
  },
  'GET /api/forwarding/outcomes/template': {
    cases: [{ name: 'download', allow: ['editor'], request: () => ({ method: 'GET', url: '/api/forwarding/outcomes/template' }) }],
  },
  'POST /api/forwarding/outcomes/import': {
    cases: [
      {
        name: 'a file without rows (422 for the editor)',
        allow: ['editor'],
        request: () => ({ method: 'POST', url: '/api/forwarding/outcomes/import?dryRun=true', body: Buffer.from('not a workbook') }),
      },
    ],
  },

  // solicitations: the desk manages them, auditors read them and the compliance view, units see their own
  'GET /api/solicitations': {
    cases: [{ name: 'list (scoped)', allow: ['editor', 'auditor', ...UNIT_PEOPLE], request: () => ({ method: 'GET', url: '/api/solicitations' }) }],
  },
  'POST /api/solicitations': {
    cases: [{ name: 'create', allow: ['editor'], request: () => ({ method: 'POST', url: '/api/solicitations', body: { ...SOLICITATION, unitIds: [f.unitA] } }) }],
  },
  'GET /api/solicitations/:id': {
    cases: [
      {
        name: 'addressed to unit A',
        allow: ['editor', 'auditor', 'reporter', 'unit_approver'],
        hidden: except(['editor', 'auditor', 'reporter', 'unit_approver']),
        request: () => ({ method: 'GET', url: `/api/solicitations/${f.solicitation}` }),
      },
    ],
  },
  'POST /api/solicitations/:id/decline': {
    cases: [
      {
        // unit B's reporter is not a target (404); the others of unit A decline a fresh one
        name: 'a fresh solicitation',
        allow: ['reporter', 'unit_approver'],
        hidden: ['reporter_b'],
        request: async () => ({ method: 'POST', url: `/api/solicitations/${await solicitationForUnitA()}/decline`, body: { reason: '无相关工作' } }),
      },
    ],
  },
  'POST /api/solicitations/:id/ratings': {
    cases: [{ name: 'rate unit A', allow: ['editor'], request: () => ({ method: 'POST', url: `/api/solicitations/${f.solicitation}/ratings`, body: { unitId: f.unitA, rating: 'ordinary' } }) }],
  },
  'POST /api/solicitations/:id/close': {
    cases: [{ name: 'a fresh solicitation', allow: ['editor'], request: async () => ({ method: 'POST', url: `/api/solicitations/${await solicitationForUnitA()}/close` }) }],
  },
  'GET /api/solicitations/compliance': {
    cases: [{ name: 'a period', allow: ['editor', 'auditor'], request: () => ({ method: 'GET', url: '/api/solicitations/compliance?from=2099-01-01&to=2099-12-31' }) }],
  },
  'GET /api/solicitations/compliance.xlsx': {
    cases: [{ name: 'export', allow: ['editor', 'auditor'], request: () => ({ method: 'GET', url: '/api/solicitations/compliance.xlsx?from=2099-01-01&to=2099-12-31' }) }],
  },

  // notices: the desk generates, edits, refreshes and releases; everyone signed in reads released ones
  'GET /api/notices': { cases: [{ name: 'list (drafts for the desk only)', allow: NOTICE_READERS, request: () => ({ method: 'GET', url: '/api/notices' }) }] },
  'POST /api/notices': {
    cases: [{ name: 'generate', allow: ['editor'], request: () => ({ method: 'POST', url: '/api/notices', body: { period: { kind: 'annual', year: 2026 } } }) }],
  },
  'GET /api/notices/:id': {
    cases: [
      { name: 'a draft notice', allow: ['editor'], hidden: except(['editor']), request: () => ({ method: 'GET', url: `/api/notices/${f.draftNotice}` }) },
      { name: 'a released notice', allow: NOTICE_READERS, request: () => ({ method: 'GET', url: `/api/notices/${f.releasedNotice}` }) },
    ],
  },
  'GET /api/notices/:id/export.docx': {
    cases: [
      { name: 'a draft notice', allow: ['editor'], hidden: except(['editor']), request: () => ({ method: 'GET', url: `/api/notices/${f.draftNotice}/export.docx` }) },
      { name: 'a released notice', allow: NOTICE_READERS, request: () => ({ method: 'GET', url: `/api/notices/${f.releasedNotice}/export.docx` }) },
    ],
  },
  'GET /api/notices/:id/drift': {
    cases: [{ name: 'a draft notice', allow: ['editor'], request: () => ({ method: 'GET', url: `/api/notices/${f.draftNotice}/drift` }) }],
  },
  'PATCH /api/notices/:id': {
    cases: [
      {
        name: 'edit a fresh draft',
        allow: ['editor'],
        request: async () => {
          const n = await draftNotice();
          return { method: 'PATCH', url: `/api/notices/${n.id}`, body: { rowVersion: n.rowVersion, copyTo: '市委办公室' } };
        },
      },
    ],
  },
  'POST /api/notices/:id/refresh': {
    cases: [
      {
        name: 'refresh a fresh draft',
        allow: ['editor'],
        request: async () => {
          const n = await draftNotice();
          return { method: 'POST', url: `/api/notices/${n.id}/refresh`, body: { rowVersion: n.rowVersion } };
        },
      },
    ],
  },
  'POST /api/notices/:id/release': {
    cases: [
      {
        name: 'release a fresh draft',
        allow: ['editor'],
        request: async () => {
          const n = await draftNotice();
          return { method: 'POST', url: `/api/notices/${n.id}/release`, body: { rowVersion: n.rowVersion } };
        },
      },
    ],
  },

  // the audit trail: auditors read it; administrators set its retention
  'GET /api/audit': { cases: [{ name: 'browse', allow: ['auditor'], request: () => ({ method: 'GET', url: '/api/audit?pageSize=5' }) }] },
  'GET /api/audit/export.xlsx': { cases: [{ name: 'export', allow: ['auditor'], request: () => ({ method: 'GET', url: '/api/audit/export.xlsx?from=2099-01-01' }) }] },
  'GET /api/audit/verify': { cases: [{ name: 'verify', allow: ['auditor'], request: () => ({ method: 'GET', url: '/api/audit/verify' }) }] },
  'GET /api/settings/audit': { cases: [{ name: 'read', allow: ALL, request: () => ({ method: 'GET', url: '/api/settings/audit' }) }] },
  'PUT /api/settings/audit': {
    cases: [{ name: 'keep a year', allow: ADMIN, request: () => ({ method: 'PUT', url: '/api/settings/audit', body: { retentionMonths: 12 } }) }],
  },

  // scoring: rule sets, what-if and freezing for administrators; adjustments for editors; a unit's own ledger
  'GET /api/scoring/rule-sets': { cases: [{ name: 'list', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/scoring/rule-sets' }) }] },
  'GET /api/scoring/rule-sets/default': { cases: [{ name: 'default', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/scoring/rule-sets/default' }) }] },
  'GET /api/scoring/rule-sets/:id': { cases: [{ name: 'one', allow: ADMIN, request: async () => ({ method: 'GET', url: `/api/scoring/rule-sets/${await matrixRuleSet()}` }) }] },
  'POST /api/scoring/rule-sets': {
    cases: [{ name: 'save a version', allow: ADMIN, request: () => ({ method: 'POST', url: '/api/scoring/rule-sets', body: { year: 2099, name: '矩阵计分办法', document: DEFAULT_RULE_SET } }) }],
  },
  'POST /api/scoring/what-if': {
    cases: [{ name: 'preview', allow: ADMIN, request: () => ({ method: 'POST', url: '/api/scoring/what-if', body: { period: '2099', document: DEFAULT_RULE_SET } }) }],
  },
  'GET /api/scoring/assessment': { cases: [{ name: 'read', allow: SCORING_READERS, request: () => ({ method: 'GET', url: '/api/scoring/assessment?period=2099-Q1' }) }] },
  'GET /api/scoring/assessment.xlsx': { cases: [{ name: 'export', allow: SCORING_READERS, request: () => ({ method: 'GET', url: '/api/scoring/assessment.xlsx?period=2099-02' }) }] },
  'POST /api/scoring/assessment/freeze': {
    cases: [{ name: 'freeze (409 once frozen)', allow: ADMIN, request: () => ({ method: 'POST', url: '/api/scoring/assessment/freeze', body: { period: '2099-03' } }) }],
  },
  'GET /api/scoring/units/:id/ledger': {
    cases: [
      { name: 'unit A', allow: [...SCORING_READERS, 'reporter', 'unit_approver'], request: () => ({ method: 'GET', url: `/api/scoring/units/${f.unitA}/ledger?period=2099` }) },
      { name: 'unit B', allow: [...SCORING_READERS, 'reporter_b'], request: () => ({ method: 'GET', url: `/api/scoring/units/${f.unitB}/ledger?period=2099` }) },
    ],
  },
  'GET /api/scoring/adjustments': { cases: [{ name: 'list', allow: SCORING_READERS, request: () => ({ method: 'GET', url: '/api/scoring/adjustments?year=2099' }) }] },
  'POST /api/scoring/adjustments': {
    cases: [{ name: 'adjust', allow: ['editor'], request: () => ({ method: 'POST', url: '/api/scoring/adjustments', body: { unitId: f.unitB, on: '2099-05-01', points: -1, reason: '矩阵测试扣分' } }) }],
  },

  // dashboards: office-wide for scoring.read holders; a unit's people their own unit (filtering to another unit, a
  // group, or asking for the ranking or the groups table is refused)
  'GET /api/dashboard': {
    cases: [
      { name: 'all units', allow: [...SCORING_READERS, ...UNIT_PEOPLE], request: () => ({ method: 'GET', url: '/api/dashboard?period=2099' }) },
      { name: 'unit A', allow: [...SCORING_READERS, 'reporter', 'unit_approver'], request: () => ({ method: 'GET', url: `/api/dashboard?period=2099-Q1&unitId=${f.unitA}` }) },
      { name: 'a group', allow: SCORING_READERS, request: () => ({ method: 'GET', url: `/api/dashboard?period=2099-01&groupId=${f.spareGroup}` }) },
    ],
  },
  'GET /api/dashboard.xlsx': {
    cases: [
      { name: 'every table', allow: [...SCORING_READERS, ...UNIT_PEOPLE], request: () => ({ method: 'GET', url: '/api/dashboard.xlsx?period=2099' }) },
      { name: 'the months of unit B', allow: [...SCORING_READERS, 'reporter_b'], request: () => ({ method: 'GET', url: `/api/dashboard.xlsx?period=2099&table=months&unitId=${f.unitB}` }) },
      { name: 'the ranking', allow: SCORING_READERS, request: () => ({ method: 'GET', url: '/api/dashboard.xlsx?period=2099&table=ranking' }) },
    ],
  },

  // the outbox: administrators
  'GET /api/outbox': { cases: [{ name: 'list', allow: ADMIN, request: () => ({ method: 'GET', url: '/api/outbox' }) }] },
  'POST /api/outbox/:id/retry': {
    cases: [{ name: 'a message that did not fail (409 for the administrator)', allow: ADMIN, request: () => ({ method: 'POST', url: '/api/outbox/1/retry' }) }],
  },
};

// ---------- setup ----------
beforeAll(async () => {
  t = await createTestApp();
  f.unitA = (await seedUnit(t.database, '矩阵甲单位')).id;
  f.unitB = (await seedUnit(t.database, '矩阵乙单位')).id;
  f.spareUnit = (await seedUnit(t.database, '矩阵备用单位')).id;
  const unitOf: Partial<Record<Who, number>> = { reporter: f.unitA, unit_approver: f.unitA, reporter_b: f.unitB };
  for (const who of WHO) {
    if (who === 'administrator') continue;
    const role = who === 'reporter_b' ? 'reporter' : who;
    await seedUser(t.database, usernames[who], [role], unitOf[who] ?? null);
  }
  f.spareUser = (await seedUser(t.database, 'm_spare', ['editor'])).id;
  for (const who of WHO) sessions[who] = await login(t.app, usernames[who], passwordOf(who));

  const [g] = await t.database.query<{ id: number }>("insert into unit_groups (name, sort_order) values ('矩阵备用分组', 400) returning id");
  f.spareGroup = g!.id;
  const [topic] = await t.database.query<{ id: number }>("insert into topics (year, name) values (2026, '矩阵备用重点工作') returning id");
  f.spareTopic = topic!.id;

  f.submitted = await draftOf('reporter');
  f.submittedAttachment = await attach('reporter', f.submitted);
  await act('reporter', f.submitted, 'submit');
  f.inReview = await submittedArticle();
  await act('editor', f.inReview, 'claim');
  f.inReview2 = await submittedArticle();
  await act('editor', f.inReview2, 'claim');
  f.draft = await draftOf('reporter');

  const pub = await ok('administrator', { method: 'POST', url: '/api/publications', body: { name: '矩阵简报', kind: 'routine', compilingUnit: '矩阵编印单位', activeFrom: 2026 } }, 201);
  f.publication = pub.json<{ id: number }>().id;
  f.adopted = await submittedArticle();
  await act('editor', f.adopted, 'claim');
  await act('editor', f.adopted, 'adopt');
  f.draftIssue = await composedIssue('draft');
  f.releasedIssue = await composedIssue('released');
  f.followup = await followupForUnitA();

  const ch = await ok('administrator', { method: 'POST', url: '/api/channels', body: { name: '矩阵上报渠道' } }, 201);
  f.channel = ch.json<{ id: number }>().id;
  await ok('administrator', { method: 'POST', url: `/api/channels/${f.channel}/publications`, body: { name: '矩阵上级刊物' } }, 201);
  f.spareAdopted = [];
  for (let i = 0; i < 24; i++) {
    const id = await submittedArticle();
    await act('editor', id, 'claim');
    await act('editor', id, 'adopt');
    f.spareAdopted.push(id);
  }
  f.forwarding = await pendingForwarding();
  await ok('issuer', { method: 'POST', url: `/api/forwardings/${f.forwarding}/sign-off` });
  const [piece] = await t.database.query<{ id: number }>('select id from forwarded_pieces where forwarding_id = $1', [f.forwarding]);
  f.forwardedPiece = piece!.id;
  f.solicitation = await solicitationForUnitA();
  const answer = await ok('reporter', { method: 'POST', url: '/api/articles', body: { ...ARTICLE, solicitationId: f.solicitation } }, 201);
  await act('reporter', answer.json<{ id: number }>().id, 'submit');
  f.draftNotice = (await draftNotice()).id;
  const released = await draftNotice();
  await ok('editor', { method: 'POST', url: `/api/notices/${released.id}/release`, body: { rowVersion: released.rowVersion } });
  f.releasedNotice = released.id;
});
afterAll(async () => {
  await t?.close();
});

// ---------- the tests ----------
const routePattern = (key: string) => {
  const [method, path] = key.split(' ') as [string, string];
  return { method, re: new RegExp(`^${path.replace(/:[^/]+/g, '[^/?]+')}(\\?.*)?$`) };
};

describe('the authorisation table', () => {
  it('has an expectation for exactly the /api routes the app registers', () => {
    const routes = [...registered].filter((r) => r.split(' ')[1]!.startsWith('/api/')).sort();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => !(r in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((r) => !registered.has(r));
    expect(missing, 'routes without an expectation: add them to EXPECTED').toEqual([]);
    expect(stale, 'expectations for routes the app does not have').toEqual([]);
  });

  it('names every caller once per case', () => {
    for (const [route, e] of Object.entries(EXPECTED)) {
      for (const c of e.cases) {
        const both = (c.hidden ?? []).filter((w) => c.allow.includes(w));
        expect(both, `${route} / ${c.name}`).toEqual([]);
      }
    }
  });
});

describe.each(Object.entries(EXPECTED))('%s', (route, expectation) => {
  const { method, re } = routePattern(route);

  it(expectation.public ? 'is public: answers without a session' : 'without a session: 401 UNAUTHENTICATED', async () => {
    const r = await expectation.cases[0]!.request('administrator');
    const res = await call(null, { ...r, session: undefined });
    if (expectation.public) {
      expect([401, 403], res.body).not.toContain(res.statusCode);
      expect(res.statusCode, res.body).toBeLessThan(500);
    } else {
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });

  for (const c of expectation.cases) {
    for (const who of WHO) {
      const verdict = c.allow.includes(who) ? 'allowed' : c.hidden?.includes(who) ? 'hidden (404)' : 'forbidden (403)';
      it(`${c.name} — ${who}: ${verdict}`, async () => {
        const r = await c.request(who);
        expect(r.method).toBe(method);
        expect(r.url).toMatch(re);
        const res = await call(r.session ?? sessions[who], r);
        const info = `${who} ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        if (verdict === 'allowed') {
          expect([401, 403, 404], info).not.toContain(res.statusCode);
          expect(res.statusCode, info).toBeLessThan(500);
        } else if (verdict === 'hidden (404)') {
          expect(res.statusCode, info).toBe(404);
          expect(res.json().code, info).toBe('NOT_FOUND');
        } else {
          expect(res.statusCode, info).toBe(403);
          expect(res.json().code, info).toBe('FORBIDDEN');
        }
      });
    }
  }
});
