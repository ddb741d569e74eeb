/**
 * A realistic sample issue for looking at the briefing layout (not part of the app):
 *
 *   node --import tsx server/src/render/issue-docx.preview.ts [out-dir]
 *
 * writes sample-issue.docx to out-dir (default: the system temp dir); then, for example,
 * `soffice --headless --convert-to pdf sample-issue.docx` and `pdftoppm -png -r 60 sample-issue.pdf page`.
 * The tests use the same sample.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { renderIssueDocx, type IssueDocInput } from './issue-docx.js';

/** A small RGB PNG of horizontal colour bands (enough to see a picture placed and scaled). */
export function samplePng(width = 240, height = 120): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const band = Math.floor((y / height) * 3);
    for (let x = 0; x < width; x++) {
      const rgb = band === 0 ? [200, 40, 40] : band === 1 ? [240, 200, 60] : [60, 110, 190];
      row.set(rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PIECE_ONE = `
<p>今年以来，东光县坚持把优化营商环境作为“一号工程”，以“放管服”改革为抓手，聚焦企业和群众办事的难点堵点，推出一系列务实举措，全县市场主体活力明显增强。1—2月份，全县新登记市场主体1268户，同比增长23.6%。</p>
<h2>强化组织领导，压实工作责任</h2>
<p>县委、县政府成立由主要领导任组长的优化营商环境工作领导小组，建立<strong>“周调度、月通报、季考核”</strong>工作机制，将优化营商环境纳入各部门年度目标考核，实行“一把手”负总责。</p>
<h3>健全问题台账</h3>
<p>对企业反映的问题逐项建立台账，明确责任单位和办结时限，做到件件有回音、事事有着落。截至目前，共收集企业反映问题87件，已办结81件，办结率93.1%。</p>
<h3>开展“局长走流程”活动</h3>
<p>组织28个部门主要负责同志以办事群众身份体验办事流程，查找问题43个，全部列入整改清单。</p>
<h2>深化审批改革，提升服务效能</h2>
<h4>推行“一窗受理”。</h4>
<p>将分散在各部门的156项审批服务事项全部纳入政务服务中心集中办理，实行“前台综合受理、后台分类审批、统一窗口出件”。</p>
<h4>压缩办理时限。</h4>
<p>企业开办时间由原来的5个工作日压缩至1个工作日以内，工业建设项目施工许可审批时间压缩至30个工作日以内。主要指标变化情况如下：</p>
<table><thead><tr><th>事项</th><th>改革前</th><th>改革后</th></tr></thead>
<tbody><tr><td>企业开办</td><td>5个工作日</td><td>1个工作日</td></tr>
<tr><td>不动产登记</td><td>15个工作日</td><td>5个工作日</td></tr>
<tr><td>施工许可</td><td>60个工作日</td><td>30个工作日</td></tr></tbody></table>
<p>下一步，东光县将继续对标先进地区，重点做好以下工作：</p>
<ol><li>推进“互联网+政务服务”，实现更多事项网上办、掌上办；</li><li>健全企业诉求快速响应机制，做到企业诉求24小时内回应。</li></ol>
<p><img src="/api/attachments/7/content" alt="政务服务中心综合窗口"></p>
`;

const PIECE_TWO = `
<p>今年以来，献县围绕农村人居环境整治三年行动目标，坚持规划引领、分类施策、群众参与，扎实推进农村“厕所革命”、垃圾污水治理和村容村貌提升，全县农村人居环境明显改善。</p>
<h2>一、坚持规划先行，科学有序推进</h2>
<p>按照“一村一规划、一村一特色”的要求，完成全县175个行政村的村庄规划编制，明确整治重点和时间节点。县财政安排专项资金3200万元，采取“以奖代补”方式，调动乡镇和村级组织积极性。</p>
<h2>二、突出重点环节，集中攻坚突破</h2>
<h3>（一）扎实推进农村“厕所革命”。</h3>
<p>坚持群众自愿、因地制宜，全年计划完成农村户厕改造1.2万座，目前已完成8600座，占计划的71.7%。</p>
<h3>（二）健全垃圾收运处置体系。</h3>
<p>推行“户分类、村收集、乡转运、县处理”模式，实现农村生活垃圾收运处置体系全覆盖，日均清运垃圾260吨。</p>
<h2>三、注重长效管护，巩固整治成果</h2>
<p>建立“门前三包”责任制和村级保洁员队伍，全县共聘用保洁员1860名，做到<u>有制度、有标准、有队伍、有经费、有督查</u>，确保整治成果不反弹。</p>
`;

export function sampleIssue(): IssueDocInput {
  return {
    publication: {
      name: '沧州政务交流',
      compilingUnit: '沧州市人民政府办公室',
      kind: 'routine',
      distribution: {
        bao: '市委、市政府领导同志',
        song: '市人大常委会、市政协办公室，各县（市、区）委办公室',
        fa: '各县（市、区）人民政府，市政府各部门',
      },
    },
    issue: {
      year: 2014,
      number: 12,
      totalNumber: 356,
      date: '2014-03-05',
      editorNote:
        '优化营商环境、改善农村人居环境，是今年市委、市政府确定的重点工作。现将东光县、献县的做法刊发，供各地各部门学习借鉴。',
      supplement: false,
      erratumOf: null,
    },
    items: [
      { kind: 'heading', text: '工作动态' },
      { kind: 'piece', title: '东光县多措并举优化营商环境', bodyHtml: PIECE_ONE, sources: ['东光县', '市行政审批局'] },
      { kind: 'piece', title: '献县扎实推进农村人居环境整治', bodyHtml: PIECE_TWO, sources: ['献县'] },
    ],
    images: new Map([[7, { data: samplePng(), mime: 'image/png' }]]),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? tmpdir();
  const file = join(dir, 'sample-issue.docx');
  await writeFile(file, await renderIssueDocx(sampleIssue()));
  console.log(file);
}
