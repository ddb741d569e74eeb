/**
 * The similarity core (pure, no I/O): character shingles of the canonical text, MinHash signatures cut into LSH
 * bands (candidates for near-duplicates), winnowing fingerprints (candidates for copied passages, as in MOSS), and
 * the exact comparison that verifies a candidate and finds the shared passages. Government boilerplate is kept out
 * twice: a seed list of stock phrases is masked before anything is hashed, and fingerprints that the corpus shows in
 * many documents (their document frequency lives in the database) are masked when two texts are compared.
 */
import { normalizeText, toOriginalRange, type Normalized } from './normalize.js';

export const DEDUP_PARAMS = {
  /** Shingle length for resemblance (Jaccard) and passages. */
  shingle: 5,
  /** Fingerprint k-gram length and winnowing window: any shared run of ≥ fpK + window − 1 chars shares a fingerprint. */
  fpK: 8,
  window: 24,
  bands: 16,
  rows: 4,
  /** Shared runs shorter than this (canonical characters) are coincidence, not copying. */
  minRun: 20,
  /** A stretch both texts hold in the same order counts towards a shared run from this many characters. */
  alignedMin: 12,
  /** Rare picked fingerprints a shared run needs to count as copying, not stock text (see runIsOwn). */
  ownFingerprints: 3,
} as const;

/**
 * Stock phrases of government prose. They make unrelated pieces look alike, so they never count. The document-
 * frequency table catches the rest (whatever many pieces share); this list covers a young corpus.
 */
export const BOILERPLATE_SEED = [
  '高度重视', '紧紧围绕', '取得明显成效', '取得显著成效', '取得积极成效', '认真贯彻落实', '深入贯彻落实', '贯彻落实',
  '坚持以习近平新时代中国特色社会主义思想为指导', '习近平新时代中国特色社会主义思想', '全面贯彻党的二十大精神',
  '党的二十大精神', '以人民为中心', '高质量发展', '切实加强', '进一步加强', '进一步提高', '进一步完善', '扎实推进',
  '统筹推进', '稳步推进', '全力以赴', '多措并举', '精心组织', '周密部署', '狠抓落实', '压实责任', '强化责任担当',
  '凝聚工作合力', '形成工作合力', '确保各项工作落到实处', '落到实处', '取得实效', '提供有力保障', '提供坚强保障',
  '营造良好氛围', '加强组织领导', '健全工作机制', '建立健全', '推动工作落实', '按照上级部署', '根据上级要求',
  '为全面建设社会主义现代化国家', '不断增强', '持续深化', '切实提高', '有力有序', '扎实有效',
].map((p) => normalizeText(p).text);

// ---------------------------------------------------------------------------------------------------------------
// Hashing

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** 32-bit hash of every k-gram of `text` (signed, to fit a PostgreSQL integer). Position i → text[i, i+k). */
export function kgramHashes(text: string, k: number): Int32Array {
  const n = Math.max(0, text.length - k + 1);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5 ^ k;
    for (let j = 0; j < k; j++) h = Math.imul(h ^ text.charCodeAt(i + j), 0x01000193);
    out[i] = fmix32(h);
  }
  return out;
}

/** Marks the characters covered by seed boilerplate phrases. */
export function seedMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  for (const phrase of BOILERPLATE_SEED) {
    let at = text.indexOf(phrase);
    while (at >= 0) {
      mask.fill(1, at, at + phrase.length);
      at = text.indexOf(phrase, at + 1);
    }
  }
  return mask;
}

/**
 * Winnowing (Schleimer, Wilkerson, Aiken 2003): in every window of `w` consecutive k-gram hashes keep the smallest
 * (rightmost on ties). Masked k-grams take no part. Returns positions into the hash array.
 */
export function winnow(hashes: Int32Array, w: number, skip?: Uint8Array | ((pos: number) => boolean)): number[] {
  const n = hashes.length;
  const bad = typeof skip === 'function' ? Uint8Array.from({ length: n }, (_, i) => (skip(i) ? 1 : 0)) : skip;
  const picked: number[] = [];
  let best = -1;
  for (let end = 0; end < n; end++) {
    const start = end - w + 1;
    if (best >= 0 && best < start) {
      // The minimum left the window: look again (rightmost minimum wins ties).
      best = -1;
      for (let i = start; i <= end; i++) if (!(bad && bad[i]) && (best < 0 || hashes[i]! <= hashes[best]!)) best = i;
    } else if (!(bad && bad[end]) && (best < 0 || hashes[end]! <= hashes[best]!)) {
      best = end;
    }
    // Record once the first full window is reached (or at the end of a text shorter than a window).
    if ((end >= w - 1 || end === n - 1) && best >= 0 && picked[picked.length - 1] !== best) picked.push(best);
  }
  return picked;
}

/** For each k-gram position: does it touch a masked character? O(n) with a running count. */
export function maskedKgrams(mask: Uint8Array, k: number): Uint8Array {
  const n = Math.max(0, mask.length - k + 1);
  const out = new Uint8Array(n);
  let inWindow = 0;
  for (let i = 0; i < mask.length; i++) {
    inWindow += mask[i]!;
    if (i >= k) inWindow -= mask[i - k]!;
    if (i >= k - 1) out[i - k + 1] = inWindow > 0 ? 1 : 0;
  }
  return out;
}

const MINHASH_SEEDS = Int32Array.from({ length: DEDUP_PARAMS.bands * DEDUP_PARAMS.rows }, (_, i) => fmix32(0x9e3779b9 * (i + 1)));

/** MinHash signature of a set of shingle hashes. */
export function minhash(shingles: Iterable<number>): Int32Array {
  const n = MINHASH_SEEDS.length;
  const sig = new Int32Array(n).fill(0x7fffffff);
  for (const s of shingles) {
    for (let i = 0; i < n; i++) {
      const h = fmix32(s ^ MINHASH_SEEDS[i]!);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/** One key per band: two documents share a key when all `rows` minima of that band agree. */
export function bandKeys(sig: Int32Array): number[] {
  const { bands, rows } = DEDUP_PARAMS;
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    let h = fmix32(b + 0x5bd1e995);
    for (let r = 0; r < rows; r++) h = fmix32(Math.imul(h, 31) ^ sig[b * rows + r]!);
    keys.push(h);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------------------
// Signatures stored per document

export interface Fingerprint {
  hash: number;
  /** Position in the canonical text. */
  pos: number;
}

export interface Signature {
  /** Canonical length (characters compared). */
  length: number;
  bandKeys: number[];
  fingerprints: Fingerprint[];
}

/** What the index stores for a text: LSH band keys and winnowed fingerprints, seed boilerplate masked. */
export function signatureOf(original: string | Prepared): Signature {
  const p = typeof original === 'string' ? prepare(original) : original;
  const seen = new Set<number>();
  const fingerprints: Fingerprint[] = [];
  for (const pos of p.picked) {
    if (seen.has(p.fp[pos]!)) continue;
    seen.add(p.fp[pos]!);
    fingerprints.push({ hash: p.fp[pos]!, pos });
  }
  return { length: p.norm.text.length, bandKeys: p.set.size ? [...new Set(bandKeys(minhash(p.set)))] : [], fingerprints };
}

/** Every fingerprint-length k-gram hash of a text: the query asks the corpus which of them are boilerplate. */
export function allFingerprintHashes(original: string | Prepared): number[] {
  const fp = typeof original === 'string' ? kgramHashes(normalizeText(original).text, DEDUP_PARAMS.fpK) : original.fp;
  return [...new Set(fp)];
}

// ---------------------------------------------------------------------------------------------------------------
// Exact comparison

export interface Prepared {
  norm: Normalized;
  shingles: Int32Array;
  fp: Int32Array;
  seed: Uint8Array;
  /** Shingle positions touching seed boilerplate. */
  seedShingles: Uint8Array;
  /** Fingerprint k-gram positions touching seed boilerplate. */
  seedFp: Uint8Array;
  /** Shingle hashes outside seed boilerplate. */
  set: Set<number>;
  /** Winnowed fingerprint positions. */
  picked: number[];
}

export function prepare(original: string): Prepared {
  const norm = normalizeText(original);
  const seed = seedMask(norm.text);
  const shingles = kgramHashes(norm.text, DEDUP_PARAMS.shingle);
  const fp = kgramHashes(norm.text, DEDUP_PARAMS.fpK);
  const seedShingles = maskedKgrams(seed, DEDUP_PARAMS.shingle);
  const seedFp = maskedKgrams(seed, DEDUP_PARAMS.fpK);
  const set = new Set<number>();
  for (let i = 0; i < shingles.length; i++) if (!seedShingles[i]) set.add(shingles[i]!);
  return { norm, shingles, fp, seed, seedShingles, seedFp, set, picked: winnow(fp, DEDUP_PARAMS.window, seedFp) };
}

/**
 * Is a shared run copying, or stock text many pieces share? Winnowing picks the same k-grams inside the same text
 * whatever surrounds it, so in a stock passage the picked k-grams are the frequent ones. Two stock sentences side by
 * side are rare only where they meet, which holds one or two picked fingerprints; so a run counts when three of its
 * picked fingerprints are rare (all of them, when it holds fewer). A run too short to hold one counts when none of
 * its k-grams is frequent.
 */
function runIsOwn(p: Prepared, frequent: ReadonlySet<number>, s: number, e: number): boolean {
  if (frequent.size === 0) return true;
  const k = DEDUP_PARAMS.fpK;
  let inside = 0;
  let rare = 0;
  for (const pos of p.picked) {
    if (pos < s || pos + k > e) continue;
    inside++;
    if (!frequent.has(p.fp[pos]!)) rare++;
  }
  if (inside > 0) return rare >= Math.min(DEDUP_PARAMS.ownFingerprints, inside);
  for (let i = s; i + k <= e; i++) if (frequent.has(p.fp[i]!)) return false;
  return true;
}

export interface Comparison {
  /** Exact Jaccard resemblance of the two shingle sets, boilerplate left out. */
  jaccard: number;
  /** Share of the smaller text (boilerplate left out) covered by passages found in the other. */
  containment: number;
  /** max(jaccard, containment). */
  score: number;
  /** Longest shared passage, canonical characters. */
  longestPassage: number;
  /** Shared passages as ranges of each ORIGINAL text, for highlighting. */
  passagesA: [number, number][];
  passagesB: [number, number][];
}

/**
 * Where the two texts run in step: maximal diagonals of shingles equal at a[i + t] and b[j + t] for t = 0, 1, …
 * (seed boilerplate left out), at least `alignedMin` characters long, marked on both texts. A passage is text copied
 * in order: five-character pieces of one text found scattered over the other (a mosaic of common phrases) are not.
 */
function alignedCoverage(a: Prepared, b: Prepared): [Uint8Array, Uint8Array] {
  const k = DEDUP_PARAMS.shingle;
  const minShingles = DEDUP_PARAMS.alignedMin - k + 1;
  const coverA = new Uint8Array(a.norm.text.length);
  const coverB = new Uint8Array(b.norm.text.length);
  // Positions in b of the shingles a also has (none, for some candidates a check verifies).
  const inB = new Map<number, number[]>();
  for (let i = 0; i < a.shingles.length; i++) if (!a.seedShingles[i] && b.set.has(a.shingles[i]!)) inB.set(a.shingles[i]!, []);
  if (!inB.size) return [coverA, coverB];
  for (let j = 0; j < b.shingles.length; j++) {
    if (b.seedShingles[j]) continue;
    const h = b.shingles[j]!;
    const list = inB.get(h);
    if (list) list.push(j);
  }
  const same = (i: number, j: number) =>
    i < a.shingles.length && j < b.shingles.length && !a.seedShingles[i] && !b.seedShingles[j] && a.shingles[i] === b.shingles[j];
  for (let i = 0; i < a.shingles.length; i++) {
    const js = a.seedShingles[i] ? undefined : inB.get(a.shingles[i]!);
    if (!js) continue;
    for (const j of js) {
      // Start of a diagonal only (its continuations are walked from here).
      if (i > 0 && j > 0 && same(i - 1, j - 1)) continue;
      let n = 1;
      while (same(i + n, j + n)) n++;
      if (n < minShingles) continue;
      coverA.fill(1, i, i + n + k - 1);
      coverB.fill(1, j, j + n + k - 1);
    }
  }
  return [coverA, coverB];
}

/** Runs of covered characters at least minRun long that are not stock text. */
function sharedRuns(p: Prepared, covered: Uint8Array, frequent: ReadonlySet<number>): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= covered.length; i++) {
    if (i < covered.length && covered[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= DEDUP_PARAMS.minRun && runIsOwn(p, frequent, start, i)) runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}

function unmaskedLength(mask: Uint8Array): number {
  let n = 0;
  for (const m of mask) if (!m) n++;
  return n;
}

/** Exact comparison of two texts: resemblance, containment and the shared passages on both sides. */
export function compare(a: Prepared, b: Prepared, frequent: ReadonlySet<number> = new Set()): Comparison {
  const setA = frequent.size ? resemblanceSet(a, frequent) : a.set;
  const setB = frequent.size ? resemblanceSet(b, frequent) : b.set;
  let inter = 0;
  const [small, large] = setA.size <= setB.size ? [setA, setB] : [setB, setA];
  for (const h of small) if (large.has(h)) inter++;
  const union = setA.size + setB.size - inter;
  const jaccard = union ? inter / union : 0;
  // Quick exit: nothing shared beyond chance, no passage possible.
  if (inter === 0) return { jaccard: 0, containment: 0, score: 0, longestPassage: 0, passagesA: [], passagesB: [] };
  const [coverA, coverB] = alignedCoverage(a, b);
  const runsA = sharedRuns(a, coverA, frequent);
  const runsB = sharedRuns(b, coverB, frequent);
  const len = (runs: [number, number][]) => runs.reduce((s, [x, y]) => s + y - x, 0);
  const denomA = unmaskedLength(a.seed);
  const denomB = unmaskedLength(b.seed);
  const containment = Math.max(denomA ? len(runsA) / denomA : 0, denomB ? len(runsB) / denomB : 0);
  const longestPassage = Math.max(0, ...runsA.map(([x, y]) => y - x), ...runsB.map(([x, y]) => y - x));
  return {
    jaccard,
    containment: Math.min(1, containment),
    score: Math.min(1, Math.max(jaccard, containment)),
    longestPassage,
    passagesA: runsA.map(([x, y]) => toOriginalRange(a.norm, x, y)),
    passagesB: runsB.map(([x, y]) => toOriginalRange(b.norm, x, y)),
  };
}

/**
 * Shingles outside seed boilerplate and not inside a k-gram the corpus marks as frequent. (A shingle that only
 * touches a frequent k-gram carries the text's own words next to the stock phrase: it stays.)
 */
function resemblanceSet(p: Prepared, frequent: ReadonlySet<number>): Set<number> {
  // A check compares one text with many candidates under one frequent set: the text's own set is made once.
  const cached = resemblanceCache.get(p);
  if (cached?.frequent === frequent) return cached.set;
  const set = maskedResemblance(p, frequent);
  resemblanceCache.set(p, { frequent, set });
  return set;
}
const resemblanceCache = new WeakMap<Prepared, { frequent: ReadonlySet<number>; set: Set<number> }>();

function maskedResemblance(p: Prepared, frequent: ReadonlySet<number>): Set<number> {
  const { fpK, shingle } = DEDUP_PARAMS;
  const bad = Uint8Array.from(p.seedShingles);
  for (let i = 0; i < p.fp.length; i++) if (frequent.has(p.fp[i]!)) bad.fill(1, i, i + fpK - shingle + 1);
  const set = new Set<number>();
  for (let i = 0; i < p.shingles.length; i++) if (!bad[i]) set.add(p.shingles[i]!);
  return set;
}

export interface DedupThresholds {
  /** Score (max of resemblance and containment) at or above which two pieces are duplicates. */
  score: number;
  /** A shared passage this long (characters) flags the pair whatever the score. */
  passageChars: number;
}

export const DEFAULT_DEDUP_THRESHOLDS: DedupThresholds = { score: 0.5, passageChars: 100 };

export function isDuplicate(c: Comparison, t: DedupThresholds): boolean {
  return c.score >= t.score || c.longestPassage >= t.passageChars;
}
