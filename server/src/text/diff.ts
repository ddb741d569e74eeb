import { diffArrays, diffChars } from 'diff';

/**
 * Character-level differences between two versions of a text, for showing an editor's changes. Characters are
 * Unicode code points (CJK extension characters never split). Ops: -1 only in a, 1 only in b, 0 in both.
 */
export type DiffOp = [-1 | 0 | 1, string];

/**
 * Myers' algorithm costs about (length of both texts) × (number of edits). Beyond an edit budget that keeps this
 * well under a second the texts are too different for a character diff to help, and the stretch is shown as
 * replaced.
 */
const WORK_BUDGET = 20_000_000;
const editBudget = (a: string, b: string): number => Math.min(4000, Math.max(200, Math.floor(WORK_BUDGET / (a.length + b.length))));
/** Texts longer than this are first compared paragraph by paragraph, then character by character inside changes. */
const LINE_MODE_THRESHOLD = 5000;

function charDiff(a: string, b: string): DiffOp[] {
  if (a === b) return a ? [[0, a]] : [];
  if (!a) return [[1, b]];
  if (!b) return [[-1, a]];
  const changes = diffChars(a, b, { maxEditLength: editBudget(a, b) });
  if (!changes) return [[-1, a], [1, b]];
  return changes.map((c): DiffOp => [c.added ? 1 : c.removed ? -1 : 0, c.value]);
}

function splitLinesKeepEnds(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Paragraph-level diff, refined to characters inside each changed stretch (diff-match-patch's "line mode"). */
function lineModeDiff(a: string, b: string): DiffOp[] {
  const changes = diffArrays(splitLinesKeepEnds(a), splitLinesKeepEnds(b));
  const ops: DiffOp[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed || added) ops.push(...charDiff(removed, added));
    removed = '';
    added = '';
  };
  for (const c of changes) {
    const text = c.value.join('');
    if (c.removed) removed += text;
    else if (c.added) added += text;
    else {
      flush();
      ops.push([0, text]);
    }
  }
  flush();
  return ops;
}

/** Merges neighbours of the same kind and orders each run of changes as one deletion followed by one insertion. */
function normalise(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push([-1, del]);
    if (ins) out.push([1, ins]);
    del = '';
    ins = '';
  };
  for (const [op, text] of ops) {
    if (!text) continue;
    if (op === -1) del += text;
    else if (op === 1) ins += text;
    else {
      flush();
      const last = out.at(-1);
      if (last && last[0] === 0) last[1] += text;
      else out.push([0, text]);
    }
  }
  flush();
  return out;
}

const lengthOf = (s: string): number => [...s].length;

/**
 * Semantic cleanup (after diff-match-patch's cleanupSemantic, first pass): an unchanged stretch no longer than the
 * changes on both sides of it is folded into them, so a rewritten phrase reads as one replacement instead of a
 * confetti of single characters that happen to coincide.
 */
function cleanupSemantic(input: DiffOp[]): DiffOp[] {
  let ops = normalise(input);
  for (let i = 0; i < ops.length; i++) {
    const [op, text] = ops[i]!;
    if (op !== 0) continue;
    let beforeDel = 0;
    let beforeIns = 0;
    let j = i - 1;
    for (; j >= 0 && ops[j]![0] !== 0; j--) {
      if (ops[j]![0] === -1) beforeDel += lengthOf(ops[j]![1]);
      else beforeIns += lengthOf(ops[j]![1]);
    }
    /** The previous unchanged stretch, which the merge may make foldable in turn. */
    const previousEqual = j;
    let afterDel = 0;
    let afterIns = 0;
    for (let k = i + 1; k < ops.length && ops[k]![0] !== 0; k++) {
      if (ops[k]![0] === -1) afterDel += lengthOf(ops[k]![1]);
      else afterIns += lengthOf(ops[k]![1]);
    }
    const len = lengthOf(text);
    const hasBefore = beforeDel + beforeIns > 0;
    const hasAfter = afterDel + afterIns > 0;
    if (hasBefore && hasAfter && len <= Math.max(beforeDel, beforeIns) && len <= Math.max(afterDel, afterIns)) {
      ops = normalise([...ops.slice(0, i), [-1, text], [1, text], ...ops.slice(i + 1)]);
      // Everything up to previousEqual is unchanged by the merge; look at it again next.
      i = Math.max(previousEqual, 0) - 1;
    }
  }
  return ops;
}

export function diffText(a: string, b: string): DiffOp[] {
  if (a === b) return a ? [[0, a]] : [];
  const raw = a.length + b.length > LINE_MODE_THRESHOLD && a.includes('\n') && b.includes('\n') ? lineModeDiff(a, b) : charDiff(a, b);
  return cleanupSemantic(raw);
}
