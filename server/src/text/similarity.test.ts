import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js';
import {
  allFingerprintHashes,
  bandKeys,
  compare,
  DEFAULT_DEDUP_THRESHOLDS,
  isDuplicate,
  kgramHashes,
  minhash,
  prepare,
  signatureOf,
  winnow,
} from './similarity.js';

const A =
  '今年以来，县农业农村局把高标准农田建设作为保障粮食安全的头号工程，组织技术人员逐村踏勘，摸清全县耕地质量底数。' +
  '在项目选址上，坚持集中连片、旱涝保收的原则，优先安排种粮大户和家庭农场集中的区域。在资金管理上，实行县级报账、' +
  '专户存储、专款专用，每一笔支出都经过乡镇初审和县级复核。截至十月底，全县新建高标准农田三点二万亩，改造提升一点五万亩，' +
  '新修机耕路四十六公里、灌排渠道八十三公里，项目区亩均增产粮食八十公斤以上，受益农户一万二千余户。';
const B =
  '市卫生健康委员会针对基层医疗机构人才短缺的问题，推出“县聘乡用、乡聘村用”的用人办法，由县级医院统一招聘医生，' +
  '派驻到乡镇卫生院和村卫生室工作，工资待遇由县级财政保障。同时开通远程会诊平台，乡镇卫生院接诊的疑难病例可以' +
  '实时请县医院专家会诊。今年全市共派驻医生二百一十名，远程会诊四千三百余例，群众在家门口看病的满意度明显提高。';
const C =
  '区市场监管局围绕食品安全开展“守护舌尖”专项行动，对辖区内一百七十家学校食堂、三百余家餐饮门店逐户检查，' +
  '重点查看进货查验记录、留样制度和从业人员健康证明。检查中发现问题门店二十八家，当场责令整改二十五家，对三家拒不整改的' +
  '依法立案查处。行动还推动九十余家门店安装“明厨亮灶”视频设备，消费者扫码就能看到后厨操作情况。';
const D =
  '镇政府把村级集体经济发展作为乡村振兴的重要抓手，采取“一村一策”的办法，帮助各村盘活闲置校舍、厂房和土地资源。' +
  '东岭村把废弃的小学改造成研学基地，每年接待中小学生一万多人次；西河村与农业公司合作种植中药材，村集体年增收二十万元。' +
  '全镇十四个行政村集体经济收入全部超过十万元，其中五个村超过五十万元，群众参与村级事务的积极性明显提高。';
const BOILER =
  '我局高度重视，紧紧围绕全市中心工作，认真贯彻落实上级部署，精心组织，周密部署，多措并举，狠抓落实，取得明显成效。';

describe('hashing and signatures', () => {
  it('winnowing keeps one fingerprint in every window', () => {
    const h = kgramHashes(A, 8);
    const picked = winnow(h, 24);
    for (let s = 0; s + 24 <= h.length; s++) expect(picked.some((p) => p >= s && p < s + 24)).toBe(true);
  });

  it('MinHash agrees with Jaccard on average', () => {
    const x = new Set(kgramHashes(A, 5));
    const y = new Set(kgramHashes(A.slice(0, 180) + B.slice(0, 60), 5));
    const inter = [...x].filter((v) => y.has(v)).length;
    const jaccard = inter / (x.size + y.size - inter);
    const [sx, sy] = [minhash(x), minhash(y)];
    const agree = sx.filter((v, i) => v === sy[i]).length / sx.length;
    expect(Math.abs(agree - jaccard)).toBeLessThan(0.2);
  });

  it('identical texts share every band; Traditional conversions too', () => {
    const tw = OpenCC.Converter({ from: 'cn', to: 'tw' })(A);
    expect(tw).not.toBe(A);
    expect(signatureOf(tw).bandKeys).toEqual(signatureOf(A).bandKeys);
    const twp = OpenCC.Converter({ from: 'cn', to: 'twp' })(A);
    expect(compare(prepare(A), prepare(twp)).score).toBeGreaterThan(0.9);
    expect(bandKeys(minhash(new Set(kgramHashes(B, 5))))).not.toEqual(signatureOf(A).bandKeys);
  });

  it('seed boilerplate yields no fingerprints', () => {
    expect(signatureOf(BOILER).fingerprints.length).toBeLessThan(3);
    expect(signatureOf(A).fingerprints.length).toBeGreaterThan(10);
  });
});

describe('compare', () => {
  it('finds an edited copy and scores it high', () => {
    const edited = A.replace('三点二万亩', '三万二千亩').replace('八十三公里', '八十余公里').replace('今年以来，', '');
    const c = compare(prepare(A), prepare(edited));
    expect(c.jaccard).toBeGreaterThan(0.7);
    expect(isDuplicate(c, DEFAULT_DEDUP_THRESHOLDS)).toBe(true);
  });

  it('two different articles that share boilerplate are NOT flagged', () => {
    const x = prepare(BOILER + A);
    const y = prepare(BOILER + B);
    const c = compare(x, y);
    expect(c.score).toBeLessThan(0.2);
    expect(isDuplicate(c, DEFAULT_DEDUP_THRESHOLDS)).toBe(false);
  });

  it('a stock passage the corpus knows as frequent is ignored when comparing', () => {
    const stock = '按照市委市政府的统一安排，各级各部门结合自身职能，把这项工作列入年度重点任务，定期调度，跟踪问效。';
    const x = prepare(stock + A.slice(0, 80));
    const y = prepare(stock + B.slice(0, 80));
    expect(compare(x, y).longestPassage).toBeGreaterThanOrEqual(40);
    // The corpus has seen this passage in many documents: its fingerprints are frequent.
    const frequent = new Set(allFingerprintHashes(stock));
    const c = compare(x, y, frequent);
    expect(c.longestPassage).toBe(0);
    expect(isDuplicate(c, DEFAULT_DEDUP_THRESHOLDS)).toBe(false);
  });

  it('two stock sentences side by side are not a copied passage, though the k-grams where they meet are rare', () => {
    const s1 = '按照市委、市政府的统一安排部署，结合本单位实际，制定印发了工作实施方案，明确了目标任务、责任分工和时间节点。';
    const s2 = '今年以来，我单位坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，认真落实上级决策部署。';
    const x = prepare(s1 + s2 + A.slice(0, 90));
    const y = prepare(s1 + s2 + B.slice(0, 90));
    // Knowing nothing of the corpus, the pair shares a long passage.
    expect(compare(x, y).longestPassage).toBeGreaterThanOrEqual(50);
    // The corpus has each sentence in many documents, but not the pair: only the k-grams across the join are rare.
    const frequent = new Set([...allFingerprintHashes(s1), ...allFingerprintHashes(s2)]);
    const c = compare(x, y, frequent);
    expect(c.longestPassage).toBe(0);
    expect(isDuplicate(c, DEFAULT_DEDUP_THRESHOLDS)).toBe(false);
    // The same stock sentences in front of a copied passage do not hide the copy.
    const z = prepare(s1 + s2 + A.slice(0, 150));
    const w = prepare(s1 + s2 + A.slice(0, 150) + C);
    expect(compare(z, w, frequent).longestPassage).toBeGreaterThanOrEqual(140);
  });

  it('a mosaic of short pieces of another text is not a passage: a passage runs in the same order in both', () => {
    // Eight-character pieces of A, in reverse order: every five-character shingle inside a piece is also in A.
    const pieces = A.slice(0, 240).match(/.{1,8}/gsu)!;
    const mosaic = pieces.reverse().join('');
    const c = compare(prepare(A), prepare(mosaic));
    expect(c.longestPassage).toBe(0);
    expect(c.passagesA).toEqual([]);
    expect(c.passagesB).toEqual([]);
    // Jaccard still sees the shared vocabulary, as it should.
    expect(c.jaccard).toBeGreaterThan(0.2);
  });

  it('a copied paragraph inside a much longer article is found by containment, though Jaccard is low', () => {
    const paragraph = A.slice(0, 150);
    const filler = B + C + BOILER + D + C.slice(0, 60);
    const long = filler.slice(0, 500) + paragraph + filler.slice(500);
    const source = prepare(A);
    const target = prepare(long);
    const c = compare(source, target);
    expect(c.jaccard).toBeLessThan(0.3);
    expect(c.longestPassage).toBeGreaterThanOrEqual(120);
    expect(isDuplicate(c, DEFAULT_DEDUP_THRESHOLDS)).toBe(true);
    // The highlight lands on the copied characters of the longer text.
    const [s, e] = c.passagesB.reduce((best, r) => (r[1] - r[0] > best[1] - best[0] ? r : best));
    expect(long.slice(s, e)).toContain(paragraph.slice(10, 140));
    expect(paragraph).toContain(long.slice(s, e).slice(0, 100));
  });

  it('highlights map to the original (Traditional) text', () => {
    const tw = OpenCC.Converter({ from: 'cn', to: 'twp' })(A.slice(0, 120));
    const c = compare(prepare(A), prepare(tw));
    expect(c.score).toBeGreaterThan(0.9);
    const [s, e] = c.passagesB[0]!;
    expect(e - s).toBeGreaterThan(100);
    expect(tw.slice(s, e)).toContain('高標準農田');
  });

  it('unrelated articles score low', () => {
    const c = compare(prepare(A), prepare(B));
    expect(c.score).toBeLessThan(0.1);
    expect(c.passagesA).toEqual([]);
  });
});
