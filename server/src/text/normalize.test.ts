import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonical, normalizeText, toOriginalRange } from './normalize.js';

describe('normalizeText', () => {
  it('folds Traditional to Simplified, full width to half width, drops punctuation and white space', () => {
    expect(canonical('我市高度重視安全生產工作，緊緊圍繞發展目標。')).toBe('我市高度重视安全生产工作紧紧围绕发展目标');
    expect(canonical('ＡＢＣ１２３　abc 4 5')).toBe('abc123abc45');
    expect(canonical('“十四五”规划（2021—2025年）！')).toBe('十四五规划20212025年');
    expect(canonical(' \n\t、，。；：？！…—')).toBe('');
  });

  it('gives the same canonical text for Simplified and Traditional versions of one article', () => {
    expect(canonical('裡面的臺灣資訊軟體，後來發展。')).toBe('里面的台湾信息软件后来发展');
  });

  it('maps a canonical range back to the original characters', () => {
    const original = '一、  高度重視：“安全生產”工作！';
    const n = normalizeText(original);
    const at = n.text.indexOf('安全生产');
    const [s, e] = toOriginalRange(n, at, at + 4);
    expect(original.slice(s, e)).toBe('安全生產');
  });

  it('keeps characters outside the BMP whole when mapping back', () => {
    const original = '𠀀甲，乙𠀁';
    const n = normalizeText(original);
    expect(n.text).toBe('𠀀甲乙𠀁');
    const [s, e] = toOriginalRange(n, n.text.length - 2, n.text.length);
    expect(original.slice(s, e)).toBe('𠀁');
  });

  it('offset map: monotone, in bounds, and every kept character maps to an original that folds to it', () => {
    const alphabet = fc.constantFrom(...'我市高度重視安全生产產工作，。、“”（）ＡＢａｂ12１２ \n\t裡里台臺𠀀!?'.split(/(?:)/u));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (original) => {
        const n = normalizeText(original);
        expect(n.offsets.length).toBe(n.text.length);
        expect(n.ends.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.offsets[i]).toBeGreaterThanOrEqual(0);
          expect(n.ends[i]).toBeLessThanOrEqual(original.length);
          expect(n.offsets[i]).toBeLessThan(n.ends[i]!);
          if (i > 0) expect(n.offsets[i]).toBeGreaterThanOrEqual(n.offsets[i - 1]!);
          // The original slice folds back to (a string containing) this canonical character.
          expect(canonical(original.slice(n.offsets[i], n.ends[i]))).toContain(n.text[i]);
        }
        // Any canonical range maps to an original range whose canonical form is exactly that range.
        if (n.text.length) {
          const a = Math.floor(n.text.length / 3);
          const b = n.text.length - a;
          const lowSurrogate = (i: number) => /[\udc00-\udfff]/.test(n.text[i] ?? '');
          if (b > a && !lowSurrogate(a) && !lowSurrogate(b)) {
            const [s, e] = toOriginalRange(n, a, b);
            expect(canonical(original.slice(s, e))).toBe(n.text.slice(a, b));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const once = canonical(s);
        expect(canonical(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
