import { aliasedTable, and, type AnyColumn, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  allowedActions,
  rolesAllow,
  type TArticle,
  type TArticleEvent,
  type TArticleState,
  type TArticleSummary,
  type TArticleType,
  type TAuthor,
  type TUrgency,
} from '@baosong/contract';
import { articleEvents, articles, articleVersions, attachments, unitGroups, units, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';
import { notFound, forbidden } from '../../lib/errors.js';
import { policy, type Actor, type ArticleFacts } from '../../lib/policy.js';
import { duplicateFlagSql } from '../dedup/flag.js';

const creator = aliasedTable(users, 'creator');
const assignee = aliasedTable(users, 'assignee');

const summarySelection = {
  id: articles.id,
  title: articles.title,
  type: articles.type,
  urgency: articles.urgency,
  state: articles.state,
  unitId: articles.unitId,
  unitName: units.name,
  groupId: units.groupId,
  groupName: unitGroups.name,
  requiresApproval: units.requiresApproval,
  createdById: articles.createdById,
  creatorName: creator.displayName,
  assigneeId: articles.assigneeId,
  assigneeName: assignee.displayName,
  topicIds: articles.topicIds,
  submittedAt: articles.submittedAt,
  firstSubmittedAt: articles.firstSubmittedAt,
  decidedAt: articles.decidedAt,
  updatedAt: articles.updatedAt,
  rowVersion: articles.rowVersion,
  charCount: sql<number>`char_length(${articles.bodyText})`,
  duplicate: duplicateFlagSql,
};

type SummaryRow = {
  id: number;
  title: string;
  type: string;
  urgency: string;
  state: string;
  unitId: number;
  unitName: string;
  groupId: number;
  groupName: string;
  requiresApproval: boolean;
  createdById: number;
  creatorName: string;
  assigneeId: number | null;
  assigneeName: string | null;
  topicIds: number[];
  submittedAt: Date | null;
  firstSubmittedAt: Date | null;
  decidedAt: Date | null;
  updatedAt: Date;
  rowVersion: number;
  charCount: number;
  duplicate: boolean;
};

function baseQuery(db: DbOrTx) {
  return db
    .select(summarySelection)
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .innerJoin(creator, eq(creator.id, articles.createdById))
    .leftJoin(assignee, eq(assignee.id, articles.assigneeId));
}

function toSummary(r: SummaryRow): TArticleSummary {
  return {
    id: r.id,
    title: r.title,
    type: r.type as TArticleType,
    urgency: r.urgency as TUrgency,
    state: r.state as TArticleState,
    unit: { id: r.unitId, name: r.unitName, groupId: r.groupId, groupName: r.groupName },
    createdBy: { id: r.createdById, displayName: r.creatorName },
    assignee: r.assigneeId ? { id: r.assigneeId, displayName: r.assigneeName ?? '' } : null,
    topicIds: r.topicIds,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    rowVersion: r.rowVersion,
    charCount: r.charCount,
    duplicate: Boolean(r.duplicate),
  };
}

export function factsOf(r: { unitId: number; createdById: number; state: string; firstSubmittedAt: Date | null }): ArticleFacts {
  return { unitId: r.unitId, createdById: r.createdById, state: r.state as TArticleState, firstSubmittedAt: r.firstSubmittedAt };
}

/** 404 unless the actor may see the article; cheaper than loading its view. */
export async function assertArticleVisible(db: DbOrTx, actor: Actor, id: number): Promise<void> {
  const [a] = await db
    .select({ unitId: articles.unitId, createdById: articles.createdById, state: articles.state, firstSubmittedAt: articles.firstSubmittedAt })
    .from(articles)
    .where(eq(articles.id, id));
  if (!a || !policy.canViewArticle(actor, factsOf(a))) throw notFound();
}

/** The article as this actor may see it, with the actions the state table allows them. 404 if invisible. */
export async function getArticleView(db: DbOrTx, actor: Actor, id: number): Promise<TArticle> {
  const rows: SummaryRow[] = await baseQuery(db).where(eq(articles.id, id));
  const r = rows[0];
  if (!r) throw notFound();
  const facts = factsOf(r);
  if (!policy.canViewArticle(actor, facts)) throw notFound();
  const [full] = await db
    .select({ bodyHtml: articles.bodyHtml, authors: articles.authors, signer: articles.signer, decisionComment: articles.decisionComment, followupId: articles.followupId, solicitationId: articles.solicitationId })
    .from(articles)
    .where(eq(articles.id, id));
  const [{ versions }] = (await db.select({ versions: count() }).from(articleVersions).where(eq(articleVersions.articleId, id))) as [{ versions: number }];
  const files = await db
    .select({ id: attachments.id, filename: attachments.filename, mime: attachments.mime, size: attachments.size, createdAt: attachments.createdAt })
    .from(attachments)
    .where(and(eq(attachments.articleId, id), eq(attachments.inline, false)))
    .orderBy(asc(attachments.id));
  const events = await db
    .select({
      id: articleEvents.id,
      action: articleEvents.action,
      fromState: articleEvents.fromState,
      toState: articleEvents.toState,
      actorId: articleEvents.actorId,
      actorName: users.displayName,
      comment: articleEvents.comment,
      at: articleEvents.at,
    })
    .from(articleEvents)
    .leftJoin(users, eq(users.id, articleEvents.actorId))
    .where(eq(articleEvents.articleId, id))
    .orderBy(asc(articleEvents.id));
  const ownUnit = policy.isOwnUnit(actor, r.unitId);
  const actions = allowedActions({ roles: actor.roles, state: facts.state, ownUnit, unitNeedsApproval: r.requiresApproval }).filter(
    // Office actions need the office to be able to see the piece; unit actions on drafts need the author.
    (a) => a !== 'claim' || rolesAllow(actor.roles, 'articles.desk'),
  );
  return {
    ...toSummary(r),
    bodyHtml: full!.bodyHtml,
    authors: full!.authors as TAuthor[],
    signer: full!.signer,
    decisionComment: full!.decisionComment,
    followupId: full!.followupId,
    solicitationId: full!.solicitationId,
    versionCount: versions,
    attachments: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
    events: events.map(
      (e): TArticleEvent => ({
        id: e.id,
        action: e.action,
        fromState: e.fromState as TArticleState | null,
        toState: e.toState as TArticleState | null,
        actor: e.actorId ? { id: e.actorId, displayName: e.actorName ?? '' } : null,
        comment: e.comment,
        at: e.at.toISOString(),
      }),
    ),
    allowedActions: actions,
    canEdit: policy.canEditAsUnit(actor, facts) || policy.canEditAsEditor(actor, facts),
  };
}

export interface ArticleListQuery {
  state?: TArticleState | TArticleState[];
  unitId?: number;
  groupId?: number;
  type?: TArticleType;
  topicId?: number;
  urgency?: TUrgency;
  assigneeId?: number;
  from?: string;
  to?: string;
  q?: string;
  duplicates?: boolean;
  page: number;
  pageSize: number;
}

/** The columns the scope reads: the articles table's, or the search index's copies of them. */
export interface ScopeColumns {
  submitted: SQL;
  unitId: SQL | AnyColumn;
  state: SQL | AnyColumn;
  createdById: SQL | AnyColumn;
}

const articleScopeColumns: ScopeColumns = {
  submitted: sql`${articles.firstSubmittedAt} is not null`,
  unitId: articles.unitId,
  state: articles.state,
  createdById: articles.createdById,
};

/**
 * The scope every list starts from, in SQL — the same rule as `policy.canViewArticle`: the office sees what left a
 * unit; a unit's people their unit (drafts: own). Search applies it to its index's copies of the columns.
 */
export function scopeFor(actor: Actor, c: ScopeColumns = articleScopeColumns): SQL {
  const parts: SQL[] = [];
  if (rolesAllow(actor.roles, 'articles.office.read')) parts.push(c.submitted);
  if (actor.unitId && rolesAllow(actor.roles, 'articles.unit')) {
    parts.push(sql`(${c.unitId} = ${actor.unitId} and (${c.state} <> 'draft' or ${c.createdById} = ${actor.id}))`);
  }
  if (!parts.length) throw forbidden();
  return or(...parts)!;
}

export async function listArticles(db: DbOrTx, actor: Actor, q: ArticleListQuery) {
  const where: SQL[] = [scopeFor(actor)];
  if (q.unitId) where.push(eq(articles.unitId, q.unitId));
  if (q.groupId) where.push(eq(units.groupId, q.groupId));
  if (q.type) where.push(eq(articles.type, q.type));
  if (q.topicId) where.push(sql`${q.topicId} = any(${articles.topicIds})`);
  if (q.urgency) where.push(eq(articles.urgency, q.urgency));
  if (q.assigneeId) where.push(eq(articles.assigneeId, q.assigneeId));
  if (q.from) where.push(gte(sql`coalesce(${articles.submittedAt}, ${articles.createdAt})`, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) where.push(lt(sql`coalesce(${articles.submittedAt}, ${articles.createdAt})`, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  if (q.q) where.push(sql`${articles.title} ilike ${'%' + q.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  if (q.duplicates) where.push(duplicateFlagSql);
  const states = q.state === undefined ? [] : Array.isArray(q.state) ? q.state : [q.state];
  const withState = states.length ? [...where, inArray(articles.state, states)] : where;
  const countRows = await db
    .select({ state: articles.state, n: sql<number>`count(*)::int` })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(and(...where))
    .groupBy(articles.state);
  const counts: Record<string, number> = {};
  for (const c of countRows) counts[c.state] = c.n;
  const [{ total }] = (await db
    .select({ total: sql<number>`count(*)::int` })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(and(...withState))) as [{ total: number }];
  const rows = await baseQuery(db)
    .where(and(...withState))
    .orderBy(
      // urgent first, then oldest submission first for the desk; newest change first otherwise
      desc(sql`case ${articles.urgency} when 'very_urgent' then 2 when 'urgent' then 1 else 0 end`),
      desc(articles.updatedAt),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(toSummary), total, counts };
}
