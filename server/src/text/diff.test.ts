import { describe, expect, it } from 'vitest';
import { diffText, type DiffOp } from './diff.js';

const sideA = (ops: DiffOp[]) => ops.filter(([op]) => op !== 1).map(([, t]) => t).join('');
const sideB = (ops: DiffOp[]) => ops.filter(([op]) => op !== -1).map(([, t]) => t).join('');

/** No empty strings, and no two neighbours of the same kind. */
function expectNormalised(ops: DiffOp[]) {
  for (const [, text] of ops) expect(text).not.toBe('');
  for (let i = 1; i < ops.length; i++) expect(ops[i]![0]).not.toBe(ops[i - 1]![0]);
}

/** A small deterministic generator (mulberry32) so failures can be reproduced. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A small alphabet makes coincidental matches common, which is where diffs go wrong.
const ALPHABET = [...'政务信息报送工作会议要求，。、\n'].concat(['𠮷', '𡈽']); // two astral-plane characters

describe('diffText', () => {
  it('returns one unchanged op for identical texts', () => {
    expect(diffText('全市政务信息工作会议召开', '全市政务信息工作会议召开')).toEqual([[0, '全市政务信息工作会议召开']]);
  });

  it('returns no ops for two empty texts, one op when one side is empty', () => {
    expect(diffText('', '')).toEqual([]);
    expect(diffText('', '新增')).toEqual([[1, '新增']]);
    expect(diffText('删除', '')).toEqual([[-1, '删除']]);
  });

  it('finds an insertion in Chinese text', () => {
    expect(diffText('全市召开信息工作会议', '全市召开政务信息工作会议')).toEqual([
      [0, '全市召开'],
      [1, '政务'],
      [0, '信息工作会议'],
    ]);
  });

  it('finds a deletion', () => {
    expect(diffText('各单位要高度重视信息报送工作', '各单位要重视信息报送工作')).toEqual([
      [0, '各单位要'],
      [-1, '高度'],
      [0, '重视信息报送工作'],
    ]);
  });

  it('finds a replacement as a deletion followed by an insertion', () => {
    expect(diffText('今天天气很好', '今天天气非常好')).toEqual([
      [0, '今天天气'],
      [-1, '很'],
      [1, '非常'],
      [0, '好'],
    ]);
  });

  it('does not split astral-plane characters', () => {
    const ops = diffText('张𠮷同志', '张𡈽同志');
    expect(ops).toEqual([
      [0, '张'],
      [-1, '𠮷'],
      [1, '𡈽'],
      [0, '同志'],
    ]);
  });

  it('shows a rewritten phrase as one replacement, not scattered single characters', () => {
    // Coincidences such as the single shared 们 or 强 are folded into the change; the shared 组织领导 stays.
    expect(diffText('我们要加强组织领导工作', '你们应该强化组织领导能力')).toEqual([
      [-1, '我们要加强'],
      [1, '你们应该强化'],
      [0, '组织领导'],
      [-1, '工作'],
      [1, '能力'],
    ]);
  });

  it('handles long multi-paragraph texts by paragraphs, then characters', () => {
    const paragraphs = Array.from({ length: 400 }, (_, i) => `第${i}段，全市政务信息工作稳步推进，报送质量持续提升。`);
    const a = paragraphs.join('\n');
    const b = paragraphs.map((p, i) => (i === 7 ? p.replace('稳步', '扎实') : i === 300 ? `${p}新增一句。` : p)).join('\n');
    const ops = diffText(a, b);
    expect(ops.filter(([op]) => op !== 0)).toEqual([
      [-1, '稳步'],
      [1, '扎实'],
      [1, '新增一句。'],
    ]);
    expect(sideA(ops)).toBe(a);
    expect(sideB(ops)).toBe(b);
  });

  it('falls back to a whole replacement for completely different long texts, quickly', () => {
    const random = rng(7);
    const text = (n: number) => Array.from({ length: n }, () => ALPHABET[Math.floor(random() * 14)]).join('');
    const a = text(20000);
    const b = text(20000);
    const started = Date.now();
    const ops = diffText(a, b);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sideA(ops)).toBe(a);
    expect(sideB(ops)).toBe(b);
  });

  it('always reconstructs both texts (property test on random CJK strings)', () => {
    const random = rng(20240315);
    const pick = () => ALPHABET[Math.floor(random() * ALPHABET.length)]!;
    const randomText = (max: number) => Array.from({ length: Math.floor(random() * max) }, pick).join('');
    const mutate = (s: string) => {
      const chars = [...s];
      const edits = Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (chars.length + 1));
        const kind = random();
        if (kind < 0.33) chars.splice(at, 0, ...randomText(5));
        else if (kind < 0.66) chars.splice(at, Math.floor(random() * 4));
        else chars.splice(at, 1, pick());
      }
      return chars.join('');
    };
    for (let round = 0; round < 500; round++) {
      const a = randomText(60);
      const b = round % 3 === 0 ? randomText(60) : mutate(a);
      const ops = diffText(a, b);
      expect(sideA(ops), `round ${round}`).toBe(a);
      expect(sideB(ops), `round ${round}`).toBe(b);
      expectNormalised(ops);
      for (const [op, t] of ops) if (op !== 0) expect(/[\ud800-\udbff]$/.test(t) || /^[\udc00-\udfff]/.test(t)).toBe(false);
    }
  });
});
