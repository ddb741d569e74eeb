import mammoth from 'mammoth';
import type { TLocale } from '@baosong/contract';
import { checkZipExpansion, isOleCompoundFile, isZip, readZipEntries, sniffFile } from './filetype.js';
import { sanitizeArticleHtml } from './sanitize.js';

/**
 * A Word (.docx) file to a draft: title, sanitised body HTML, and the pictures as separate buffers referenced from
 * the body as `<img src="cid:N">` so the caller can store them and rewrite the src.
 */

export type DocxImportErrorCode = 'NOT_DOCX' | 'LEGACY_DOC' | 'CORRUPT';

const ERROR_MESSAGES: Record<DocxImportErrorCode, Record<TLocale, string>> = {
  NOT_DOCX: {
    'zh-CN': '文件不是 Word 文档（.docx），请选择用 Word 或 WPS 保存的 .docx 文件',
    'zh-TW': '檔案不是 Word 文件（.docx），請選擇以 Word 或 WPS 儲存的 .docx 檔案',
    en: 'This is not a Word document (.docx); choose a .docx file saved from Word or WPS',
  },
  LEGACY_DOC: {
    'zh-CN': '这是旧版 Word（.doc）或 WPS（.wps）格式的文件，或文件设有打开密码：请在 Word 或 WPS 中取消密码并“另存为”.docx 格式后再导入',
    'zh-TW': '這是舊版 Word（.doc）或 WPS（.wps）格式的檔案，或檔案設有開啟密碼：請在 Word 或 WPS 中取消密碼並「另存新檔」為 .docx 格式後再匯入',
    en: 'This is an old Word (.doc) or WPS (.wps) file, or it is password-protected: remove the password, use "Save as" .docx in Word or WPS, then import it',
  },
  CORRUPT: {
    'zh-CN': '文件已损坏或不完整，无法读取：请在 Word 或 WPS 中打开后重新保存为 .docx 再导入',
    'zh-TW': '檔案已損壞或不完整，無法讀取：請在 Word 或 WPS 中開啟後重新儲存為 .docx 再匯入',
    en: 'The file is damaged or incomplete and cannot be read: open it in Word or WPS, save it again as .docx and retry',
  },
};

export class DocxImportError extends Error {
  constructor(
    public readonly code: DocxImportErrorCode,
    locale: TLocale = 'zh-CN',
  ) {
    super(ERROR_MESSAGES[code][locale]);
    this.name = 'DocxImportError';
  }

  /** The message in another language. */
  messageFor(locale: TLocale): string {
    return ERROR_MESSAGES[this.code][locale];
  }
}

export interface ImportedDocx {
  title: string | null;
  bodyHtml: string;
  images: { ref: string; mime: string; data: Buffer }[];
  warnings: string[];
}

export interface ImportDocxOptions {
  /** Language of the warnings and of the error message (default zh-CN). */
  locale?: TLocale;
}

/** Declared uncompressed size above which a "document" is treated as a zip bomb rather than parsed. */
const MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;
const MAX_TITLE_CHARS = 60;

/**
 * Word's built-in names (stored in English whatever the UI language) and the Chinese names WPS and localised
 * templates use. Heading 1–3 become h2–h4: h1 is reserved for the article title shown by the app.
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h2:fresh",
  "p[style-name='标题'] => h2:fresh",
  "p[style-name='標題'] => h2:fresh",
  ...[1, 2, 3, 4, 5, 6].flatMap((level) => {
    const tag = `h${Math.min(level + 1, 4)}`;
    return [
      `p[style-name='heading ${level}'] => ${tag}:fresh`,
      `p[style-name='标题 ${level}'] => ${tag}:fresh`,
      `p[style-name='标题${level}'] => ${tag}:fresh`,
      `p[style-name='標題 ${level}'] => ${tag}:fresh`,
      `p[style-name='標題${level}'] => ${tag}:fresh`,
    ];
  }),
  'u => u',
  'strike => s',
];

const TITLE_STYLE = /^(?:title|标题|標題)$/i;
const HEADING_STYLE = /^(?:heading|标题|標題)\s*\d$/i;
/** A short first paragraph ending like a sentence or a salutation is body text, not a title. */
const SENTENCE_END = /[。！？；：.!?;:]$/;

/** The subset of mammoth's document model this module walks. */
interface DocNode {
  type: string;
  value?: string;
  styleName?: string | null;
  children?: DocNode[];
}

function textOf(node: DocNode): string {
  if (node.type === 'text') return node.value ?? '';
  if (node.type === 'tab') return ' ';
  return (node.children ?? []).map(textOf).join('');
}

const cleanTitle = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Picks the title paragraph among the top-level blocks: a Title-style paragraph; else the first non-empty block if it
 * is a heading, or a short paragraph that does not read like a sentence. (A heading further down is a section
 * heading, not the title.)
 */
function chooseTitle(blocks: DocNode[]): DocNode | null {
  const paragraphs = blocks.filter((b) => b.type === 'paragraph');
  const titled = paragraphs.find((p) => TITLE_STYLE.test(p.styleName ?? '') && cleanTitle(textOf(p)) !== '');
  if (titled) return titled;
  const first = blocks.find((b) => b.type !== 'paragraph' || cleanTitle(textOf(b)) !== '');
  if (!first || first.type !== 'paragraph') return null;
  if (HEADING_STYLE.test(first.styleName ?? '')) return first;
  const text = cleanTitle(textOf(first));
  if ([...text].length <= MAX_TITLE_CHARS && !SENTENCE_END.test(text)) return first;
  return null;
}

const WARNINGS = {
  unsupportedImages: {
    'zh-CN': (n: number) => `有 ${n} 张图片的格式不受支持（如 EMF、WMF、TIFF），未能导入；请将图片另存为 PNG 或 JPEG 后插入`,
    'zh-TW': (n: number) => `有 ${n} 張圖片的格式不受支援（如 EMF、WMF、TIFF），未能匯入；請將圖片另存為 PNG 或 JPEG 後插入`,
    en: (n: number) => `${n} picture(s) in an unsupported format (such as EMF, WMF, TIFF) were not imported; save them as PNG or JPEG and insert them again`,
  },
  other: {
    'zh-CN': (m: string) => `导入提示：${m}`,
    'zh-TW': (m: string) => `匯入提示：${m}`,
    en: (m: string) => `Import note: ${m}`,
  },
} as const;

/** Checks by content that the bytes are a .docx before handing them to mammoth. */
function checkContainer(buf: Buffer, locale: TLocale): void {
  if (isOleCompoundFile(buf)) throw new DocxImportError('LEGACY_DOC', locale);
  if (!isZip(buf)) throw new DocxImportError('NOT_DOCX', locale);
  const entries = readZipEntries(buf);
  if (!entries) throw new DocxImportError('CORRUPT', locale);
  if (!entries.some((e) => e.name === 'word/document.xml')) throw new DocxImportError('NOT_DOCX', locale);
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > MAX_UNCOMPRESSED_BYTES) throw new DocxImportError('CORRUPT', locale);
}

export async function importDocx(buf: Buffer, options: ImportDocxOptions = {}): Promise<ImportedDocx> {
  const locale = options.locale ?? 'zh-CN';
  checkContainer(buf, locale);
  if ((await checkZipExpansion(buf, MAX_UNCOMPRESSED_BYTES)) !== 'ok') throw new DocxImportError('CORRUPT', locale);

  const images: ImportedDocx['images'] = [];
  let unsupportedImages = 0;
  let title: string | null = null;

  const convertImage = mammoth.images.imgElement(async (image) => {
    let data: Buffer;
    try {
      data = await image.readAsBuffer();
    } catch {
      unsupportedImages++;
      return { src: '' };
    }
    // The declared content type comes from the file; trust only the bytes.
    const type = sniffFile(data);
    if (!type || type.kind !== 'image') {
      unsupportedImages++;
      return { src: '' };
    }
    const ref = `cid:${images.length + 1}`;
    images.push({ ref, mime: type.mime, data });
    return { src: ref };
  });

  const transformDocument = (document: DocNode): DocNode => {
    const blocks = document.children ?? [];
    const chosen = chooseTitle(blocks);
    if (!chosen) return document;
    title = cleanTitle(textOf(chosen));
    return { ...document, children: blocks.filter((b) => b !== chosen) };
  };

  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.convertToHtml({ buffer: buf }, { styleMap: STYLE_MAP, convertImage, transformDocument, ignoreEmptyParagraphs: true });
  } catch {
    throw new DocxImportError('CORRUPT', locale);
  }

  const warnings: string[] = [];
  if (unsupportedImages > 0) warnings.push(WARNINGS.unsupportedImages[locale](unsupportedImages));
  for (const m of result.messages) {
    // Unknown styles simply become paragraphs; telling the user adds nothing.
    if (/^Unrecognised (?:paragraph|run|table)? ?style/i.test(m.message)) continue;
    if (/^Image of type .* is unlikely to display/i.test(m.message)) continue;
    warnings.push(WARNINGS.other[locale](m.message));
  }

  return { title, bodyHtml: sanitizeArticleHtml(result.value, { allowCid: true }), images, warnings };
}
