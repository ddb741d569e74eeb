import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { Parser } from 'htmlparser2';
import {
  charTwips,
  chineseDate,
  chineseNumber,
  DOCUMENT_STYLES,
  endParagraph,
  fontTableXml,
  LINE,
  recordBlock,
  RED,
  run,
  sectionPage,
  SIZE,
  spacing,
  TEXT_WIDTH,
  TEXT_WIDTH_PX,
  type Style,
} from './gbt9704.js';

export { chineseDate, chineseNumber };

/**
 * One periodical issue (一期内部刊物) as a Word document laid out like a Chinese internal briefing under the
 * GB/T 9704-2012 conventions: A4, 版心 156 × 225 mm (22 lines of 28 characters), red masthead and rule, titles in
 * 小标宋, body in 仿宋 3号 with exact line spacing, "— N —" page numbers outside on odd and even pages, and the
 * 报/送/发 block between rules at the end. Pure: data in, bytes out.
 */

export interface IssueDocInput {
  publication: {
    name: string;
    compilingUnit: string;
    kind: 'routine' | 'special' | 'leaders_reference' | 'supplement';
    distribution: { bao: string; song: string; fa: string };
  };
  issue: {
    year: number;
    number: number;
    totalNumber: number;
    /** YYYY-MM-DD */
    date: string;
    editorNote: string | null;
    supplement: boolean;
    erratumOf: { year: number; number: number } | null;
  };
  items: Array<{ kind: 'heading'; text: string } | { kind: 'piece'; title: string; bodyHtml: string; sources: string[] }>;
  /** Bytes of pictures referenced in bodies as /api/attachments/<id>/content, by id. */
  images: Map<number, { data: Buffer; mime: string }>;
}

const collapse = (s: string): string => s.replace(/[ \t\r\n\f]+/g, ' ');

// ---------- paragraph builders ----------

interface Flow {
  style: Style;
  /** Exact line height in twips, or null for single spacing (pictures). */
  line: number | null;
  firstLineChars: number;
  /** Left indent in characters of the flow's size. */
  indentChars: number;
  align: (typeof AlignmentType)[keyof typeof AlignmentType];
  /** Width available to pictures and tables, in twips. */
  width: number;
}

function flowParagraph(children: ParagraphChild[], flow: Flow): Paragraph {
  return new Paragraph({
    children,
    // Government documents fill every page to its 22 lines: no widow and orphan control.
    widowControl: false,
    alignment: flow.align,
    spacing: spacing(flow.line),
    indent: {
      left: flow.indentChars ? flow.indentChars * charTwips(flow.style.size) : undefined,
      firstLine: flow.firstLineChars ? flow.firstLineChars * charTwips(flow.style.size) : undefined,
      firstLineChars: flow.firstLineChars ? flow.firstLineChars * 100 : undefined,
    },
  });
}

// ---------- a small HTML tree ----------

interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
type HtmlNode = HtmlElement | string;

function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el: HtmlElement = { tag: name, attrs, children: [] };
        stack[stack.length - 1]!.children.push(el);
        stack.push(el);
      },
      ontext(text) {
        stack[stack.length - 1]!.children.push(text);
      },
      onclosetag(name) {
        // htmlparser2 closes void and implied elements itself; pop to the element being closed.
        for (let i = stack.length - 1; i > 0; i--) {
          if (stack[i]!.tag === name) {
            stack.length = i;
            break;
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return root;
}

const BLOCK_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tfoot', 'tr']);

const textOf = (node: HtmlNode): string => (typeof node === 'string' ? node : node.children.map(textOf).join(''));

// ---------- pictures ----------

interface Picture {
  type: 'png' | 'jpg' | 'gif';
  data: Buffer;
  width: number;
  height: number;
}

/** Type and pixel size from the bytes themselves (PNG, JPEG, GIF), or null. */
export function pictureSize(data: Buffer): Omit<Picture, 'data'> | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString('latin1', 12, 16) === 'IHDR') {
    return { type: 'png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 10 && data.toString('latin1', 0, 4) === 'GIF8') {
    return { type: 'gif', width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) {
    let p = 2;
    while (p + 9 < data.length) {
      if (data[p] !== 0xff) return null;
      const marker = data[p + 1]!;
      if (marker === 0xff) {
        p += 1; // fill byte
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        p += 2;
        continue;
      }
      const length = data.readUInt16BE(p + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpg', height: data.readUInt16BE(p + 5), width: data.readUInt16BE(p + 7) };
      }
      p += 2 + length;
    }
  }
  return null;
}

const ATTACHMENT_SRC = /^\/api\/attachments\/(\d{1,15})\/content$/;
const DATA_SRC = /^data:image\/[a-z]+;base64,([A-Za-z0-9+/]+={0,2})$/;

function loadPicture(src: string | undefined, images: IssueDocInput['images']): Picture | null {
  if (!src) return null;
  let data: Buffer | undefined;
  const att = ATTACHMENT_SRC.exec(src.trim());
  if (att) data = images.get(Number(att[1]))?.data;
  const inline = DATA_SRC.exec(src.trim());
  if (inline) data = Buffer.from(inline[1]!, 'base64');
  if (!data) return null;
  const size = pictureSize(data);
  if (!size || size.width <= 0 || size.height <= 0) return null;
  return { ...size, data };
}

function pictureParagraph(pic: Picture, attrs: Record<string, string>, flow: Flow): Paragraph {
  const maxWidth = Math.min(Math.floor(flow.width / 15), TEXT_WIDTH_PX);
  const asked = Number(attrs.width);
  let width = Number.isFinite(asked) && asked > 0 ? Math.min(asked, pic.width * 4) : pic.width;
  width = Math.min(width, maxWidth);
  const height = Math.max(1, Math.round((width * pic.height) / pic.width));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: spacing(null, 60, 60),
    children: [
      new ImageRun({
        type: pic.type,
        data: pic.data,
        transformation: { width: Math.round(width), height },
        altText: attrs.alt ? { name: attrs.alt, description: attrs.alt } : undefined,
      }),
    ],
  });
}

// ---------- HTML bodies to Word content ----------

interface Marks {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  strike?: boolean;
  superScript?: boolean;
  subScript?: boolean;
}

type Inline = { kind: 'text'; text: string; marks: Marks } | { kind: 'break' } | { kind: 'picture'; el: HtmlElement };

const MARK_OF: Record<string, keyof Marks> = {
  strong: 'bold',
  em: 'italics',
  u: 'underline',
  s: 'strike',
  sup: 'superScript',
  sub: 'subScript',
};

/** Heading levels of a piece's body: h2 一、 h3 （一） h4 1. */
interface Counters {
  h2: number;
  h3: number;
  h4: number;
}

const NUMBERED = {
  h2: /^\s*[一二三四五六七八九十百]+\s*(?:[、.．]|是)/,
  h3: /^\s*[（(]\s*[一二三四五六七八九十百]+\s*[）)]/,
  h4: /^\s*\d+\s*[.．、]/,
};

class BodyWriter {
  private counters: Counters = { h2: 0, h3: 0, h4: 0 };
  /** A list item's number or bullet, put before the next paragraph written. */
  private pendingPrefix: string | null = null;

  constructor(private readonly images: IssueDocInput['images']) {}

  write(html: string, flow: Flow): FileChild[] {
    this.counters = { h2: 0, h3: 0, h4: 0 };
    const out: FileChild[] = [];
    this.flow(parseHtml(html).children, flow, out);
    return out;
  }

  /** Block and inline children: runs of inline content become paragraphs, blocks are written in turn. */
  private flow(nodes: HtmlNode[], flow: Flow, out: FileChild[]): void {
    let inline: HtmlNode[] = [];
    const flush = (): void => {
      if (inline.length) this.paragraphs(inline, flow, out);
      inline = [];
    };
    for (const node of nodes) {
      if (typeof node === 'string' || !BLOCK_TAGS.has(node.tag)) {
        inline.push(node);
        continue;
      }
      flush();
      this.block(node, flow, out);
    }
    flush();
  }

  private block(el: HtmlElement, flow: Flow, out: FileChild[]): void {
    switch (el.tag) {
      case 'p':
      case 'li':
        this.flow(el.children, flow, out);
        return;
      case 'h2':
      case 'h3':
      case 'h4':
        this.heading(el, flow, out);
        return;
      case 'ul':
      case 'ol':
        this.list(el, flow, out, 0);
        return;
      case 'blockquote':
        this.flow(el.children, { ...flow, style: { ...flow.style, face: 'kaiti' } }, out);
        return;
      case 'table':
      case 'thead':
      case 'tbody':
      case 'tfoot':
      case 'tr':
        this.table(el, flow, out);
        return;
    }
  }

  private heading(el: HtmlElement, flow: Flow, out: FileChild[]): void {
    const text = collapse(textOf(el)).trim();
    if (!text) return;
    const level = el.tag as 'h2' | 'h3' | 'h4';
    const c = this.counters;
    if (level === 'h2') Object.assign(c, { h2: c.h2 + 1, h3: 0, h4: 0 });
    else if (level === 'h3') Object.assign(c, { h3: c.h3 + 1, h4: 0 });
    else c.h4 += 1;
    // Number the heading only when its author did not: Word imports lose automatic numbers.
    const prefix = NUMBERED[level].test(text)
      ? ''
      : level === 'h2'
        ? `${chineseNumber(c.h2)}、`
        : level === 'h3'
          ? `（${chineseNumber(c.h3)}）`
          : `${c.h4}.`;
    const style: Style =
      level === 'h2'
        ? { face: 'heiti', size: flow.style.size }
        : level === 'h3'
          ? { face: 'kaiti', size: flow.style.size }
          : { face: 'fangsong', size: flow.style.size, bold: true };
    out.push(
      new Paragraph({
        children: [run(prefix + text, style)],
        alignment: AlignmentType.BOTH,
        spacing: spacing(flow.line),
        indent: { firstLine: 2 * charTwips(style.size), firstLineChars: 200 },
        keepNext: true,
      }),
    );
  }

  private list(el: HtmlElement, flow: Flow, out: FileChild[], depth: number): void {
    let n = 0;
    for (const child of el.children) {
      if (typeof child === 'string' || child.tag !== 'li') continue;
      n += 1;
      const prefix = el.tag === 'ol' ? (depth === 0 ? `${n}.` : `（${n}）`) : depth === 0 ? '• ' : '◦ ';
      const itemFlow: Flow = { ...flow, indentChars: flow.indentChars + depth * 2 };
      this.pendingPrefix = prefix;
      let inline: HtmlNode[] = [];
      const flush = (): void => {
        if (inline.length) this.paragraphs(inline, itemFlow, out);
        inline = [];
      };
      for (const node of child.children) {
        if (typeof node !== 'string' && (node.tag === 'ul' || node.tag === 'ol')) {
          flush();
          this.pendingPrefix = null;
          this.list(node, flow, out, depth + 1);
        } else if (typeof node !== 'string' && BLOCK_TAGS.has(node.tag)) {
          flush();
          this.block(node, itemFlow, out);
        } else {
          inline.push(node);
        }
      }
      flush();
      this.pendingPrefix = null;
    }
  }

  /** Inline nodes to one or more paragraphs: each picture gets a centred paragraph of its own. */
  private paragraphs(nodes: HtmlNode[], flow: Flow, out: FileChild[]): void {
    const items: Inline[] = [];
    const walk = (node: HtmlNode, marks: Marks): void => {
      if (typeof node === 'string') {
        items.push({ kind: 'text', text: collapse(node), marks });
        return;
      }
      if (node.tag === 'br') items.push({ kind: 'break' });
      else if (node.tag === 'img') items.push({ kind: 'picture', el: node });
      else {
        const mark = MARK_OF[node.tag];
        const inner = mark ? { ...marks, [mark]: true } : marks;
        for (const child of node.children) walk(child, inner);
      }
    };
    for (const node of nodes) walk(node, {});

    let current: Inline[] = [];
    const emit = (): void => {
      const runs = this.runs(current, flow.style);
      current = [];
      if (!runs.length) return;
      if (this.pendingPrefix !== null) {
        runs.unshift(run(this.pendingPrefix, flow.style));
        this.pendingPrefix = null;
      }
      out.push(flowParagraph(runs, flow));
    };
    for (const item of items) {
      if (item.kind !== 'picture') {
        current.push(item);
        continue;
      }
      emit();
      const pic = loadPicture(item.el.attrs.src, this.images);
      if (pic) out.push(pictureParagraph(pic, item.el.attrs, flow));
    }
    emit();
  }

  private runs(items: Inline[], style: Style): TextRun[] {
    // White space at the ends of lines goes, as a browser drops it; so do line breaks at the paragraph's end.
    const parts = items.map((i) => ({ ...i }));
    let lastChar = '';
    for (const p of parts) {
      if (p.kind === 'break') lastChar = '';
      else if (p.kind === 'text') {
        if (lastChar === '' || lastChar === ' ') p.text = p.text.replace(/^ /, '');
        if (p.text) lastChar = p.text.slice(-1);
      }
    }
    let atLineEnd = true;
    for (let k = parts.length - 1; k >= 0; k--) {
      const p = parts[k]!;
      if (p.kind === 'break') atLineEnd = true;
      else if (p.kind === 'text' && atLineEnd) {
        p.text = p.text.replace(/ $/, '');
        if (p.text) atLineEnd = false;
      }
    }
    const kept = parts.filter((p) => p.kind !== 'text' || p.text !== '');
    while (kept.length && kept[kept.length - 1]!.kind === 'break') kept.pop();
    if (!kept.some((p) => p.kind === 'text')) return [];
    return kept.map((p) => {
      if (p.kind !== 'text') return new TextRun({ break: 1 });
      const { underline, ...marks } = p.marks;
      return run(p.text, { ...style, bold: style.bold || marks.bold }, { ...marks, underline: underline ? {} : undefined });
    });
  }

  private table(el: HtmlElement, flow: Flow, out: FileChild[]): void {
    const rows: HtmlElement[] = [];
    const collect = (e: HtmlElement): void => {
      for (const c of e.children) {
        if (typeof c === 'string') continue;
        if (c.tag === 'tr') rows.push(c);
        else if (c.tag === 'thead' || c.tag === 'tbody' || c.tag === 'tfoot') collect(c);
      }
    };
    if (el.tag === 'tr') rows.push(el);
    else collect(el);
    const grid = rows.map((r) =>
      r.children.filter((c): c is HtmlElement => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th')),
    );
    if (!grid.some((cells) => cells.length)) return;

    // Lay the cells on a grid to count the columns, honouring row spans from rows above.
    const span = (v: string | undefined, max: number): number => Math.max(1, Math.min(max, Math.floor(Number(v)) || 1));
    const covered: number[] = []; // per column: rows still covered by a cell above
    let columns = 0;
    const spans = grid.map((cells, r) => {
      let col = 0;
      const result = cells.map((cell) => {
        while ((covered[col] ?? 0) > 0) col++;
        const colSpan = span(cell.attrs.colspan, 63);
        const rowSpan = span(cell.attrs.rowspan, rows.length - r);
        for (let k = 0; k < colSpan; k++) covered[col + k] = rowSpan;
        col += colSpan;
        return { colSpan, rowSpan };
      });
      columns = Math.max(columns, col, covered.length);
      for (let k = 0; k < covered.length; k++) covered[k] = Math.max(0, (covered[k] ?? 0) - 1);
      return result;
    });

    const width = flow.width;
    const colWidth = Math.floor(width / columns);
    const cellStyle: Style = { face: flow.style.face, size: SIZE.si };
    const cellFlow: Flow = {
      style: cellStyle,
      line: 400,
      firstLineChars: 0,
      indentChars: 0,
      align: AlignmentType.LEFT,
      width: colWidth - 216,
    };
    const border: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
    const tableRows = grid.map(
      (cells, r) =>
        new TableRow({
          tableHeader: rows[r]!.children.length > 0 && cells.every((c) => c.tag === 'th'),
          cantSplit: true,
          children: cells.map((cell, i) => {
            const { colSpan, rowSpan } = spans[r]![i]!;
            const isHead = cell.tag === 'th';
            const content: FileChild[] = [];
            this.flow(
              cell.children,
              {
                ...cellFlow,
                style: { ...cellStyle, bold: isHead },
                align: isHead ? AlignmentType.CENTER : AlignmentType.LEFT,
                width: colWidth * colSpan - 216,
              },
              content,
            );
            const children = content.filter((c): c is Paragraph | Table => c instanceof Paragraph || c instanceof Table);
            return new TableCell({
              children: children.length ? children : [new Paragraph({ spacing: spacing(400) })],
              columnSpan: colSpan > 1 ? colSpan : undefined,
              rowSpan: rowSpan > 1 ? rowSpan : undefined,
              verticalAlign: VerticalAlignTable.CENTER,
              width: { size: colWidth * colSpan, type: WidthType.DXA },
            });
          }),
        }),
    );
    out.push(
      new Table({
        rows: tableRows,
        width: { size: colWidth * columns, type: WidthType.DXA },
        columnWidths: Array.from({ length: columns }, () => colWidth),
        alignment: AlignmentType.CENTER,
        borders: {
          top: border,
          bottom: border,
          left: border,
          right: border,
          insideHorizontal: border,
          insideVertical: border,
        },
      }),
    );
    // A little air between a table and the text after it.
    out.push(new Paragraph({ spacing: { line: 240, lineRule: LineRuleType.EXACT } }));
  }
}

// ---------- the issue ----------

const BODY: Flow = {
  style: { face: 'fangsong', size: SIZE.san },
  line: LINE,
  firstLineChars: 2,
  indentChars: 0,
  align: AlignmentType.BOTH,
  width: TEXT_WIDTH,
};

function masthead(input: IssueDocInput): Paragraph[] {
  const { publication: pub, issue } = input;
  const name = pub.name.trim();
  // As large as real briefings set it (42 pt); smaller for long names (down to 18 pt) so it stays on one line.
  const nameChars = Math.max(1, [...name].length);
  const nameSize = Math.max(36, Math.min(84, Math.floor((TEXT_WIDTH / 10 / nameChars) * 0.95)));
  const supplement = issue.supplement || pub.kind === 'supplement';
  const numberText = supplement ? `增刊第${issue.number}期` : `第${issue.number}期`;
  const totalText = !supplement && issue.totalNumber > 0 ? `（总第${issue.totalNumber}期）` : '';
  const body: Style = { face: 'fangsong', size: SIZE.san };

  const out = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: nameSize * 15, lineRule: LineRuleType.EXACT, before: 0, after: 240 },
      children: [run(name, { face: 'xiaobiaosong', size: nameSize }, { color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: spacing(LINE),
      children: [run(numberText, body), ...(totalText ? [run(totalText, body)] : [])],
    }),
  ];
  if (issue.erratumOf) {
    const { year, number } = issue.erratumOf;
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: spacing(LINE),
        children: [run(year === issue.year ? `（更正第${number}期）` : `（更正${year}年第${number}期）`, body)],
      }),
    );
  }
  out.push(
    new Paragraph({
      spacing: spacing(LINE, 120, 0),
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 6 } },
      children: [run(pub.compilingUnit.trim(), body), new TextRun({ children: [new Tab()] }), run(chineseDate(issue.date), body)],
    }),
  );
  return out;
}

function editorNote(note: string): Paragraph[] {
  const lines = note
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.map(
    (line, i) =>
      new Paragraph({
        alignment: AlignmentType.BOTH,
        widowControl: false,
        spacing: spacing(LINE),
        indent: { firstLine: 2 * charTwips(SIZE.san), firstLineChars: 200 },
        children: [
          ...(i === 0 ? [run('编者按：', { face: 'heiti', size: SIZE.san })] : []),
          run(line, { face: 'kaiti', size: SIZE.san }),
        ],
      }),
  );
}

function sectionHeading(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: spacing(LINE, LINE, 0),
    keepNext: true,
    children: [run(text.trim(), { face: 'heiti', size: SIZE.san })],
  });
}

function pieceTitle(title: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: 720, lineRule: LineRuleType.EXACT, before: LINE, after: LINE / 2 },
    keepNext: true,
    children: [run(title.trim(), { face: 'xiaobiaosong', size: SIZE.er })],
  });
}

function sourcesLine(sources: string[]): Paragraph | null {
  const names = sources.map((s) => s.trim()).filter(Boolean);
  if (!names.length) return null;
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: spacing(LINE),
    children: [run(`（${names.join('、')}）`, { face: 'kaiti', size: SIZE.san })],
  });
}

/** 版记: 报/送/发 lines and the 印发 line. */
function distributionBlock(input: IssueDocInput): Table {
  const { distribution, compilingUnit } = input.publication;
  return recordBlock(
    [
      ['报', distribution.bao],
      ['送', distribution.song],
      ['发', distribution.fa],
    ],
    compilingUnit,
    input.issue.date,
  );
}

export async function renderIssueDocx(input: IssueDocInput): Promise<Buffer> {
  const { publication: pub, issue } = input;
  const writer = new BodyWriter(input.images);
  const children: FileChild[] = [...masthead(input)];
  if (issue.editorNote?.trim()) {
    children.push(new Paragraph({ spacing: spacing(LINE) }), ...editorNote(issue.editorNote));
  }
  input.items.forEach((item) => {
    if (item.kind === 'heading') {
      if (item.text.trim()) children.push(sectionHeading(item.text));
      return;
    }
    children.push(pieceTitle(item.title));
    children.push(...writer.write(item.bodyHtml, BODY));
    const sources = sourcesLine(item.sources);
    if (sources) children.push(sources);
  });
  // The 版记 follows the text after a blank line. GB/T 9704 puts it at the foot of the last page, but neither a
  // floating table nor a frame anchored there is placed so by LibreOffice, and Word moves them with their anchor.
  // A document must end with a paragraph: a point-high one after the table.
  children.push(
    new Paragraph({ spacing: spacing(LINE) }),
    distributionBlock(input),
    endParagraph(),
  );

  const doc = new Document({
    title: `${pub.name}${issue.year}年第${issue.number}期`,
    creator: pub.compilingUnit,
    evenAndOddHeaderAndFooters: true,
    styles: DOCUMENT_STYLES,
    sections: [
      {
        ...sectionPage(),
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
