import { eq, inArray } from 'drizzle-orm';
import { ZDedupSettings, type TDedupSettings, type TSimilarPiece, type TSimilarResult } from '@baosong/contract';
import { appMeta, articles, dedupMatches, issueItems, issues, publications, units } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { policy, type Actor } from '../../lib/policy.js';
import { prepare } from '../../text/similarity.js';
import { factsOf } from '../articles/queries.js';
import { DEDUP_SETTINGS_KEY, findSimilar, getDedupSettings, indexEntryFor, writeIndexEntry, type IndexEntry, type Match } from './index-store.js';

export { getDedupSettings } from './index-store.js';

/** The check of one article, computed before its transaction opens. */
export interface PreparedCheck {
  entry: IndexEntry;
  matches: Match[];
}

/** Computes an article's signature and finds what it resembles (reads only; call before the transaction). */
export async function prepareArticleCheck(db: DbOrTx, articleId: number, bodyText: string): Promise<PreparedCheck> {
  const p = prepare(bodyText);
  const entry = indexEntryFor(bodyText, p);
  const matches = await findSimilar(db, bodyText, { exclude: { kind: 'article', refId: articleId }, prepared: p, signature: entry.signature });
  return { entry, matches };
}

/** Inside the submission's transaction: index the article and keep the result for the desk. */
export async function storeArticleCheck(tx: DbOrTx, articleId: number, check: PreparedCheck, index = true): Promise<void> {
  if (index) await writeIndexEntry(tx, 'article', articleId, check.entry);
  await storeMatches(tx, articleId, check.matches);
}

async function storeMatches(tx: DbOrTx, articleId: number, matches: Match[]) {
  await tx.delete(dedupMatches).where(eq(dedupMatches.articleId, articleId));
  if (!matches.length) return;
  await tx
    .insert(dedupMatches)
    .values(
      matches.slice(0, 20).map((m) => ({
        articleId,
        otherDocId: m.docId,
        score: m.comparison.score,
        jaccard: m.comparison.jaccard,
        containment: m.comparison.containment,
        longestPassage: m.comparison.longestPassage,
        flagged: m.flagged,
      })),
    )
    .onConflictDoNothing();
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** What the caller may learn of each match: everything when they may read the other piece, else title, source, date. */
async function describe(db: DbOrTx, actor: Actor, matches: Match[]): Promise<TSimilarPiece[]> {
  const articleIds = matches.filter((m) => m.kind === 'article').map((m) => m.refId);
  const itemIds = matches.filter((m) => m.kind === 'issue_item').map((m) => m.refId);
  const arts = articleIds.length
    ? await db
        .select({
          id: articles.id,
          title: articles.title,
          unitId: articles.unitId,
          createdById: articles.createdById,
          state: articles.state,
          firstSubmittedAt: articles.firstSubmittedAt,
          createdAt: articles.createdAt,
          unitName: units.name,
        })
        .from(articles)
        .innerJoin(units, eq(units.id, articles.unitId))
        .where(inArray(articles.id, articleIds))
    : [];
  const items = itemIds.length
    ? await db
        .select({ id: issueItems.id, title: issueItems.title, issueId: issues.id, state: issues.state, releasedAt: issues.releasedAt, pubName: publications.name })
        .from(issueItems)
        .innerJoin(issues, eq(issues.id, issueItems.issueId))
        .innerJoin(publications, eq(publications.id, issues.publicationId))
        .where(inArray(issueItems.id, itemIds))
    : [];
  const out: TSimilarPiece[] = [];
  for (const m of matches) {
    const c = m.comparison;
    const scores = { score: round(c.score), jaccard: round(c.jaccard), containment: round(c.containment), longestPassage: c.longestPassage, flagged: m.flagged };
    if (m.kind === 'article') {
      const a = arts.find((x) => x.id === m.refId);
      if (!a) continue;
      const visible = policy.canViewArticle(actor, factsOf(a));
      out.push({
        kind: 'article',
        articleId: a.id,
        issueId: null,
        title: a.title,
        source: a.unitName,
        date: (a.firstSubmittedAt ?? a.createdAt).toISOString(),
        ...scores,
        visible,
        passages: visible ? c.passagesA : [],
        otherText: visible ? m.text : null,
        otherPassages: visible ? c.passagesB : null,
        ...(visible ? {} : { articleId: null }),
      });
    } else {
      const it = items.find((x) => x.id === m.refId);
      if (!it) continue;
      const visible = policy.canSeeIssue(actor, it.state);
      out.push({
        kind: 'issue_item',
        articleId: null,
        issueId: visible ? it.issueId : null,
        title: it.title,
        source: it.pubName,
        date: it.releasedAt?.toISOString() ?? null,
        ...scores,
        visible,
        passages: visible ? c.passagesA : [],
        otherText: visible ? m.text : null,
        otherPassages: visible ? c.passagesB : null,
      });
    }
  }
  return out;
}

/**
 * The similar pieces of an article the caller may see. `store` keeps the result for the desk (a reporter's check of
 * a draft on request, or an editor's re-check); reading never writes.
 */
export async function similarForArticle(database: Database, actor: Actor, id: number, store: boolean): Promise<TSimilarResult> {
  const { db } = database;
  const [a] = await db
    .select({ unitId: articles.unitId, createdById: articles.createdById, state: articles.state, firstSubmittedAt: articles.firstSubmittedAt, bodyText: articles.bodyText })
    .from(articles)
    .where(eq(articles.id, id));
  if (!a || !policy.canViewArticle(actor, factsOf(a))) throw notFound();
  const settings = await getDedupSettings(db);
  const matches = await findSimilar(db, a.bodyText, { exclude: { kind: 'article', refId: id }, settings });
  if (store) await db.transaction(async (tx) => storeMatches(tx, id, matches));
  return { text: a.bodyText, thresholds: settings, items: await describe(db, actor, matches) };
}

export async function setDedupSettings(database: Database, actor: Actor, input: TDedupSettings, ip?: string): Promise<TDedupSettings> {
  const value = ZDedupSettings.parse(input);
  await database.db.transaction(async (tx) => {
    await tx
      .insert(appMeta)
      .values({ key: DEDUP_SETTINGS_KEY, value })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });
    await writeAudit(tx, { actor, action: 'settings.dedup.update', ip, outcome: 'ok', details: value });
  });
  return value;
}

/** Published pieces count too: index an issue's items when it is released (computed first, written in `tx`). */
export function prepareIssueItems(items: { id: number; bodyText: string }[]): { id: number; entry: IndexEntry }[] {
  return items.filter((i) => i.bodyText.trim()).map((i) => ({ id: i.id, entry: indexEntryFor(i.bodyText) }));
}

export async function storeIssueItems(tx: DbOrTx, prepared: { id: number; entry: IndexEntry }[]): Promise<void> {
  for (const p of prepared) await writeIndexEntry(tx, 'issue_item', p.id, p.entry);
}
