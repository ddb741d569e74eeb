/**
 * Fixtures for the periodical tests (publications, issues, instructions, follow-ups), made through the HTTP API as
 * the people concerned would make them. Every helper throws with the response body when a step does not succeed,
 * so a broken fixture says where it broke.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TIssue, TPublication } from '@baosong/contract';
import { uniqueName, type Api } from './harness.js';

export function expectStatus(res: LightMyRequestResponse, status: number, what: string): LightMyRequestResponse {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 500)}`);
  return res;
}

let articleSeq = 0;

/**
 * A unit's article (the unit must not need approval) taken to `to` through the desk: submitted by the reporter,
 * then claimed and decided by the editor.
 */
export async function deskArticle(
  reporter: Api,
  editor: Api,
  to: 'draft' | 'submitted' | 'in_review' | 'adopted' | 'reserved',
  fields: Record<string, unknown> = {},
): Promise<number> {
  articleSeq += 1;
  const created = await reporter.post('/api/articles', {
    title: `第${articleSeq}篇：推进重点项目建设情况`,
    bodyHtml: `<p>这是第${articleSeq}篇稿件的正文，介绍本单位推进重点项目建设的做法和成效。</p>`,
    type: 'news',
    ...fields,
  });
  const id = expectStatus(created, 201, 'create article').json<{ id: number }>().id;
  if (to === 'draft') return id;
  await articleAction(reporter, id, 'submit');
  if (to === 'submitted') return id;
  await articleAction(editor, id, 'claim');
  if (to === 'in_review') return id;
  await articleAction(editor, id, to === 'adopted' ? 'adopt' : 'reserve');
  return id;
}

export async function articleAction(who: Api, id: number, action: string, extra: Record<string, unknown> = {}): Promise<void> {
  const cur = expectStatus(await who.get(`/api/articles/${id}`), 200, `read article ${id}`).json<{ rowVersion: number }>();
  expectStatus(await who.post(`/api/articles/${id}/actions/${action}`, { rowVersion: cur.rowVersion, ...extra }), 200, `article ${id} ${action}`);
}

export async function newPublication(admin: Api, fields: Partial<TPublication> = {}): Promise<TPublication> {
  const res = await admin.post('/api/publications', {
    name: uniqueName('测试刊物'),
    kind: 'routine',
    compilingUnit: '市政府办公室信息科',
    activeFrom: 2020,
    ...fields,
  });
  return expectStatus(res, 201, 'create publication').json<TPublication>();
}

export async function newIssue(editor: Api, publicationId: number, issueDate: string, extra: Record<string, unknown> = {}): Promise<TIssue> {
  return expectStatus(await editor.post('/api/issues', { publicationId, issueDate, ...extra }), 201, 'create issue').json<TIssue>();
}

export async function getIssue(who: Api, id: number): Promise<TIssue> {
  return expectStatus(await who.get(`/api/issues/${id}`), 200, `read issue ${id}`).json<TIssue>();
}

export interface ItemSpec {
  kind: 'heading' | 'piece';
  title: string;
  bodyHtml?: string;
  articleIds?: number[];
}

/** PATCH /api/issues/:id at the issue's current row version; returns the raw response. */
export async function compose(editor: Api, id: number, patch: { items?: ItemSpec[]; editorNote?: string | null; issueDate?: string }) {
  const cur = await getIssue(editor, id);
  return editor.patch(`/api/issues/${id}`, { rowVersion: cur.rowVersion, ...patch });
}

/** POST an issue action at the issue's current row version (read as `reader`, by default the actor). */
export async function issueAction(who: Api, id: number, action: string, extra: Record<string, unknown> = {}, reader: Api = who) {
  const cur = await getIssue(reader, id);
  return who.post(`/api/issues/${id}/actions/${action}`, { rowVersion: cur.rowVersion, ...extra });
}

/** An issue with one full piece per article group (several ids: a composite piece), sent and signed off. */
export async function releasedIssue(editor: Api, issuer: Api, publicationId: number, issueDate: string, pieces: number[][]): Promise<TIssue> {
  const issue = await newIssue(editor, publicationId, issueDate);
  const items: ItemSpec[] = pieces.map((ids) =>
    ids.length === 1
      ? { kind: 'piece', title: '', articleIds: ids }
      : { kind: 'piece', title: '综合：各地推进重点项目建设', bodyHtml: '<p>综合各单位报送的情况。</p>', articleIds: ids },
  );
  expectStatus(await compose(editor, issue.id, { items }), 200, 'compose issue');
  expectStatus(await issueAction(editor, issue.id, 'send_for_signoff'), 200, 'send for sign-off');
  return expectStatus(await issueAction(issuer, issue.id, 'sign_off'), 200, 'sign off').json<TIssue>();
}
