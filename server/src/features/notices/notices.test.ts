import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNoticeParagraph, type TNotice, type TNoticeSummary } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { deskArticle, expectStatus } from '../../test/periodicals.js';
import { resetClock, setClock } from '../../lib/clock.js';

/**
 * Notices over HTTP: an editor generates a draft from the records, edits a paragraph (its figures stay linked),
 * refreshes the figures after the records change, and releases it to all units, whose people are told and can read
 * it; drafts stay with the desk and a released notice never changes.
 */
let t: TestApp;
const as = {} as Record<'ed' | 'boss' | 'repa' | 'repb' | 'aud', Api>;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const figuresParagraph = (n: TNotice) => n.content.sections.find((s) => s.id === 'situation')!.paragraphs.find((p) => p.id === 'figures')!;

beforeAll(async () => {
  setClock(new Date('2026-06-10T02:00:00Z'));
  t = await createTestApp();
  const a = await seedUnit(t.database, '东光县人民政府');
  const b = await seedUnit(t.database, '市水务局');
  await seedUser(t.database, 'nt_ed', ['editor']);
  await seedUser(t.database, 'nt_boss', ['leader']);
  await seedUser(t.database, 'nt_aud', ['auditor']);
  await seedUser(t.database, 'nt_repa', ['reporter'], a.id);
  await seedUser(t.database, 'nt_repb', ['reporter'], b.id);
  await login(t.app, 'admin', ADMIN_PASSWORD);
  for (const k of ['ed', 'boss', 'repa', 'repb', 'aud'] as const) as[k] = api(t.app, await login(t.app, `nt_${k}`, USER_PASSWORD));
  await deskArticle(as.repa, as.ed, 'adopted');
  await deskArticle(as.repb, as.ed, 'adopted');
});
afterAll(async () => {
  resetClock();
  await t?.close();
});

describe('notices', () => {
  let draft: TNotice;

  it('generates an annual draft from the records, for the desk only', async () => {
    expectStatus(await as.boss.post('/api/notices', { period: { kind: 'annual', year: 2026 } }), 403, 'leader generates');
    expectStatus(await as.ed.post('/api/notices', { period: { kind: 'monthly', year: 2026, month: 13 } }), 400, 'bad month');
    draft = expectStatus(
      await as.ed.post('/api/notices', { period: { kind: 'annual', year: 2026 }, issuingOffice: '沧州市人民政府办公室', docNumber: { prefix: '沧政办字', year: 2027, number: 3 } }),
      201,
      'generate',
    ).json<TNotice>();
    expect(draft).toMatchObject({ kind: 'annual', year: 2026, month: null, state: 'draft', docNumberText: '沧政办字〔2027〕3号', rowVersion: 1 });
    expect(draft.content.title).toBe('关于2026年全市政务信息报送情况的通报');
    expect(draft.content.issuingOffice).toBe('沧州市人民政府办公室');
    expect(renderNoticeParagraph(figuresParagraph(draft))).toContain('市政府办公室共采用各县(市、区)、部门报送信息2篇');
    expect(figuresParagraph(draft).figures.adopted).toMatchObject({ key: 'adopted_from_units', value: 2 });

    // Generated just now: nothing differs from a fresh generation; the drift is the desk's.
    expect(expectStatus(await as.ed.get(`/api/notices/${draft.id}/drift`), 200, 'drift').json()).toEqual({ added: [], gone: [], reworded: [] });
    expectStatus(await as.repa.get(`/api/notices/${draft.id}/drift`), 403, 'reporter drift');

    const list = expectStatus(await as.ed.get('/api/notices'), 200, 'editor list').json<TNoticeSummary[]>();
    expect(list.map((n) => n.id)).toContain(draft.id);
    // Drafts are the desk's: others see neither the list entry nor the notice nor its .docx.
    for (const who of [as.repa, as.boss, as.aud]) {
      expect(expectStatus(await who.get('/api/notices'), 200, 'list').json<TNoticeSummary[]>()).toEqual([]);
      expectStatus(await who.get(`/api/notices/${draft.id}`), 404, 'read draft');
      expectStatus(await who.get(`/api/notices/${draft.id}/export.docx`), 404, 'draft docx');
    }
  });

  it('generates a monthly notice', async () => {
    const m = expectStatus(await as.ed.post('/api/notices', { period: { kind: 'monthly', year: 2026, month: 6 } }), 201, 'monthly').json<TNotice>();
    // No number asked for: the next of the settings' sequence for the year of the date.
    expect(m).toMatchObject({ kind: 'monthly', year: 2026, month: 6, state: 'draft', docNumber: { prefix: '', year: 2026, number: 1 } });
    expect(m.content.title).toContain('2026年6月');
    expect(renderNoticeParagraph(figuresParagraph(m))).toContain('报送信息2篇');
  });

  it('edits a paragraph keeping its figures linked; refuses stale versions and foreign placeholders', async () => {
    const before = await count(t.database, 'audit_log', "action = 'notice.update'");
    const text = '今年，市政府办公室共采用各单位信息{{adopted}}篇，较上年有所增加。';
    const edit = (body: object) => as.ed.patch(`/api/notices/${draft.id}`, body);
    expect(
      expectStatus(await edit({ rowVersion: draft.rowVersion, paragraphs: [{ section: 'situation', id: 'figures', text: '采用{{adopted}}篇，另有{{bogus}}篇。' }] }), 400, 'foreign').json<{ code: string }>().code,
    ).toBe('NOTICE_UNKNOWN_FIGURE');
    expect(expectStatus(await edit({ rowVersion: draft.rowVersion, paragraphs: [{ section: 'problems', id: 'nope', text: 'x' }] }), 400, 'unknown').json<{ code: string }>().code).toBe(
      'NOTICE_UNKNOWN_PARAGRAPH',
    );
    expect(expectStatus(await edit({ rowVersion: draft.rowVersion + 5, title: '新标题' }), 409, 'stale').json<{ code: string }>().code).toBe('NOTICE_CONFLICT');
    expect(await count(t.database, 'audit_log', "action = 'notice.update'")).toBe(before);

    const edited = expectStatus(
      await edit({ rowVersion: draft.rowVersion, paragraphs: [{ section: 'situation', id: 'figures', text }], copyTo: '市委办公室' }),
      200,
      'edit',
    ).json<TNotice>();
    const p = figuresParagraph(edited);
    expect(p).toMatchObject({ text, edited: true });
    expect(p.figures.adopted).toMatchObject({ key: 'adopted_from_units', value: 2 });
    expect(renderNoticeParagraph(p)).toBe('今年，市政府办公室共采用各单位信息2篇，较上年有所增加。');
    expect(edited.content.copyTo).toBe('市委办公室');
    expect(edited.rowVersion).toBe(draft.rowVersion + 1);
    // The other "intro" (problems) is untouched although it shares the id.
    const intros = edited.content.sections.map((s) => s.paragraphs.find((x) => x.id === 'intro')?.edited);
    expect(intros.filter((e) => e === true)).toEqual([]);
    draft = edited;
  });

  it('refreshes the figures from the records and keeps the edited words', async () => {
    await deskArticle(as.repa, as.ed, 'adopted');
    const refreshed = expectStatus(await as.ed.post(`/api/notices/${draft.id}/refresh`, { rowVersion: draft.rowVersion }), 200, 'refresh').json<TNotice>();
    expect(renderNoticeParagraph(figuresParagraph(refreshed))).toBe('今年，市政府办公室共采用各单位信息3篇，较上年有所增加。');
    expect(refreshed.rowVersion).toBe(draft.rowVersion + 1);
    expectStatus(await as.ed.post(`/api/notices/${draft.id}/refresh`, { rowVersion: draft.rowVersion }), 409, 'stale refresh');
    draft = refreshed;
  });

  it('releases to all units: their people are told, read it and export it; it never changes after', async () => {
    expectStatus(await as.boss.post(`/api/notices/${draft.id}/release`, { rowVersion: draft.rowVersion }), 403, 'leader releases');
    const released = expectStatus(await as.ed.post(`/api/notices/${draft.id}/release`, { rowVersion: draft.rowVersion }), 200, 'release').json<TNotice>();
    expect(released).toMatchObject({ state: 'released', releasedBy: expect.any(String) });
    expect(released.releasedAt).not.toBeNull();

    for (const who of [as.repa, as.repb]) {
      const { items } = expectStatus(await who.get('/api/notifications'), 200, 'notifications').json<{ items: Array<{ kind: string; title: string }> }>();
      expect(items.filter((n) => n.kind === 'notice.released').map((n) => n.title)).toEqual(['通报：关于2026年全市政务信息报送情况的通报']);
    }
    const edNotes = expectStatus(await as.ed.get('/api/notifications'), 200, 'editor notifications').json<{ items: Array<{ kind: string }> }>();
    expect(edNotes.items.some((n) => n.kind === 'notice.released')).toBe(false);

    for (const who of [as.repa, as.boss, as.aud]) {
      expect(expectStatus(await who.get('/api/notices'), 200, 'list').json<TNoticeSummary[]>().map((n) => n.id)).toEqual([draft.id]);
      const read = expectStatus(await who.get(`/api/notices/${draft.id}`), 200, 'read').json<TNotice>();
      expect(renderNoticeParagraph(figuresParagraph(read))).toContain('信息3篇');
    }
    const docx = expectStatus(await as.repb.get(`/api/notices/${draft.id}/export.docx`), 200, 'docx');
    expect(docx.headers['content-type']).toBe(DOCX_TYPE);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    for (const res of [
      await as.ed.patch(`/api/notices/${draft.id}`, { rowVersion: released.rowVersion, title: '改' }),
      await as.ed.post(`/api/notices/${draft.id}/refresh`, { rowVersion: released.rowVersion }),
      await as.ed.post(`/api/notices/${draft.id}/release`, { rowVersion: released.rowVersion }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json<{ code: string }>().code).toBe('NOTICE_RELEASED');
    }
  });

  it('refuses to release a second notice under a document number already used', async () => {
    const other = expectStatus(
      await as.ed.post('/api/notices', { period: { kind: 'annual', year: 2026 }, docNumber: { prefix: '沧政办字', year: 2027, number: 3 } }),
      201,
      'generate',
    ).json<TNotice>();
    const res = await as.ed.post(`/api/notices/${other.id}/release`, { rowVersion: other.rowVersion });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string; detail: string }>().code).toBe('NOTICE_NUMBER_TAKEN');
    const still = expectStatus(await as.ed.get(`/api/notices/${other.id}`), 200, 'read').json<TNotice>();
    expect(still.state).toBe('draft');
  });
});
