import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TIssue, TIssueSummary, TPublication } from '@baosong/contract';
import { ADMIN_PASSWORD, api, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { articleAction, compose, deskArticle, getIssue, issueAction, newIssue, newPublication, releasedIssue } from '../../test/periodicals.js';

/**
 * Publications and issues over HTTP: numbering (also under concurrent creation), composition and placements,
 * the sign-off workflow, immutability of released issues, errata and the reading room. Runs on PGlite, and on
 * PostgreSQL when TEST_DATABASE_URL is set.
 */
let t: TestApp;
const as = {} as Record<'admin' | 'ed1' | 'ed2' | 'iss' | 'boss' | 'repa' | 'repb' | 'repc' | 'aud', Api>;
const unit = {} as Record<'a' | 'b' | 'c', { id: number; name: string }>;

beforeAll(async () => {
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '献县人民政府');
  unit.b = await seedUnit(t.database, '沧州市发展和改革委员会');
  unit.c = await seedUnit(t.database, '沧州市农业农村局');
  await seedUser(t.database, 'i_ed1', ['editor']);
  await seedUser(t.database, 'i_ed2', ['editor']);
  await seedUser(t.database, 'i_iss', ['issuer']);
  await seedUser(t.database, 'i_boss', ['leader']);
  await seedUser(t.database, 'i_aud', ['auditor']);
  await seedUser(t.database, 'i_repa', ['reporter'], unit.a.id);
  await seedUser(t.database, 'i_repb', ['reporter'], unit.b.id);
  await seedUser(t.database, 'i_repc', ['reporter'], unit.c.id);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed1', 'ed2', 'iss', 'boss', 'aud', 'repa', 'repb', 'repc'] as const) as[k] = api(t.app, await login(t.app, `i_${k}`, USER_PASSWORD));
});
afterAll(async () => {
  await t?.close();
});

const numbersOf = (issues: { number: number; totalNumber: number }[]) => ({
  numbers: issues.map((i) => i.number).sort((x, y) => x - y),
  totals: issues.map((i) => i.totalNumber).sort((x, y) => x - y),
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function rowsOf(sql: string, params: unknown[]) {
  return t.database.query<Record<string, unknown>>(sql, params);
}

describe('publications', () => {
  it('the masthead prints the masthead text when set, else the name', async () => {
    const withText = await newPublication(as.admin, { masthead: '政务交流' });
    expect(withText.masthead).toBe('政务交流');
    const plain = await newPublication(as.admin);
    expect(plain.masthead).toBeNull();
    expect((await newIssue(as.ed1, withText.id, '2026-03-05')).masthead).toBe('政务交流');
    expect((await newIssue(as.ed1, plain.id, '2026-03-05')).masthead).toBe(plain.name);
  });

  it('the administrator creates and edits them; names are unique; others may only read', async () => {
    const name = '沧州政务交流（测试）';
    const created = await as.admin.post('/api/publications', {
      name,
      kind: 'leaders_reference',
      compilingUnit: '沧州市人民政府办公室',
      distribution: { bao: '市委、市人大、市政协领导', song: '', fa: '各县（市、区）政府' },
      activeFrom: 2024,
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json<TPublication>();
    expect(p).toMatchObject({ name, kind: 'leaders_reference', activeFrom: 2024, activeTo: null, active: true, issueCount: 0, sortOrder: 100 });
    expect(p.distribution.fa).toBe('各县（市、区）政府');

    const dup = await as.admin.post('/api/publications', { name, kind: 'routine', compilingUnit: '另一个编印单位', activeFrom: 2024 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('PUBLICATION_NAME_TAKEN');
    const other = await newPublication(as.admin);
    const renameToTaken = await as.admin.patch(`/api/publications/${other.id}`, { name });
    expect(renameToTaken.statusCode).toBe(409);
    expect(renameToTaken.json().code).toBe('PUBLICATION_NAME_TAKEN');

    const edited = await as.admin.patch(`/api/publications/${p.id}`, { activeTo: 2030, sortOrder: 5 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ activeTo: 2030, sortOrder: 5, name });

    for (const who of [as.ed1, as.iss, as.boss]) {
      const list = await who.get('/api/publications');
      expect(list.statusCode).toBe(200);
      expect(list.json<TPublication[]>().map((x) => x.id)).toContain(p.id);
      expect((await who.get(`/api/publications/${p.id}`)).json().name).toBe(name);
    }
    expect((await as.ed1.post('/api/publications', { name: '编辑自建刊物', kind: 'routine', compilingUnit: '信息科', activeFrom: 2024 })).statusCode).toBe(403);
    expect((await as.ed1.patch(`/api/publications/${p.id}`, { sortOrder: 1 })).statusCode).toBe(403);
    expect((await as.repa.get('/api/publications')).statusCode).toBe(403);
    expect((await as.admin.get('/api/publications/999999')).statusCode).toBe(404);
  });

  it('refuses issues outside the active years or of an inactive publication, and uses up no number doing so', async () => {
    const p = await newPublication(as.admin, { activeFrom: 2024, activeTo: 2025 });
    for (const issueDate of ['2023-12-31', '2026-01-01']) {
      const r = await as.ed1.post('/api/issues', { publicationId: p.id, issueDate });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().code).toBe('PUBLICATION_INACTIVE');
    }
    expect((await as.admin.patch(`/api/publications/${p.id}`, { active: false })).statusCode).toBe(200);
    const off = await as.ed1.post('/api/issues', { publicationId: p.id, issueDate: '2025-03-01' });
    expect(off.statusCode).toBe(400);
    expect(off.json().code).toBe('PUBLICATION_INACTIVE');
    const unknown = await as.ed1.post('/api/issues', { publicationId: 999999, issueDate: '2025-03-01' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('VALIDATION_FAILED');

    expect((await as.admin.patch(`/api/publications/${p.id}`, { active: true })).statusCode).toBe(200);
    const first = await newIssue(as.ed1, p.id, '2025-03-01');
    expect([first.number, first.totalNumber]).toEqual([1, 1]);
    expect((await as.admin.get(`/api/publications/${p.id}`)).json().issueCount).toBe(1);
  });
});

describe('numbering', () => {
  it('第N期 restarts each year, 总第N期 runs on, each publication counts on its own', async () => {
    const p = await newPublication(as.admin);
    const q = await newPublication(as.admin);
    const made: TIssue[] = [];
    for (const d of ['2025-03-01', '2025-06-01', '2025-12-31', '2026-01-05', '2026-02-01']) made.push(await newIssue(as.ed1, p.id, d));
    expect(made.map((i) => [i.year, i.number, i.totalNumber])).toEqual([
      [2025, 1, 1],
      [2025, 2, 2],
      [2025, 3, 3],
      [2026, 1, 4],
      [2026, 2, 5],
    ]);
    // An issue dated earlier than the last one still takes the next number of its own year.
    const late = await newIssue(as.ed2, p.id, '2025-01-15');
    expect([late.year, late.number, late.totalNumber]).toEqual([2025, 4, 6]);
    const other = await newIssue(as.ed1, q.id, '2026-01-05');
    expect([other.number, other.totalNumber]).toEqual([1, 1]);
    expect(made[0]).toMatchObject({ state: 'draft', publicationName: p.name, compilingUnit: p.compilingUnit, pieceCount: 0, erratumOfId: null, releasedAt: null });
    expect(made[0]!.events.map((e) => e.action)).toEqual(['create']);
  });

  it('eight editors creating at the same moment get 1..8 exactly, no gap and no repeat', async () => {
    const p = await newPublication(as.admin);
    const editors = [as.ed1, as.ed2];
    const res = await Promise.all(range(1, 8).map((i) => editors[i % 2]!.post('/api/issues', { publicationId: p.id, issueDate: '2026-04-01' })));
    for (const r of res) expect(r.statusCode, r.body).toBe(201);
    expect(numbersOf(res.map((r) => r.json<TIssue>()))).toEqual({ numbers: range(1, 8), totals: range(1, 8) });

    // And the sequence continues from there, again all at once.
    const more = await Promise.all(range(1, 8).map((i) => editors[i % 2]!.post('/api/issues', { publicationId: p.id, issueDate: '2026-05-01' })));
    for (const r of more) expect(r.statusCode, r.body).toBe(201);
    expect(numbersOf(more.map((r) => r.json<TIssue>()))).toEqual({ numbers: range(9, 16), totals: range(9, 16) });

    const stored = await rowsOf('select number, total_number as "totalNumber" from issues where publication_id = $1 and year = 2026', [p.id]);
    expect(numbersOf(stored as { number: number; totalNumber: number }[])).toEqual({ numbers: range(1, 16), totals: range(1, 16) });
    const [counter] = await rowsOf('select last_number from issue_counters where publication_id = $1 and year = 2026', [p.id]);
    expect(counter!.last_number).toBe(16);
  });

  it('concurrent creation across years and publications keeps every sequence whole', async () => {
    const p = await newPublication(as.admin);
    const q = await newPublication(as.admin);
    const plan = [
      ...range(1, 4).map(() => ({ publicationId: p.id, issueDate: '2025-11-01' })),
      ...range(1, 4).map(() => ({ publicationId: p.id, issueDate: '2026-01-02' })),
      ...range(1, 4).map(() => ({ publicationId: q.id, issueDate: '2026-01-02' })),
    ];
    const res = await Promise.all(plan.map((body, i) => (i % 2 ? as.ed1 : as.ed2).post('/api/issues', body)));
    for (const r of res) expect(r.statusCode, r.body).toBe(201);
    const made = res.map((r) => r.json<TIssue>());
    const pick = (pub: number, year?: number) => made.filter((i) => i.publicationId === pub && (year === undefined || i.year === year));
    expect(numbersOf(pick(p.id, 2025)).numbers).toEqual(range(1, 4));
    expect(numbersOf(pick(p.id, 2026)).numbers).toEqual(range(1, 4));
    expect(numbersOf(pick(p.id)).totals).toEqual(range(1, 8));
    expect(numbersOf(pick(q.id))).toEqual({ numbers: range(1, 4), totals: range(1, 4) });
  });
});

describe('composition and placements', () => {
  let pub: TPublication;
  const art = {} as Record<'a1' | 'b1' | 'c1' | 'reservedA' | 'inReviewB' | 'submittedC' | 'draftA', number>;
  beforeAll(async () => {
    pub = await newPublication(as.admin);
    art.a1 = await deskArticle(as.repa, as.ed1, 'adopted');
    art.b1 = await deskArticle(as.repb, as.ed1, 'adopted');
    art.c1 = await deskArticle(as.repc, as.ed2, 'adopted');
    art.reservedA = await deskArticle(as.repa, as.ed1, 'reserved');
    art.inReviewB = await deskArticle(as.repb, as.ed1, 'in_review');
    art.submittedC = await deskArticle(as.repc, as.ed1, 'submitted');
    art.draftA = await deskArticle(as.repa, as.ed1, 'draft');
  });

  it('headings, a full piece that takes its text from the article, and a composite piece crediting every unit', async () => {
    const issue = await newIssue(as.ed1, pub.id, '2026-03-10');
    const a1 = (await as.ed1.get(`/api/articles/${art.a1}`)).json<{ title: string; bodyHtml: string }>();
    const res = await compose(as.ed1, issue.id, {
      editorNote: '编者按：各地认真贯彻市委、市政府部署，重点项目建设进展顺利。',
      items: [
        { kind: 'heading', title: '工作动态' },
        { kind: 'piece', title: '', articleIds: [art.a1] },
        { kind: 'piece', title: '我市多部门协同推进重点项目建设', bodyHtml: '<p>综合稿正文<script>x()</script></p>', articleIds: [art.b1, art.c1] },
        { kind: 'heading', title: '经验交流' },
        { kind: 'piece', title: '备用稿件改写', bodyHtml: '<p>编辑改写的正文。</p>', articleIds: [art.reservedA] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const got = res.json<TIssue>();
    expect(got.rowVersion).toBe(issue.rowVersion + 1);
    expect(got.pieceCount).toBe(3);
    expect(got.editorNote).toContain('编者按');
    expect(got.items.map((i) => [i.position, i.kind, i.adoption])).toEqual([
      [1, 'heading', null],
      [2, 'piece', 'full'],
      [3, 'piece', 'composite'],
      [4, 'heading', null],
      [5, 'piece', 'full'],
    ]);
    const [h, full, composite, , rewritten] = got.items;
    expect(h!.sources).toEqual([]);
    expect(full!.title).toBe(a1.title);
    expect(full!.bodyHtml).toBe(a1.bodyHtml);
    expect(full!.sources).toEqual([{ articleId: art.a1, unitId: unit.a.id, unitName: unit.a.name, title: a1.title }]);
    expect(composite!.title).toBe('我市多部门协同推进重点项目建设');
    expect(composite!.bodyHtml).toBe('<p>综合稿正文</p>');
    expect(composite!.sources.map((s) => [s.articleId, s.unitId, s.unitName])).toEqual([
      [art.b1, unit.b.id, unit.b.name],
      [art.c1, unit.c.id, unit.c.name],
    ]);
    expect(rewritten!.bodyHtml).toBe('<p>编辑改写的正文。</p>');

    const placed = await rowsOf('select item_id, article_id, unit_id, adoption from placements where issue_id = $1 order by id', [issue.id]);
    expect(placed).toEqual([
      { item_id: full!.id, article_id: art.a1, unit_id: unit.a.id, adoption: 'full' },
      { item_id: composite!.id, article_id: art.b1, unit_id: unit.b.id, adoption: 'composite' },
      { item_id: composite!.id, article_id: art.c1, unit_id: unit.c.id, adoption: 'composite' },
      { item_id: rewritten!.id, article_id: art.reservedA, unit_id: unit.a.id, adoption: 'full' },
    ]);

    // Reordering replaces the content and its placements; nothing is left over from before.
    const again = await compose(as.ed2, issue.id, {
      items: [
        { kind: 'piece', title: '综合稿', bodyHtml: '<p>重写</p>', articleIds: [art.c1, art.a1, art.c1] },
        { kind: 'piece', title: '', articleIds: [art.b1] },
      ],
    });
    expect(again.statusCode, again.body).toBe(200);
    const now = again.json<TIssue>();
    expect(now.items.map((i) => [i.position, i.adoption, i.sources.map((s) => s.articleId)])).toEqual([
      [1, 'composite', [art.c1, art.a1]],
      [2, 'full', [art.b1]],
    ]);
    const after = await rowsOf('select article_id, adoption from placements where issue_id = $1 order by id', [issue.id]);
    expect(after).toEqual([
      { article_id: art.c1, adoption: 'composite' },
      { article_id: art.a1, adoption: 'composite' },
      { article_id: art.b1, adoption: 'full' },
    ]);
    expect(await rowsOf('select count(*)::int as n from issue_items where issue_id = $1', [issue.id])).toEqual([{ n: 2 }]);
    // The editor's note is untouched by an edit that does not name it, and cleared by an empty one.
    expect(now.editorNote).toContain('编者按');
    const cleared = await compose(as.ed1, issue.id, { editorNote: '' });
    expect(cleared.json<TIssue>().editorNote).toBeNull();
    expect(cleared.json<TIssue>().items).toHaveLength(2);
  });

  it('only adopted or reserved articles may be placed; a refusal changes nothing', async () => {
    const issue = await newIssue(as.ed1, pub.id, '2026-03-11');
    expect((await compose(as.ed1, issue.id, { items: [{ kind: 'piece', title: '', articleIds: [art.a1] }] })).statusCode).toBe(200);
    const before = await getIssue(as.ed1, issue.id);
    for (const bad of [art.inReviewB, art.submittedC, art.draftA]) {
      const r = await compose(as.ed1, issue.id, { items: [{ kind: 'piece', title: '综合', bodyHtml: '<p>x</p>', articleIds: [art.b1, bad] }] });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().code).toBe('ARTICLE_NOT_PLACEABLE');
    }
    const unknown = await compose(as.ed1, issue.id, { items: [{ kind: 'piece', title: '', articleIds: [999999] }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('VALIDATION_FAILED');
    const after = await getIssue(as.ed1, issue.id);
    expect(after.rowVersion).toBe(before.rowVersion);
    expect(after.items).toEqual(before.items);
    expect(await rowsOf('select article_id from placements where issue_id = $1', [issue.id])).toEqual([{ article_id: art.a1 }]);
  });

  it('a stale row version is a conflict; the date stays in the issue year; only editors compose', async () => {
    const issue = await newIssue(as.ed1, pub.id, '2026-03-12');
    expect((await compose(as.ed2, issue.id, { editorNote: '编辑二先保存' })).statusCode).toBe(200);
    const stale = await as.ed1.patch(`/api/issues/${issue.id}`, { rowVersion: issue.rowVersion, editorNote: '编辑一的旧页面' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('ISSUE_CONFLICT');
    expect(stale.json().details).toMatchObject({ state: 'draft', rowVersion: issue.rowVersion + 1 });
    expect((await getIssue(as.ed1, issue.id)).editorNote).toBe('编辑二先保存');

    const wrongYear = await compose(as.ed1, issue.id, { issueDate: '2027-01-01' });
    expect(wrongYear.statusCode).toBe(400);
    expect(wrongYear.json().code).toBe('VALIDATION_FAILED');
    const moved = await compose(as.ed1, issue.id, { issueDate: '2026-12-30' });
    expect(moved.json<TIssue>().issueDate).toBe('2026-12-30');

    const cur = await getIssue(as.iss, issue.id);
    expect(cur.editable).toBe(false);
    expect((await as.iss.patch(`/api/issues/${issue.id}`, { rowVersion: cur.rowVersion, editorNote: '签发人改' })).statusCode).toBe(403);
    expect((await as.iss.post('/api/issues', { publicationId: pub.id, issueDate: '2026-03-12' })).statusCode).toBe(403);
    expect((await as.ed1.patch('/api/issues/999999', { rowVersion: 1, editorNote: 'x' })).statusCode).toBe(404);
  });
});

describe('sign-off, release and immutability', () => {
  let pub: TPublication;
  beforeAll(async () => {
    pub = await newPublication(as.admin);
  });

  it('an empty issue (headings only) cannot be sent for sign-off', async () => {
    const issue = await newIssue(as.ed1, pub.id, '2026-04-01');
    const empty = await issueAction(as.ed1, issue.id, 'send_for_signoff');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('ISSUE_EMPTY');
    expect((await compose(as.ed1, issue.id, { items: [{ kind: 'heading', title: '工作动态' }] })).statusCode).toBe(200);
    expect((await issueAction(as.ed1, issue.id, 'send_for_signoff')).json().code).toBe('ISSUE_EMPTY');
    expect((await getIssue(as.ed1, issue.id)).state).toBe('draft');
  });

  it('the editor sends, the issuer sends back with a comment or signs off; a reserved piece becomes adopted', async () => {
    const adopted = await deskArticle(as.repa, as.ed1, 'adopted');
    const reserved = await deskArticle(as.repb, as.ed1, 'reserved');
    const issue = await newIssue(as.ed1, pub.id, '2026-04-02');
    expect(issue.allowedActions).toEqual(['send_for_signoff']);
    expect(issue.editable).toBe(true);
    const items = [
      { kind: 'piece' as const, title: '', articleIds: [adopted] },
      { kind: 'piece' as const, title: '', articleIds: [reserved] },
    ];
    expect((await compose(as.ed1, issue.id, { items })).statusCode).toBe(200);
    expect((await getIssue(as.iss, issue.id)).allowedActions).toEqual([]);

    const sent = await issueAction(as.ed1, issue.id, 'send_for_signoff');
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<TIssue>()).toMatchObject({ state: 'awaiting_signoff', allowedActions: ['recall'], editable: false });
    expect((await getIssue(as.iss, issue.id)).allowedActions).toEqual(['sign_off', 'send_back']);
    const frozen = await compose(as.ed1, issue.id, { editorNote: '送签后再改' });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().code).toBe('ISSUE_NOT_EDITABLE');

    // The editor may not sign off, nor the leader act at all.
    const selfSign = await issueAction(as.ed1, issue.id, 'sign_off');
    expect(selfSign.statusCode).toBe(403);
    expect(selfSign.json().code).toBe('FORBIDDEN');
    expect((await issueAction(as.boss, issue.id, 'sign_off', {}, as.ed1)).statusCode).toBe(403);
    expect((await issueAction(as.iss, issue.id, 'send_for_signoff')).statusCode).toBe(403);
    expect((await getIssue(as.ed1, issue.id)).state).toBe('awaiting_signoff');

    // Sending back needs a reason, and returns the issue to the editors.
    const noReason = await issueAction(as.iss, issue.id, 'send_back', { comment: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('COMMENT_REQUIRED');
    const back = await issueAction(as.iss, issue.id, 'send_back', { comment: '第二篇数据请再核实' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json<TIssue>().state).toBe('draft');
    const seenByEditor = await getIssue(as.ed1, issue.id);
    expect(seenByEditor.events.at(-1)).toMatchObject({ action: 'send_back', comment: '第二篇数据请再核实', actor: '测试用户 i_iss' });
    expect(seenByEditor.editable).toBe(true);

    // Recall also returns it to draft.
    expect((await issueAction(as.ed1, issue.id, 'send_for_signoff')).statusCode).toBe(200);
    expect((await issueAction(as.ed1, issue.id, 'recall')).json<TIssue>().state).toBe('draft');
    expect((await issueAction(as.ed1, issue.id, 'send_for_signoff')).statusCode).toBe(200);

    // A stale version is a conflict for transitions too.
    const stale = await as.iss.post(`/api/issues/${issue.id}/actions/sign_off`, { rowVersion: issue.rowVersion });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('ISSUE_CONFLICT');

    const signed = await issueAction(as.iss, issue.id, 'sign_off');
    expect(signed.statusCode, signed.body).toBe(200);
    const released = signed.json<TIssue>();
    expect(released.state).toBe('released');
    expect(released.releasedAt).not.toBeNull();
    expect(released.allowedActions).toEqual([]);
    expect(released.events.map((e) => e.action)).toEqual(['create', 'edit', 'send_for_signoff', 'send_back', 'send_for_signoff', 'recall', 'send_for_signoff', 'sign_off']);

    const wasReserved = (await as.ed1.get(`/api/articles/${reserved}`)).json<{ state: string }>();
    expect(wasReserved.state).toBe('adopted');
    const [evt] = await rowsOf("select from_state, to_state, comment from article_events where article_id = $1 and action = 'adopt'", [reserved]);
    expect(evt).toMatchObject({ from_state: 'reserved', to_state: 'adopted' });
    expect(String(evt!.comment)).toContain(`2026年第${issue.number}期`);
    // Both units' reporters are told their piece is in the issue.
    for (const [who, id] of [[as.repa, adopted], [as.repb, reserved]] as const) {
      const notes = (await who.get('/api/notifications')).json<{ items: { kind: string; articleId: number }[] }>().items;
      expect(notes.some((n) => n.kind === 'article.placed' && n.articleId === id)).toBe(true);
    }
  });

  it('a released issue never changes', async () => {
    const a = await deskArticle(as.repc, as.ed1, 'adopted');
    const released = await releasedIssue(as.ed1, as.iss, pub.id, '2026-04-03', [[a]]);
    const snapshot = async () => ({
      issue: await rowsOf('select state, row_version, editor_note, issue_date::text from issues where id = $1', [released.id]),
      items: await rowsOf('select id, position, kind, title, body_html from issue_items where issue_id = $1 order by id', [released.id]),
      placements: await rowsOf('select item_id, article_id, unit_id, adoption from placements where issue_id = $1 order by id', [released.id]),
    });
    const before = await snapshot();
    const other = await deskArticle(as.repa, as.ed1, 'adopted');
    const attempts = [
      { editorNote: '印发后补充编者按' },
      { items: [{ kind: 'piece', title: '', articleIds: [other] }] },
      { items: [] },
      { issueDate: '2026-04-04' },
    ];
    for (const body of attempts) {
      const r = await as.ed1.patch(`/api/issues/${released.id}`, { rowVersion: released.rowVersion, ...body });
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().code).toBe('ISSUE_RELEASED');
    }
    for (const [who, action] of [[as.iss, 'send_back'], [as.ed1, 'recall'], [as.iss, 'sign_off'], [as.ed1, 'send_for_signoff']] as const) {
      const r = await who.post(`/api/issues/${released.id}/actions/${action}`, { rowVersion: released.rowVersion, comment: '印发后撤回' });
      expect(r.statusCode, `${action}: ${r.body}`).toBe(409);
      expect(r.json().code).toBe('ISSUE_RELEASED');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('an erratum is a new issue of the same publication linked to a released one', async () => {
    const a = await deskArticle(as.repa, as.ed1, 'adopted');
    const released = await releasedIssue(as.ed1, as.iss, pub.id, '2026-05-01', [[a]]);
    const draft = await newIssue(as.ed1, pub.id, '2026-05-02');
    const elsewhere = await newPublication(as.admin);
    const foreign = await releasedIssue(as.ed1, as.iss, elsewhere.id, '2026-05-01', [[a]]);
    for (const erratumOfId of [draft.id, foreign.id, 999999]) {
      const r = await as.ed1.post('/api/issues', { publicationId: pub.id, issueDate: '2026-05-03', erratumOfId });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().code).toBe('ERRATUM_INVALID');
    }
    const erratum = await newIssue(as.ed1, pub.id, '2026-05-03', { erratumOfId: released.id, editorNote: '更正：上期第一篇数据有误' });
    expect(erratum.erratumOfId).toBe(released.id);
    // The refused attempts used no number: the erratum follows the draft directly.
    expect(erratum.number).toBe(draft.number + 1);
    expect(erratum.totalNumber).toBe(draft.totalNumber + 1);
    expect((await getIssue(as.ed1, released.id)).state).toBe('released');
  });

  it('placing an article refused after composition blocks sending and signing off', async () => {
    const reserved = await deskArticle(as.repb, as.ed1, 'reserved');
    const issue = await newIssue(as.ed1, pub.id, '2026-05-10');
    expect((await compose(as.ed1, issue.id, { items: [{ kind: 'piece', title: '', articleIds: [reserved] }] })).statusCode).toBe(200);
    expect((await issueAction(as.ed1, issue.id, 'send_for_signoff')).statusCode).toBe(200);
    // Meanwhile the desk rejects the reserved piece the issue was built on.
    await articleAction(as.ed2, reserved, 'reject', { comment: '不再使用' });
    const sign = await issueAction(as.iss, issue.id, 'sign_off');
    expect(sign.statusCode, sign.body).toBe(400);
    expect(sign.json().code).toBe('ARTICLE_NOT_PLACEABLE');
    expect((await getIssue(as.ed1, issue.id)).state).toBe('awaiting_signoff');
    expect((await issueAction(as.ed1, issue.id, 'recall')).statusCode).toBe(200);
    const resend = await issueAction(as.ed1, issue.id, 'send_for_signoff');
    expect(resend.statusCode).toBe(400);
    expect(resend.json().code).toBe('ARTICLE_NOT_PLACEABLE');
    expect((await as.ed1.get(`/api/articles/${reserved}`)).json().state).toBe('not_adopted');
  });
});

describe('the reading room', () => {
  it('leaders see released issues only, in the list and one by one; unit people see none', async () => {
    const pub = await newPublication(as.admin);
    const a = await deskArticle(as.repa, as.ed1, 'adopted');
    const released = await releasedIssue(as.ed1, as.iss, pub.id, '2026-06-01', [[a]]);
    const draft = await newIssue(as.ed1, pub.id, '2026-06-02');
    expect((await compose(as.ed1, draft.id, { items: [{ kind: 'piece', title: '', articleIds: [a] }] })).statusCode).toBe(200);
    const awaiting = await newIssue(as.ed1, pub.id, '2026-06-03');
    expect((await compose(as.ed1, awaiting.id, { items: [{ kind: 'piece', title: '', articleIds: [a] }] })).statusCode).toBe(200);
    expect((await issueAction(as.ed1, awaiting.id, 'send_for_signoff')).statusCode).toBe(200);

    const leaderList = (await as.boss.get(`/api/issues?publicationId=${pub.id}`)).json<TIssueSummary[]>();
    expect(leaderList.map((i) => i.id)).toEqual([released.id]);
    expect((await as.boss.get(`/api/issues?publicationId=${pub.id}&state=draft`)).json()).toEqual([]);
    const all = (await as.boss.get('/api/issues')).json<TIssueSummary[]>();
    expect(all.every((i) => i.state === 'released')).toBe(true);
    for (const hidden of [draft.id, awaiting.id]) {
      const r = await as.boss.get(`/api/issues/${hidden}`);
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('NOT_FOUND');
    }
    const read = await getIssue(as.boss, released.id);
    expect(read).toMatchObject({ state: 'released', allowedActions: [], editable: false, pieceCount: 1 });
    expect(read.items[0]!.sources[0]!.unitName).toBe(unit.a.name);

    const office = (await as.iss.get(`/api/issues?publicationId=${pub.id}`)).json<TIssueSummary[]>();
    expect(office.map((i) => i.id).sort()).toEqual([released.id, draft.id, awaiting.id].sort());
    const drafts = (await as.ed1.get(`/api/issues?publicationId=${pub.id}&state=draft`)).json<TIssueSummary[]>();
    expect(drafts.map((i) => i.id)).toEqual([draft.id]);
    expect((await as.ed1.get(`/api/issues?publicationId=${pub.id}&year=2025`)).json()).toEqual([]);

    for (const who of [as.repa, as.admin, as.aud]) {
      expect((await who.get('/api/issues')).statusCode).toBe(403);
      expect((await who.get(`/api/issues/${released.id}`)).statusCode).toBe(403);
    }
  });
});
