import { forwardRef, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import { formatFigure, type TNoticeFigure } from '@baosong/contract';

/**
 * One paragraph's words, editable in place, with its figures as atomic marks: the text around them is the editor's,
 * each figure is a non-editable chip that shows the current value and names the query behind it (its title), and
 * the text is handed back with the {{name}} placeholders the server keeps. Uncontrolled: the DOM is rebuilt only
 * when the stored paragraph changes (after a save or refresh), never while the editor types.
 */
export interface FigureTextHandle {
  insertFigure(name: string): void;
  focus(): void;
}

interface Props {
  /** Text with {{name}} placeholders. */
  text: string;
  figures: Record<string, TNoticeFigure>;
  /** Rebuild the DOM when this changes (the stored version). */
  version: string;
  changed: ReadonlySet<string>;
  describe(name: string, f: TNoticeFigure): string;
  onChange(text: string): void;
  onFocus?(): void;
  testId?: string;
}

const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;

function chip(doc: Document, name: string, f: TNoticeFigure | undefined, changed: boolean, describe: Props['describe']): HTMLElement {
  const el = doc.createElement('span');
  el.contentEditable = 'false';
  el.dataset.fig = name;
  el.className = f ? (changed ? 'nfig nfig-changed' : 'nfig') : 'nfig nfig-missing';
  el.textContent = f ? formatFigure(f) : `{{${name}}}`;
  if (f) el.title = describe(name, f);
  return el;
}

function build(root: HTMLElement, text: string, figures: Props['figures'], changed: ReadonlySet<string>, describe: Props['describe']) {
  root.replaceChildren();
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) root.append(text.slice(last, m.index));
    root.append(chip(root.ownerDocument, m[1]!, figures[m[1]!], changed.has(m[1]!), describe));
    last = m.index + m[0].length;
  }
  if (last < text.length) root.append(text.slice(last));
}

/** The DOM back to text: chips become placeholders, everything else its characters (line breaks dropped). */
export function serialise(node: Node): string {
  let out = '';
  node.childNodes.forEach((c) => {
    if (c.nodeType === Node.TEXT_NODE) out += (c.textContent ?? '').replace(/\n/g, '');
    else if (c instanceof HTMLElement) {
      if (c.dataset.fig) out += `{{${c.dataset.fig}}}`;
      else if (c.tagName !== 'BR') out += serialise(c);
    }
  });
  return out;
}

export const FigureText = forwardRef<FigureTextHandle, Props>(function FigureText(props, ref) {
  const el = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const savedRange = useRef<Range | null>(null);

  const changedKey = [...props.changed].sort().join(',');
  useLayoutEffect(() => {
    const p = latest.current;
    if (el.current) build(el.current, p.text, p.figures, p.changed, p.describe);
  }, [props.version, changedKey]);

  const emit = () => {
    if (el.current) latest.current.onChange(serialise(el.current));
  };
  const remember = () => {
    const sel = window.getSelection();
    if (sel?.rangeCount && el.current?.contains(sel.anchorNode)) savedRange.current = sel.getRangeAt(0).cloneRange();
  };

  useImperativeHandle(ref, () => ({
    focus: () => el.current?.focus(),
    insertFigure(name) {
      const root = el.current;
      if (!root) return;
      const f = latest.current.figures[name];
      const node = chip(root.ownerDocument, name, f, false, latest.current.describe);
      const range = savedRange.current && root.contains(savedRange.current.startContainer) ? savedRange.current : null;
      if (range) {
        range.deleteContents();
        range.insertNode(node);
      } else root.append(node);
      const after = document.createRange();
      after.setStartAfter(node);
      after.collapse(true);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(after);
      savedRange.current = after.cloneRange();
      emit();
    },
  }));

  return (
    <div
      ref={el}
      className="notice-para notice-edit-para"
      contentEditable
      suppressContentEditableWarning
      spellCheck={false}
      role="textbox"
      aria-multiline="false"
      data-testid={props.testId}
      onInput={emit}
      onFocus={() => latest.current.onFocus?.()}
      onKeyUp={remember}
      onMouseUp={remember}
      onBlur={remember}
      onKeyDown={(e) => {
        // A paragraph is one paragraph: Enter would only smuggle in line breaks.
        if (e.key === 'Enter') e.preventDefault();
      }}
      onPaste={(e) => {
        // Plain text only: pasted formatting or markup never reaches the notice.
        e.preventDefault();
        const text = e.clipboardData.getData('text/plain').replace(/\s*\n\s*/g, '');
        document.execCommand('insertText', false, text);
      }}
      onDrop={(e) => e.preventDefault()}
    />
  );
});
