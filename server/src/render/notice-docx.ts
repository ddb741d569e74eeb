import { AlignmentType, BorderStyle, Document, LineRuleType, Packer, Paragraph, type FileChild } from 'docx';
import { formatDocNumber, renderNoticeParagraph, type TDocNumber, type TNoticeContent } from '@baosong/contract';
import {
  charTwips,
  chineseDate,
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
  type Style,
} from './gbt9704.js';

/**
 * The notice (通报) as a GB/T 9704-2012 red-header document (红头文件): the issuing office's mark in red 小标宋 with
 * 文件, the document number 〔2015〕N号 under it, the red rule; the title in 小标宋 2号, the addressees, the body in
 * 仿宋 3号 with 一、 headings in 黑体, the signature and date, and the 版记 with 抄送 and the 印发 line. Pure: data in,
 * bytes out.
 */
export interface NoticeDocInput {
  content: TNoticeContent;
  docNumber: TDocNumber | null;
  /** 发文机关标志, e.g. 沧州市人民政府办公室文件; the issuing office with 文件 when not given. */
  mark?: string | null;
  /** 印发机关 and 印发日期 of the 版记; the issuing office and the notice's date when not given. */
  printedBy?: string | null;
  printedOn?: string | null;
}

const BODY: Style = { face: 'fangsong', size: SIZE.san };
const ONE = charTwips(SIZE.san);

function header(input: NoticeDocInput): Paragraph[] {
  const mark = (input.mark ?? '').trim() || `${input.content.issuingOffice.trim()}文件`;
  // As large as the mark fits on one line, at most 2× 初号 (GB/T 9704 leaves its size to the office), at least 2号.
  const chars = Math.max(1, [...mark].length);
  const size = Math.max(SIZE.er, Math.min(104, Math.floor((TEXT_WIDTH / 10 / chars) * 0.95)));
  return [
    // 版头 starts 35 mm from the top edge: the margin is 37 mm, so no space before.
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: size * 15, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      children: [run(mark, { face: 'xiaobiaosong', size }, { color: RED })],
    }),
    // Two blank lines, then the number centred, then the red rule 4 mm under it.
    new Paragraph({ spacing: spacing(LINE) }),
    new Paragraph({ spacing: spacing(LINE) }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: spacing(LINE),
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 11 } },
      children: input.docNumber ? [run(formatDocNumber(input.docNumber), BODY)] : [],
    }),
  ];
}

function title(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    // The title two lines under the red rule, the addressees one line under the title.
    spacing: { line: 720, lineRule: LineRuleType.EXACT, before: 2 * LINE, after: LINE },
    children: [run(text.trim(), { face: 'xiaobiaosong', size: SIZE.er })],
  });
}

function bodyParagraph(text: string, face: Style['face'] = 'fangsong', keepNext = false): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.BOTH,
    widowControl: false,
    keepNext,
    spacing: spacing(LINE),
    indent: { firstLine: 2 * ONE, firstLineChars: 200 },
    children: [run(text, { ...BODY, face })],
  });
}

/** Width of text in characters of 3号, Latin digits counting half. */
const widthChars = (s: string): number => [...s].reduce((n, c) => n + (/[\x20-\x7e]/.test(c) ? 0.5 : 1), 0);

/**
 * 发文机关署名 and 成文日期: the date 4 characters in from the right, the signature centred over the date (GB/T 9704
 * 7.3.5.2, a document without a seal). Two blank lines after the body.
 */
function signature(office: string, date: string): Paragraph[] {
  const dateText = chineseDate(date);
  const dateRight = 4;
  const sigRight = Math.max(0, dateRight + (widthChars(dateText) - widthChars(office)) / 2);
  const right = (chars: number): { right: number } => ({ right: Math.round(chars * ONE) });
  // Kept with the text before it: a signature never stands alone on a page (GB/T 9704 7.3.5.4).
  return [
    new Paragraph({ spacing: spacing(LINE), keepNext: true }),
    new Paragraph({ spacing: spacing(LINE), keepNext: true }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: spacing(LINE), indent: right(sigRight), keepNext: true, children: [run(office.trim(), BODY)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: spacing(LINE), indent: right(dateRight), children: [run(dateText, BODY)] }),
  ];
}

export async function renderNoticeDocx(input: NoticeDocInput): Promise<Buffer> {
  const { content } = input;
  const children: FileChild[] = [...header(input), title(content.title)];
  if (content.addressees.trim()) {
    children.push(
      new Paragraph({ spacing: spacing(LINE), children: [run(`${content.addressees.trim().replace(/[：:]$/, '')}：`, BODY)] }),
    );
  }
  const lines = content.sections.flatMap((section) => [
    { text: section.heading.trim(), heading: true },
    ...section.paragraphs.flatMap((p) =>
      renderNoticeParagraph(p)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((text) => ({ text, heading: false })),
    ),
  ]);
  lines.forEach((l, i) => children.push(bodyParagraph(l.text, l.heading ? 'heiti' : 'fangsong', l.heading || i === lines.length - 1)));
  children.push(...signature(content.issuingOffice, content.date));
  children.push(
    new Paragraph({ spacing: spacing(LINE) }),
    recordBlock([['抄送', content.copyTo]], (input.printedBy ?? '').trim() || content.issuingOffice, input.printedOn ?? content.date),
    endParagraph(),
  );

  const doc = new Document({
    title: content.title,
    creator: content.issuingOffice,
    evenAndOddHeaderAndFooters: true,
    styles: DOCUMENT_STYLES,
    sections: [{ ...sectionPage(), children }],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
