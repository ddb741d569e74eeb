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
 * Only the newest matches are ranked: at a million articles a common word matches hundreds of thousands, and ranking
 * them all would cost more than the search. The count stops at SEARCH_COUNT_CAP.
 */
export const RANK_WINDOW = 300;

/**
 * `article_search` is partitioned by year of its date (migration 0016): one partition before FIRST_YEAR, one per year
 * to LAST_YEAR, one after. Search reads it a year at a time, newest first, and stops when it has the newest
 * matches it ranks and the capped count: a common word costs one year's matching, a rare one every year's small index
 * lookups. The bounds here must be the migration's.
 */
export const SEARCH_YEARS = { first: 2010, last: 2035 } as const;

/** China time: the years the partitions hold are the office's years. */
const yearStart = (y: number) => new Date(`${y}-01-01T00:00:00+08:00`);
const yearOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).getUTCFullYear();

/** The partitions' date ranges that meet [lo, hi], newest first (null: open). */
export function yearSlices(lo: Date, hi: Date): { from: Date | null; to: Date | null }[] {
  const out: { from: Date | null; to: Date | null }[] = [];
  const { first, last } = SEARCH_YEARS;
  const top = Math.min(Math.max(yearOf(hi), first - 1), last + 1);
  const bottom = Math.min(Math.max(yearOf(lo), first - 1), last + 1);
  for (let y = top; y >= bottom; y--) {
    if (y > last) out.push({ from: yearStart(last + 1), to: null });
    else if (y < first) out.push({ from: null, to: yearStart(first) });
    else out.push({ from: yearStart(y), to: yearStart(y + 1) });
  }
  return out;
}

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

/** A match among the newest, ranked. */
interface Hit {
  id: number;
  ms: number;
  rank: number;
}

/** The later (or earlier) of two bounds, null being open. */
const later = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));
const earlier = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));

/**
 * Full-text search over the articles the actor may see (the list's scope, on the index's copies of its columns): jieba
 * tokens of the query, all required, against the `simple` tsvector; titles also match by substring (trigram index).
 * The newest RANK_WINDOW matches are ranked, title words first; then newest.
 */
export async function searchArticles(db: DbOrTx, actor: Actor, q: TSearchQuery): Promise<TArticleSearchResult> {
  const tokens = queryTokens(q.q);
  const canonicalQuery = tokens.join('');
  if (!tokens.length) return { total: 0, items: [], tokens };
  const tsquery = tsqueryOf(tokens);
  const s = {
    d: sql.raw('s.d'),
    tsv: sql.raw('s.tsv'),
    title: sql.raw('s.title'),
    unitId: sql.raw('s.unit_id'),
    state: sql.raw('s.state'),
    createdById: sql.raw('s.created_by_id'),
    submitted: sql.raw('s.submitted'),
  };
  const words = sql`${s.tsv} @@ ${tsquery}`;
  // Titles by substring from three characters on, as a second set of matches. Not OR-ed with the words: the
  // trigram index's matches must be checked again on the row, and a bitmap rechecks every match on a page where
  // one of them needs it — reading every match's vector back.
  const titleSubstring = q.q.length >= 3 ? sql`${s.title} ilike ${like(q.q)}` : null;
  const where: SQL[] = [scopeFor(actor, s)];
  if (q.unitId) where.push(sql`${s.unitId} = ${q.unitId}`);
  if (q.groupId) where.push(sql`${s.unitId} in (select ${units.id} from ${units} where ${units.groupId} = ${q.groupId})`);
  if (q.type) where.push(sql`s.type = ${q.type}`);
  if (q.topicId) where.push(sql`${q.topicId} = any(s.topic_ids)`);
  if (q.state) where.push(sql`${s.state} = ${q.state}`);
  const offset = (q.page - 1) * q.pageSize;
  const window = Math.max(RANK_WINDOW, offset + q.pageSize);

  const { hits, counted } = await indexedRead(db, async (tx) => {
    const [range] = await rowsOf<{ lo: Date | string | null; hi: Date | string | null }>(tx, sql`select min(d) as lo, max(d) as hi from article_search`);
    if (!range?.lo || !range.hi) return { hits: [] as Hit[], counted: 0 };
    const lo = new Date(Math.max(new Date(range.lo).getTime(), q.from ? dayStart(q.from).getTime() : -Infinity));
    const hi = new Date(Math.min(new Date(range.hi).getTime(), q.to ? dayAfter(q.to).getTime() - 1 : Infinity));
    const hits: Hit[] = [];
    let counted = 0;
    for (const slice of lo <= hi ? yearSlices(lo, hi) : []) {
      const inSlice = [...where];
      const from = later(slice.from, q.from ? dayStart(q.from) : null);
      const to = earlier(slice.to, q.to ? dayAfter(q.to) : null);
      if (from) inSlice.push(sql`${s.d} >= ${from}`);
      if (to) inSlice.push(sql`${s.d} < ${to}`);
      const byWords = sql`select s.article_id as id, s.d from article_search s where ${and(...inSlice, words)}`;
      // The title's matches that the words do not find (only these few have their vectors read): no duplicates
      // without a union's de-duplication, which would read every match before the first came out.
      const matches = titleSubstring
        ? sql`${byWords} union all select s.article_id, s.d from article_search s where ${and(...inSlice, titleSubstring, sql`not (${words})`)}`
        : byWords;
      const need = window - hits.length;
      if (need > 0) {
        // The slice's matches (ids and dates), the newest ranked: only their vectors are read.
        const rows = await rowsOf<{ id: number; ms: number; rank: number; n: number }>(
          tx,
          sql`with m as materialized (${matches}), t as (select * from m order by d desc, id desc limit ${need})
            select t.id as "id", (extract(epoch from t.d) * 1000)::float8 as "ms", ts_rank_cd(s.tsv, ${tsquery}) as "rank", (select count(*)::int from m) as "n"
            from t inner join article_search s on s.d = t.d and s.article_id = t.id${from ? sql` and s.d >= ${from}` : sql``}${to ? sql` and s.d < ${to}` : sql``}`,
        );
        for (const r of rows) hits.push({ id: Number(r.id), ms: Number(r.ms), rank: Number(r.rank) });
        counted += Number(rows[0]?.n ?? 0);
      } else {
        const [c] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from (select 1 from (${matches}) u limit ${SEARCH_COUNT_CAP + 1 - counted}) c`);
        counted += Number(c?.n ?? 0);
      }
      if (hits.length >= window && counted > SEARCH_COUNT_CAP) break;
    }
    return { hits, counted };
  });
  if (!counted) return { total: 0, items: [], tokens };
  const total = Math.min(counted, SEARCH_COUNT_CAP);
  // Rank first, then newest.
  const page = hits.sort((a, b) => b.rank - a.rank || b.ms - a.ms || b.id - a.id).slice(offset, offset + q.pageSize);
  const rows = page.length
    ? await db
        .select({ id: articles.id, title: articles.title, state: articles.state, type: articles.type, unitId: articles.unitId, unitName: units.name, bodyText: articles.bodyText })
        .from(articles)
        .innerJoin(units, eq(units.id, articles.unitId))
        .where(inArray(articles.id, page.map((h) => h.id)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const titleTokens = canonicalQuery.length >= 2 ? [...tokens, canonicalQuery] : tokens;
  const items = page.flatMap((h): TArticleSearchHit[] => {
    const r = byId.get(h.id);
    if (!r) return []; // deleted between the two reads
    const { snippet, highlights } = snippetOf(r.bodyText, tokens);
    return [
      {
        kind: 'article',
        articleId: r.id,
        title: r.title,
        state: r.state as TArticleState,
        type: r.type as TArticleType,
        unit: { id: r.unitId, name: r.unitName },
        date: new Date(h.ms).toISOString(),
        rank: h.rank,
        snippet,
        highlights,
        titleHighlights: highlightRanges(r.title, titleTokens),
      },
    ];
  });
  return { total, ...(counted > SEARCH_COUNT_CAP ? { totalCapped: true } : {}), items, tokens };
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
