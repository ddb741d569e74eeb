import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createUser } from '../users/service.js';
import { createUnit } from '../units/service.js';
import { tinyPng } from '../../text/test-fixtures.js';

/**
 * The article lifecycle over HTTP: drafting, unit approval, guards, the desk's decisions, versions, concurrency,
 * scoping, attachments and .docx import. Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
let t: TestApp;
type Call = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;
const as: Record<string, Call> = {};
const PW = 'Test-Passw0rd!';
let unitA: number; // needs approval
let unitB: number; // submits directly, cap 2 a month

async function session(username: string): Promise<Call> {
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PW } });
  expect(r.statusCode, r.body).toBe(200);
  const cookie = r.headers['set-cookie']!.toString().split(';')[0]!;
  const csrf = r.json().csrfToken as string;
  return async (method, url, body, headers = {}) => {
    const raw = Buffer.isBuffer(body);
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(raw ? { 'content-type': 'application/octet-stream' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : raw ? { body: body as Buffer } : { payload: body as object }),
    });
    return { status: res.statusCode, body: res.body && res.headers['content-type']?.toString().includes('json') ? res.json() : res.rawPayload };
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const groups = await t.database.query<{ id: number; name: string }>('select id, name from unit_groups order by id');
  const county = groups.find((g) => g.name === '县市区')!.id;
  const depts = groups.find((g) => g.name === '市直部门')!.id;
  const base = { contactName: null, contactPhone: null, contactEmail: null };
  unitA = (await createUnit(t.database, null, { ...base, name: '东光县人民政府', shortName: '东光县', groupId: county, requiresApproval: true })).id;
  unitB = (await createUnit(t.database, null, { ...base, name: '沧州市统计局', shortName: '市统计局', groupId: depts, monthlyCap: 2 })).id;
  const mk = (username: string, roles: string[], unitId: number | null) =>
    createUser(t.database, null, { username, displayName: username, roles: roles as never, unitId, email: null, phone: null, password: PW, mustChangePassword: false });
  await mk('repa', ['reporter'], unitA);
  await mk('repa2', ['reporter'], unitA);
  await mk('appra', ['unit_approver'], unitA);
  await mk('repb', ['reporter'], unitB);
  await mk('ed1', ['editor'], null);
  await mk('ed2', ['editor'], null);
  await mk('boss', ['leader'], null);
  await mk('admin2', ['administrator'], null);
  for (const u of ['repa', 'repa2', 'appra', 'repb', 'ed1', 'ed2', 'boss', 'admin2']) as[u] = await session(u);
});
afterAll(async () => {
  await t?.close();
});

async function draft(who: string, fields: Record<string, unknown> = {}) {
  const r = await as[who]!('POST', '/api/articles', { title: '东光县多措并举稳增长', bodyHtml: '<p>今年以来，东光县紧紧围绕稳增长目标，全力推进项目建设。</p>', type: 'news', ...fields });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; rowVersion: number; state: string };
}

async function act(who: string, id: number, action: string, extra: Record<string, unknown> = {}) {
  const cur = await as[who]!('GET', `/api/articles/${id}`);
  return as[who]!('POST', `/api/articles/${id}/actions/${action}`, { rowVersion: cur.body.rowVersion, ...extra });
}

/** Through the unit to the desk, claimed by ed1. */
async function toReview(): Promise<number> {
  const a = await draft('repb');
  expect((await act('repb', a.id, 'submit')).status).toBe(200);
  expect((await act('ed1', a.id, 'claim')).status).toBe(200);
  return a.id;
}

describe('drafting and scoping', () => {
  it('stores sanitised HTML and plain text; nobody outside the author sees a draft', async () => {
    const a = await draft('repa', { bodyHtml: '<p onclick="steal()">正文<script>alert(1)</script></p><img src="javascript:alert(1)">' });
    const mine = await as.repa!('GET', `/api/articles/${a.id}`);
    expect(mine.body.bodyHtml).toBe('<p>正文</p>');
    expect(mine.body.allowedActions).toEqual(['send_for_approval']);
    expect(mine.body.canEdit).toBe(true);
    for (const who of ['repb', 'ed1', 'boss', 'repa2']) expect((await as[who]!('GET', `/api/articles/${a.id}`)).status).toBe(404);
    const list = await as.repb!('GET', '/api/articles');
    expect(list.body.items.map((x: { id: number }) => x.id)).not.toContain(a.id);
    expect((await as.boss!('GET', '/api/articles')).status).toBe(403);
  });

  it('autosave updates in place with optimistic concurrency', async () => {
    const a = await draft('repa');
    const s1 = await as.repa!('PATCH', `/api/articles/${a.id}`, { title: '新标题', rowVersion: a.rowVersion });
    expect(s1.status).toBe(200);
    expect(s1.body.title).toBe('新标题');
    expect(s1.body.versionCount).toBe(0);
    const stale = await as.repa!('PATCH', `/api/articles/${a.id}`, { title: '旧页面的标题', rowVersion: a.rowVersion });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('ARTICLE_CONFLICT');
  });

  it('a save changes only the fields it sends', async () => {
    const a = await draft('repa', { authors: [{ name: '李执笔', phone: '0317-1234567' }], signer: '王签发', urgency: 'urgent' });
    const saved = await as.repa!('PATCH', `/api/articles/${a.id}`, { bodyHtml: '<p>只改正文。</p>', rowVersion: a.rowVersion });
    expect(saved.status).toBe(200);
    expect(saved.body.bodyHtml).toBe('<p>只改正文。</p>');
    expect(saved.body.authors).toEqual([{ name: '李执笔', phone: '0317-1234567' }]);
    expect(saved.body.signer).toBe('王签发');
    expect(saved.body.urgency).toBe('urgent');
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const before = await t.database.query<{ n: number }>('select count(*)::int as n from articles');
    const r = await as.repa!('POST', '/api/articles', { title: 'x', type: 'poem' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    const after = await t.database.query<{ n: number }>('select count(*)::int as n from articles');
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await as.ed1!('POST', '/api/articles', { title: 't', type: 'news' })).status).toBe(403);
  });
});

describe('unit approval', () => {
  it('goes to the approver, who approves it to the desk; the unit original is version 1', async () => {
    const a = await draft('repa');
    expect((await act('repa', a.id, 'submit')).status).toBe(403); // this unit needs approval
    const sent = await act('repa', a.id, 'send_for_approval');
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('awaiting_unit_approval');
    // Still inside the unit: the office neither sees nor claims it.
    expect((await as.ed1!('GET', `/api/articles/${a.id}`)).status).toBe(404);
    expect((await as.ed1!('POST', `/api/articles/${a.id}/actions/claim`, { rowVersion: sent.body.rowVersion })).status).toBe(404);
    expect((await as.repa2!('GET', `/api/articles/${a.id}`)).status).toBe(200); // colleagues in the unit do
    const approverNotes = await as.appra!('GET', '/api/notifications?unread=true');
    expect(approverNotes.body.items.some((n: { articleId: number }) => n.articleId === a.id)).toBe(true);
    const ok = await act('appra', a.id, 'approve');
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('submitted');
    const versions = await as.repa!('GET', `/api/articles/${a.id}/versions`);
    expect(versions.body.map((v: { kind: string }) => v.kind)).toEqual(['unit']);
  });

  it('the approver returns with a required comment and the reporter sees it', async () => {
    const a = await draft('repa');
    await act('repa', a.id, 'send_for_approval');
    expect((await act('appra', a.id, 'unit_return')).body.code).toBe('COMMENT_REQUIRED');
    const back = await act('appra', a.id, 'unit_return', { comment: '数据请核实' });
    expect(back.body.state).toBe('returned');
    const mine = await as.repa!('GET', `/api/articles/${a.id}`);
    expect(mine.body.decisionComment).toBe('数据请核实');
    expect(mine.body.events.at(-1).comment).toBe('数据请核实');
    expect(mine.body.allowedActions).toEqual(['send_for_approval']);
  });
});

describe('guards', () => {
  it('a classification marking blocks submission and leaves the draft as it was', async () => {
    const a = await draft('repb', { bodyHtml: '<p>秘密★1年</p><p>关于某项工作的情况</p>' });
    const r = await act('repb', a.id, 'submit');
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('GUARD_BLOCKED');
    expect(r.body.message).toContain('秘密★1年');
    expect((await as.repb!('GET', `/api/articles/${a.id}`)).body.state).toBe('draft');
  });

  it('personal data must be confirmed', async () => {
    const a = await draft('repb', { bodyHtml: '<p>联系人：张三，手机 13812345678。</p>' });
    const check = await as.repb!('POST', `/api/articles/${a.id}/check`, {});
    expect(check.body.findings.map((f: { kind: string }) => f.kind)).toContain('mobile');
    const r = await act('repb', a.id, 'submit');
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('CONFIRMATION_REQUIRED');
    expect((await act('repb', a.id, 'submit', { confirmPersonalData: true })).status).toBe(200);
  });

  it('administrator-configured patterns block too, and an invalid pattern is refused', async () => {
    expect((await as.admin2!('PUT', '/api/settings/guards', { classificationPatterns: ['(未闭合'] })).body.code).toBe('PATTERN_INVALID');
    expect((await as.admin2!('PUT', '/api/settings/guards', { classificationPatterns: ['内部资料'] })).status).toBe(200);
    expect((await as.repb!('PUT', '/api/settings/guards', { classificationPatterns: [] })).status).toBe(403);
    const a = await draft('repa', { bodyHtml: '<p>内部资料</p><p>正文</p>' });
    const r = await act('repa', a.id, 'send_for_approval');
    expect(r.body.code).toBe('GUARD_BLOCKED');
    await as.admin2!('PUT', '/api/settings/guards', { classificationPatterns: [] });
  });

  it("the unit's monthly cap blocks once reached", async () => {
    const submitted = await t.database.query<{ n: number }>(
      `select count(*)::int as n from articles where unit_id = $1 and first_submitted_at is not null`,
      [unitB],
    );
    for (let i = submitted[0]!.n; i < 2; i++) expect((await act('repb', (await draft('repb')).id, 'submit')).status).toBe(200);
    const over = await act('repb', (await draft('repb')).id, 'submit');
    expect(over.status).toBe(422);
    expect(over.body.details.findings.map((f: { kind: string }) => f.kind)).toContain('quota_cap');
    await t.database.query('update units set monthly_cap = null where id = $1', [unitB]);
  });
});

describe('the desk', () => {
  it('editor edits are versions; the unit original stays; diffs are character-level', async () => {
    const id = await toReview();
    const cur = await as.ed1!('GET', `/api/articles/${id}`);
    const saved = await as.ed1!('PATCH', `/api/articles/${id}`, { bodyHtml: '<p>今年以来，东光县紧紧围绕稳增长目标，多措并举推进项目建设。</p>', rowVersion: cur.body.rowVersion });
    expect(saved.status).toBe(200);
    const versions = await as.ed1!('GET', `/api/articles/${id}/versions`);
    expect(versions.body.map((v: { kind: string; versionNo: number }) => `${v.kind}${v.versionNo}`)).toEqual(['unit1', 'editor2']);
    const diff = await as.repb!('GET', `/api/articles/${id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    const inserted = diff.body.body.filter((op: [number, string]) => op[0] === 1).map((op: [number, string]) => op[1]).join('');
    expect(inserted).toContain('多措并举');
    const original = diff.body.body.filter((op: [number, string]) => op[0] !== 1).map((op: [number, string]) => op[1]).join('');
    expect(original).toBe('今年以来，东光县紧紧围绕稳增长目标，全力推进项目建设。');
  });

  it('return for revision keeps history; the resubmission is a new unit version', async () => {
    const id = await toReview();
    expect((await act('ed1', id, 'return')).body.code).toBe('COMMENT_REQUIRED');
    expect((await act('ed1', id, 'return', { comment: '请补充数据' })).body.state).toBe('returned');
    const r = await as.repb!('GET', `/api/articles/${id}`);
    await as.repb!('PATCH', `/api/articles/${id}`, { bodyHtml: '<p>补充了数据：增长12%。</p>', rowVersion: r.body.rowVersion });
    expect((await act('repb', id, 'submit')).body.state).toBe('submitted');
    const view = await as.ed2!('GET', `/api/articles/${id}`);
    expect(view.body.events.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'claim', 'return', 'submit']);
    const versions = await as.ed2!('GET', `/api/articles/${id}/versions`);
    expect(versions.body.map((v: { kind: string }) => v.kind)).toEqual(['unit', 'unit']);
  });

  it('a unit may withdraw only before review; decisions need reasons where the table says so', async () => {
    const a = await draft('repb');
    await act('repb', a.id, 'submit');
    expect((await act('repb', a.id, 'withdraw')).body.state).toBe('withdrawn');
    const id = await toReview();
    const w = await act('repb', id, 'withdraw');
    expect(w.status).toBe(409);
    expect(w.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await act('ed1', id, 'reject')).body.code).toBe('COMMENT_REQUIRED');
    expect((await act('ed1', id, 'reserve')).body.state).toBe('reserved');
    const adopted = await act('ed2', id, 'adopt');
    expect(adopted.body.state).toBe('adopted');
    expect(adopted.body.allowedActions).toEqual([]);
    const notes = await as.repb!('GET', '/api/notifications?unread=true');
    expect(notes.body.items.some((n: { kind: string; articleId: number }) => n.kind === 'article.adopt' && n.articleId === id)).toBe(true);
    await as.repb!('POST', '/api/notifications/read-all', {});
    expect((await as.repb!('GET', '/api/notifications/unread-count')).body.unread).toBe(0);
    expect((await act('repb', id, 'submit')).status).toBe(409);
    // A leader has no business with raw articles: not visible, so not decidable.
    expect((await as.boss!('POST', `/api/articles/${id}/actions/adopt`, { rowVersion: adopted.body.rowVersion })).status).toBe(404);
  });

  it('two editors deciding at once: exactly one wins, the other is told the current state', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await toReview();
      const cur = await as.ed1!('GET', `/api/articles/${id}`);
      const [x, y] = await Promise.all([
        as.ed1!('POST', `/api/articles/${id}/actions/adopt`, { rowVersion: cur.body.rowVersion }),
        as.ed2!('POST', `/api/articles/${id}/actions/reject`, { rowVersion: cur.body.rowVersion, comment: '与其他稿件重复' }),
      ]);
      const statuses = [x.status, y.status].sort();
      expect(statuses).toEqual([200, 409]);
      const winner = x.status === 200 ? x : y;
      const loser = x.status === 200 ? y : x;
      expect(loser.body.code).toBe('ARTICLE_CONFLICT');
      expect(loser.body.details.state).toBe(winner.body.state);
      const events = await t.database.query<{ n: number }>(
        `select count(*)::int as n from article_events where article_id = $1 and action in ('adopt','reject')`,
        [id],
      );
      expect(events[0]!.n).toBe(1);
    }
  });

  it('the desk lists with filters and counts, scoped to what left the units', async () => {
    const r = await as.ed1!('GET', `/api/articles?unitId=${unitB}&state=adopted,not_adopted`);
    expect(r.status).toBe(200);
    expect(r.body.items.every((a: { unit: { id: number }; state: string }) => a.unit.id === unitB && ['adopted', 'not_adopted'].includes(a.state))).toBe(true);
    expect(r.body.counts.adopted).toBeGreaterThan(0);
    expect(r.body.counts.draft).toBeUndefined();
  });
});

describe('attachments and Word import', () => {
  it('accepts pictures by content, refuses disguised files, and scopes downloads', async () => {
    const a = await draft('repb');
    const ok = await as.repb!('POST', `/api/articles/${a.id}/attachments?filename=${encodeURIComponent('现场照片.png')}`, tinyPng());
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.mime).toBe('image/png');
    const fake = await as.repb!('POST', `/api/articles/${a.id}/attachments?filename=photo.png`, Buffer.from('MZ\x90\x00 this is not a picture'));
    expect(fake.status).toBe(415);
    expect(fake.body.code).toBe('ATTACHMENT_TYPE');
    const url = `/api/attachments/${ok.body.id}/content`;
    expect((await as.repb!('GET', url)).status).toBe(200);
    expect((await as.repa!('GET', url)).status).toBe(404);
    expect((await as.ed1!('GET', url)).status).toBe(404); // still a draft
    await act('repb', a.id, 'submit');
    const got = await as.ed1!('GET', url);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, tinyPng())).toBe(0);
  });

  it('imports a .docx into a new draft and refuses what is not one', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('献县推进冬季清洁取暖')] }),
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('一、主要做法')] }),
            new Paragraph({ children: [new TextRun({ text: '全县完成改造', bold: true }), new TextRun('两万户。')] }),
          ],
        },
      ],
    });
    const buf = await Packer.toBuffer(doc);
    const r = await as.repa!('POST', '/api/articles/import-docx', buf);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.title).toBe('献县推进冬季清洁取暖');
    expect(r.body.bodyHtml).toContain('<h2>一、主要做法</h2>');
    expect(r.body.bodyHtml).toContain('<strong>全县完成改造</strong>');
    expect(r.body.state).toBe('draft');
    expect(r.body.importWarnings).toEqual([]);
    const bad = await as.repa!('POST', '/api/articles/import-docx', Buffer.from('%PDF-1.4 not word'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('DOCX_INVALID');
    expect(bad.body.message).toMatch(/Word|docx/);
  });

  it('tells the reporter what a Word file had that could not come over', async () => {
    const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)]);
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('图片新闻')] }),
            new Paragraph({ children: [new ImageRun({ type: 'bmp', data: bmp, transformation: { width: 10, height: 10 } })] }),
            new Paragraph({ children: [new ImageRun({ type: 'png', data: tinyPng(), transformation: { width: 10, height: 10 } })] }),
          ],
        },
      ],
    });
    const r = await as.repa!('POST', '/api/articles/import-docx', await Packer.toBuffer(doc));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.importWarnings).toHaveLength(1);
    expect(r.body.importWarnings[0]).toContain('EMF');
    expect(r.body.bodyHtml.match(/<img /g)).toHaveLength(1);
    const en = await as.repa!('POST', '/api/articles/import-docx', await Packer.toBuffer(doc), { 'accept-language': 'en' });
    expect(en.body.importWarnings[0]).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
