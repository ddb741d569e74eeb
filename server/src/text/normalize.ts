import * as OpenCC from 'opencc-js';

/**
 * The canonical form of article text for comparison and search: Traditional → Simplified (character by character,
 * so every output character knows where it came from), NFKC (full/half width), Latin lower-cased, punctuation and
 * white space dropped. `offsets[i]` is the index (UTF-16) in the original string of the character that produced
 * `text[i]`, so a range found in the canonical text maps back to the original for highlighting.
 */
export interface Normalized {
  text: string;
  /** One entry per UTF-16 unit of `text`: the original index where the character it came from starts… */
  offsets: number[];
  /** …and where it ends (exclusive). */
  ends: number[];
}

// Taiwan phrases first (軟體 → 软件, 資訊 → 信息): the phrase table keeps lengths in nearly every case; where it
// does not, the text is converted character by character so every character still knows its origin.
const taiwanPhrases = OpenCC.Converter({ from: 'twp', to: 'cn' });
const charToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
/**
 * Words the Taiwan phrase table would rewrite although mainland texts written in Traditional characters mean them
 * literally: 簡報 is a briefing (the product's own publications), not 演示文稿; 數位 is "several" (数位领导), not 数字.
 * They are converted character by character.
 */
const LITERAL_WORDS = /(簡報|數位)/;
function phrasesToSimplified(s: string): string {
  if (!LITERAL_WORDS.test(s)) return taiwanPhrases(s);
  return s
    .split(LITERAL_WORDS)
    .map((part, i) => (i % 2 ? charToSimplified(part) : taiwanPhrases(part)))
    .join('');
}
const KEEP = /[\p{L}\p{N}]/u;
const foldCache = new Map<string, string>();
const simpleCache = new Map<string, string>();

/** One original character → NFKC, lower-cased, letters and digits only (empty for punctuation and white space). */
function foldChar(ch: string): string {
  let out = foldCache.get(ch);
  if (out !== undefined) return out;
  out = '';
  for (const c of ch.normalize('NFKC').toLowerCase()) if (KEEP.test(c)) out += c;
  if (foldCache.size < 100_000) foldCache.set(ch, out);
  return out;
}

function simplifyChar(ch: string): string {
  const cached = simpleCache.get(ch);
  if (cached !== undefined) return cached;
  const converted: string = charToSimplified(ch);
  const out = [...converted].length === 1 ? converted : ch;
  if (simpleCache.size < 100_000) simpleCache.set(ch, out);
  return out;
}

/** Converts text to its canonical form, remembering where each character came from. */
export function normalizeText(original: string): Normalized {
  // Pass 1: width and case folding, punctuation dropped; one entry per kept code point.
  const chars: string[] = [];
  const starts: number[] = [];
  const stops: number[] = [];
  let traditional = false;
  let i = 0;
  for (const ch of original) {
    const start = i;
    i += ch.length;
    const code = ch.charCodeAt(0);
    let folded: string;
    if (code < 0x80) {
      if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a)) folded = ch;
      else if (code >= 0x41 && code <= 0x5a) folded = String.fromCharCode(code + 32);
      else continue;
      chars.push(folded);
      starts.push(start);
      stops.push(i);
      continue;
    }
    folded = foldChar(ch);
    for (const c of folded) {
      chars.push(c);
      starts.push(start);
      stops.push(i);
      if (!traditional && simplifyChar(c) !== c) traditional = true;
    }
  }
  // Pass 2: Traditional → Simplified, only when there is something Traditional.
  if (traditional) {
    const converted = [...phrasesToSimplified(chars.join(''))];
    if (converted.length === chars.length) for (let k = 0; k < chars.length; k++) chars[k] = converted[k]!;
    else for (let k = 0; k < chars.length; k++) chars[k] = simplifyChar(chars[k]!);
  }
  let text = '';
  const offsets: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k]!;
    text += c;
    for (let u = 0; u < c.length; u++) {
      offsets.push(starts[k]!);
      ends.push(stops[k]!);
    }
  }
  return { text, offsets, ends };
}

/** Just the canonical string (search queries, hashing). */
export function canonical(original: string): string {
  return normalizeText(original).text;
}

/** Maps a half-open range [start, end) of the canonical text back to the original text. */
export function toOriginalRange(n: Normalized, start: number, end: number): [number, number] {
  const s = Math.max(0, start);
  const e = Math.min(end, n.text.length);
  if (e <= s) return [0, 0];
  return [n.offsets[s]!, n.ends[e - 1]!];
}

/** NFKC and Traditional → Simplified, punctuation kept (what the word segmenter reads). */
export function simplifyText(original: string): string {
  const folded = original.normalize('NFKC').toLowerCase();
  for (const c of folded) if (c.charCodeAt(0) >= 0x80 && simplifyChar(c) !== c) return phrasesToSimplified(folded);
  return folded;
}
