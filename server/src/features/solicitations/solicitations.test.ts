import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TComplianceRow, TSolicitation } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, readXlsx, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { articleAction, expectStatus } from '../../test/periodicals.js';
import { now, resetClock, shiftClock } from '../../lib/clock.js';

/**
 * Solicitations (约稿) over HTTP: targets by group or by unit, answers by linked articles, declines, each target's
 * status computed around the deadline (the product's clock is moved, not waited for), ratings, closing, and the
 * compliance view with its Excel export.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed' | 'aud' | 'lead' | 'repa' | 'repb' | 'repc' | 'other', Api>;
const unit = {} as Record<'a' | 'b' | 'c' | 'other', { id: number; name: string }>;
let groupId: number;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  const [g] = await t.database.query<{ id: number }>("insert into unit_groups (name, sort_order) values ('约稿测试组', 500) returning id");
  groupId = g!.id;
  unit.a = await seedUnit(t.database, '东光县人民政府');
  unit.b = await seedUnit(t.database, '献县人民政府');
  unit.c = await seedUnit(t.database, '沧州市商务局');
  unit.other = await seedUnit(t.database, '沧州市统计局');
  await t.database.query('update units set group_id = $1 where id = any($2)', [groupId, [unit.a.id, unit.b.id]]);
  await seedUser(t.database, 's_ed', ['editor']);
  await seedUser(t.database, 's_aud', ['auditor']);
  await seedUser(t.database, 's_lead', ['leader']);
  await seedUser(t.database, 's_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 's_repb', ['reporter'], unit.b.id);
  await seedUser(t.database, 's_repc', ['reporter'], unit.c.id);
  await seedUser(t.database, 's_other', ['reporter'], unit.other.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'aud', 'lead', 'repa', 'repb', 'repc', 'other'] as const) as[k] = api(t.app, await login(t.app, `s_${k}`, USER_PASSWORD));
});
afterEach(() => resetClock());
afterAll(async () => {
  await t?.close();
});

const inHours = (h: number) => new Date(now().getTime() + h * HOUR).toISOString();
const statusOf = (s: TSolicitation) => Object.fromEntries(s.targets.map((x) => [x.unitId, x.status]));
const read = async (who: Api, id: number) => expectStatus(await who.get(`/api/solicitations/${id}`), 200, `read ${id}`).json<TSolicitation>();

async function solicit(body: Record<string, unknown> = {}): Promise<TSolicitation> {
  const r = await as.ed.post('/api/solicitations', {
    topic: '关于一季度稳增长工作的经验做法',
    requirements: '请报送本单位一季度稳增长的主要做法、成效和下步打算，1500字以内。',
    deadline: inHours(48),
    groupIds: [groupId],
    unitIds: [unit.c.id],
    ...body,
  });
  return expectStatus(r, 201, 'create solicitation').json<TSolicitation>();
}

/** The unit's reporter writes an article answering the solicitation and submits it (at the product's clock). */
async function answer(who: Api, solicitationId: number): Promise<number> {
  const r = await who.post('/api/articles', { title: '我县一季度稳增长工作的做法', bodyHtml: '<p>一季度，我县坚持项目为王，推动稳增长各项措施落地见效。</p>', type: 'experience', solicitationId });
  const id = expectStatus(r, 201, 'answer').json<{ id: number }>().id;
  await articleAction(who, id, 'submit');
  return id;
}

describe('solicitations', () => {
  it('targets a whole group plus chosen units; the units are told and see only their own part', async () => {
    const s = await solicit({ upstream: { topic: '省政府办公厅约稿：稳增长经验', deadline: inHours(96) } });
    expect(s.targets.map((x) => x.unitId).sort()).toEqual([unit.a.id, unit.b.id, unit.c.id].sort());
    expect(Object.values(statusOf(s))).toEqual(['pending', 'pending', 'pending']);
    expect(s.upstream).toMatchObject({ topic: '省政府办公厅约稿：稳增长经验' });
    const mine = await read(as.repa, s.id);
    expect(mine.targets.map((x) => x.unitId)).toEqual([unit.a.id]);
    expect((await as.other.get(`/api/solicitations/${s.id}`)).statusCode).toBe(404);
    expect((await as.other.get('/api/solicitations')).json()).toEqual([]);
    expect((await as.lead.get('/api/solicitations')).statusCode).toBe(403);
    expect((await as.aud.get(`/api/solicitations/${s.id}`)).statusCode).toBe(200);
    const notes = (await as.repb.get('/api/notifications')).json<{ items: { kind: string; title: string }[] }>().items;
    expect(notes.some((n) => n.kind === 'solicitation.created' && n.title.includes('稳增长'))).toBe(true);
  });

  it('refuses bad input: no targets, a past deadline, unknown units, people who do not manage solicitations', async () => {
    const before = await count(t.database, 'solicitations');
    for (const body of [{ groupIds: [], unitIds: [] }, { deadline: inHours(-1) }, { unitIds: [999999] }, { groupIds: [999999] }, { topic: '' }, { deadline: 'tomorrow' }]) {
      const r = await as.ed.post('/api/solicitations', { topic: '主题', requirements: '要求', deadline: inHours(24), unitIds: [unit.a.id], ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await as.repa.post('/api/solicitations', { topic: '主题', requirements: '要求', deadline: inHours(24), unitIds: [unit.a.id] })).statusCode).toBe(403);
    expect(await count(t.database, 'solicitations')).toBe(before);
  });

  it('statuses around the deadline: on time, late, missing, declined, pending', async () => {
    const s = await solicit({ mandatory: false });
    await answer(as.repa, s.id);
    const r = expectStatus(await as.repb.post(`/api/solicitations/${s.id}/decline`, { reason: '本单位一季度无相关工作' }), 200, 'decline').json<TSolicitation>();
    expect(r.targets[0]).toMatchObject({ unitId: unit.b.id, status: 'declined', declineReason: '本单位一季度无相关工作' });
    let v = await read(as.ed, s.id);
    expect(statusOf(v)).toEqual({ [unit.a.id]: 'answered_on_time', [unit.b.id]: 'declined', [unit.c.id]: 'pending' });
    shiftClock(49 * HOUR); // the deadline has passed
    v = await read(as.ed, s.id);
    expect(statusOf(v)[unit.c.id]).toBe('missing');
    expect(statusOf(v)[unit.a.id]).toBe('answered_on_time');
    const late = await as.repc.post(`/api/solicitations/${s.id}/decline`, { reason: '来不及' });
    expect(late.statusCode).toBe(409);
    await answer(as.repc, s.id);
    v = await read(as.ed, s.id);
    expect(statusOf(v)[unit.c.id]).toBe('answered_late');
    expect(v.targets.find((x) => x.unitId === unit.c.id)!.articleIds).toHaveLength(1);
  });

  it('a withdrawn answer does not count; a mandatory solicitation cannot be declined; other units cannot answer', async () => {
    const s = await solicit();
    const refused = await as.repa.post(`/api/solicitations/${s.id}/decline`, { reason: '无相关工作' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SOLICITATION_MANDATORY');
    const id = await answer(as.repa, s.id);
    expect(statusOf(await read(as.ed, s.id))[unit.a.id]).toBe('answered_on_time');
    await articleAction(as.repa, id, 'withdraw');
    expect(statusOf(await read(as.ed, s.id))[unit.a.id]).toBe('pending');
    const foreign = await as.other.post('/api/articles', { title: '标题', bodyHtml: '<p>正文内容足够长。</p>', type: 'news', solicitationId: s.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().code).toBe('SOLICITATION_NOT_FOR_UNIT');
  });

  it('the editor rates answers and closes the solicitation; no answers after closing', async () => {
    const s = await solicit();
    await answer(as.repa, s.id);
    const noAnswer = await as.ed.post(`/api/solicitations/${s.id}/ratings`, { unitId: unit.b.id, rating: 'ordinary' });
    expect(noAnswer.statusCode).toBe(409);
    expect(noAnswer.json().code).toBe('SOLICITATION_NO_ANSWER');
    const rated = expectStatus(await as.ed.post(`/api/solicitations/${s.id}/ratings`, { unitId: unit.a.id, rating: 'adopted' }), 200, 'rate').json<TSolicitation>();
    expect(rated.targets.find((x) => x.unitId === unit.a.id)!.rating).toBe('adopted');
    expect((await as.repa.post(`/api/solicitations/${s.id}/ratings`, { unitId: unit.a.id, rating: 'adopted' })).statusCode).toBe(403);
    const closed = expectStatus(await as.ed.post(`/api/solicitations/${s.id}/close`), 200, 'close').json<TSolicitation>();
    expect(closed.state).toBe('closed');
    expect((await as.ed.post(`/api/solicitations/${s.id}/close`)).statusCode).toBe(409);
    const after = await as.repb.post('/api/articles', { title: '标题', bodyHtml: '<p>正文</p>', type: 'news', solicitationId: s.id });
    expect(after.statusCode).toBe(409);
    expect(after.json().code).toBe('SOLICITATION_CLOSED');
  });

  it('the compliance view lists late and missing answers per unit over a period, and exports them', async () => {
    const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 24 * HOUR));
    const to = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 5 * 24 * HOUR));
    shiftClock(72 * HOUR);
    const rows = expectStatus(await as.aud.get(`/api/solicitations/compliance?from=${from}&to=${to}`), 200, 'compliance').json<TComplianceRow[]>();
    const c = rows.find((r) => r.unitId === unit.c.id)!;
    expect(c.late).toBe(1);
    expect(c.failures.map((f) => f.status)).toContain('answered_late');
    const b = rows.find((r) => r.unitId === unit.b.id)!;
    expect(b.declined).toBe(1);
    expect(b.missing).toBeGreaterThanOrEqual(1);
    expect(rows.find((r) => r.unitId === unit.other.id)).toBeUndefined();
    const onlyC = (await as.ed.get(`/api/solicitations/compliance?from=${from}&to=${to}&unitId=${unit.c.id}`)).json<TComplianceRow[]>();
    expect(onlyC.map((r) => r.unitId)).toEqual([unit.c.id]);
    const x = expectStatus(await as.ed.get(`/api/solicitations/compliance.xlsx?from=${from}&to=${to}`), 200, 'export');
    expect(decodeURIComponent(String(x.headers['content-disposition']))).toContain('约稿完成情况');
    const sheet = await readXlsx(x.rawPayload);
    expect(sheet[0]).toEqual(['单位', '分组', '约稿数', '按时报送', '逾期报送', '未报送', '说明不报', '待报送']);
    expect(sheet.find((r) => r[0] === unit.c.name)!.slice(2)).toEqual([String(c.targeted), String(c.onTime), String(c.late), String(c.missing), String(c.declined), String(c.pending)]);
    expect((await as.repa.get(`/api/solicitations/compliance?from=${from}&to=${to}`)).statusCode).toBe(403);
  });
});
