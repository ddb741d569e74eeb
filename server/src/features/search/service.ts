import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { TArticleState, TArticleType, TSearchHit, TSearchQuery, TSearchResult } from '@baosong/contract';
import { articles, units } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';
import type { Actor } from '../../lib/policy.js';
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
 * Full-text search over the articles the actor may see (the list's SQL scope): jieba tokens of the query, all
 * required, against the `simple` tsvector; titles also match by substring (trigram index). Ranked, title words
 * first, then newest.
 */
export async function searchArticles(db: DbOrTx, actor: Actor, q: TSearchQuery): Promise<TSearchResult> {
  const tokens = queryTokens(q.q);
  const canonicalQuery = tokens.join('');
  if (!tokens.length) return { total: 0, items: [], tokens };
  const tsquery = sql`to_tsquery('simple', ${tokens.map((t) => `'${t}'`).join(' & ')})`;
  const match = q.q.length >= 3 ? sql`(${articles.searchTsv} @@ ${tsquery} or ${articles.title} ilike ${like(q.q)})` : sql`${articles.searchTsv} @@ ${tsquery}`;
  const where: SQL[] = [scopeFor(actor), match];
  if (q.unitId) where.push(eq(articles.unitId, q.unitId));
  if (q.groupId) where.push(eq(units.groupId, q.groupId));
  if (q.type) where.push(eq(articles.type, q.type));
  if (q.topicId) where.push(sql`${q.topicId} = any(${articles.topicIds})`);
  if (q.state) where.push(eq(articles.state, q.state));
  const date = sql`coalesce(${articles.firstSubmittedAt}, ${articles.createdAt})`;
  if (q.from) where.push(gte(date, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) where.push(lt(date, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  const [{ total }] = (await db
    .select({ total: sql<number>`count(*)::int` })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(and(...where))) as [{ total: number }];
  if (!total) return { total, items: [], tokens };
  const rank = sql<number>`ts_rank_cd(${articles.searchTsv}, ${tsquery})`;
  const rows = await db
    .select({
      id: articles.id,
      title: articles.title,
      state: articles.state,
      type: articles.type,
      unitId: articles.unitId,
      unitName: units.name,
      date: date.mapWith((v: string | Date | null) => (v ? new Date(v) : null)),
      rank,
      bodyText: articles.bodyText,
    })
    .from(articles)
    .innerJoin(units, eq(units.id, articles.unitId))
    .where(and(...where))
    .orderBy(sql`${rank} desc`, sql`${date} desc`, sql`${articles.id} desc`)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const items = rows.map((r): TSearchHit => {
    const { snippet, highlights } = snippetOf(r.bodyText, tokens);
    return {
      articleId: r.id,
      title: r.title,
      state: r.state as TArticleState,
      type: r.type as TArticleType,
      unit: { id: r.unitId, name: r.unitName },
      date: r.date ? r.date.toISOString() : null,
      rank: Number(r.rank),
      snippet,
      highlights,
      titleHighlights: highlightRanges(r.title, canonicalQuery.length >= 2 ? [...tokens, canonicalQuery] : tokens),
    };
  });
  return { total, items, tokens };
}
