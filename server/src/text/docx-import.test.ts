import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { DocxImportError, importDocx } from './docx-import.js';
import { makeZip, oleCompoundFile, tinyPng } from './test-fixtures.js';

type Block = Paragraph | Table;

function docxOf(children: Block[], options: { styles?: ConstructorParameters<typeof Document>[0]['styles'] } = {}): Promise<Buffer> {
  return Packer.toBuffer(new Document({ ...(options.styles ? { styles: options.styles } : {}), sections: [{ children }] }));
}

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });

async function fullSample(): Promise<Buffer> {
  return docxOf([
    new Paragraph({ text: '关于做好2024年政务信息工作的通知', heading: HeadingLevel.TITLE }),
    new Paragraph({ text: '一、总体要求', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ children: [new TextRun('各单位要'), new TextRun({ text: '高度重视', bold: true }), new TextRun('信息报送工作。')] }),
    new Paragraph({ text: '（一）具体安排', heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ text: '按时报送', bullet: { level: 0 } }),
    new Paragraph({ text: '确保质量', bullet: { level: 0 } }),
    new Table({ rows: [new TableRow({ children: [cell('单位'), cell('篇数')] }), new TableRow({ children: [cell('市委办'), cell('12')] })] }),
    new Paragraph({ children: [new ImageRun({ type: 'png', data: tinyPng(4, 3), transformation: { width: 40, height: 30 } })] }),
  ]);
}

async function expectImportError(buf: Buffer, code: string): Promise<DocxImportError> {
  const error = await importDocx(buf).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocxImportError);
  expect((error as DocxImportError).code).toBe(code);
  return error as DocxImportError;
}

describe('importDocx: content', () => {
  it('takes the Title-style paragraph as the title and removes it from the body', async () => {
    const doc = await importDocx(await fullSample());
    expect(doc.title).toBe('关于做好2024年政务信息工作的通知');
    expect(doc.bodyHtml).not.toContain('关于做好2024年政务信息工作的通知');
  });

  it('maps Heading 1 and 2 to h2 and h3 and keeps bold text and lists', async () => {
    const { bodyHtml } = await importDocx(await fullSample());
    expect(bodyHtml).toContain('<h2>一、总体要求</h2>');
    expect(bodyHtml).toContain('<h3>（一）具体安排</h3>');
    expect(bodyHtml).toContain('<p>各单位要<strong>高度重视</strong>信息报送工作。</p>');
    expect(bodyHtml).toContain('<ul><li>按时报送</li><li>确保质量</li></ul>');
    expect(bodyHtml).not.toContain('<h1');
  });

  it('keeps the table and its cells', async () => {
    const { bodyHtml } = await importDocx(await fullSample());
    expect(bodyHtml).toMatch(/<table>.*<tr><td><p>单位<\/p><\/td><td><p>篇数<\/p><\/td><\/tr>.*<td><p>市委办<\/p><\/td><td><p>12<\/p><\/td>.*<\/table>/);
  });

  it('collects the picture separately and references it by cid', async () => {
    const doc = await importDocx(await fullSample());
    expect(doc.images).toHaveLength(1);
    expect(doc.images[0]!.ref).toBe('cid:1');
    expect(doc.images[0]!.mime).toBe('image/png');
    expect(doc.images[0]!.data.equals(tinyPng(4, 3))).toBe(true);
    expect(doc.bodyHtml).toContain('<img src="cid:1" />');
    expect(doc.bodyHtml).not.toContain('base64');
    expect(doc.warnings).toEqual([]);
  });

  it('numbers several pictures in order', async () => {
    const img = (w: number) => new Paragraph({ children: [new ImageRun({ type: 'png', data: tinyPng(w, 1), transformation: { width: w, height: 1 } })] });
    const doc = await importDocx(await docxOf([new Paragraph({ text: '图片新闻', heading: HeadingLevel.TITLE }), img(1), new Paragraph('说明'), img(2)]));
    expect(doc.images.map((i) => i.ref)).toEqual(['cid:1', 'cid:2']);
    expect(doc.images[1]!.data.equals(tinyPng(2, 1))).toBe(true);
    expect(doc.bodyHtml.indexOf('cid:1')).toBeLessThan(doc.bodyHtml.indexOf('cid:2'));
  });

  it('leaves out pictures in formats the app cannot show and warns', async () => {
    const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)]);
    const doc = await importDocx(
      await docxOf([
        new Paragraph({ text: '标题', heading: HeadingLevel.TITLE }),
        new Paragraph({ children: [new ImageRun({ type: 'bmp', data: bmp, transformation: { width: 10, height: 10 } })] }),
        new Paragraph({ children: [new ImageRun({ type: 'png', data: tinyPng(), transformation: { width: 10, height: 10 } })] }),
      ]),
    );
    expect(doc.images.map((i) => [i.ref, i.mime])).toEqual([['cid:1', 'image/png']]);
    expect(doc.bodyHtml).toBe('<p><img src="cid:1" /></p>');
    expect(doc.warnings).toEqual(['有 1 张图片的格式不受支持（如 EMF、WMF、TIFF），未能导入；请将图片另存为 PNG 或 JPEG 后插入']);
  });

  it('understands Chinese-named heading and title styles', async () => {
    const styles = {
      paragraphStyles: [
        { id: 'a1', name: '标题', basedOn: 'Normal', run: { size: 44 } },
        { id: 'a2', name: '标题 1', basedOn: 'Normal', run: { bold: true } },
        { id: 'a3', name: '标题 2', basedOn: 'Normal', run: { bold: true } },
        { id: 'a4', name: '标题 3', basedOn: 'Normal', run: { bold: true } },
      ],
    };
    const doc = await importDocx(
      await docxOf(
        [
          new Paragraph({ text: '某某区信息专报', style: 'a1' }),
          new Paragraph({ text: '一级', style: 'a2' }),
          new Paragraph({ text: '二级', style: 'a3' }),
          new Paragraph({ text: '三级', style: 'a4' }),
          new Paragraph('正文。'),
        ],
        { styles },
      ),
    );
    expect(doc.title).toBe('某某区信息专报');
    expect(doc.bodyHtml).toBe('<h2>一级</h2><h3>二级</h3><h4>三级</h4><p>正文。</p>');
  });

  it('falls back to a leading heading as the title', async () => {
    const doc = await importDocx(await docxOf([new Paragraph({ text: '全市防汛工作有序推进', heading: HeadingLevel.HEADING_1 }), new Paragraph('正文内容。')]));
    expect(doc.title).toBe('全市防汛工作有序推进');
    expect(doc.bodyHtml).toBe('<p>正文内容。</p>');
  });

  it('falls back to a short first paragraph, e.g. a centred title in plain style', async () => {
    const doc = await importDocx(
      await docxOf([
        new Paragraph({ children: [new TextRun({ text: '我区召开信息工作推进会', bold: true })], alignment: AlignmentType.CENTER }),
        new Paragraph('会议要求，各部门要进一步提高信息质量。'),
      ]),
    );
    expect(doc.title).toBe('我区召开信息工作推进会');
    expect(doc.bodyHtml).toBe('<p>会议要求，各部门要进一步提高信息质量。</p>');
  });

  it('does not take a sentence or a long first paragraph as the title', async () => {
    const sentence = await importDocx(await docxOf([new Paragraph('今年以来，我区扎实推进各项工作。'), new Paragraph('第二段。')]));
    expect(sentence.title).toBeNull();
    expect(sentence.bodyHtml).toBe('<p>今年以来，我区扎实推进各项工作。</p><p>第二段。</p>');
    const long = '这'.repeat(61);
    expect((await importDocx(await docxOf([new Paragraph(long)]))).title).toBeNull();
    expect((await importDocx(await docxOf([new Paragraph('这'.repeat(60))]))).title).toBe('这'.repeat(60));
  });

  it('does not take a heading further down as the title', async () => {
    const doc = await importDocx(await docxOf([new Paragraph('今年以来，我区扎实推进各项工作。'), new Paragraph({ text: '一、主要做法', heading: HeadingLevel.HEADING_1 })]));
    expect(doc.title).toBeNull();
    expect(doc.bodyHtml).toContain('<h2>一、主要做法</h2>');
  });

  it('passes the body through the sanitizer', async () => {
    const doc = await importDocx(
      await docxOf([
        new Paragraph({ text: '标题', heading: HeadingLevel.TITLE }),
        new Paragraph({ children: [new TextRun('<script>alert(1)</script> 与 <b>不是标签</b>')] }),
      ]),
    );
    expect(doc.bodyHtml).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; 与 &lt;b&gt;不是标签&lt;/b&gt;</p>');
  });
});

describe('importDocx: files that are not a .docx', () => {
  it('refuses a PDF as NOT_DOCX with a Chinese message', async () => {
    const e = await expectImportError(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'NOT_DOCX');
    expect(e.message).toBe('文件不是 Word 文档（.docx），请选择用 Word 或 WPS 保存的 .docx 文件');
    expect(e.messageFor('en')).toBe('This is not a Word document (.docx); choose a .docx file saved from Word or WPS');
  });

  it('refuses a legacy .doc as LEGACY_DOC and says to save as .docx', async () => {
    const e = await expectImportError(oleCompoundFile('WordDocument'), 'LEGACY_DOC');
    expect(e.message).toContain('另存为');
    expect(e.messageFor('zh-TW')).toContain('.docx');
  });

  it('gives the error message in the requested language', async () => {
    const error = await importDocx(Buffer.from('hello'), { locale: 'en' }).catch((e: unknown) => e);
    expect((error as DocxImportError).message).toBe('This is not a Word document (.docx); choose a .docx file saved from Word or WPS');
  });

  it('refuses random bytes and an empty file', async () => {
    await expectImportError(Buffer.from([0x13, 0x37, 0x00, 0xff, 0x42, 0x99, 0x10, 0x01]), 'NOT_DOCX');
    await expectImportError(Buffer.alloc(0), 'NOT_DOCX');
  });

  it('refuses an .xlsx as NOT_DOCX', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表1').addRow(['单位']);
    await expectImportError(Buffer.from(await wb.xlsx.writeBuffer()), 'NOT_DOCX');
  });

  it('refuses a truncated .docx as CORRUPT', async () => {
    const docx = await fullSample();
    const e = await expectImportError(docx.subarray(0, Math.floor(docx.length * 0.8)), 'CORRUPT');
    expect(e.message).toContain('损坏');
  });

  it('refuses a zip with an unreadable word/document.xml as CORRUPT', async () => {
    const broken = makeZip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      'word/document.xml': 'this is not xml <<<',
    });
    await expectImportError(broken, 'CORRUPT');
  });

  it('refuses a zip declaring an enormous uncompressed size as CORRUPT', async () => {
    const zip = makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    // Patch the second central-directory entry's uncompressed size to 1 GB.
    const cdStart = zip.readUInt32LE(zip.length - 6);
    const secondEntry = cdStart + 46 + Buffer.byteLength('[Content_Types].xml');
    zip.writeUInt32LE(1024 * 1024 * 1024, secondEntry + 24);
    await expectImportError(zip, 'CORRUPT');
  });
});
