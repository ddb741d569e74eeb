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

/**
 * Per BMP code unit, what folding makes of it: 0 not looked at yet, -1 dropped, -2 anything but one BMP unit (the
 * general path), else the folded unit + 1. And whether that folded unit is Traditional: 0 not known, 1 no, 2 yes.
 * Filled as characters are met; the tables turn the two map lookups per character into array reads.
 */
const FOLD_UNIT = new Int32Array(0x10000);
const TRADITIONAL_UNIT = new Uint8Array(0x10000);

function foldUnit(code: number): number {
  let f = FOLD_UNIT[code]!;
  if (f === 0) {
    const folded = foldChar(String.fromCharCode(code));
    f = folded === '' ? -1 : folded.length === 1 ? folded.charCodeAt(0) + 1 : -2;
    FOLD_UNIT[code] = f;
  }
  return f;
}

function isTraditionalUnit(code: number): boolean {
  let t = TRADITIONAL_UNIT[code]!;
  if (t === 0) {
    const c = String.fromCharCode(code);
    t = simplifyChar(c) !== c ? 2 : 1;
    TRADITIONAL_UNIT[code] = t;
  }
  return t === 2;
}

/** Converts text to its canonical form, remembering where each character came from. */
export function normalizeText(original: string): Normalized {
  // Pass 1: width and case folding, punctuation dropped; one entry per kept code point.
  const chars: number[] = [];
  const starts: number[] = [];
  const stops: number[] = [];
  let traditional = false;
  const push = (c: number, start: number, stop: number) => {
    chars.push(c);
    starts.push(start);
    stops.push(stop);
  };
  for (let i = 0; i < original.length; ) {
    const start = i;
    const code = original.charCodeAt(i);
    if (code < 0x80) {
      i++;
      if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a)) push(code, start, i);
      else if (code >= 0x41 && code <= 0x5a) push(code + 32, start, i);
      continue;
    }
    const f = code >= 0xd800 && code <= 0xdfff ? -2 : foldUnit(code);
    if (f === -1) {
      i++;
      continue;
    }
    if (f > 0) {
      i++;
      push(f - 1, start, i);
      if (!traditional && f - 1 >= 0x80 && isTraditionalUnit(f - 1)) traditional = true;
      continue;
    }
    // The general path: a surrogate pair, or a character folding to several.
    const cp = original.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    for (const c of foldChar(ch)) {
      push(c.codePointAt(0)!, start, i);
      if (!traditional && simplifyChar(c) !== c) traditional = true;
    }
  }
  // Pass 2: Traditional → Simplified, only when there is something Traditional.
  if (traditional) {
    const converted = [...phrasesToSimplified(fromCodePoints(chars))];
    if (converted.length === chars.length) for (let k = 0; k < chars.length; k++) chars[k] = converted[k]!.codePointAt(0)!;
    else for (let k = 0; k < chars.length; k++) chars[k] = simplifyChar(String.fromCodePoint(chars[k]!)).codePointAt(0)!;
  }
  const offsets: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < chars.length; k++) {
    offsets.push(starts[k]!);
    ends.push(stops[k]!);
    // A character outside the BMP is two units of the canonical text, both mapping to it.
    if (chars[k]! > 0xffff) {
      offsets.push(starts[k]!);
      ends.push(stops[k]!);
    }
  }
  return { text: fromCodePoints(chars), offsets, ends };
}

function fromCodePoints(cps: number[]): string {
  let s = '';
  for (let k = 0; k < cps.length; k += 4096) s += String.fromCodePoint(...cps.slice(k, k + 4096));
  return s;
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
