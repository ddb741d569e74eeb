import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  ARTICLE_STATE_LABELS_ZH,
  ISSUE_STATE_LABELS_ZH,
  ISSUE_TRANSITIONS,
  issueActionsFor,
  rolesAllow,
  type TArticleState,
  type TIssue,
  type TIssueAction,
  type TIssueState,
  type TIssueSummary,
  type TPublicationKind,
} from '@baosong/contract';
import { articleEvents, articles, instructions, issueCounters, issueEvents, issueItems, issues, placements, publications, units, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { policy, type Actor } from '../../lib/policy.js';
import { prepareIssueItems, storeIssueItems } from '../dedup/service.js';
import { issueSearchEntries, prepareSearchEntry, writeSearchEntries } from '../search/entries.js';
import { htmlToPlainText, sanitizeArticleHtml } from '../../text/sanitize.js';
import { notifyUsers } from '../notifications/service.js';
import { markScoringStale } from '../../scoring/service.js';
import { now as clockNow } from '../../lib/clock.js';

const summarySelection = {
  id: issues.id,
  publicationId: issues.publicationId,
  publicationName: publications.name,
  masthead: sql<string>`coalesce(nullif(${publications.masthead}, ''), ${publications.name})`,
  publicationKind: publications.kind,
  year: issues.year,
  number: issues.number,
  totalNumber: issues.totalNumber,
  issueDate: issues.issueDate,
  state: issues.state,
  pieceCount: sql<number>`(select count(*)::int from ${issueItems} where ${issueItems.issueId} = ${issues.id} and ${issueItems.kind} = 'piece')`,
  instructionCount: sql<number>`(select count(*)::int from ${instructions} where ${instructions.issueId} = ${issues.id})`,
  erratumOfId: issues.erratumOfId,
  releasedAt: issues.releasedAt,
  rowVersion: issues.rowVersion,
};

type SummaryRow = Omit<TIssueSummary, 'publicationKind' | 'state' | 'releasedAt'> & { publicationKind: string; state: string; releasedAt: Date | null };
const toSummary = (r: SummaryRow): TIssueSummary => ({
  ...r,
  publicationKind: r.publicationKind as TPublicationKind,
  state: r.state as TIssueState,
  releasedAt: r.releasedAt?.toISOString() ?? null,
});

/** 404 unless the actor may see the issue; cheaper than loading its view. */
export async function assertIssueVisible(db: DbOrTx, actor: Actor, id: number): Promise<void> {
  const [r] = await db.select({ state: issues.state }).from(issues).where(eq(issues.id, id));
  if (!r || !policy.canSeeIssue(actor, r.state)) throw notFound();
}

export async function listIssues(db: DbOrTx, actor: Actor, q: { publicationId?: number; year?: number; state?: TIssueState }): Promise<TIssueSummary[]> {
  const where: SQL[] = [];
  const scope = policy.issueListScope(actor);
  if (!scope) throw forbidden();
  if (scope === 'released') where.push(eq(issues.state, 'released'));
  if (q.publicationId) where.push(eq(issues.publicationId, q.publicationId));
  if (q.year) where.push(eq(issues.year, q.year));
  if (q.state) where.push(eq(issues.state, q.state));
  const rows = await db
    .select(summarySelection)
    .from(issues)
    .innerJoin(publications, eq(publications.id, issues.publicationId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(issues.issueDate), desc(issues.id))
    .limit(500);
  return rows.map(toSummary);
}

export async function getIssue(db: DbOrTx, actor: Actor, id: number): Promise<TIssue> {
  const [r] = await db
    .select({ ...summarySelection, editorNote: issues.editorNote, compilingUnit: publications.compilingUnit, distribution: publications.distribution })
    .from(issues)
    .innerJoin(publications, eq(publications.id, issues.publicationId))
    .where(eq(issues.id, id));
  if (!r || !policy.canSeeIssue(actor, r.state)) throw notFound();
  const items = await db.select().from(issueItems).where(eq(issueItems.issueId, id)).orderBy(asc(issueItems.position));
  const sources = await db
    .select({ itemId: placements.itemId, articleId: placements.articleId, unitId: placements.unitId, unitName: units.name, title: articles.title, adoption: placements.adoption })
    .from(placements)
    .innerJoin(units, eq(units.id, placements.unitId))
    .innerJoin(articles, eq(articles.id, placements.articleId))
    .where(eq(placements.issueId, id))
    .orderBy(asc(placements.id));
  const events = await db
    .select({ action: issueEvents.action, actor: users.displayName, comment: issueEvents.comment, at: issueEvents.at })
    .from(issueEvents)
    .leftJoin(users, eq(users.id, issueEvents.actorId))
    .where(eq(issueEvents.issueId, id))
    .orderBy(asc(issueEvents.id));
  const { editorNote, compilingUnit, distribution, ...summary } = r;
  return {
    ...toSummary(summary),
    editorNote,
    compilingUnit,
    distribution,
    items: items.map((it) => {
      const src = sources.filter((s) => s.itemId === it.id);
      return {
        id: it.id,
        position: it.position,
        kind: it.kind as 'heading' | 'piece',
        title: it.title,
        bodyHtml: it.bodyHtml,
        adoption: it.kind === 'heading' || src.length === 0 ? null : src.length === 1 ? 'full' : 'composite',
        sources: src.map(({ articleId, unitId, unitName, title }) => ({ articleId, unitId, unitName, title })),
      };
    }),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    allowedActions: issueActionsFor(actor.roles, r.state as TIssueState),
    editable: r.state === 'draft' && rolesAllow(actor.roles, 'issues.compose'),
  };
}

/**
 * A new issue takes the next 第N期 of its year and the next 总第N期 of its publication. Both counters are bumped
 * with an atomic UPDATE … RETURNING inside the transaction, so concurrent creations serialise on the counter rows and
 * numbers neither repeat nor skip (issues are never deleted).
 */
export async function createIssue(
  database: Database,
  actor: Actor,
  input: { publicationId: number; issueDate: string; editorNote?: string | null; erratumOfId?: number | null },
  ip?: string,
): Promise<number> {
  const year = Number(input.issueDate.slice(0, 4));
  return database.db.transaction(async (tx) => {
    const [pub] = await tx.select().from(publications).where(eq(publications.id, input.publicationId));
    if (!pub) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'publicationId', message: 'unknown publication' }]);
    if (!pub.active || year < pub.activeFrom || (pub.activeTo !== null && year > pub.activeTo)) {
      throw new AppError('PUBLICATION_INACTIVE', 400, { name: pub.name, year });
    }
    if (input.erratumOfId) {
      const [orig] = await tx.select().from(issues).where(eq(issues.id, input.erratumOfId));
      if (!orig || orig.publicationId !== pub.id || orig.state !== 'released') throw new AppError('ERRATUM_INVALID', 400);
    }
    const [total] = await tx
      .update(publications)
      .set({ lastTotalNumber: sql`${publications.lastTotalNumber} + 1` })
      .where(eq(publications.id, pub.id))
      .returning({ n: publications.lastTotalNumber });
    const [counter] = await tx
      .insert(issueCounters)
      .values({ publicationId: pub.id, year, lastNumber: 1 })
      .onConflictDoUpdate({ target: [issueCounters.publicationId, issueCounters.year], set: { lastNumber: sql`${issueCounters.lastNumber} + 1` } })
      .returning({ n: issueCounters.lastNumber });
    const [row] = await tx
      .insert(issues)
      .values({
        publicationId: pub.id,
        year,
        number: counter!.n,
        totalNumber: total!.n,
        issueDate: input.issueDate,
        editorNote: input.editorNote ?? null,
        erratumOfId: input.erratumOfId ?? null,
        createdById: actor.id,
      })
      .returning({ id: issues.id });
    await tx.insert(issueEvents).values({ issueId: row!.id, action: 'create', actorId: actor.id });
    await writeAudit(tx, { actor, action: 'issue.create', targetType: 'issue', targetId: row!.id, ip, outcome: 'ok', details: { publication: pub.name, year, number: counter!.n, total: total!.n } });
    return row!.id;
  });
}

export interface ItemInput {
  kind: 'heading' | 'piece';
  title: string;
  bodyHtml: string;
  articleIds: number[];
}

async function issueConflict(tx: DbOrTx, id: number): Promise<AppError> {
  const [cur] = await tx.select({ state: issues.state, rowVersion: issues.rowVersion }).from(issues).where(eq(issues.id, id));
  const state = (cur?.state ?? 'draft') as TIssueState;
  return new AppError('ISSUE_CONFLICT', 409, { state: ISSUE_STATE_LABELS_ZH[state] }, { state, rowVersion: cur?.rowVersion ?? null });
}

/** Edits a draft issue: date, editor's note and the whole ordered content with its placements. */
export async function updateIssue(
  database: Database,
  actor: Actor,
  id: number,
  input: { rowVersion: number; issueDate?: string; editorNote?: string | null; items?: ItemInput[] },
  ip?: string,
): Promise<void> {
  // Sanitise outside the transaction.
  const prepared = input.items?.map((it) => {
    const html = sanitizeArticleHtml(it.bodyHtml ?? '');
    return { ...it, bodyHtml: html, bodyText: htmlToPlainText(html), articleIds: [...new Set(it.articleIds)] };
  });
  await database.db.transaction(async (tx) => {
    const [cur] = await tx.select().from(issues).where(eq(issues.id, id)).for('update');
    if (!cur) throw notFound();
    if (cur.state === 'released') throw new AppError('ISSUE_RELEASED', 409, {}, { state: cur.state });
    if (cur.state !== 'draft') throw new AppError('ISSUE_NOT_EDITABLE', 409, { state: ISSUE_STATE_LABELS_ZH[cur.state as TIssueState] }, { state: cur.state });
    if (cur.rowVersion !== input.rowVersion) throw await issueConflict(tx, id);
    if (input.issueDate && input.issueDate.slice(0, 4) !== String(cur.year)) {
      throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'issueDate', message: 'the date must stay in the issue year' }]);
    }
    if (prepared) {
      const allIds = [...new Set(prepared.flatMap((p) => p.articleIds))];
      const found = allIds.length
        ? await tx
            .select({ id: articles.id, state: articles.state, title: articles.title, unitId: articles.unitId, bodyHtml: articles.bodyHtml, bodyText: articles.bodyText })
            .from(articles)
            .where(inArray(articles.id, allIds))
        : [];
      const byId = new Map(found.map((a) => [a.id, a]));
      for (const aid of allIds) {
        const a = byId.get(aid);
        if (!a) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'items', message: `unknown article ${aid}` }]);
        if (a.state !== 'adopted' && a.state !== 'reserved') {
          throw new AppError('ARTICLE_NOT_PLACEABLE', 400, { title: a.title, state: ARTICLE_STATE_LABELS_ZH[a.state as TArticleState] });
        }
      }
      await tx.delete(placements).where(eq(placements.issueId, id));
      await tx.delete(issueItems).where(eq(issueItems.issueId, id));
      let position = 0;
      for (const p of prepared) {
        position++;
        const single = p.kind === 'piece' && p.articleIds.length === 1 ? byId.get(p.articleIds[0]!) : undefined;
        // A piece from one article with no text of its own takes the article's current text.
        const bodyHtml = p.kind === 'piece' && !p.bodyText.trim() && single ? single.bodyHtml : p.bodyHtml;
        const bodyText = p.kind === 'piece' && !p.bodyText.trim() && single ? single.bodyText : p.bodyText;
        const title = p.title || single?.title || '';
        const [item] = await tx.insert(issueItems).values({ issueId: id, position, kind: p.kind, title, bodyHtml: p.kind === 'heading' ? '' : bodyHtml, bodyText: p.kind === 'heading' ? '' : bodyText }).returning({ id: issueItems.id });
        if (p.kind === 'piece' && p.articleIds.length) {
          const adoption = p.articleIds.length === 1 ? 'full' : 'composite';
          await tx.insert(placements).values(p.articleIds.map((aid) => ({ itemId: item!.id, issueId: id, articleId: aid, unitId: byId.get(aid)!.unitId, adoption })));
        }
      }
    }
    await tx
      .update(issues)
      .set({
        ...(input.issueDate ? { issueDate: input.issueDate } : {}),
        ...(input.editorNote !== undefined ? { editorNote: input.editorNote || null } : {}),
        rowVersion: sql`${issues.rowVersion} + 1`,
        updatedAt: clockNow(),
      })
      .where(eq(issues.id, id));
    await tx.insert(issueEvents).values({ issueId: id, action: 'edit', actorId: actor.id });
    await writeAudit(tx, { actor, action: 'issue.edit', targetType: 'issue', targetId: id, ip, outcome: 'ok' });
  });
}

export async function transitionIssue(
  database: Database,
  actor: Actor,
  id: number,
  action: TIssueAction,
  input: { rowVersion: number; comment?: string },
  ip?: string,
): Promise<void> {
  const t = ISSUE_TRANSITIONS[action];
  if (!actor.roles.some((r) => t.roles.includes(r))) throw forbidden();
  const comment = input.comment?.trim() || null;
  if (t.commentRequired && !comment) throw new AppError('COMMENT_REQUIRED', 400);
  // Published pieces join the duplicate index at release: their signatures are computed before the transaction.
  const published =
    t.to === 'released'
      ? prepareIssueItems(
          await database.db
            .select({ id: issueItems.id, bodyText: issueItems.bodyText })
            .from(issueItems)
            .where(and(eq(issueItems.issueId, id), eq(issueItems.kind, 'piece'))),
        )
      : [];
  // …and the search index (segmentation is CPU work too).
  const searchable = t.to === 'released' ? (await issueSearchEntries(database.db, id)).map(prepareSearchEntry) : [];
  await database.db.transaction(async (tx) => {
    const [cur] = await tx.select().from(issues).where(eq(issues.id, id)).for('update');
    if (!cur || !policy.canSeeIssue(actor, cur.state)) throw notFound();
    if (cur.rowVersion !== input.rowVersion) throw await issueConflict(tx, id);
    if (!t.from.includes(cur.state as TIssueState)) {
      if (cur.state === 'released') throw new AppError('ISSUE_RELEASED', 409, {}, { state: cur.state });
      throw new AppError('ILLEGAL_TRANSITION', 409, { state: ISSUE_STATE_LABELS_ZH[cur.state as TIssueState], action }, { state: cur.state, action });
    }
    if (action === 'send_for_signoff') {
      const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(issueItems).where(and(eq(issueItems.issueId, id), eq(issueItems.kind, 'piece')))) as [{ n: number }];
      if (n === 0) throw new AppError('ISSUE_EMPTY', 400);
    }
    if (action === 'send_for_signoff' || action === 'sign_off') await assertStillPlaceable(tx, id);
    const now = clockNow();
    await tx
      .update(issues)
      .set({
        state: t.to,
        rowVersion: sql`${issues.rowVersion} + 1`,
        updatedAt: now,
        ...(t.to === 'released' ? { releasedAt: now, releasedById: actor.id } : {}),
      })
      .where(eq(issues.id, id));
    await tx.insert(issueEvents).values({ issueId: id, action, actorId: actor.id, comment, at: now });
    await writeAudit(tx, { actor, action: `issue.${action}`, targetType: 'issue', targetId: id, ip, outcome: 'ok', details: comment ? { comment } : undefined });
    if (t.to === 'released') await markScoringStale(tx);
    if (t.to === 'released') {
      await onRelease(tx, actor, cur.id);
      await storeIssueItems(tx, published);
      await writeSearchEntries(tx, searchable, now);
    }
  });
}

/**
 * A reserved article can still be rejected or returned after an editor composed it into a draft; such an issue must
 * not go out, or placements (which scoring reads) would credit an article the desk refused. Locks the articles so a
 * decision cannot slip in between this check and the release.
 */
async function assertStillPlaceable(tx: DbOrTx, issueId: number) {
  const placed = await tx
    .select({ title: articles.title, state: articles.state })
    .from(articles)
    .where(inArray(articles.id, tx.select({ id: placements.articleId }).from(placements).where(eq(placements.issueId, issueId))))
    .orderBy(asc(articles.id)) // one lock order for every issue, so two releases sharing articles cannot deadlock
    .for('update');
  const bad = placed.find((a) => a.state !== 'adopted' && a.state !== 'reserved');
  if (bad) throw new AppError('ARTICLE_NOT_PLACEABLE', 400, { title: bad.title, state: ARTICLE_STATE_LABELS_ZH[bad.state as TArticleState] });
}

/** At release: reserved pieces used in the issue become adopted, and the units whose pieces appear are told. */
async function onRelease(tx: DbOrTx, actor: Actor, issueId: number) {
  const [info] = await tx
    .select({ name: publications.name, year: issues.year, number: issues.number })
    .from(issues)
    .innerJoin(publications, eq(publications.id, issues.publicationId))
    .where(eq(issues.id, issueId));
  const placed = await tx
    .select({ articleId: placements.articleId, state: articles.state, createdById: articles.createdById, title: articles.title })
    .from(placements)
    .innerJoin(articles, eq(articles.id, placements.articleId))
    .where(eq(placements.issueId, issueId));
  const label = `《${info!.name}》${info!.year}年第${info!.number}期`;
  for (const p of placed) {
    if (p.state === 'reserved') {
      await tx
        .update(articles)
        .set({ state: 'adopted', decidedAt: clockNow(), rowVersion: sql`${articles.rowVersion} + 1`, updatedAt: clockNow() })
        .where(and(eq(articles.id, p.articleId), eq(articles.state, 'reserved')));
      await tx.insert(articleEvents).values({ articleId: p.articleId, action: 'adopt', fromState: 'reserved', toState: 'adopted', actorId: actor.id, comment: `编入${label}` });
    }
    await notifyUsers(tx, [p.createdById], { kind: 'article.placed', title: `稿件编入${label}：${p.title}`, articleId: p.articleId });
  }
}
