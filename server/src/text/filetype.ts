import { createInflateRaw } from 'node:zlib';

/**
 * File types from content, never from names: uploads are accepted only when their bytes are one of a few picture
 * and office-document formats.
 */

export interface SniffedType {
  mime: string;
  ext: string;
  kind: 'image' | 'document';
}

// ---------- a minimal zip directory reader ----------

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated; anything else no reader here understands. */
  method: number;
  localOffset: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIR = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LOCAL_HEADER;
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIR) return i;
  }
  return -1;
}

/**
 * The entries listed in a zip file's central directory, or null when it is not a readable zip (missing or
 * truncated directory, entries pointing outside the file). Reads names and sizes only; inflates nothing.
 */
export function readZipEntries(buf: Buffer): ZipEntry[] | null {
  if (!isZip(buf) || buf.length < 22) return null;
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) return null;
  let count = buf.readUInt16LE(eocd + 10);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_END_LOCATOR) return null;
    const end64 = Number(buf.readBigUInt64LE(locator + 8));
    if (end64 < 0 || end64 + 56 > buf.length || buf.readUInt32LE(end64) !== ZIP64_END) return null;
    count = Number(buf.readBigUInt64LE(end64 + 32));
    size = Number(buf.readBigUInt64LE(end64 + 40));
    offset = Number(buf.readBigUInt64LE(end64 + 48));
  }
  if (offset + size > buf.length) return null;

  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_HEADER) return null;
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLength > buf.length) return null;
    if (localOffset !== 0xffffffff && localOffset + 30 > buf.length) return null;
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.push({ name, compressedSize, uncompressedSize, method, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates a raw deflate stream, keeping nothing: its size, -1 once past `limit`, -2 when the stream is broken. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const z = createInflateRaw({ chunkSize: 64 * 1024 });
    let n = 0;
    let settled = false;
    const settle = (v: number) => {
      if (settled) return;
      settled = true;
      z.destroy();
      resolve(v);
    };
    z.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit) settle(-1);
    });
    z.on('end', () => settle(n));
    z.on('error', () => settle(-2));
    z.end(data);
  });
}

/**
 * Guards the zip readers (Word import, Excel imports) against zip bombs: every entry is inflated as a stream —
 * nothing kept — and must expand to exactly the size its directory declares, all together to at most `maxTotal`
 * bytes. A lying header (small declared size, huge content) is caught at `maxTotal`, before any parser allocates it.
 */
export async function checkZipExpansion(buf: Buffer, maxTotal: number): Promise<'ok' | 'corrupt' | 'too_large'> {
  const entries = readZipEntries(buf);
  if (!entries) return 'corrupt';
  let total = 0;
  for (const e of entries) {
    if (e.uncompressedSize !== 0xffffffff && total + e.uncompressedSize > maxTotal) return 'too_large';
    const at = e.localOffset;
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_HEADER) return 'corrupt';
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const end = start + e.compressedSize;
    if (end > buf.length) return 'corrupt';
    let size: number;
    if (e.method === 0) size = e.compressedSize;
    else if (e.method === 8) size = await inflatedSize(buf.subarray(start, end), maxTotal - total);
    else return 'corrupt';
    if (size === -1) return 'too_large';
    if (size < 0 || (e.uncompressedSize !== 0xffffffff && size !== e.uncompressedSize)) return 'corrupt';
    total += size;
  }
  return 'ok';
}

// ---------- sniffing ----------

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const startsWith = (buf: Buffer, bytes: number[] | string, at = 0): boolean => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + b.length && buf.subarray(at, at + b.length).equals(b);
};

export function isOleCompoundFile(buf: Buffer): boolean {
  return buf.length >= 8 && buf.subarray(0, 8).equals(OLE_MAGIC);
}

function sniffZip(buf: Buffer): SniffedType | null {
  const entries = readZipEntries(buf);
  if (!entries) return null;
  const names = new Set(entries.map((e) => e.name));
  const ooxml = names.has('[Content_Types].xml');
  if (ooxml && names.has('word/document.xml')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', kind: 'document' };
  }
  if (ooxml && names.has('xl/workbook.xml')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', kind: 'document' };
  }
  if (ooxml && names.has('ppt/presentation.xml')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', kind: 'document' };
  }
  // OFD (GB/T 33190), the Chinese fixed-layout format: a zip with OFD.xml at its root.
  if (names.has('OFD.xml')) return { mime: 'application/ofd', ext: 'ofd', kind: 'document' };
  return null;
}

/**
 * Whether a compound file has a directory entry for a stream of this name. Entries are 128 bytes, aligned to 128
 * within sector-aligned directory sectors: a UTF-16LE name, its byte length (with terminator) at 64, type 2 at 66.
 */
function hasCfbStream(buf: Buffer, name: string): boolean {
  const needle = Buffer.from(`${name}\0`, 'utf16le');
  for (let p = buf.indexOf(needle); p >= 0; p = buf.indexOf(needle, p + 1)) {
    if (p % 128 === 0 && p + 128 <= buf.length && buf.readUInt16LE(p + 64) === needle.length && buf[p + 66] === 2) return true;
  }
  return false;
}

/** Legacy Office/WPS files share one container; the main stream's name tells a workbook from a text document. */
function sniffOle(buf: Buffer): SniffedType {
  if (!hasCfbStream(buf, 'WordDocument') && (hasCfbStream(buf, 'Workbook') || hasCfbStream(buf, 'Book'))) {
    return { mime: 'application/vnd.ms-excel', ext: 'xls', kind: 'document' };
  }
  // .doc, .wps and anything else in the container (including password-protected Office files).
  return { mime: 'application/msword', ext: 'doc', kind: 'document' };
}

const MARKUP = /<\s*(?:script|html|svg|iframe|object|embed|body|head|meta|!doctype|\?xml)\b/i;

/**
 * Plain UTF-8 text: decodes strictly, has no NUL or other binary control characters, and does not look like HTML,
 * SVG or XML (which a browser might render as active content).
 */
function isPlainUtf8Text(buf: Buffer): boolean {
  if (buf.length === 0 || buf.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u0008\u000e-\u001a\u001c-\u001f\u007f]/.test(text)) return false;
  if (MARKUP.test(text)) return false;
  const start = text.replace(/^\ufeff/, '').trimStart();
  return !start.startsWith('<');
}

/** The type of a file from its first bytes (and, for zips, its directory), or null when it is not accepted. */
export function sniffFile(buf: Buffer): SniffedType | null {
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png', kind: 'image' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg', kind: 'image' };
  if (startsWith(buf, 'GIF87a') || startsWith(buf, 'GIF89a')) return { mime: 'image/gif', ext: 'gif', kind: 'image' };
  if (startsWith(buf, 'RIFF') && startsWith(buf, 'WEBP', 8)) return { mime: 'image/webp', ext: 'webp', kind: 'image' };
  if (startsWith(buf, '%PDF-')) return { mime: 'application/pdf', ext: 'pdf', kind: 'document' };
  if (isZip(buf)) return sniffZip(buf);
  if (isOleCompoundFile(buf)) return sniffOle(buf);
  if (isPlainUtf8Text(buf)) return { mime: 'text/plain', ext: 'txt', kind: 'document' };
  return null;
}
