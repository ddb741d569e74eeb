import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TChannel, TForwarding, TNoticeFacts } from '@baosong/contract';
import { ADMIN_PASSWORD, api, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../test/harness.js';
import { deskArticle, expectStatus, newPublication, releasedIssue } from '../test/periodicals.js';
import { resetClock, setClock, shiftClock } from '../lib/clock.js';
import { composeNotice, noticeText } from './compose.js';
import { noticeFacts, noticeHonours, periodRange } from './facts.js';

/**
 * NoticeFacts read from records made through the HTTP API: a small year with two units, a released issue with a
 * principal leader's instruction, forwarding to the province and the State Council with outcomes, a solicitation
 * left unanswered and a follow-up not answered by its due date.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'iss' | 'boss' | 'repa' | 'repb', Api>;
const unit = {} as Record<'a' | 'b', { id: number; name: string }>;
let facts: TNoticeFacts;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  setClock(new Date('2026-06-10T02:00:00Z'));
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '东光县人民政府');
  unit.b = await seedUnit(t.database, '市水务局');
  await seedUser(t.database, 'n_ed', ['editor']);
  await seedUser(t.database, 'n_iss', ['issuer']);
  await seedUser(t.database, 'n_boss', ['leader']);
  await seedUser(t.database, 'n_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 'n_repb', ['reporter'], unit.b.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'iss', 'boss', 'repa', 'repb'] as const) as[k] = api(t.app, await login(t.app, `n_${k}`, USER_PASSWORD));

  // Unit A: 3 submitted, 2 adopted (动态, 经验), 1 调研 waiting. Unit B: 7 submitted, 1 adopted (落实反馈).
  const a1 = await deskArticle(as.repa, as.ed, 'adopted', { type: 'news' });
  const a2 = await deskArticle(as.repa, as.ed, 'adopted', { type: 'experience' });
  await deskArticle(as.repa, as.ed, 'submitted', { type: 'research' });
  const b1 = await deskArticle(as.repb, as.ed, 'adopted', { type: 'feedback' });
  for (let i = 0; i < 6; i++) await deskArticle(as.repb, as.ed, 'submitted');

  const pub = await newPublication(as.admin, { name: '沧州政务交流' });
  await newPublication(as.admin, { name: '五项重点工作' });
  const issue = await releasedIssue(as.ed, as.iss, pub.id, '2026-06-10', [[a1], [a2, b1]]);
  const composite = issue.items.find((i) => i.kind === 'piece' && i.sources.length === 2)!.id;
  const full = issue.items.find((i) => i.kind === 'piece' && i.sources.length === 1)!.id;
  expectStatus(
    await as.boss.post('/api/instructions', { issueId: issue.id, itemId: composite, leaderRank: 'city_principal', leaderName: '王市长', instructedOn: '2026-06-10', text: '请总结推广。' }),
    201,
    'instruction',
  );

  const channel = async (name: string, level: string, publication: string): Promise<TChannel> => {
    const c = expectStatus(await as.admin.post('/api/channels', { name, level }), 201, 'channel').json<TChannel>();
    return expectStatus(await as.admin.post(`/api/channels/${c.id}/publications`, { name: publication }), 201, 'publication').json<TChannel>();
  };
  const province = await channel('省政府办公厅', 'province', '河北政务信息');
  const state = await channel('国务院办公厅', 'state', '国办信息');
  const forward = async (channelId: number, pieces: Array<{ itemId?: number; articleId?: number }>): Promise<TForwarding> => {
    const fw = expectStatus(await as.ed.post('/api/forwardings', { channelId, pieces }), 201, 'forward').json<TForwarding>();
    return expectStatus(await as.iss.post(`/api/forwardings/${fw.id}/sign-off`), 200, 'sign off').json<TForwarding>();
  };
  const up = await forward(province.id, [{ itemId: full }, { itemId: composite }]);
  const upComposite = up.pieces.find((p) => p.itemId === composite)!.id;
  expectStatus(await as.ed.put(`/api/forwarded-pieces/${upComposite}/outcome`, { result: 'adopted', upstreamPublicationId: province.publications[0]!.id, outcomeOn: '2026-06-12' }), 200, 'outcome');
  const top = await forward(state.id, [{ articleId: a1 }]);
  expectStatus(
    await as.ed.put(`/api/forwarded-pieces/${top.pieces[0]!.id}/outcome`, {
      result: 'adopted',
      upstreamPublicationId: state.publications[0]!.id,
      outcomeOn: '2026-06-15',
      instructions: [{ leaderRank: 'state_council', leaderName: '李副总理', instructedOn: '2026-06-20', text: '请有关部门研究。' }],
    }),
    200,
    'outcome',
  );

  expectStatus(
    await as.ed.post('/api/solicitations', {
      topic: '关于稳增长工作的经验做法',
      requirements: '请报送主要做法。',
      deadline: new Date(Date.parse('2026-06-10T02:00:00Z') + DAY).toISOString(),
      unitIds: [unit.a.id],
    }),
    201,
    'solicitation',
  );
  expectStatus(
    await as.ed.post('/api/followups', { title: '关于落实市长批示的进展情况', requirement: '请报送进展。', dueDate: '2026-06-11', unitIds: [unit.b.id] }),
    201,
    'follow-up',
  );
  // A few days later: the solicitation is missing, the follow-up overdue.
  shiftClock(5 * DAY);
  facts = await noticeFacts(t.database.db, { kind: 'annual', year: 2026 });
});
afterAll(async () => {
  resetClock();
  await t?.close();
});

describe('noticeFacts', () => {
  it('counts adoptions, forwarding upward and outcomes from the records', () => {
    expect(facts).toMatchObject({
      period: { kind: 'annual', year: 2026 },
      adoptedFromUnits: 3,
      submitted: 10,
      forwardedToProvince: 2,
      adoptedByProvince: 1,
      adoptedByStateCouncil: 1,
      stateCouncilInstructed: 1,
    });
  });

  it('counts released issues per publication and those the principal leader instructed', () => {
    expect(facts.publications).toEqual(
      expect.arrayContaining([
        { name: '沧州政务交流', issues: 1, principalInstructed: 1, instructed: 1 },
        { name: '五项重点工作', issues: 0, principalInstructed: 0, instructed: 0 },
      ]),
    );
    expect(facts.honours).toBeNull();
  });

  it('finds the notable units for each kind of good work', () => {
    const by = Object.fromEntries(facts.notable.map((n) => [n.kind, n.units]));
    expect(by).toEqual({
      instructions: [unit.a.name, unit.b.name],
      feedback: [unit.b.name],
      experience: [unit.a.name],
      adoptions: [unit.a.name],
      state_council: [unit.a.name],
    });
  });

  it('finds the problems with their figures', () => {
    expect(facts.problems).toMatchObject({
      lowAdoption: [{ unit: unit.b.name, submitted: 7, adopted: 1 }],
      inDepthSubmitted: 1,
      solicitationAssignments: 1,
      solicitationLate: 0,
      solicitationMissing: 1,
      solicitationUnits: [unit.a.name],
      overdueFollowups: 1,
      overdueFollowupUnits: [unit.b.name],
    });
    expect(facts.problems.duplicatesCaught).toEqual(expect.any(Number));
  });

  it('gives nothing for a month without records, and composes the year’s figures sentence', async () => {
    const empty = await noticeFacts(t.database.db, { kind: 'monthly', year: 2026, month: 2 });
    expect(empty).toMatchObject({ adoptedFromUnits: 0, submitted: 0, forwardedToProvince: 0, adoptedByStateCouncil: 0 });
    const text = noticeText(composeNotice(facts, { office: '市政府办公室', issuingOffice: '沧州市人民政府办公室', addressees: '各单位', date: '2027-01-12' }));
    expect(text).toContain('2026年，市政府办公室共采用各县(市、区)、部门报送信息3篇，上报省政府办公厅信息2篇，省政府办公厅采用1篇；国务院办公厅采用1篇，其中国务院领导批示1篇。');
    expect(text).toContain('编发《沧州政务交流》1期，其中市政府主要领导批示1期。');
    expect(text).not.toContain('《五项重点工作》');
  });
});

describe('periodRange', () => {
  it('covers a year or a month in the office’s time zone', () => {
    expect(periodRange({ kind: 'annual', year: 2014 })).toMatchObject({ from: '2014-01-01', to: '2014-12-31' });
    const feb = periodRange({ kind: 'monthly', year: 2016, month: 2 });
    expect(feb).toMatchObject({ from: '2016-02-01', to: '2016-02-29' });
    expect(feb.start.toISOString()).toBe('2016-01-31T16:00:00.000Z');
    expect(periodRange({ kind: 'monthly', year: 2014, month: 12 }).end.toISOString()).toBe('2014-12-31T16:00:00.000Z');
  });
});

describe('noticeHonours', () => {
  it('takes the honours from the current assessment, flagged provisional while the year is not frozen; none for a month', async () => {
    const h = await noticeHonours(t.database, { kind: 'annual', year: 2026 });
    expect(h?.provisional).toBe(true);
    const named = h!.groups.flatMap((g) => [...g.winner, ...g.advanced]);
    expect(named).toContain(unit.a.name);
    expect(await noticeHonours(t.database, { kind: 'monthly', year: 2026, month: 6 })).toBeNull();
    const withHonours = await noticeFacts(t.database.db, { kind: 'annual', year: 2026 }, h);
    expect(withHonours.honours).toEqual(h);
    const text = noticeText(composeNotice(withHonours, { office: '市政府办公室', issuingOffice: '市人民政府办公室', addressees: '各单位', copyTo: '', date: '2027-01-10' }), null);
    expect(text).toContain(`${unit.a.name}`);
    expect(text).toMatch(/2026年度全市政务信息报送工作优胜单位/);
  });
});
