import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFollowup, TInstruction } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { articleAction, deskArticle, expectStatus, newPublication, releasedIssue } from '../../test/periodicals.js';

/**
 * Follow-ups (落实反馈) over HTTP: an editor asks units to report by a date, the units see only their own part and
 * answer with articles of type 落实反馈, each unit's status (pending, answered, overdue) is computed from the records,
 * and the editor closes the follow-up. Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'iss' | 'boss' | 'repa' | 'appra' | 'repb' | 'repc', Api>;
const unit = {} as Record<'a' | 'b' | 'c', { id: number; name: string }>;
let instruction: TInstruction;

beforeAll(async () => {
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '任丘市人民政府');
  unit.b = await seedUnit(t.database, '沧州市交通运输局');
  unit.c = await seedUnit(t.database, '沧州市商务局');
  await seedUser(t.database, 'f_ed', ['editor']);
  await seedUser(t.database, 'f_iss', ['issuer']);
  await seedUser(t.database, 'f_boss', ['leader']);
  await seedUser(t.database, 'f_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 'f_appra', ['unit_approver'], unit.a.id);
  await seedUser(t.database, 'f_repb', ['reporter'], unit.b.id);
  await seedUser(t.database, 'f_repc', ['reporter'], unit.c.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'iss', 'boss', 'repa', 'appra', 'repb', 'repc'] as const) as[k] = api(t.app, await login(t.app, `f_${k}`, USER_PASSWORD));

  const pub = await newPublication(as.admin);
  const piece = await deskArticle(as.repa, as.ed, 'adopted');
  const issue = await releasedIssue(as.ed, as.iss, pub.id, '2026-08-01', [[piece]]);
  const r = await as.boss.post('/api/instructions', { issueId: issue.id, itemId: issue.items[0]!.id, leaderRank: 'city_principal', text: '请任丘市、市交通运输局抓好落实，月底前报送进展。' });
  instruction = expectStatus(r, 201, 'record instruction').json<TInstruction>();
});
afterAll(async () => {
  await t?.close();
});

const FUTURE = '2099-12-31';
const statuses = (f: TFollowup) => f.units.map((u) => [u.unitId, u.status]);
const read = async (who: Api, id: number) => expectStatus(await who.get(`/api/followups/${id}`), 200, `read follow-up ${id}`).json<TFollowup>();

async function newFollowup(body: Record<string, unknown> = {}): Promise<TFollowup> {
  const r = await as.ed.post('/api/followups', { title: '关于落实市长批示的进展情况', requirement: '请报送工作进展、存在问题和下步打算。', dueDate: FUTURE, unitIds: [unit.a.id, unit.b.id], ...body });
  return expectStatus(r, 201, 'create follow-up').json<TFollowup>();
}

describe('follow-ups', () => {
  let f: TFollowup;

  it('an editor creates one from an instruction for two units with a due date; the units are told', async () => {
    f = await newFollowup({ instructionId: instruction.id });
    expect(f).toMatchObject({ instructionId: instruction.id, dueDate: FUTURE, state: 'open', overdue: false, closedAt: null });
    expect(f.units).toEqual([
      { unitId: unit.a.id, unitName: unit.a.name, status: 'pending', articleIds: [] },
      { unitId: unit.b.id, unitName: unit.b.name, status: 'pending', articleIds: [] },
    ]);
    for (const who of [as.repa, as.appra, as.repb]) {
      const notes = (await who.get('/api/notifications')).json<{ items: { kind: string; title: string }[] }>().items;
      expect(notes.some((n) => n.kind === 'followup.created' && n.title.includes('关于落实市长批示的进展情况'))).toBe(true);
    }
    expect((await as.repc.get('/api/notifications')).json().items.some((n: { kind: string }) => n.kind === 'followup.created')).toBe(false);
  });

  it('refuses bad input and people who do not manage follow-ups', async () => {
    const before = await count(t.database, 'followups');
    const bad = [
      { instructionId: 999999 },
      { unitIds: [unit.a.id, 999999] },
      { unitIds: [] },
      { dueDate: '2026/09/30' },
      { title: '' },
    ];
    for (const body of bad) {
      const r = await as.ed.post('/api/followups', { title: '标题', requirement: '要求', dueDate: FUTURE, unitIds: [unit.a.id], ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
    }
    for (const who of [as.repa, as.boss, as.iss, as.admin]) {
      expect((await who.post('/api/followups', { title: '标题标题', requirement: '要求', dueDate: FUTURE, unitIds: [unit.a.id] })).statusCode).toBe(403);
    }
    expect(await count(t.database, 'followups')).toBe(before);
    // Without an instruction (a key decision, say) is fine.
    expect((await newFollowup({ unitIds: [unit.c.id] })).instructionId).toBeNull();
  });

  it('each unit sees its own part only; other units and the reading room do not see it', async () => {
    const mine = (await as.repa.get('/api/followups')).json<TFollowup[]>().find((x) => x.id === f.id);
    expect(mine).toBeDefined();
    expect(mine!.units.map((u) => u.unitId)).toEqual([unit.a.id]);
    expect((await read(as.appra, f.id)).units.map((u) => u.unitId)).toEqual([unit.a.id]);
    expect((await read(as.repb, f.id)).units.map((u) => u.unitId)).toEqual([unit.b.id]);
    expect((await as.repc.get('/api/followups')).json<TFollowup[]>().map((x) => x.id)).not.toContain(f.id);
    for (const who of [as.repc, as.boss, as.iss]) {
      const r = await who.get(`/api/followups/${f.id}`);
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('NOT_FOUND');
    }
    for (const who of [as.boss, as.iss, as.admin]) expect((await who.get('/api/followups')).statusCode).toBe(403);
    expect((await as.ed.get('/api/followups')).json<TFollowup[]>().map((x) => x.id)).toContain(f.id);
  });

  it('a unit answers with an article of type 落实反馈; only units it was asked of may', async () => {
    const before = await count(t.database, 'articles');
    const stranger = await as.repc.post('/api/articles', { title: '商务局落实情况', bodyHtml: '<p>正文</p>', type: 'news', followupId: f.id });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().code).toBe('FOLLOWUP_NOT_FOR_UNIT');
    const unknown = await as.repa.post('/api/articles', { title: '任丘市落实情况', bodyHtml: '<p>正文</p>', type: 'news', followupId: 999999 });
    expect(unknown.statusCode).toBe(400);
    expect(await count(t.database, 'articles')).toBe(before);
    // Nor by attaching it to a draft afterwards.
    const strangerDraft = await deskArticle(as.repc, as.ed, 'draft');
    const attach = await as.repc.patch(`/api/articles/${strangerDraft}`, { followupId: f.id });
    expect(attach.statusCode).toBe(400);
    expect(attach.json().code).toBe('FOLLOWUP_NOT_FOR_UNIT');

    const answer = await deskArticle(as.repa, as.ed, 'draft', { title: '任丘市落实市长批示进展情况', type: 'news', followupId: f.id });
    const view = (await as.repa.get(`/api/articles/${answer}`)).json<{ type: string; followupId: number }>();
    expect(view).toMatchObject({ type: 'feedback', followupId: f.id });
    // A draft still inside the unit is no answer yet.
    expect(statuses(await read(as.ed, f.id))).toEqual([
      [unit.a.id, 'pending'],
      [unit.b.id, 'pending'],
    ]);
    await articleAction(as.repa, answer, 'submit');
    const after = await read(as.ed, f.id);
    expect(after.units[0]).toMatchObject({ unitId: unit.a.id, status: 'answered', articleIds: [answer] });
    expect(after.units[1]).toMatchObject({ unitId: unit.b.id, status: 'pending', articleIds: [] });
    expect(after.overdue).toBe(false);
    expect((await read(as.repa, f.id)).units).toEqual([after.units[0]]);
  });

  it('past the due date the unit that has not answered is overdue, and the follow-up shows it', async () => {
    await t.database.query("update followups set due_date = '2000-01-01' where id = $1", [f.id]);
    const desk = await read(as.ed, f.id);
    expect(statuses(desk)).toEqual([
      [unit.a.id, 'answered'],
      [unit.b.id, 'overdue'],
    ]);
    expect(desk.overdue).toBe(true);
    expect((await as.ed.get('/api/followups')).json<TFollowup[]>().find((x) => x.id === f.id)!.overdue).toBe(true);
    const late = await read(as.repb, f.id);
    expect(late.units).toEqual([{ unitId: unit.b.id, unitName: unit.b.name, status: 'overdue', articleIds: [] }]);
    expect(late.overdue).toBe(true);
    expect((await read(as.repa, f.id)).overdue).toBe(false);

    // An answer the unit withdrew is no answer.
    const withdrawn = await deskArticle(as.repb, as.ed, 'submitted', { title: '交通运输局落实情况（误报）', followupId: f.id });
    expect(statuses(await read(as.ed, f.id))[1]).toEqual([unit.b.id, 'answered']);
    await articleAction(as.repb, withdrawn, 'withdraw');
    expect((await read(as.ed, f.id)).units[1]).toMatchObject({ status: 'overdue', articleIds: [] });
    await articleAction(as.repb, withdrawn, 'reopen');
    expect((await read(as.ed, f.id)).units[1]).toMatchObject({ status: 'overdue', articleIds: [] });

    // A late answer still counts as an answer: on a draft first, then submitted.
    const draftB = await deskArticle(as.repb, as.ed, 'draft', { title: '交通运输局落实情况（迟报）' });
    const linked = await as.repb.patch(`/api/articles/${draftB}`, { followupId: f.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().type).toBe('feedback');
    await articleAction(as.repb, draftB, 'submit');
    const now = await read(as.ed, f.id);
    expect(statuses(now)).toEqual([
      [unit.a.id, 'answered'],
      [unit.b.id, 'answered'],
    ]);
    expect(now.overdue).toBe(false);
  });

  it('an editor closes it once; afterwards nothing more can answer it', async () => {
    const other = await newFollowup({ unitIds: [unit.b.id] });
    await t.database.query("update followups set due_date = '2000-01-01' where id = $1", [other.id]);
    expect((await read(as.ed, other.id)).overdue).toBe(true);

    for (const who of [as.repb, as.boss, as.iss]) expect((await who.post(`/api/followups/${other.id}/close`)).statusCode).toBe(403);
    const closed = await as.ed.post(`/api/followups/${other.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const c = closed.json<TFollowup>();
    expect(c.state).toBe('closed');
    expect(c.closedAt).not.toBeNull();
    expect(c.overdue).toBe(false); // a closed follow-up is no longer chased
    expect(c.units[0]!.status).toBe('overdue'); // but the record of who did not answer stays

    const again = await as.ed.post(`/api/followups/${other.id}/close`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FOLLOWUP_CLOSED');
    expect((await as.ed.post('/api/followups/999999/close')).statusCode).toBe(404);

    const tooLate = await as.repb.post('/api/articles', { title: '交通运输局落实情况', bodyHtml: '<p>正文</p>', type: 'news', followupId: other.id });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().code).toBe('FOLLOWUP_CLOSED');
    // The unit still sees it, closed.
    expect((await read(as.repb, other.id)).state).toBe('closed');
    expect((await as.ed.get('/api/followups')).json<TFollowup[]>().find((x) => x.id === other.id)!.state).toBe('closed');
  });
});
