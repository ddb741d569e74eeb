import sanitizeHtml from 'sanitize-html';
import { Parser } from 'htmlparser2';

/**
 * Article bodies are HTML written by units (web editor, Word import) and shown to every desk user, so they pass a
 * strict allow-list on every save. Anything not listed is dropped: no styles, classes, ids or event handlers, no
 * active content, and links/images only to the few URL forms below.
 */

export interface SanitizeOptions {
  /** Keep `<img src="cid:N">` placeholders (Word import, before the caller stores the images and rewrites src). */
  allowCid?: boolean;
}

const ALLOWED_TAGS = [
  'p', 'br', 'h2', 'h3', 'h4', 'strong', 'em', 'u', 's', 'sup', 'sub', 'ul', 'ol', 'li', 'blockquote',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'a',
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};

/** Tags renamed to an allowed equivalent. */
const RENAME: Record<string, string> = {
  h1: 'h2',
  h5: 'h4',
  h6: 'h4',
  b: 'strong',
  i: 'em',
  strike: 's',
  del: 's',
  ins: 'u',
  // Block containers become paragraphs so pasted web content keeps its paragraph breaks.
  div: 'p',
  section: 'p',
  article: 'p',
  header: 'p',
  footer: 'p',
  main: 'p',
  aside: 'p',
  address: 'p',
  center: 'p',
  pre: 'p',
  figure: 'p',
  figcaption: 'p',
  dt: 'p',
  dd: 'p',
};

/**
 * Disallowed tags whose content is dropped with them (not kept as text): code, styles, raw-text and foreign
 * content that only makes sense to a browser.
 */
const DROP_WITH_CONTENT = [
  'script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'title', 'head', 'xmp', 'iframe',
  'noembed', 'noframes', 'plaintext', 'object', 'embed', 'applet', 'svg', 'math', 'audio', 'video', 'canvas',
  'frameset', 'frame', 'button', 'datalist',
];

const ATTACHMENT_SRC = /^\/api\/attachments\/\d{1,15}\/content$/;
const DATA_IMAGE_SRC = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const CID_SRC = /^cid:\d{1,6}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function cleanImageSrc(raw: string | undefined, allowCid: boolean): string | null {
  if (raw === undefined) return null;
  const src = raw.trim();
  if (ATTACHMENT_SRC.test(src)) return src;
  if (allowCid && CID_SRC.test(src)) return src;
  if (/^data:/i.test(src)) {
    // Base64 payloads are often wrapped over several lines; the scheme and type must match exactly.
    const compact = src.replace(/\s+/g, '');
    if (DATA_IMAGE_SRC.test(compact)) return compact;
  }
  return null;
}

function cleanHref(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  // Browsers ignore tabs and newlines anywhere in a URL and trim spaces and controls at both ends.
  const href = raw.replace(/[\t\n\r]/g, '').trim();
  if (CONTROL_CHARS.test(href)) return null;
  if (/^mailto:[^\s]+$/i.test(href)) return href;
  if (!/^https?:\/\//i.test(href)) return null;
  try {
    const url = new URL(href);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  } catch {
    return null;
  }
  return href;
}

function cleanSpan(raw: string | undefined): string | null {
  if (raw === undefined || !/^\s*\d{1,3}\s*$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= 1000 ? String(n) : null;
}

function cleanDimension(raw: string | undefined): string | null {
  const m = raw === undefined ? null : /^\s*(\d{1,5})(?:px)?\s*$/i.exec(raw);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 ? String(n) : null;
}

function transform(allowCid: boolean): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const name = RENAME[tagName] ?? tagName;
    const out: sanitizeHtml.Attributes = {};
    switch (name) {
      case 'a': {
        const href = cleanHref(attribs.href);
        // A link without a safe target loses all attributes; the filter below then unwraps it to its text.
        if (href === null) break;
        out.href = href;
        out.rel = 'noopener noreferrer';
        break;
      }
      case 'img': {
        const src = cleanImageSrc(attribs.src, allowCid);
        // An image without a safe source loses all attributes; the filter below then drops it.
        if (src === null) break;
        out.src = src;
        if (attribs.alt !== undefined) out.alt = attribs.alt.replace(/\s+/g, ' ').trim().slice(0, 500);
        const width = cleanDimension(attribs.width);
        const height = cleanDimension(attribs.height);
        if (width !== null) out.width = width;
        if (height !== null) out.height = height;
        break;
      }
      case 'td':
      case 'th': {
        const colspan = cleanSpan(attribs.colspan);
        const rowspan = cleanSpan(attribs.rowspan);
        if (colspan !== null && colspan !== '1') out.colspan = colspan;
        if (rowspan !== null && rowspan !== '1') out.rowspan = rowspan;
        break;
      }
      default:
        break;
    }
    return { tagName: name, attribs: out };
  };
}

/**
 * Runs when an allowed element closes. Renaming a tag to a disallowed name would be simpler, but sanitize-html
 * then keeps a stale rename for that depth and mis-closes a later element, so removal happens here instead.
 */
function filterElement(frame: sanitizeHtml.IFrame): boolean | 'excludeTag' {
  // After a rename (div → p) sanitize-html keeps the original name in `tag` and the new one in `name`.
  const name = (frame as sanitizeHtml.IFrame & { name?: string }).name ?? frame.tag;
  if (name === 'a' && frame.attribs.href === undefined) return 'excludeTag';
  return name === 'img' && frame.attribs.src === undefined;
}

/**
 * Paragraphs holding only white space or line breaks. Matched on the sanitizer's own serialisation, which is
 * regular (`<p>`, `<br />`, no attributes on p); `\s` covers the no-break and ideographic spaces.
 */
const EMPTY_PARAGRAPH = /<p>(?:\s|<br \/>)*<\/p>/g;

function sanitizeOnce(html: string, allowCid: boolean): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: allowCid ? ['data', 'cid'] : ['data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    allowedClasses: {},
    allowedStyles: {},
    allowVulnerableTags: false,
    parseStyleAttributes: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    selfClosing: ['img', 'br'],
    enforceHtmlBoundary: false,
    transformTags: { '*': transform(allowCid) },
    exclusiveFilter: filterElement,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  });
}

/**
 * Cleans an article body to the allow-list. The result is a fixed point: sanitizing it again returns it unchanged
 * (a second pass normalises what the first produced from badly nested input, e.g. a `div` holding paragraphs).
 */
export function sanitizeArticleHtml(html: string, options: SanitizeOptions = {}): string {
  const allowCid = options.allowCid === true;
  return sanitizeOnce(sanitizeOnce(html, allowCid), allowCid).replace(EMPTY_PARAGRAPH, '').trim();
}

// ---------- plain text ----------

const BLOCK_TAGS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'caption', 'section', 'article', 'header', 'footer', 'main', 'aside', 'address', 'center', 'pre',
  'figure', 'figcaption', 'dl', 'dt', 'dd', 'hr', 'form', 'fieldset', 'nav',
]);
const SKIP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'title', 'head', 'textarea', 'select', 'iframe', 'object']);

/**
 * Plain text of an HTML body for search, similarity and the guards: one line per block, table cells separated by
 * tabs, entities decoded, runs of white space collapsed, no empty lines.
 */
export function htmlToPlainText(html: string): string {
  let out = '';
  let skipDepth = 0;
  /** One entry per open table: cells opened in the current row, and how deep inside a cell we are. */
  const tables: { cells: number; cellDepth: number }[] = [];
  const inCell = () => (tables.at(-1)?.cellDepth ?? 0) > 0;

  const parser = new Parser(
    {
      onopentag(name) {
        if (skipDepth > 0 || SKIP_CONTENT.has(name)) {
          skipDepth++;
          return;
        }
        const table = tables.at(-1);
        if (name === 'table') {
          out += '\n';
          tables.push({ cells: 0, cellDepth: 0 });
        } else if (name === 'tr' && table) {
          out += '\n';
          table.cells = 0;
        } else if ((name === 'td' || name === 'th') && table) {
          if (table.cells > 0) out += '\t';
          table.cells++;
          table.cellDepth++;
        } else if (name === 'br' || BLOCK_TAGS.has(name)) {
          // Paragraphs inside a table cell stay on the cell's line.
          out += inCell() ? ' ' : '\n';
        }
      },
      ontext(text) {
        if (skipDepth > 0) return;
        out += text.replace(/[ \t\n\r\f\u00a0]+/g, ' ');
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        const table = tables.at(-1);
        if (name === 'table' && table) {
          tables.pop();
          out += '\n';
        } else if ((name === 'td' || name === 'th') && table) {
          table.cellDepth = Math.max(0, table.cellDepth - 1);
        } else if (name === 'tr' && table) {
          out += '\n';
        } else if (BLOCK_TAGS.has(name) && name !== 'hr') {
          out += inCell() ? ' ' : '\n';
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();

  return out
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').replace(/ *\t */g, '\t').replace(/^ +| +$/g, ''))
    .filter((line) => line.replace(/\t/g, '') !== '')
    .join('\n');
}
