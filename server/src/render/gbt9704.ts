import {
  AlignmentType,
  BorderStyle,
  DocumentGridType,
  Footer,
  LineRuleType,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IBorderOptions,
  type IFontAttributesProperties,
  type IParagraphOptions,
  type IRunOptions,
  type ISectionOptions,
} from 'docx';

/**
 * What every GB/T 9704-2012 style document of the product shares (periodical issues, notices): A4 with the 版心 of
 * 156 × 225 mm (22 lines of 28 characters), the faces offices use, exact line spacing, Chinese numbers and dates,
 * "— N —" page numbers outside on odd and even pages.
 */

// ---------- page geometry (twips: 1/20 pt; 1 mm = 1440 / 25.4 twips) ----------

export const mm = (v: number): number => Math.round((v * 1440) / 25.4);

export const PAGE_WIDTH = 11906; // A4 210 mm
export const PAGE_HEIGHT = 16838; // A4 297 mm
export const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
export const TEXT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right; // 156 mm
/** 225 mm of text height / 22 lines = 28.95 pt. */
export const LINE = 579;
/**
 * 28 characters of 3号 (16 pt) fit the 156 mm line only 0.25 pt closer together (28 × 15.75 pt ≤ 442.2 pt), in
 * twips. Word's own way, a "lines and characters" document grid with a negative pitch, makes LibreOffice give every
 * character two grid cells (14 to a line), so body runs carry the spacing themselves and the grid sets lines only.
 */
export const BODY_TRACKING = -5;
/** A picture's width limit in pixels (96 per inch, 15 twips each). */
export const TEXT_WIDTH_PX = Math.floor(TEXT_WIDTH / 15);

/** Font sizes in half-points, by their Chinese names. */
export const SIZE = { er: 44, san: 32, si: 28 } as const;

export const RED = 'E00000';

// ---------- fonts ----------

export const LATIN = 'Times New Roman';

/** The faces offices use, with the alternative Word and WPS fall back on when a face is not installed. */
export const FACES = {
  xiaobiaosong: { name: '方正小标宋简体', alt: '宋体' },
  fangsong: { name: '仿宋_GB2312', alt: '仿宋' },
  heiti: { name: '黑体', alt: 'SimHei' },
  kaiti: { name: '楷体_GB2312', alt: '楷体' },
  songti: { name: '宋体', alt: 'SimSun' },
} as const;

export type Face = keyof typeof FACES;

export function font(face: Face, latin: string = LATIN): IFontAttributesProperties {
  // The hint makes Word set ambiguous characters (“”、—) in the East Asian face, as Chinese text expects.
  return { ascii: latin, hAnsi: latin, cs: latin, eastAsia: FACES[face].name, hint: 'eastAsia' };
}

/**
 * docx writes a font table only for embedded fonts; this one names each face with its GB2312 charset and an
 * alternative, which is what Word uses to pick a substitute for 仿宋_GB2312 and the like on machines without them.
 */
export function fontTableXml(): string {
  const entry = (name: string, alt: string | null, charset: string, family: string, pitch: string): string =>
    `<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:charset w:val="${charset}"/>` +
    `<w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entry(LATIN, null, '00', 'roman', 'variable') +
    Object.values(FACES)
      .map((f) => entry(f.name, f.alt, '86', f.name === '黑体' ? 'modern' : 'roman', 'fixed'))
      .join('') +
    entry('仿宋', 'FangSong', '86', 'modern', 'fixed') +
    entry('楷体', 'KaiTi', '86', 'modern', 'fixed') +
    '</w:fonts>'
  );
}

// ---------- small text helpers ----------

export const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 35 → 三十五 (numbering of body headings). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const units = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]!}十${units ? DIGITS[units]! : ''}`;
}

/** 2014-03-05 → 2014年3月5日 */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`issue date must be YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}


export interface Style {
  face: Face;
  /** half-points */
  size: number;
  bold?: boolean;
}


export const charTwips = (size: number): number => size * 10; // one character of `size` half-points, in twips

export function spacing(line: number | null, before = 0, after = 0): IParagraphOptions['spacing'] {
  return line === null
    ? { line: 240, lineRule: LineRuleType.AUTO, before, after }
    : { line, lineRule: LineRuleType.EXACT, before, after };
}

export function run(text: string, style: Style, extra: IRunOptions = {}): TextRun {
  const characterSpacing = style.size === SIZE.san ? BODY_TRACKING : undefined;
  return new TextRun({ text, font: font(style.face), size: style.size, bold: style.bold, characterSpacing, ...extra });
}


export function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const style: Style = { face: 'songti', size: SIZE.si };
  const songti = font('songti', FACES.songti.name);
  const one = charTwips(SIZE.si);
  return new Footer({
    children: [
      new Paragraph({
        // GB/T 9704: odd pages on the right, even pages on the left, one character in from the edge.
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: spacing(null),
        indent: side === 'odd' ? { right: one } : { left: one },
        children: [
          new TextRun({ text: '— ', font: songti, size: style.size }),
          new TextRun({ children: [PageNumber.CURRENT], font: songti, size: style.size }),
          new TextRun({ text: ' —', font: songti, size: style.size }),
        ],
      }),
    ],
  });
}

/** Page size, margins, line grid and the odd/even page numbers of a GB/T 9704 document's one section. */
export function sectionPage(): Pick<ISectionOptions, 'properties' | 'footers'> {
  return {
    properties: {
      page: {
        size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
        // The page number's line (about 6.5 mm of 4号) ends 22 mm above the paper's edge, so it starts about
        // 7 mm below the text area, as GB/T 9704 asks.
        margin: { ...MARGIN, header: mm(15), footer: mm(22), gutter: 0 },
      },
      grid: { type: DocumentGridType.LINES, linePitch: LINE },
    },
    footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
  };
}

/** Default run and paragraph properties: 仿宋 3号, exact lines. */
export const DOCUMENT_STYLES = {
  default: {
    document: {
      run: {
        font: { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia: FACES.fangsong.alt, hint: 'eastAsia' as const },
        size: SIZE.san,
        language: { value: 'en-US', eastAsia: 'zh-CN' },
      },
      paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
    },
  },
};

/** A document must end with a paragraph: a point-high one after a closing table. */
export const endParagraph = (): Paragraph => new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT }, run: { size: 2 }, children: [] });

/**
 * 版记: labelled lines (报/送/发, or 抄送) and the 印发 line (printing office left, "date印发" right) between a thick
 * top and bottom rule, a thin rule between them. Empty lines are left out.
 */
export function recordBlock(labelled: ReadonlyArray<readonly [string, string]>, printedBy: string, printedOn: string): Table {
  const style: Style = { face: 'fangsong', size: SIZE.si };
  const one = charTwips(SIZE.si);
  const lines = labelled
    .map(([label, text]) => [label, text.trim()] as const)
    .filter(([, text]) => text !== '')
    .map(([label, text]) => {
      const width = [...label].length + 1;
      return new Paragraph({
        spacing: spacing(LINE),
        // Wrapped lines line up after "报：".
        indent: { left: (width + 1) * one, hanging: width * one },
        children: [run(`${label}：${/[。；;.]$/.test(text) ? text : `${text}。`}`, style)],
      });
    });
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const thick: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 2 };
  const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 2 };
  // No indents on this line, so that its thin top rule runs the full width: full-width spaces keep the text one
  // character in from both ends.
  const printed = new Paragraph({
    spacing: spacing(LINE),
    border: lines.length ? { top: thin } : undefined,
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
    children: [run(`\u3000${printedBy.trim()}`, style), new TextRun({ children: [new Tab()] }), run(`${chineseDate(printedOn)}印发\u3000`, style)],
  });
  // One row that cannot split, so the block is never torn across two pages.
  return new Table({
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            children: [...lines, printed],
            width: { size: TEXT_WIDTH, type: WidthType.DXA },
            margins: { left: 0, right: 0, top: 40, bottom: 40 },
          }),
        ],
      }),
    ],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [TEXT_WIDTH],
    margins: { left: 0, right: 0 },
    borders: { top: thick, bottom: thick, left: none, right: none, insideHorizontal: none, insideVertical: none },
  });
}
