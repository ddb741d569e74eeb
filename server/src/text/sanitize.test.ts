import { describe, expect, it } from 'vitest';
import { Parser } from 'htmlparser2';
import { htmlToPlainText, sanitizeArticleHtml } from './sanitize.js';

/** Every element and attribute of an HTML string, as a browser-like tokenizer sees them. */
function elementsOf(html: string): { name: string; attribs: Record<string, string> }[] {
  const found: { name: string; attribs: Record<string, string> }[] = [];
  const parser = new Parser({ onopentag: (name, attribs) => found.push({ name, attribs }) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return found;
}

const ALLOWED: Record<string, string[]> = {
  p: [], br: [], h2: [], h3: [], h4: [], strong: [], em: [], u: [], s: [], sup: [], sub: [], ul: [], ol: [], li: [],
  blockquote: [], table: [], thead: [], tbody: [], tr: [], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'],
  img: ['src', 'alt', 'width', 'height'], a: ['href', 'rel'],
};

// Filter-evasion payloads in the style of the OWASP XSS Filter Evasion Cheat Sheet and known mutation-XSS vectors.
const PAYLOADS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<script/xss src="https://xss.example/x.js"></script>',
  '<<script>alert("XSS");//<</script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<a href="jav&#x09;ascript:alert(1)">click</a>',
  '<a href="jav&#x0A;ascript:alert(1)">click</a>',
  '<a href="  JAVASCRIPT:alert(1)">click</a>',
  '<a href="javas&#99;ript:alert(1)">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
  '<a href="https://ok.example/" onmouseover="alert(1)">hover</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<div style="width: expression(alert(\'XSS\'));">x</div>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1);">',
  '<form action="javascript:alert(1)"><input type="submit"></form>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<td background="javascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img src="/api/attachments/1/content" onerror="alert(1)">',
  '<img src="/api/attachments/1/content/../../evil">',
  '<a href="//evil.example/">protocol relative</a>',
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  '<style>@import\'https://xss.example/xss.css\';</style>',
  '<p id="x" class="y" onclick="alert(1)">p</p>',
  '<<SCRIPT>alert("XSS");//<</SCRIPT>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
  '<img src=`javascript:alert(1)`>',
  '<div onmouseover="alert(1)" title="x">div</div>',
  '<template><script>alert(1)</script></template>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<textarea><img src=x onerror=alert(1)></textarea>',
];

describe('sanitizeArticleHtml against XSS payloads', () => {
  it('has a substantial payload list', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(30);
  });

  for (const payload of PAYLOADS) {
    it(`neutralises ${payload.slice(0, 70)}`, () => {
      const out = sanitizeArticleHtml(payload);
      expect(out).not.toMatch(/<script/i);
      expect(out).not.toMatch(/\son\w+\s*=/i);
      expect(out).not.toMatch(/javascript:/i);
      expect(out).not.toMatch(/vbscript:/i);
      expect(out).not.toMatch(/style=/i);
      expect(out).not.toMatch(/<(iframe|object|embed|svg|math|form|base|meta|link|style|input|body|source|video)\b/i);
      for (const el of elementsOf(out)) {
        expect(Object.keys(ALLOWED), `element <${el.name}> in ${out}`).toContain(el.name);
        for (const attr of Object.keys(el.attribs)) expect(ALLOWED[el.name], `${el.name}[${attr}]`).toContain(attr);
        if (el.name === 'img') expect(el.attribs.src).toMatch(/^(\/api\/attachments\/\d+\/content|data:image\/(png|jpeg|gif|webp);base64,)/);
        if (el.name === 'a') expect(el.attribs.href).toMatch(/^(https?:\/\/|mailto:)/);
      }
      expect(sanitizeArticleHtml(out)).toBe(out);
    });
  }

  it('keeps a safe link but drops its event handler and adds rel', () => {
    expect(sanitizeArticleHtml('<a href="https://ok.example/" onmouseover="alert(1)">hover</a>')).toBe(
      '<a href="https://ok.example/" rel="noopener noreferrer">hover</a>',
    );
  });

  it('unwraps a link with a forbidden scheme to its text', () => {
    expect(sanitizeArticleHtml('<p><a href="jav&#x09;ascript:alert(1)">点这里</a></p>')).toBe('<p>点这里</p>');
    expect(sanitizeArticleHtml('<p><a href="/relative">相对</a></p>')).toBe('<p>相对</p>');
  });

  it('drops script and style content entirely', () => {
    expect(sanitizeArticleHtml('<p>正文</p><script>var secret = 1;</script><style>p{color:red}</style>')).toBe('<p>正文</p>');
  });
});

describe('sanitizeArticleHtml keeps good content', () => {
  it('keeps headings, maps h1 to h2 and h5/h6 to h4', () => {
    expect(sanitizeArticleHtml('<h1>一级</h1><h2>二级</h2><h3>三级</h3><h4>四级</h4><h5>五级</h5><h6>六级</h6>')).toBe(
      '<h2>一级</h2><h2>二级</h2><h3>三级</h3><h4>四级</h4><h4>五级</h4><h4>六级</h4>',
    );
  });

  it('keeps inline emphasis, normalising b and i', () => {
    expect(sanitizeArticleHtml('<p><b>粗</b><strong>重</strong><i>斜</i><em>强</em><u>下</u><s>删</s>H<sub>2</sub>O x<sup>2</sup></p>')).toBe(
      '<p><strong>粗</strong><strong>重</strong><em>斜</em><em>强</em><u>下</u><s>删</s>H<sub>2</sub>O x<sup>2</sup></p>',
    );
  });

  it('keeps lists and blockquotes', () => {
    const html = '<ul><li>第一条</li><li>第二条</li></ul><ol><li>一</li></ol><blockquote><p>引文</p></blockquote>';
    expect(sanitizeArticleHtml(html)).toBe(html);
  });

  it('keeps tables with colspan and rowspan only', () => {
    const html =
      '<table class="t" style="border:1px"><thead><tr><th colspan="2" width="50">指标</th></tr></thead>' +
      '<tbody><tr><td rowspan="2" align="center">2024年</td><td>1260篇</td></tr><tr><td colspan="abc">采用</td></tr></tbody></table>';
    expect(sanitizeArticleHtml(html)).toBe(
      '<table><thead><tr><th colspan="2">指标</th></tr></thead>' +
        '<tbody><tr><td rowspan="2">2024年</td><td>1260篇</td></tr><tr><td>采用</td></tr></tbody></table>',
    );
  });

  it('keeps Chinese text and entities intact', () => {
    const html = '<p>全市政务信息工作会议召开，“报送质量”明显提升——同比增长12%。A &amp; B &lt;C&gt;</p>';
    expect(sanitizeArticleHtml(html)).toBe(html);
  });

  it('keeps allowed images with their dimensions and alt text', () => {
    expect(sanitizeArticleHtml('<p><img src="/api/attachments/42/content" alt="现场照片" width="640px" height="480" class="x" title="t"></p>')).toBe(
      '<p><img src="/api/attachments/42/content" alt="现场照片" width="640" height="480" /></p>',
    );
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    expect(sanitizeArticleHtml(`<img src="${png}">`)).toBe(`<img src="${png}" />`);
  });

  it('drops images from other sources', () => {
    expect(sanitizeArticleHtml('<p>图<img src="https://tracker.example/p.gif"></p>')).toBe('<p>图</p>');
    expect(sanitizeArticleHtml('<p>图<img src="/api/attachments/x/content"></p>')).toBe('<p>图</p>');
    expect(sanitizeArticleHtml('<p>图<img></p>')).toBe('<p>图</p>');
  });

  it('keeps cid: images only when asked', () => {
    expect(sanitizeArticleHtml('<p><img src="cid:1"></p>')).toBe('');
    expect(sanitizeArticleHtml('<p><img src="cid:1"></p>', { allowCid: true })).toBe('<p><img src="cid:1" /></p>');
    expect(sanitizeArticleHtml('<p><img src="cid:../1"></p>', { allowCid: true })).toBe('');
  });

  it('keeps http, https and mailto links', () => {
    expect(sanitizeArticleHtml('<a href="http://gov.example/a?x=1&amp;y=2" target="_blank">a</a>')).toBe(
      '<a href="http://gov.example/a?x=1&amp;y=2" rel="noopener noreferrer">a</a>',
    );
    expect(sanitizeArticleHtml('<a href="mailto:xxb@gov.example">信箱</a>')).toBe('<a href="mailto:xxb@gov.example" rel="noopener noreferrer">信箱</a>');
  });

  it('removes whitespace-only paragraphs and turns div blocks into paragraphs', () => {
    expect(sanitizeArticleHtml('<p>&nbsp;</p><p>\u3000</p><p><br></p><div><p>甲</p><p>乙</p></div><div>丙</div>')).toBe(
      '<p>甲</p><p>乙</p><p>丙</p>',
    );
  });

  it('is idempotent on ordinary editor output', () => {
    const html = '<h2>标题</h2><p>第一段<br />换行</p><ul><li><p>要点</p></li></ul><table><tr><td>1</td></tr></table>';
    const once = sanitizeArticleHtml(html);
    expect(sanitizeArticleHtml(once)).toBe(once);
    expect(once).toBe(html);
  });
});

describe('htmlToPlainText', () => {
  it('puts blocks on their own lines and decodes entities', () => {
    expect(htmlToPlainText('<h2>标题</h2><p>第一段&nbsp;文字 &amp; 数据&lt;1&gt;</p><p>第二段</p>')).toBe('标题\n第一段 文字 & 数据<1>\n第二段');
  });

  it('separates table cells by tabs and rows by newlines', () => {
    expect(htmlToPlainText('<table><tr><th>单位</th><th>篇数</th></tr><tr><td><p>市委办</p></td><td><p>12</p></td></tr></table>')).toBe(
      '单位\t篇数\n市委办\t12',
    );
  });

  it('handles lists, line breaks and inline tags', () => {
    expect(htmlToPlainText('<ul><li>一是<strong>加强</strong>领导</li><li>二是</li></ul>甲<br>乙')).toBe('一是加强领导\n二是\n甲\n乙');
  });

  it('drops scripts, styles and tags, and collapses white space', () => {
    expect(htmlToPlainText('<p>  正文\n  继续 </p><script>alert(1)</script><style>p{}</style><img src="x">')).toBe('正文 继续');
  });

  it('returns an empty string for empty input', () => {
    expect(htmlToPlainText('')).toBe('');
    expect(htmlToPlainText('<p> </p>')).toBe('');
  });
});
