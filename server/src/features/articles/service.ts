import { and, asc, eq, gte, sql } from 'drizzle-orm';
import {
  actionAllowed,
  ARTICLE_ACTION_LABELS_ZH,
  ARTICLE_STATE_LABELS_ZH,
  ARTICLE_TRANSITIONS,
  type TArticleAction,
  type TArticleState,
  type TGuardFinding,
  type TLocale,
} from '@baosong/contract';
import { articleEvents, articles, articleVersions, units, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { policy, type Actor, type ArticleFacts } from '../../lib/policy.js';
import { htmlToPlainText, sanitizeArticleHtml } from '../../text/sanitize.js';
import { indexTokens } from '../../text/segment.js';
import { emptyFindings, findClassificationMarkings, findPersonalData, quotaFindings } from '../../text/guards.js';
import { diffText } from '../../text/diff.js';
import { getGuardSettings } from '../settings/service.js';
import { validTopicIds } from '../topics/service.js';
import { activeUserIdsWithRole, notifyUsers } from '../notifications/service.js';
import { factsOf } from './queries.js';
import { assertSolicitationForUnit } from '../solicitations/service.js';
import { now as clockNow } from '../../lib/clock.js';
import { assertFollowupForUnit } from '../followups/service.js';
import { prepareArticleCheck, storeArticleCheck } from '../dedup/service.js';
import { markScoringStale } from '../../scoring/service.js';

export interface ArticleFieldsInput {
  title?: string;
  bodyHtml?: string;
  type?: string;
  topicIds?: number[];
  authors?: { name: string; phone: string }[];
  signer?: string;
  urgency?: string;
  followupId?: number | null;
  solicitationId?: number | null;
  rowVersion?: number;
}

async function loadForUpdate(tx: DbOrTx, id: number) {
  const [row] = await tx
    .select({ a: articles, requiresApproval: units.requiresApproval, monthlyCap: units.monthlyCap, monthlyTarget: units.monthlyTarget, unitName: units.name })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(eq(articles.id, id))
    .for('update', { of: articles });
  return row;
}

function yearOf(d: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(d));
}

/** Sanitise first (outside any transaction: it is CPU work), then write. */
function prepareFields(input: ArticleFieldsInput) {
  const out: Partial<typeof articles.$inferInsert> = {};
  if (input.title !== undefined) {
    out.title = input.title;
    out.searchTitle = indexTokens(input.title);
  }
  if (input.bodyHtml !== undefined) {
    out.bodyHtml = sanitizeArticleHtml(input.bodyHtml);
    out.bodyText = htmlToPlainText(out.bodyHtml);
    out.searchBody = indexTokens(out.bodyText);
  }
  if (input.type !== undefined) out.type = input.type;
  if (input.authors !== undefined) out.authors = input.authors;
  if (input.signer !== undefined) out.signer = input.signer;
  if (input.urgency !== undefined) out.urgency = input.urgency;
  if (input.followupId !== undefined) {
    out.followupId = input.followupId;
    if (input.followupId) out.type = 'feedback';
  }
  if (input.solicitationId !== undefined) out.solicitationId = input.solicitationId;
  return out;
}

export async function createDraft(database: Database, actor: Actor, input: ArticleFieldsInput, ip?: string): Promise<number> {
  if (!actor.unitId || !policy.isOwnUnit(actor, actor.unitId)) throw forbidden();
  const unitId = actor.unitId;
  const fields = prepareFields(input);
  return database.db.transaction(async (tx) => {
    if (input.followupId) await assertFollowupForUnit(tx, input.followupId, unitId);
    if (input.solicitationId) await assertSolicitationForUnit(tx, input.solicitationId, unitId);
    const created = clockNow();
    const topicIds = await validTopicIds(tx, input.topicIds ?? [], yearOf(created));
    const [a] = await tx
      .insert(articles)
      .values({ ...fields, topicIds, unitId, createdById: actor.id, state: 'draft', createdAt: created, updatedAt: created })
      .returning({ id: articles.id });
    await tx.insert(articleEvents).values({ articleId: a!.id, action: 'create', toState: 'draft', actorId: actor.id, at: created });
    await writeAudit(tx, { actor, action: 'article.create', targetType: 'article', targetId: a!.id, ip, outcome: 'ok' });
    return a!.id;
  });
}

/**
 * Why a visible article cannot be changed by this actor: 409 when they could in another state (the unit's people,
 * editors), 403 when they never could (issuer, leaders…).
 */
export function notEditable(actor: Actor, facts: ArticleFacts): AppError {
  const couldEverEdit =
    policy.canEditAsUnit(actor, { ...facts, state: 'draft', createdById: facts.createdById }) ||
    policy.canEditAsEditor(actor, { ...facts, state: 'in_review', firstSubmittedAt: facts.firstSubmittedAt ?? new Date() });
  if (!couldEverEdit) return new AppError('FORBIDDEN', 403);
  return new AppError('NOT_EDITABLE', 409, { state: ARTICLE_STATE_LABELS_ZH[facts.state] }, { state: facts.state });
}

async function conflict(tx: DbOrTx, id: number): Promise<AppError> {
  const [cur] = await tx
    .select({ state: articles.state, rowVersion: articles.rowVersion })
    .from(articles)
    .where(eq(articles.id, id));
  const [last] = await tx
    .select({ by: users.displayName, action: articleEvents.action })
    .from(articleEvents)
    .leftJoin(users, eq(users.id, articleEvents.actorId))
    .where(eq(articleEvents.articleId, id))
    .orderBy(sql`${articleEvents.id} desc`)
    .limit(1);
  const state = (cur?.state ?? 'draft') as TArticleState;
  return new AppError(
    'ARTICLE_CONFLICT',
    409,
    { state: ARTICLE_STATE_LABELS_ZH[state], by: last?.by ?? '—' },
    { state, rowVersion: cur?.rowVersion ?? null, lastAction: last?.action ?? null, lastBy: last?.by ?? null },
  );
}

/**
 * Saves text and metadata. The unit edits its draft in place (autosave); an editor's save during review is a new
 * version, so the unit's original stays as it was submitted.
 */
export async function saveArticle(database: Database, actor: Actor, id: number, input: ArticleFieldsInput, ip?: string): Promise<void> {
  const fields = prepareFields(input);
  await database.db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, id);
    if (!row) throw notFound();
    const facts = factsOf(row.a);
    if (!policy.canViewArticle(actor, facts)) throw notFound();
    const asUnit = policy.canEditAsUnit(actor, facts);
    const asEditor = !asUnit && policy.canEditAsEditor(actor, facts);
    if (!asUnit && !asEditor) throw notEditable(actor, facts);
    if (input.rowVersion !== undefined && input.rowVersion !== row.a.rowVersion) throw await conflict(tx, id);
    if (input.followupId) await assertFollowupForUnit(tx, input.followupId, row.a.unitId);
    if (input.solicitationId) await assertSolicitationForUnit(tx, input.solicitationId, row.a.unitId);
    const topicIds = input.topicIds ? await validTopicIds(tx, input.topicIds, yearOf(row.a.createdAt)) : undefined;
    await tx
      .update(articles)
      .set({ ...fields, ...(topicIds ? { topicIds } : {}), rowVersion: sql`${articles.rowVersion} + 1`, updatedAt: new Date() })
      .where(eq(articles.id, id));
    if (asEditor && (fields.title !== undefined || fields.bodyHtml !== undefined)) {
      const [cur] = await tx.select().from(articles).where(eq(articles.id, id));
      await addVersion(tx, id, 'editor', cur!.title, cur!.bodyHtml, cur!.bodyText, actor.id);
      await tx.insert(articleEvents).values({ articleId: id, action: 'edit', fromState: facts.state, toState: facts.state, actorId: actor.id });
      await writeAudit(tx, { actor, action: 'article.edit', targetType: 'article', targetId: id, ip, outcome: 'ok' });
    }
  });
}

async function addVersion(tx: DbOrTx, articleId: number, kind: 'unit' | 'editor', title: string, bodyHtml: string, bodyText: string, userId: number) {
  const [last] = await tx
    .select({ versionNo: articleVersions.versionNo, title: articleVersions.title, bodyHtml: articleVersions.bodyHtml, kind: articleVersions.kind })
    .from(articleVersions)
    .where(eq(articleVersions.articleId, articleId))
    .orderBy(sql`${articleVersions.versionNo} desc`)
    .limit(1);
  // A resubmission without changes is not a new version.
  if (last && kind === 'unit' && last.title === title && last.bodyHtml === bodyHtml) return;
  await tx.insert(articleVersions).values({ articleId, versionNo: (last?.versionNo ?? 0) + 1, kind, title, bodyHtml, bodyText, createdById: userId });
}

function startOfMonthShanghai(now = new Date()): Date {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(now).split('-');
  return new Date(`${y}-${m}-01T00:00:00+08:00`);
}

/** Runs the guards on an article as it stands; used before sending and by the check endpoint. */
export async function checkArticle(db: DbOrTx, id: number, locale: TLocale): Promise<TGuardFinding[]> {
  const [row] = await db
    .select({ a: articles, monthlyCap: units.monthlyCap, monthlyTarget: units.monthlyTarget })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(eq(articles.id, id));
  if (!row) throw notFound();
  const settings = await getGuardSettings(db);
  const text = `${row.a.title}\n${row.a.bodyText}`;
  const findings: TGuardFinding[] = [...emptyFindings(row.a.title, row.a.bodyText, locale)];
  findings.push(...findClassificationMarkings(text, settings.classificationPatterns, locale));
  findings.push(...findPersonalData(text, locale));
  if (!row.a.firstSubmittedAt && (row.monthlyCap || row.monthlyTarget)) {
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(articles)
      .where(and(eq(articles.unitId, row.a.unitId), gte(articles.firstSubmittedAt, startOfMonthShanghai())))) as [{ n: number }];
    findings.push(...quotaFindings({ submittedThisMonth: n, cap: row.monthlyCap, target: row.monthlyTarget, locale }));
  }
  return findings;
}

export interface TransitionInput {
  rowVersion: number;
  comment?: string;
  confirmPersonalData?: boolean;
}

const NOTIFY_AUTHOR: Partial<Record<TArticleAction, string>> = {
  approve: '单位审核通过，已报送',
  unit_return: '稿件被单位审核人退回',
  adopt: '稿件已被采用',
  reject: '稿件未被采用',
  return: '稿件被退回修改',
  reserve: '稿件列为备用',
};

export async function transition(
  database: Database,
  actor: Actor,
  id: number,
  action: TArticleAction,
  input: TransitionInput,
  locale: TLocale,
  ip?: string,
): Promise<void> {
  const { db } = database;
  const t = ARTICLE_TRANSITIONS[action];
  // Read once outside the transaction to authorise and to run the (slow) guards.
  const [pre] = await db
    .select({ a: articles, requiresApproval: units.requiresApproval })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(eq(articles.id, id));
  if (!pre) throw notFound();
  const facts = factsOf(pre.a);
  if (!policy.canViewArticle(actor, facts)) throw notFound();
  const ownUnit = policy.isOwnUnit(actor, pre.a.unitId);
  const ctx = { roles: actor.roles, ownUnit, unitNeedsApproval: pre.requiresApproval };
  // Would the action be allowed in some state the article passes through? Then the state is the problem (409).
  const allowedSomewhere = t.from.some((s) => actionAllowed(action, { ...ctx, state: s }));
  if (!allowedSomewhere) throw forbidden();
  if (!actionAllowed(action, { ...ctx, state: facts.state })) {
    if (input.rowVersion !== pre.a.rowVersion) throw await conflict(db, id);
    throw new AppError(
      'ILLEGAL_TRANSITION',
      409,
      { state: ARTICLE_STATE_LABELS_ZH[facts.state], action: ARTICLE_ACTION_LABELS_ZH[action] },
      { state: facts.state, action },
    );
  }
  const comment = input.comment?.trim() || null;
  if (t.commentRequired && !comment) throw new AppError('COMMENT_REQUIRED', 400);
  if (t.guarded) {
    const findings = await checkArticle(db, id, locale);
    const blocking = findings.filter((f) => f.severity === 'block');
    if (blocking.length) throw new AppError('GUARD_BLOCKED', 422, { reason: blocking.map((f) => f.message).join('；') }, { findings });
    if (findings.some((f) => f.severity === 'confirm') && !input.confirmPersonalData) {
      throw new AppError('CONFIRMATION_REQUIRED', 422, {}, { findings });
    }
  }
  // Duplicate check on every submission: signature and matches computed now, written with the transition.
  const dupCheck = t.to === 'submitted' && action !== 'release' ? await prepareArticleCheck(db, id, pre.a.bodyText) : null;
  // The product's clock: a solicitation answer is on time or late by this instant.
  const now = clockNow();
  await db.transaction(async (tx) => {
    const set: Record<string, unknown> = {
      state: t.to,
      rowVersion: sql`${articles.rowVersion} + 1`,
      updatedAt: now,
    };
    if (t.to === 'submitted' && action !== 'release') {
      set.submittedAt = now;
      set.firstSubmittedAt = sql`coalesce(${articles.firstSubmittedAt}, ${now.toISOString()}::timestamptz)`;
      set.decidedAt = null;
      set.decisionComment = null;
      set.assigneeId = null;
    }
    if (action === 'claim') set.assigneeId = actor.id;
    if (action === 'release') set.assigneeId = null;
    if (['adopt', 'reject', 'return', 'reserve'].includes(action)) {
      set.decidedAt = now;
      set.decisionComment = comment;
      set.assigneeId = sql`coalesce(${articles.assigneeId}, ${actor.id})`;
    }
    if (action === 'unit_return') set.decisionComment = comment;
    // The guarded write: only from the state we checked and the version the user saw. One of two racers wins.
    const updated = await tx
      .update(articles)
      .set(set as Partial<typeof articles.$inferInsert>)
      .where(and(eq(articles.id, id), eq(articles.state, facts.state), eq(articles.rowVersion, input.rowVersion)))
      .returning({ id: articles.id, title: articles.title, bodyHtml: articles.bodyHtml, bodyText: articles.bodyText, createdById: articles.createdById, unitId: articles.unitId });
    const a = updated[0];
    if (!a) throw await conflict(tx, id);
    if (dupCheck) await storeArticleCheck(tx, id, dupCheck);
    if (t.to === 'submitted' || t.to === 'awaiting_unit_approval') {
      if (action !== 'release') await addVersion(tx, id, 'unit', a.title, a.bodyHtml, a.bodyText, actor.id);
    }
    await tx.insert(articleEvents).values({ articleId: id, action, fromState: facts.state, toState: t.to, actorId: actor.id, comment, at: now });
    await writeAudit(tx, { actor, action: `article.${action}`, targetType: 'article', targetId: id, ip, outcome: 'ok', details: comment ? { comment } : undefined });
    // Submissions and decisions feed the monthly targets and adoption rates of the scores.
    await markScoringStale(tx);
    const title = a.title || '（无标题）';
    if (t.to === 'submitted' && action !== 'release') {
      await notifyUsers(tx, await activeUserIdsWithRole(tx, 'editor'), { kind: 'article.submitted', title: `新报送稿件：${title}`, articleId: id });
    }
    if (t.to === 'awaiting_unit_approval') {
      await notifyUsers(tx, await activeUserIdsWithRole(tx, 'unit_approver', a.unitId), { kind: 'article.awaiting_approval', title: `待审核稿件：${title}`, articleId: id });
    }
    const authorNote = NOTIFY_AUTHOR[action];
    if (authorNote && a.createdById !== actor.id) {
      await notifyUsers(tx, [a.createdById], { kind: `article.${action}`, title: `${authorNote}：${title}`, body: comment, articleId: id });
    }
  });
}

/** An editor's (or approver's) comment to the unit without changing state. */
export async function addComment(database: Database, actor: Actor, id: number, comment: string, ip?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [a] = await tx.select().from(articles).where(eq(articles.id, id));
    if (!a || !policy.canViewArticle(actor, factsOf(a))) throw notFound();
    await tx.insert(articleEvents).values({ articleId: id, action: 'comment', actorId: actor.id, comment });
    await writeAudit(tx, { actor, action: 'article.comment', targetType: 'article', targetId: id, ip, outcome: 'ok' });
    if (a.createdById !== actor.id) {
      await notifyUsers(tx, [a.createdById], { kind: 'article.comment', title: `稿件有新意见：${a.title || '（无标题）'}`, body: comment, articleId: id });
    }
  });
}

export async function listVersions(db: DbOrTx, actor: Actor, id: number) {
  const [a] = await db.select().from(articles).where(eq(articles.id, id));
  if (!a || !policy.canViewArticle(actor, factsOf(a))) throw notFound();
  const rows = await db
    .select({
      versionNo: articleVersions.versionNo,
      kind: articleVersions.kind,
      title: articleVersions.title,
      createdById: articleVersions.createdById,
      createdByName: users.displayName,
      createdAt: articleVersions.createdAt,
      charCount: sql<number>`char_length(${articleVersions.bodyText})`,
    })
    .from(articleVersions)
    .innerJoin(users, eq(users.id, articleVersions.createdById))
    .where(eq(articleVersions.articleId, id))
    .orderBy(asc(articleVersions.versionNo));
  return rows.map((r) => ({
    versionNo: r.versionNo,
    kind: r.kind as 'unit' | 'editor',
    title: r.title,
    createdBy: { id: r.createdById, displayName: r.createdByName },
    createdAt: r.createdAt.toISOString(),
    charCount: r.charCount,
  }));
}

/** Character-level diff of two versions' titles and plain-text bodies. Version 0 means the current text. */
export async function diffVersions(db: DbOrTx, actor: Actor, id: number, from: number, to: number) {
  const [a] = await db.select().from(articles).where(eq(articles.id, id));
  if (!a || !policy.canViewArticle(actor, factsOf(a))) throw notFound();
  const pick = async (no: number) => {
    if (no === 0) return { title: a.title, bodyText: a.bodyText };
    const [v] = await db
      .select({ title: articleVersions.title, bodyText: articleVersions.bodyText })
      .from(articleVersions)
      .where(and(eq(articleVersions.articleId, id), eq(articleVersions.versionNo, no)));
    if (!v) throw notFound();
    return v;
  };
  const [x, y] = [await pick(from), await pick(to)];
  return { from, to, title: diffText(x.title, y.title), body: diffText(x.bodyText, y.bodyText) };
}
