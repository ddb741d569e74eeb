import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { deflateRawSync } from 'node:zlib';
import { checkZipExpansion, readZipEntries, sniffFile } from './filetype.js';
import { makeZip, oleCompoundFile, tinyPng } from './test-fixtures.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

async function realDocx(): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('测试文档')] }] }));
}

async function realXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('表1').addRow(['单位', '篇数']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('sniffFile: pictures', () => {
  it('recognises PNG', () => {
    expect(sniffFile(tinyPng())).toEqual({ mime: 'image/png', ext: 'png', kind: 'image' });
  });

  it('recognises JPEG', () => {
    expect(sniffFile(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0]))).toEqual({ mime: 'image/jpeg', ext: 'jpg', kind: 'image' });
  });

  it('recognises GIF 87a and 89a', () => {
    expect(sniffFile(bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0]))).toEqual({ mime: 'image/gif', ext: 'gif', kind: 'image' });
    expect(sniffFile(bytes('GIF87a', [1, 0, 1, 0, 0, 0, 0]))?.mime).toBe('image/gif');
  });

  it('recognises WebP but not other RIFF files', () => {
    expect(sniffFile(bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0]))).toEqual({ mime: 'image/webp', ext: 'webp', kind: 'image' });
    expect(sniffFile(bytes('RIFF', [26, 0, 0, 0], 'WAVEfmt ', [0, 0, 0, 0]))).toBeNull();
  });
});

describe('sniffFile: documents', () => {
  it('recognises PDF', () => {
    expect(sniffFile(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'))).toEqual({ mime: 'application/pdf', ext: 'pdf', kind: 'document' });
  });

  it('recognises a real .docx', async () => {
    expect(sniffFile(await realDocx())).toEqual({
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ext: 'docx',
      kind: 'document',
    });
  });

  it('recognises a real .xlsx', async () => {
    expect(sniffFile(await realXlsx())).toEqual({
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ext: 'xlsx',
      kind: 'document',
    });
  });

  it('recognises a .pptx by its parts', () => {
    const pptx = makeZip({ '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'ppt/presentation.xml': '<p:presentation/>' });
    expect(sniffFile(pptx)?.ext).toBe('pptx');
    expect(sniffFile(pptx)?.mime).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
  });

  it('recognises OFD', () => {
    const ofd = makeZip({ 'OFD.xml': '<ofd:OFD/>', 'Doc_0/Document.xml': '<ofd:Document/>' });
    expect(sniffFile(ofd)).toEqual({ mime: 'application/ofd', ext: 'ofd', kind: 'document' });
  });

  it('recognises legacy Word/WPS and Excel compound files', () => {
    expect(sniffFile(oleCompoundFile('WordDocument'))).toEqual({ mime: 'application/msword', ext: 'doc', kind: 'document' });
    expect(sniffFile(oleCompoundFile('Workbook'))).toEqual({ mime: 'application/vnd.ms-excel', ext: 'xls', kind: 'document' });
    // Anything else in the container (e.g. a password-protected file) is the generic legacy type.
    expect(sniffFile(oleCompoundFile('EncryptedPackage'))?.mime).toBe('application/msword');
  });

  it('recognises UTF-8 plain text, with or without a BOM', () => {
    const txt = { mime: 'text/plain', ext: 'txt', kind: 'document' };
    expect(sniffFile(Buffer.from('关于报送2024年工作总结的通知\r\n各单位：\t请于3月底前报送。\n', 'utf8'))).toEqual(txt);
    expect(sniffFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('正文 a < b', 'utf8')]))).toEqual(txt);
  });
});

describe('sniffFile: refused content', () => {
  it('refuses executables', () => {
    expect(sniffFile(bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], 'This program cannot be run in DOS mode'))).toBeNull();
    expect(sniffFile(bytes([0x7f], 'ELF', [2, 1, 1, 0]))).toBeNull();
  });

  it('refuses HTML, SVG and XML, even when the text is valid UTF-8', () => {
    expect(sniffFile(Buffer.from('<html><body><script>alert(1)</script></body></html>'))).toBeNull();
    expect(sniffFile(Buffer.from('<!DOCTYPE html><p>hi</p>'))).toBeNull();
    expect(sniffFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'))).toBeNull();
    expect(sniffFile(Buffer.from('<?xml version="1.0"?><svg/>'))).toBeNull();
    expect(sniffFile(Buffer.from('说明文字\n<script>alert(1)</script>'))).toBeNull();
  });

  it('refuses a zip without office content', () => {
    expect(sniffFile(makeZip({ 'readme.txt': 'hello', 'word/notes.txt': 'x' }))).toBeNull();
  });

  it('refuses a truncated zip', async () => {
    const docx = await realDocx();
    expect(sniffFile(docx.subarray(0, docx.length - 30))).toBeNull();
  });

  it('refuses text that is not UTF-8 or has binary control characters', () => {
    expect(sniffFile(Buffer.from([0xb9, 0xd8, 0xd3, 0xda]))).toBeNull(); // "关于" in GBK
    expect(sniffFile(Buffer.from('abc\0def'))).toBeNull();
    expect(sniffFile(Buffer.from('abc\u0001def'))).toBeNull();
  });

  it('refuses empty and random bytes', () => {
    expect(sniffFile(Buffer.alloc(0))).toBeNull();
    expect(sniffFile(Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x80, 0x81]))).toBeNull();
  });
});

describe('readZipEntries', () => {
  it('lists the names in the central directory', () => {
    expect(readZipEntries(makeZip({ 'a.txt': 'aa', '中文/b.xml': '<b/>' }))?.map((e) => e.name)).toEqual(['a.txt', '中文/b.xml']);
  });

  it('gives the declared sizes', () => {
    expect(readZipEntries(makeZip({ 'a.txt': 'hello' }))).toEqual([{ name: 'a.txt', compressedSize: 5, uncompressedSize: 5, method: 0, localOffset: 0 }]);
  });

  it('returns null for non-zips and damaged directories', () => {
    expect(readZipEntries(Buffer.from('%PDF-1.4'))).toBeNull();
    const zip = makeZip({ 'a.txt': 'hello' });
    expect(readZipEntries(zip.subarray(0, zip.length - 5))).toBeNull();
    const badOffset = Buffer.from(zip);
    badOffset.writeUInt32LE(0xfffffff0, badOffset.length - 6); // directory offset past the end
    expect(readZipEntries(badOffset)).toBeNull();
  });
});

describe('checkZipExpansion', () => {
  /** One deflated entry whose directory declares `declared` bytes. */
  const deflatedZip = (content: Buffer, declared = content.length) => {
    const zip = Buffer.from(makeZip({ 'a.xml': deflateRawSync(content) }));
    const cd = zip.readUInt32LE(zip.length - 6);
    for (const [at, method, size] of [[0, 8, 22], [cd, 10, 24]] as const) {
      zip.writeUInt16LE(8, at + method);
      zip.writeUInt32LE(declared, at + size);
    }
    return zip;
  };

  it('passes a real document and a stored entry', async () => {
    expect(await checkZipExpansion(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('x')] }] })), 1 << 20)).toBe('ok');
    expect(await checkZipExpansion(makeZip({ 'a.txt': 'hello' }), 100)).toBe('ok');
  });

  it('refuses an entry that expands to other than it declares', async () => {
    expect(await checkZipExpansion(deflatedZip(Buffer.alloc(10_000)), 1 << 20)).toBe('ok');
    expect(await checkZipExpansion(deflatedZip(Buffer.alloc(10_000), 100), 1 << 20)).toBe('corrupt');
  });

  it('stops inflating once past the limit, whatever the header says', async () => {
    expect(await checkZipExpansion(deflatedZip(Buffer.alloc(5_000_000), 100), 1_000_000)).toBe('too_large');
    expect(await checkZipExpansion(deflatedZip(Buffer.alloc(5_000_000)), 1_000_000)).toBe('too_large');
  });

  it('refuses broken streams and unknown compression', async () => {
    const zip = deflatedZip(Buffer.alloc(10_000));
    const cd = zip.readUInt32LE(zip.length - 6);
    const unknown = Buffer.from(zip);
    unknown.writeUInt16LE(99, cd + 10);
    expect(await checkZipExpansion(unknown, 1 << 20)).toBe('corrupt');
    const broken = Buffer.from(zip);
    broken.fill(0xff, 30 + 5, 30 + 5 + 4);
    expect(await checkZipExpansion(broken, 1 << 20)).toBe('corrupt');
    expect(await checkZipExpansion(Buffer.from('not a zip'), 1 << 20)).toBe('corrupt');
  });
});
