/**
 * Chinese word segmentation for search: jieba (its dictionary is Simplified, so text is converted first), tokens
 * folded to the canonical form of normalize.ts. The index side uses the search mode (a long word also yields its
 * shorter words: 高标准农田 → 标准, 农田, 高标准农田), so a query for either finds it.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { canonical, simplifyText } from './normalize.js';

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Token → canonical form. Words repeat across a corpus, so a bounded memo saves most of the folding work. */
const foldMemo = new Map<string, string>();

function fold(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    let c = foldMemo.get(t);
    if (c === undefined) {
      c = canonical(t);
      if (foldMemo.size >= 200_000) foldMemo.clear();
      foldMemo.set(t, c);
    }
    if (c) out.push(c);
  }
  return out;
}

/** Tokens to index, space-separated (the `simple` text-search configuration then takes them as they are). */
export function indexTokens(text: string): string {
  if (!text.trim()) return '';
  return fold(segmenter().cutForSearch(simplifyText(text), true)).join(' ');
}

/** The words of a query, in order, without repeats. */
export function queryTokens(query: string): string[] {
  return [...new Set(fold(segmenter().cut(simplifyText(query), true)))];
}
