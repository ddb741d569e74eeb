import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { SEARCH_COUNT_CAP, type TArticleSearchHit, type TArticleSearchResult, type TArticleState, type TArticleType, type TSearchHit, type TSearchQuery, type TSearchResult } from '@baosong/contract';
import { articles, searchEntries, units } from '../../db/schema.js';
import { rowsOf, type DbOrTx } from '../../db/connect.js';
import { policy, type Actor } from '../../lib/policy.js';
import { forbidden } from '../../lib/errors.js';
import { normalizeText, toOriginalRange } from '../../text/normalize.js';
import { queryTokens } from '../../text/segment.js';
import { scopeFor } from '../articles/queries.js';

const SNIPPET = 140;

/** Ranges of the original text where any token occurs (tokens are canonical: matching runs on the canonical text). */
export function highlightRanges(text: string, tokens: string[]): [number, number][] {
  const n = normalizeText(text);
  const marks = new Uint8Array(n.text.length);
  for (const tok of tokens) {
    let at = n.text.indexOf(tok);
    while (at >= 0) {
      marks.fill(1, at, at + tok.length);
      at = n.text.indexOf(tok, at + tok.length);
    }
  }
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= marks.length; i++) {
    if (i < marks.length && marks[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(toOriginalRange(n, start, i));
      start = -1;
    }
  }
  return out;
}

/** A window of the text around the first match, with the matches inside it (relative to the snippet). */
export function snippetOf(original: string, tokens: string[]): { snippet: string; highlights: [number, number][] } {
  // One line: line breaks become spaces (same length, so ranges stay put).
  const text = original.replace(/[\r\n\t]/g, ' ');
  const ranges = highlightRanges(text, tokens);
  const first = ranges[0]?.[0] ?? 0;
  let from = Math.max(0, first - 30);
  const to = Math.min(text.length, from + SNIPPET);
  from = Math.max(0, Math.min(from, to - SNIPPET));
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const highlights = ranges
    .filter(([s, e]) => s >= from && e <= to)
    .map(([s, e]): [number, number] => [s - from + prefix.length, e - from + prefix.length]);
  return { snippet: prefix + text.slice(from, to) + suffix, highlights };
}

const like = (q: string) => '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

/**
 * Ranking reads every matching row's vector, so only the newest matches are ranked: at a million articles a common
 * word matches tens of thousands, and ranking them all would cost more than the search. The count stops at
 * SEARCH_COUNT_CAP.
 */
export const RANK_WINDOW = 300;

/** The query's words as a tsquery (all required). Tokens are canonical letters and digits: nothing to escape. */
function tsqueryOf(tokens: string[]) {
  return sql`to_tsquery('simple', ${tokens.map((t) => `'${t.replace(/'/g, "''")}'`).join(' & ')})`;
}

/**
 * Runs a search read with sequential scans off. The planner prices `@@` on a stored tsvector as cheap, so for a common
 * word it reads (and decompresses) every row's vector instead of taking the matches from the GIN index: 55 ms instead
 * of 5 at 8 000 articles, growing with the table. Inside a transaction so the setting ends with it.
 */
function indexedRead<T>(db: DbOrTx, run: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return run(tx);
  });
}

const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
const dayAfter = (d: string) => new Date(dayStart(d).getTime() + 86_400_000);

/** Searches articles, released issues' pieces or released notices, as `q.in` says. */
export async function search(db: DbOrTx, actor: Actor, q: TSearchQuery): Promise<TSearchResult> {
  const scope = q.in ?? 'articles';
  if (scope === 'articles') return searchArticles(db, actor, q);
  // Only released issues and notices are indexed: whoever may read released ones may search them.
  const allowed = scope === 'issues' ? policy.issueListScope(actor) !== null : policy.noticeScope(actor) !== null;
  if (!allowed) throw forbidden();
  return searchEntriesOf(db, scope === 'issues' ? 'issue_item' : 'notice', q);
}

/**
 * Full-text search over the articles the actor may see (the list's SQL scope): jieba tokens of the query, all
 * required, against the `simple` tsvector; titles also match by substring (trigram index). The newest
 * RANK_WINDOW matches are ranked, title words first; then newest.
 */
export async function searchArticles(db: DbOrTx, actor: Actor, q: TSearchQuery): Promise<TArticleSearchResult> {
  const tokens = queryTokens(q.q);
  const canonicalQuery = tokens.join('');
  if (!tokens.length) return { total: 0, items: [], tokens };
  const tsquery = tsqueryOf(tokens);
  // The title test first: PostgreSQL evaluates an OR in the order written, and a row the title already matches then
  // never has its vector (kept out of line, compressed) read back — a third of a common word's cost.
  const match = q.q.length >= 3 ? sql`(${articles.title} ilike ${like(q.q)} or ${articles.searchTsv} @@ ${tsquery})` : sql`${articles.searchTsv} @@ ${tsquery}`;
  const where: SQL[] = [scopeFor(actor), match];
  if (q.unitId) where.push(eq(articles.unitId, q.unitId));
  if (q.groupId) where.push(eq(units.groupId, q.groupId));
  if (q.type) where.push(eq(articles.type, q.type));
  if (q.topicId) where.push(sql`${q.topicId} = any(${articles.topicIds})`);
  if (q.state) where.push(eq(articles.state, q.state));
  const date = sql`coalesce(${articles.firstSubmittedAt}, ${articles.createdAt})`;
  if (q.from) where.push(gte(date, dayStart(q.from)));
  if (q.to) where.push(lt(date, dayAfter(q.to)));
  const offset = (q.page - 1) * q.pageSize;
  const window = Math.max(RANK_WINDOW, offset + q.pageSize);
  const rank = sql`ts_rank_cd(${articles.searchTsv}, ${tsquery})`;
  // Units are joined only to filter by group (the page joins them for the names).
  const matches = q.groupId
    ? sql`${articles} inner join ${units} on ${units.id} = ${articles.unitId} where ${and(...where)}`
    : sql`${articles} where ${and(...where)}`;
  // One statement: the newest `window` matches (for a rare word from the GIN index and sorted; for a common one by
  // walking the date index until enough match), ranked by reading their vectors; the page with its bodies for the
  // snippets; and the count of matches up to the cap.
  const rows = await indexedRead(db, (tx) =>
    rowsOf<{ id: number; title: string; state: string; type: string; unitId: number; unitName: string; ms: number | null; rank: number; total: number; bodyText: string }>(
      tx,
      sql`with top as (select ${articles.id} as id, ${date} as d from ${matches} order by ${date} desc, ${articles.id} desc limit ${window})
        select ${articles.id} as "id", ${articles.title} as "title", ${articles.state} as "state", ${articles.type} as "type",
          ${articles.unitId} as "unitId", ${units.name} as "unitName", (extract(epoch from top.d) * 1000)::float8 as "ms",
          ${rank} as "rank", (${cappedCount(matches)}) as "total",
          ${articles.bodyText} as "bodyText"
        from top inner join ${articles} on ${articles.id} = top.id inner join ${units} on ${units.id} = ${articles.unitId}
        order by 8 desc, top.d desc, top.id desc
        limit ${q.pageSize} offset ${offset}`,
    ),
  );
  const counted = rows[0]?.total ?? (offset ? await countMatches(db, matches) : 0);
  if (!counted) return { total: 0, items: [], tokens };
  const total = Math.min(counted, SEARCH_COUNT_CAP);
  const titleTokens = canonicalQuery.length >= 2 ? [...tokens, canonicalQuery] : tokens;
  const items = rows.map((r): TArticleSearchHit => {
    const { snippet, highlights } = snippetOf(r.bodyText, tokens);
    return {
      kind: 'article',
      articleId: r.id,
      title: r.title,
      state: r.state as TArticleState,
      type: r.type as TArticleType,
      unit: { id: r.unitId, name: r.unitName },
      date: r.ms == null ? null : new Date(Number(r.ms)).toISOString(),
      rank: Number(r.rank),
      snippet,
      highlights,
      titleHighlights: highlightRanges(r.title, titleTokens),
    };
  });
  return { total, ...(counted > SEARCH_COUNT_CAP ? { totalCapped: true } : {}), items, tokens };
}

/** Matches counted up to one past the cap (`matches`: the FROM … WHERE of the search). */
const cappedCount = (matches: SQL) => sql`select count(*)::int from (select 1 from ${matches} limit ${SEARCH_COUNT_CAP + 1}) c`;

/** The matches' count, for a page past the last one (the page's own statement then has no row to carry it). */
async function countMatches(db: DbOrTx, matches: SQL): Promise<number> {
  const [r] = await indexedRead(db, (tx) => rowsOf<{ n: number }>(tx, sql`select (${cappedCount(matches)}) as n`));
  return Number(r?.n ?? 0);
}

/** Released issue pieces or released notices (search_entries), ranked the same way; issues filter by publication. */
async function searchEntriesOf(db: DbOrTx, kind: 'issue_item' | 'notice', q: TSearchQuery): Promise<TSearchResult> {
  const tokens = queryTokens(q.q);
  const canonicalQuery = tokens.join('');
  if (!tokens.length) return { total: 0, items: [], tokens };
  const tsquery = tsqueryOf(tokens);
  const e = searchEntries;
  const where: SQL[] = [
    eq(e.kind, kind),
    q.q.length >= 3 ? sql`(${e.title} ilike ${like(q.q)} or ${e.searchTsv} @@ ${tsquery})` : sql`${e.searchTsv} @@ ${tsquery}`,
  ];
  if (q.publicationId && kind === 'issue_item') where.push(eq(e.publicationId, q.publicationId));
  if (q.from) where.push(gte(e.date, dayStart(q.from)));
  if (q.to) where.push(lt(e.date, dayAfter(q.to)));
  const offset = (q.page - 1) * q.pageSize;
  const window = Math.max(RANK_WINDOW, offset + q.pageSize);
  const newest = (await db
    .select({ id: e.id, total: sql<number>`(count(*) over ())::int` })
    .from(e)
    .where(and(...where))
    .orderBy(sql`${e.date} desc nulls last`, sql`${e.id} desc`)
    .limit(window)) as { id: number; total: number }[];
  const total = newest[0]?.total ?? 0;
  if (!total) return { total, items: [], tokens };
  const rank = sql<number>`ts_rank_cd(${e.searchTsv}, ${tsquery})`;
  const rows = await db
    .select({ id: e.id, kind: e.kind, refId: e.refId, issueId: e.issueId, publicationId: e.publicationId, title: e.title, source: e.source, date: e.date, rank })
    .from(e)
    .where(inArray(e.id, newest.map((r) => r.id)))
    .orderBy(sql`${rank} desc`, sql`${e.date} desc nulls last`, sql`${e.id} desc`)
    .limit(q.pageSize)
    .offset(offset);
  const bodies = rows.length
    ? new Map((await db.select({ id: e.id, bodyText: e.bodyText }).from(e).where(inArray(e.id, rows.map((r) => r.id)))).map((r) => [r.id, r.bodyText]))
    : new Map<number, string>();
  const titleTokens = canonicalQuery.length >= 2 ? [...tokens, canonicalQuery] : tokens;
  const items = rows.map((r): TSearchHit => {
    const { snippet, highlights } = snippetOf(bodies.get(r.id) ?? '', tokens);
    return {
      kind: r.kind as 'issue_item' | 'notice',
      issueId: r.issueId,
      noticeId: r.kind === 'notice' ? r.refId : null,
      publicationId: r.publicationId,
      source: r.source,
      title: r.title,
      date: r.date ? r.date.toISOString() : null,
      rank: Number(r.rank),
      snippet,
      highlights,
      titleHighlights: highlightRanges(r.title, titleTokens),
    };
  });
  return { total, items, tokens };
}
