import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderNoticeDocx } from './notice-docx.js';
import { sampleNotice } from './notice-docx.preview.js';

/** Every entry of a zip file by name (stored or deflated), enough for the parts of a .docx. */
function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return files;
}

interface Para {
  xml: string;
  text: string;
}

function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>.*?<\/w:p>/gs)].map(([p]) => ({
    xml: p,
    text: [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
  }));
}

function paragraph(paras: Para[], includes: string): Para {
  const found = paras.find((p) => p.text.includes(includes));
  if (!found) throw new Error(`no paragraph with ${JSON.stringify(includes)}`);
  return found;
}

describe('renderNoticeDocx', () => {
  let document: string;
  let paras: Para[];
  beforeAll(async () => {
    const files = unzip(await renderNoticeDocx(sampleNotice()));
    document = files.get('word/document.xml')!.toString('utf8');
    paras = paragraphs(document);
  });

  it('opens with the red mark 沧州市人民政府办公室文件, the document number and the red rule', () => {
    expect(paras[0]!.text).toBe('沧州市人民政府办公室文件');
    expect(paras[0]!.xml).toContain('<w:color w:val="E00000"/>');
    expect(paras[0]!.xml).toContain('w:eastAsia="方正小标宋简体"');
    const number = paragraph(paras, '〔2015〕');
    expect(number.text).toBe('沧政办字〔2015〕3号');
    expect(number.xml).toMatch(/<w:bottom w:val="single" w:color="E00000" w:sz="18"/);
    expect(number.xml).toContain('<w:jc w:val="center"/>');
  });

  it('sets the title in 小标宋 2号, the addressees, headings in 黑体 and the body in 仿宋 3号', () => {
    const title = paragraph(paras, '关于2014年全市政务信息报送情况的通报');
    expect(title.xml).toContain('<w:sz w:val="44"/>');
    expect(paras.indexOf(title)).toBeGreaterThan(paras.indexOf(paragraph(paras, '〔2015〕')));
    expect(paragraph(paras, '各县（市、区）人民政府').text).toBe('各县（市、区）人民政府，渤海新区管委会，市政府各部门：');
    expect(paragraph(paras, '二、存在的主要问题').xml).toContain('w:eastAsia="黑体"');
    const figures = paragraph(paras, '共采用各县(市、区)、部门报送信息1260篇');
    expect(figures.xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(figures.xml).toContain('<w:sz w:val="32"/>');
    expect(figures.text).toContain('上报省政府办公厅信息1120篇，省政府办公厅采用180篇；国务院办公厅采用9篇，其中国务院领导批示6篇');
  });

  it('signs with the office over the date, and ends with 抄送 and the 印发 line between rules', () => {
    const date = paragraph(paras, '2015年1月12日');
    const office = paras[paras.indexOf(date) - 1]!;
    expect(office.text).toBe('沧州市人民政府办公室');
    expect(date.xml).toContain('<w:jc w:val="right"/>');
    const block = [...document.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0]).pop()!;
    expect(paragraphs(block).map((p) => p.text)).toEqual([
      '抄送：市委办公室，市人大常委会办公室，市政协办公室。',
      '\u3000沧州市人民政府办公室2015年1月12日印发\u3000',
    ]);
  });

  it('leaves the number line empty without a number and takes a configured mark', async () => {
    const input = sampleNotice();
    const files = unzip(await renderNoticeDocx({ ...input, docNumber: null, mark: '沧州市人民政府办公室' }));
    const ps = paragraphs(files.get('word/document.xml')!.toString('utf8'));
    expect(ps[0]!.text).toBe('沧州市人民政府办公室');
    expect(ps.some((p) => p.text.includes('〔'))).toBe(false);
  });
});

// ---------- rendered by LibreOffice ----------

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

const exec = promisify(execFile);
const TOOLS = ['soffice', 'pdfinfo', 'pdftotext'];
const missing = TOOLS.filter((t) => !onPath(t));

describe('renderNoticeDocx: rendered by LibreOffice', () => {
  it('converts to an A4 PDF with the red header, the figures and the 印发 line', { timeout: 90_000 }, async (ctx) => {
    ctx.skip(missing.length > 0, `needs ${missing.join(', ')} (apt-get install libreoffice-writer-nogui poppler-utils)`);
    const dir = await mkdtemp(join(tmpdir(), 'notice-docx-'));
    try {
      const docx = join(dir, 'notice.docx');
      await writeFile(docx, await renderNoticeDocx(sampleNotice()));
      const profile = pathToFileURL(join(dir, 'profile')).href;
      await exec('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 85_000 });
      const pdf = join(dir, 'notice.pdf');
      const info = (await exec('pdfinfo', [pdf])).stdout;
      const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
      expect(Math.abs(Number(size[1]) - 595)).toBeLessThanOrEqual(2);
      expect(Math.abs(Number(size[2]) - 842)).toBeLessThanOrEqual(2);
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(2);
      const text = (await exec('pdftotext', ['-layout', pdf, '-'])).stdout;
      const first = text.split('\f')[0]!.replace(/\s+/g, '');
      expect(first).toContain('沧州市人民政府办公室文件');
      expect(first).toContain('沧政办字〔2015〕3号');
      expect(first).toContain('关于2014年全市政务信息报送情况的通报');
      const all = text.replace(/\s+/g, '');
      expect(all).toContain('市政府办公室共采用各县(市、区)、部门报送信息1260篇，上报省政府办公厅信息1120篇，省政府办公厅采用180篇；国务院办公厅采用9篇');
      expect(all).toContain('《领导参阅》13期，其中市政府主要领导批示5期');
      expect(all).toContain('沧州市人民政府办公室2015年1月12日印发');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
