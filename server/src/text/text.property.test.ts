/**
 * Property-based tests (fast-check) of the text core: normalisation (idempotent, offsets that map back to the
 * original characters, Traditional/Simplified and full/half width invariant) and similarity (symmetric, bounded,
 * identical texts score 1). Inputs are arbitrary Unicode, not just the characters the examples use.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { canonical, normalizeText, simplifyText, toOriginalRange } from './normalize.js';
import { compare, prepare } from './similarity.js';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Common Simplified characters (each has a distinct Traditional form or is shared by both scripts). */
const HANZI = [...'国家发展经济农业医疗卫生会议时间书报纸电视网络数据学习问题关系这个们为说对开长门东车马鸟鱼龙风云气乐业务员总计划设组织领导单位报送信息简报刊物采用批示落实安全生产环境保护资金项目建设改革创新服务群众'];
const hanzi = fc.constantFrom(...HANZI);
const asciiAlnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const punctuation = fc.constantFrom(...'，。、；：？！“”‘’（）《》—…·,.;:?!()[]{}<>"\' \t\n\u3000');
/** Anything at all, astral planes, lone surrogates and control characters included. */
const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const mixedText = fc.array(fc.oneof(hanzi, asciiAlnum, punctuation, fc.string({ unit: 'grapheme', maxLength: 2 })), { maxLength: 80 }).map((a) => a.join(''));

/** ASCII letters and digits to their full-width forms (Ａ, ａ, １). */
const fullWidth = (s: string) => s.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('normalizeText: properties', () => {
  it('never throws, and its offsets are one per canonical unit, in bounds, non-decreasing', () => {
    fc.assert(
      fc.property(anyText, (original) => {
        const n = normalizeText(original);
        expect(n.offsets).toHaveLength(n.text.length);
        expect(n.ends).toHaveLength(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.offsets[i]).toBeGreaterThanOrEqual(0);
          expect(n.offsets[i]!).toBeLessThan(n.ends[i]!);
          expect(n.ends[i]).toBeLessThanOrEqual(original.length);
          if (i > 0) expect(n.offsets[i]).toBeGreaterThanOrEqual(n.offsets[i - 1]!);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mixedText), (s) => {
        const once = canonical(s);
        expect(canonical(once)).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it('each canonical character comes from the original character its offsets name', () => {
    fc.assert(
      fc.property(mixedText, (original) => {
        const n = normalizeText(original);
        for (let i = 0; i < n.text.length; i++) {
          const source = original.slice(n.offsets[i], n.ends[i]);
          // One original code point: the slice is that character, whole.
          expect([...source]).toHaveLength(1);
          expect(canonical(source)).toContain(n.text[i]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a range of the canonical text maps back to an original range with that canonical form', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hanzi, asciiAlnum, punctuation), { minLength: 1, maxLength: 60 }).map((a) => a.join('')), fc.nat(), fc.nat(), (original, x, y) => {
        const n = normalizeText(original);
        fc.pre(n.text.length > 0);
        const a = x % n.text.length;
        const b = a + 1 + (y % (n.text.length - a));
        const [s, e] = toOriginalRange(n, a, b);
        expect(s).toBeLessThan(e);
        expect(canonical(original.slice(s, e))).toBe(n.text.slice(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('gives one canonical form for the Simplified and the Traditional version of a text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hanzi, hanzi, punctuation), { maxLength: 60 }).map((a) => a.join('')), (simplified) => {
        const traditional: string = toTraditional(simplified);
        expect(canonical(traditional)).toBe(canonical(simplified));
        expect(simplifyText(traditional)).toBe(simplifyText(simplified));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps 簡報 a briefing and 數位 "several" (found by the property above: the Taiwan phrase table rewrote them)', () => {
    expect(simplifyText('本期簡報')).toBe('本期简报');
    expect(canonical('數位領導對簡報作出批示')).toBe('数位领导对简报作出批示');
    // The phrase table still applies elsewhere.
    expect(simplifyText('軟體資訊')).toBe('软件信息');
  });

  it('ignores full/half width and case', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(asciiAlnum, hanzi, punctuation), { maxLength: 60 }).map((a) => a.join('')), (s) => {
        expect(canonical(fullWidth(s))).toBe(canonical(s));
        expect(canonical(s.toUpperCase())).toBe(canonical(s.toLowerCase()));
      }),
      { numRuns: 300 },
    );
  });
});

describe('similarity: properties', () => {
  /** Article-like text: long runs of hanzi with some punctuation. */
  const articleText = fc.array(fc.oneof(hanzi, hanzi, hanzi, punctuation), { minLength: 0, maxLength: 200 }).map((a) => a.join(''));

  it('is symmetric and bounded for any two texts', () => {
    fc.assert(
      fc.property(fc.oneof(articleText, anyText), fc.oneof(articleText, anyText), (x, y) => {
        const a = prepare(x);
        const b = prepare(y);
        const ab = compare(a, b);
        const ba = compare(b, a);
        for (const v of [ab.jaccard, ab.containment, ab.score]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(ab.score).toBeGreaterThanOrEqual(Math.max(ab.jaccard, ab.containment) - 1e-12);
        expect(ba.jaccard).toBeCloseTo(ab.jaccard, 12);
        expect(ba.containment).toBeCloseTo(ab.containment, 12);
        expect(ba.score).toBeCloseTo(ab.score, 12);
        expect(ba.longestPassage).toBe(ab.longestPassage);
        expect(ba.passagesA).toEqual(ab.passagesB);
        expect(ba.passagesB).toEqual(ab.passagesA);
        // Passages are ranges of the original texts.
        for (const [s, e] of ab.passagesA) expect(0 <= s && s < e && e <= x.length).toBe(true);
        for (const [s, e] of ab.passagesB) expect(0 <= s && s < e && e <= y.length).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('scores a text against itself (and its Traditional form) as 1 once it has something of its own', () => {
    fc.assert(
      fc.property(articleText, (x) => {
        const a = prepare(x);
        fc.pre(a.set.size > 0);
        const self = compare(a, prepare(x));
        expect(self.jaccard).toBe(1);
        expect(self.score).toBe(1);
        const trad = compare(a, prepare(toTraditional(x)));
        expect(trad.score).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('adding text that shares nothing never raises Jaccard resemblance', () => {
    fc.assert(
      fc.property(articleText, articleText, (x, extra) => {
        const base = prepare(x);
        fc.pre(base.set.size > 0);
        const padded = prepare(`${x}${'甲乙丙丁戊己庚辛壬癸'.repeat(1)}${extra}`);
        expect(compare(base, padded).jaccard).toBeLessThanOrEqual(1);
        expect(compare(base, prepare(x)).jaccard).toBeGreaterThanOrEqual(compare(base, padded).jaccard);
      }),
      { numRuns: 100 },
    );
  });
});
