import { z } from 'zod';
import { ZArticleState, ZArticleType } from './articles.js';

/** Thresholds of the duplicate (雷同) check, kept in the settings. */
export const ZDedupSettings = z.object({
  /** A pair scoring at or above this (max of resemblance and containment, 0–1) is a duplicate. */
  score: z.number().min(0.05).max(1),
  /** A shared passage of at least this many characters flags a pair whatever its score. */
  passageChars: z.number().int().min(20).max(10_000),
  /**
   * Fingerprints found in more documents than this are boilerplate and never count — or, in a larger corpus, in more
   * than `boilerplatePercent` of all documents (whichever is higher: a phrase in 60 of a million pieces is not stock
   * text).
   */
  boilerplateDocs: z.number().int().min(2).max(1_000_000),
  boilerplatePercent: z.number().min(0.01).max(100),
});
export type TDedupSettings = z.infer<typeof ZDedupSettings>;
export const DEFAULT_DEDUP_SETTINGS: TDedupSettings = { score: 0.5, passageChars: 100, boilerplateDocs: 50, boilerplatePercent: 1 };

/** A range [start, end) of a plain text (UTF-16 offsets). */
export const ZTextRange = z.tuple([z.number().int(), z.number().int()]);

/**
 * An earlier piece that resembles an article. When the caller may not read the other piece (another unit's
 * unreleased article), only its title, unit and date are given: no text and no passages.
 */
export const ZSimilarPiece = z.object({
  kind: z.enum(['article', 'issue_item']),
  /** The article, when the piece is one. */
  articleId: z.number().int().nullable(),
  /** The published issue, when the piece is an issue item. */
  issueId: z.number().int().nullable(),
  title: z.string(),
  /** The unit of an article; the publication of a published piece. */
  source: z.string(),
  date: z.string().nullable(),
  score: z.number(),
  jaccard: z.number(),
  containment: z.number(),
  longestPassage: z.number().int(),
  flagged: z.boolean(),
  /** False when the caller may only know that the piece exists. */
  visible: z.boolean(),
  /** Shared passages in the checked article's plain text (empty when not visible). */
  passages: z.array(ZTextRange),
  /** The other piece's plain text and its shared passages (null when not visible). */
  otherText: z.string().nullable(),
  otherPassages: z.array(ZTextRange).nullable(),
});
export type TSimilarPiece = z.infer<typeof ZSimilarPiece>;

export const ZSimilarResult = z.object({
  /** The checked article's plain text, which `passages` index into. */
  text: z.string(),
  thresholds: ZDedupSettings,
  items: z.array(ZSimilarPiece),
});
export type TSimilarResult = z.infer<typeof ZSimilarResult>;

/** What a search covers: articles, the pieces of released issues (期刊), or released notices (通报). */
export const SEARCH_SCOPES = ['articles', 'issues', 'notices'] as const;
export const ZSearchScope = z.enum(SEARCH_SCOPES);
export type TSearchScope = z.infer<typeof ZSearchScope>;

export const ZSearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  in: ZSearchScope.default('articles'),
  unitId: z.coerce.number().int().optional(),
  groupId: z.coerce.number().int().optional(),
  type: ZArticleType.optional(),
  topicId: z.coerce.number().int().optional(),
  state: ZArticleState.optional(),
  /** Issues: only this publication's. */
  publicationId: z.coerce.number().int().optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TSearchQuery = Omit<z.infer<typeof ZSearchQuery>, 'in'> & { in?: TSearchScope };

const searchHitCommon = {
  title: z.string(),
  date: z.string().nullable(),
  rank: z.number(),
  /** A passage of the text with the matched words; `highlights` index into it. */
  snippet: z.string(),
  highlights: z.array(ZTextRange),
  titleHighlights: z.array(ZTextRange),
};

export const ZArticleSearchHit = z.object({
  kind: z.literal('article'),
  articleId: z.number().int(),
  state: ZArticleState,
  type: ZArticleType,
  unit: z.object({ id: z.number().int(), name: z.string() }),
  ...searchHitCommon,
});

/** A piece of a released issue, or a released notice. */
export const ZEntrySearchHit = z.object({
  kind: z.enum(['issue_item', 'notice']),
  issueId: z.number().int().nullable(),
  noticeId: z.number().int().nullable(),
  publicationId: z.number().int().nullable(),
  /** Publication and 第N期, or the notice's document number. */
  source: z.string(),
  ...searchHitCommon,
});

export const ZSearchHit = z.discriminatedUnion('kind', [ZArticleSearchHit, ZEntrySearchHit]);
export type TSearchHit = z.infer<typeof ZSearchHit>;
export type TArticleSearchHit = z.infer<typeof ZArticleSearchHit>;
export type TEntrySearchHit = z.infer<typeof ZEntrySearchHit>;
export const ZSearchResult = z.object({
  /** Matches counted, at most SEARCH_COUNT_CAP: past it, `totalCapped` says there are more. */
  total: z.number().int(),
  totalCapped: z.boolean().optional(),
  items: z.array(ZSearchHit),
  tokens: z.array(z.string()),
});
/** Search counts matches up to this many: counting every one of a common word's matches in a million is not worth it. */
export const SEARCH_COUNT_CAP = 10_000;
export type TSearchResult = z.infer<typeof ZSearchResult>;
export type TArticleSearchResult = Omit<TSearchResult, 'items'> & { items: TArticleSearchHit[] };
