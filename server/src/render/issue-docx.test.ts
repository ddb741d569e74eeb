import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { chineseDate, chineseNumber, pictureSize, renderIssueDocx, type IssueDocInput } from './issue-docx.js';
import { samplePng, sampleIssue } from './issue-docx.preview.js';

// ---------- reading the package ----------

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
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const decode = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

interface Para {
  xml: string;
  text: string;
}

/** The paragraphs of a part, each with its XML and its text. */
function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>.*?<\/w:p>/gs)].map(([p]) => ({
    xml: p,
    text: decode([...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
  }));
}

function paragraph(paras: Para[], includes: string): Para {
  const found = paras.find((p) => p.text.includes(includes));
  if (!found) throw new Error(`no paragraph with ${JSON.stringify(includes)}`);
  return found;
}

function attr(xml: string, element: string, name: string): string | undefined {
  const el = new RegExp(`<${element}\\s[^>]*>`).exec(xml)?.[0];
  return el ? new RegExp(`\\s${name}="([^"]*)"`).exec(el)?.[1] : undefined;
}

interface Rendered {
  files: Map<string, Buffer>;
  document: string;
  paras: Para[];
  part(name: string): string;
}

async function render(input: IssueDocInput): Promise<Rendered> {
  const files = unzip(await renderIssueDocx(input));
  const part = (name: string): string => {
    const data = files.get(name);
    if (!data) throw new Error(`no ${name} in the package`);
    return data.toString('utf8');
  };
  const document = part('word/document.xml');
  return { files, document, paras: paragraphs(document), part };
}

function variant(change: (input: IssueDocInput) => void): IssueDocInput {
  const input = sampleIssue();
  change(input);
  return input;
}

// ---------- the document's XML ----------

describe('renderIssueDocx: the Word document', () => {
  let doc: Rendered;
  beforeAll(async () => {
    doc = await render(sampleIssue());
  });

  it('is A4 portrait with the GB/T 9704 margins (37/35/28/26 mm)', () => {
    expect(attr(doc.document, 'w:pgSz', 'w:w')).toBe('11906');
    expect(attr(doc.document, 'w:pgSz', 'w:h')).toBe('16838');
    const margin = (side: string): number => Number(attr(doc.document, 'w:pgMar', `w:${side}`));
    expect(Math.abs(margin('top') - 2098)).toBeLessThanOrEqual(2);
    expect(Math.abs(margin('bottom') - 1984)).toBeLessThanOrEqual(2);
    expect(Math.abs(margin('left') - 1588)).toBeLessThanOrEqual(2);
    expect(Math.abs(margin('right') - 1474)).toBeLessThanOrEqual(2);
  });

  it('opens with the red masthead, the issue number, and the unit and date above a red rule', () => {
    const [first, second] = doc.paras;
    expect(first!.text).toBe('沧州政务交流');
    expect(first!.xml).toMatch(/<w:color w:val="E00000"\/>/);
    expect(first!.xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(first!.xml).toContain('<w:jc w:val="center"/>');
    const size = Number(/<w:sz w:val="(\d+)"\/>/.exec(first!.xml)![1]);
    expect(size).toBeGreaterThanOrEqual(72); // 36 pt or more
    expect(second!.text).toBe('第12期（总第356期）');
    const rule = paragraph(doc.paras, '2014年3月5日');
    expect(rule.text).toBe('沧州市人民政府办公室2014年3月5日');
    expect(rule.xml).toMatch(/<w:tab w:val="right" w:pos="8845"\/>/);
    expect(rule.xml).toMatch(/<w:r>(?:<w:rPr>.*?<\/w:rPr>)?<w:tab\/><\/w:r>/);
    expect(rule.xml).toMatch(/<w:pBdr><w:bottom [^>]*w:color="E00000"/);
    expect(doc.paras.indexOf(rule)).toBe(2);
  });

  it('sets titles in 小标宋 2号, the body in 仿宋 3号 with an exact 28–29 pt line and a two-character indent', () => {
    const title = paragraph(doc.paras, '东光县多措并举优化营商环境');
    expect(title.xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(title.xml).toContain('<w:sz w:val="44"/>');
    expect(title.xml).toContain('<w:jc w:val="center"/>');

    const body = paragraph(doc.paras, '今年以来，东光县坚持把优化营商环境');
    expect(body.xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body.xml).toContain('w:ascii="Times New Roman"');
    expect(body.xml).toContain('<w:sz w:val="32"/>');
    expect(attr(body.xml, 'w:spacing', 'w:lineRule')).toBe('exact');
    const line = Number(attr(body.xml, 'w:spacing', 'w:line'));
    expect(line).toBeGreaterThanOrEqual(560);
    expect(line).toBeLessThanOrEqual(580);
    expect(attr(body.xml, 'w:ind', 'w:firstLineChars')).toBe('200');
    expect(attr(body.xml, 'w:ind', 'w:firstLine')).toBe('640');
    expect(body.xml).toContain('<w:jc w:val="both"/>');
  });

  it('names the office faces, with fallbacks in the font table and the document defaults', () => {
    for (const face of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312']) {
      expect(doc.document).toContain(`w:eastAsia="${face}"`);
    }
    const fonts = doc.part('word/fontTable.xml');
    expect(fonts).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/><w:charset w:val="86"\/>/);
    expect(fonts).toMatch(/<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"\/>/);
    expect(fonts).toMatch(/<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/s.exec(doc.part('word/styles.xml'))![0];
    expect(defaults).toContain('w:eastAsia="仿宋"');
    expect(defaults).toContain('w:ascii="Times New Roman"');
    expect(defaults).toContain('w:eastAsia="zh-CN"');
  });

  it('numbers body headings 一、（一）1. in 黑体, 楷体 and bold 仿宋, without numbering them twice', () => {
    const h2 = paragraph(doc.paras, '强化组织领导');
    expect(h2.text).toBe('一、强化组织领导，压实工作责任');
    expect(h2.xml).toContain('w:eastAsia="黑体"');
    const h3 = paragraph(doc.paras, '健全问题台账');
    expect(h3.text).toBe('（一）健全问题台账');
    expect(h3.xml).toContain('w:eastAsia="楷体_GB2312"');
    const h4 = paragraph(doc.paras, '推行“一窗受理”');
    expect(h4.text).toBe('1.推行“一窗受理”。');
    expect(h4.xml).toContain('<w:b/>');
    // The second piece numbers its own headings; its counters start again.
    expect(paragraph(doc.paras, '坚持规划先行').text).toBe('一、坚持规划先行，科学有序推进');
    expect(doc.paras.find((p) => p.text.endsWith('扎实推进农村“厕所革命”。'))!.text).toBe('（一）扎实推进农村“厕所革命”。');
    expect(doc.paras.some((p) => /^一、一、|^（一）（一）/.test(p.text))).toBe(false);
  });

  it('keeps emphasis and lists, and writes tables as Word tables with single borders in 仿宋 4号', () => {
    const bold = /<w:r><w:rPr>(?:(?!<\/w:rPr>).)*<w:b\/>(?:(?!<\/w:rPr>).)*<\/w:rPr><w:t[^>]*>“周调度、月通报、季考核”<\/w:t>/s;
    expect(doc.document).toMatch(bold);
    expect(paragraph(doc.paras, '推进“互联网+政务服务”').text).toMatch(/^1\.推进/);
    expect(paragraph(doc.paras, '健全企业诉求快速响应机制').text).toMatch(/^2\.健全/);
    expect(doc.document).toMatch(/<w:u w:val="single"\/>(?:(?!<\/w:rPr>).)*<\/w:rPr><w:t[^>]*>有制度/s);

    const table = /<w:tbl>.*?<\/w:tbl>/s.exec(doc.document)![0];
    expect(table).toMatch(/<w:tblBorders><w:top w:val="single"/);
    expect(table).toMatch(/<w:insideV w:val="single"/);
    const cells = paragraphs(table).map((p) => p.text);
    expect(cells).toEqual(expect.arrayContaining(['事项', '改革前', '改革后', '不动产登记', '15个工作日']));
    expect(paragraph(paragraphs(table), '不动产登记').xml).toContain('<w:sz w:val="28"/>');
    expect(paragraph(paragraphs(table), '不动产登记').xml).toContain('w:eastAsia="仿宋_GB2312"');
  });

  it('embeds a picture at its own size, keeping its aspect ratio', () => {
    expect(doc.files.has('word/media/image1.png') || [...doc.files.keys()].some((k) => k.startsWith('word/media/'))).toBe(true);
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(doc.document)!;
    expect(Number(extent[1])).toBe(240 * 9525);
    expect(Number(extent[2])).toBe(120 * 9525);
  });

  it('puts the editor’s note (编者按 in 黑体, the note in 楷体) before the pieces and the sources after each piece', () => {
    const note = paragraph(doc.paras, '编者按：');
    expect(note.xml).toMatch(/w:eastAsia="黑体"(?:(?!<\/w:r>).)*编者按：/s);
    expect(note.xml).toMatch(/w:eastAsia="楷体_GB2312"(?:(?!<\/w:r>).)*优化营商环境/s);
    expect(doc.paras.indexOf(note)).toBeLessThan(doc.paras.indexOf(paragraph(doc.paras, '东光县多措并举')));
    const sources = paragraph(doc.paras, '（东光县、市行政审批局）');
    expect(sources.xml).toContain('<w:jc w:val="right"/>');
    expect(sources.xml).toContain('w:eastAsia="楷体_GB2312"');
    expect(paragraph(doc.paras, '（献县）').text).toBe('（献县）');
    const heading = paragraph(doc.paras, '工作动态');
    expect(heading.xml).toContain('w:eastAsia="黑体"');
    expect(heading.xml).toContain('<w:jc w:val="center"/>');
  });

  it('ends with the 报/送/发 lines and the 印发 line between two black rules', () => {
    const tables = [...doc.document.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0]);
    const block = tables[tables.length - 1]!;
    const lines = paragraphs(block).map((p) => p.text);
    expect(lines).toEqual([
      '报：市委、市政府领导同志。',
      '送：市人大常委会、市政协办公室，各县（市、区）委办公室。',
      '发：各县（市、区）人民政府，市政府各部门。',
      '\u3000沧州市人民政府办公室2014年3月5日印发\u3000',
    ]);
    expect(block).toMatch(/<w:tblBorders><w:top w:val="single" w:color="000000" w:sz="8"/);
    expect(block).toMatch(/<w:bottom w:val="single" w:color="000000" w:sz="8"/);
    expect(paragraph(paragraphs(block), '报：').xml).toContain('<w:sz w:val="28"/>');
    // Nothing but the closing paragraph after the block.
    expect(doc.document.slice(doc.document.lastIndexOf('</w:tbl>'))).not.toMatch(/<w:t[ >]/);
  });

  it('numbers pages "— N —" in 宋体 4号, odd pages on the right and even pages on the left', () => {
    expect(doc.part('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const rels = doc.part('word/_rels/document.xml.rels');
    const footerOf = (type: string): string => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(rId\\d+)"/>`).exec(doc.document)![1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!;
      return doc.part(`word/${target[1] ?? target[2]}`);
    };
    for (const [type, side] of [
      ['default', 'right'],
      ['even', 'left'],
    ] as const) {
      const footer = footerOf(type);
      const [para] = paragraphs(footer);
      expect(para!.text).toBe('—  —');
      expect(para!.xml).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(para!.xml).toContain(`<w:jc w:val="${side}"/>`);
      expect(para!.xml).toContain('w:eastAsia="宋体"');
      expect(para!.xml).toContain('<w:sz w:val="28"/>');
    }
  });
});

describe('renderIssueDocx: variants', () => {
  it('marks a supplement 增刊第N期 without the running total, and an erratum 更正第N期', async () => {
    const doc = await render(
      variant((i) => {
        i.issue.supplement = true;
        i.issue.number = 3;
        i.issue.erratumOf = { year: 2014, number: 11 };
      }),
    );
    expect(doc.paras[1]!.text).toBe('增刊第3期');
    expect(doc.paras[2]!.text).toBe('（更正第11期）');
    expect(doc.document).not.toContain('总第');
    const other = await render(variant((i) => (i.issue.erratumOf = { year: 2013, number: 40 })));
    expect(other.paras[2]!.text).toBe('（更正2013年第40期）');
  });

  it('leaves out the editor’s note, sources and empty distribution lines when there are none', async () => {
    const doc = await render(
      variant((i) => {
        i.issue.editorNote = null;
        i.items = [{ kind: 'piece', title: '标题', bodyHtml: '<p>正文。</p>', sources: [] }];
        i.publication.distribution = { bao: '市委、市政府领导同志。', song: ' ', fa: '' };
      }),
    );
    expect(doc.document).not.toContain('编者按');
    expect(doc.paras.some((p) => /^（.*）$/.test(p.text))).toBe(false);
    expect(doc.paras.map((p) => p.text)).toContain('报：市委、市政府领导同志。');
    expect(doc.document).not.toMatch(/[送发]：/);
  });

  it('scales a wide picture to the text width, skips missing and unreadable ones, and reads data: pictures', async () => {
    const wide = samplePng(1600, 400);
    const doc = await render(
      variant((i) => {
        i.items = [
          {
            kind: 'piece',
            title: '图片',
            bodyHtml:
              '<p>前文<img src="/api/attachments/1/content">后文</p><p><img src="/api/attachments/404/content"></p>' +
              '<p><img src="/api/attachments/2/content"></p>' +
              `<p><img src="data:image/png;base64,${samplePng(20, 10).toString('base64')}"></p>`,
            sources: [],
          },
        ];
        i.images = new Map([
          [1, { data: wide, mime: 'image/png' }],
          [2, { data: Buffer.from('not a picture'), mime: 'image/png' }],
        ]);
      }),
    );
    const extents = [...doc.document.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(extents).toHaveLength(2);
    const textWidthEmu = Math.floor(8845 / 15) * 9525;
    expect(extents[0]![0]).toBe(textWidthEmu);
    expect(extents[0]![1]).toBe(Math.round((Math.floor(8845 / 15) * 400) / 1600) * 9525);
    expect(extents[1]).toEqual([20 * 9525, 10 * 9525]);
    // Text around a picture stays in its own paragraphs; the picture's paragraph is centred and not exact-spaced.
    expect(paragraph(doc.paras, '前文').text).toBe('前文');
    expect(paragraph(doc.paras, '后文').text).toBe('后文');
    const pictureParagraph = doc.paras.find((p) => p.xml.includes('<wp:extent'))!;
    expect(pictureParagraph.xml).toContain('<w:jc w:val="center"/>');
    expect(attr(pictureParagraph.xml, 'w:spacing', 'w:lineRule')).toBe('auto');
  });

  it('trims white space like a browser, keeps line breaks, numbers nested lists and sets quotations in 楷体', async () => {
    const doc = await render(
      variant((i) => {
        i.items = [
          {
            kind: 'piece',
            title: '格式',
            bodyHtml:
              '<p>  <strong> 开头</strong>中间 <em>斜体</em><br> 换行后<br></p><p> </p>' +
              '<ol><li><p>第一项</p><ol><li>子项</li></ol></li><li>第二项</li></ol><ul><li>要点</li></ul>' +
              '<blockquote><p>引用内容</p></blockquote><h2>一是加强领导</h2>',
            sources: [],
          },
        ];
      }),
    );
    const first = paragraph(doc.paras, '开头');
    expect(first.text).toBe('开头中间 斜体换行后');
    expect([...first.xml.matchAll(/<w:br\/>/g)]).toHaveLength(1);
    expect(first.xml).toMatch(/<w:i\/>(?:(?!<\/w:rPr>).)*<\/w:rPr><w:t[^>]*>斜体/s);
    const texts = doc.paras.map((p) => p.text);
    expect(texts).toEqual(expect.arrayContaining(['1.第一项', '（1）子项', '2.第二项', '• 要点', '一是加强领导']));
    expect(Number(attr(paragraph(doc.paras, '子项').xml, 'w:ind', 'w:left'))).toBe(640);
    expect(paragraph(doc.paras, '引用内容').xml).toContain('w:eastAsia="楷体_GB2312"');
    // The blank <p> between them gives no paragraph.
    expect(texts.indexOf('1.第一项')).toBe(doc.paras.indexOf(first) + 1);
  });

  it('writes row and column spans as merged cells', async () => {
    const doc = await render(
      variant((i) => {
        i.items = [
          {
            kind: 'piece',
            title: '表格',
            bodyHtml:
              '<table><tr><th colspan="2">合并表头</th><th>乙</th></tr>' +
              '<tr><td rowspan="2">跨两行</td><td>一</td><td>二</td></tr><tr><td>三</td><td>四</td></tr></table>',
            sources: [],
          },
        ];
      }),
    );
    const table = /<w:tbl>.*?<\/w:tbl>/s.exec(doc.document)![0];
    expect(table).toContain('<w:gridSpan w:val="2"/>');
    expect(table).toContain('<w:vMerge w:val="restart"/>');
    expect(table).toContain('<w:vMerge w:val="continue"/>');
    expect([...table.matchAll(/<w:gridCol /g)]).toHaveLength(3);
  });

  it('rejects a date that is not YYYY-MM-DD', async () => {
    await expect(renderIssueDocx(variant((i) => (i.issue.date = '2014/3/5')))).rejects.toThrow(/YYYY-MM-DD/);
  });
});

describe('issue-docx helpers', () => {
  it('writes Chinese dates without leading zeros and Chinese numerals for headings', () => {
    expect(chineseDate('2014-03-05')).toBe('2014年3月5日');
    expect(chineseDate('2020-12-31')).toBe('2020年12月31日');
    expect([1, 9, 10, 11, 20, 35, 99].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '三十五', '九十九']);
  });

  it('reads picture sizes from PNG, GIF and JPEG bytes', () => {
    expect(pictureSize(samplePng(33, 17))).toEqual({ type: 'png', width: 33, height: 17 });
    const gif = Buffer.from('GIF89a\x05\x00\x03\x00', 'latin1');
    expect(pictureSize(gif)).toEqual({ type: 'gif', width: 5, height: 3 });
    // SOI, an APP0 segment, then SOF0 with height 480 and width 640.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x01,
      0x01, 0x11, 0x00,
    ]);
    expect(pictureSize(jpeg)).toEqual({ type: 'jpg', width: 640, height: 480 });
    expect(pictureSize(Buffer.from('plain text'))).toBeNull();
  });
});

// ---------- rendered by LibreOffice ----------

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

const run = promisify(execFile);
const TOOLS = ['soffice', 'pdfinfo', 'pdftotext'];
const missing = TOOLS.filter((t) => !onPath(t));

describe('renderIssueDocx: rendered by LibreOffice', () => {
  it('converts to an A4 PDF showing the masthead, titles, body and page numbers', { timeout: 60_000 }, async (ctx) => {
    ctx.skip(missing.length > 0, `needs ${missing.join(', ')} (apt-get install libreoffice-writer-nogui poppler-utils)`);
    const dir = await mkdtemp(join(tmpdir(), 'issue-docx-'));
    try {
      const docx = join(dir, 'issue.docx');
      await writeFile(docx, await renderIssueDocx(sampleIssue()));
      // A profile of its own, so that a LibreOffice already running for someone else does not swallow the job.
      const profile = pathToFileURL(join(dir, 'profile')).href;
      await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
        timeout: 55_000,
      });
      const pdf = join(dir, 'issue.pdf');
      expect(existsSync(pdf)).toBe(true);

      const info = (await run('pdfinfo', [pdf])).stdout;
      const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
      expect(Math.abs(Number(size[1]) - 595)).toBeLessThanOrEqual(2);
      expect(Math.abs(Number(size[2]) - 842)).toBeLessThanOrEqual(2);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThanOrEqual(2);

      const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout;
      const firstPage = text.split('\f')[0]!;
      expect(firstPage).toContain('沧州政务交流');
      expect(firstPage.replace(/\s+/g, '')).toContain('第12期（总第356期）');
      expect(firstPage.replace(/\s+/g, '')).toContain('2014年3月5日');
      expect(text).toContain('东光县多措并举优化营商环境');
      expect(text).toContain('献县扎实推进农村人居环境整治');
      expect(text.replace(/\s+/g, '')).toContain('企业开办时间由原来的5个工作日压缩至1个工作日以内');
      expect(text.replace(/\s+/g, '')).toContain('沧州市人民政府办公室2014年3月5日印发');
      expect(firstPage).toMatch(/—\s*1\s*—/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
