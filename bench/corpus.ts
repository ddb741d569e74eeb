/**
 * A deterministic corpus of government information articles for the benchmarks: templates filled from a lexicon of
 * places, departments, work items, measures and figures, wrapped in shared boilerplate, 300–1500 characters. Planted
 * near-duplicates of known kind (edited copies, Traditional conversions, reordered sentences, a copied paragraph
 * inside new text) and hard negatives (different articles heavy with the same boilerplate) come with their sources.
 */
import * as OpenCC from 'opencc-js';

export type Plant = 'original' | 'edited' | 'traditional' | 'reordered' | 'paragraph' | 'hard_negative';

export interface CorpusDoc {
  index: number;
  title: string;
  body: string;
  plant: Plant;
  /** For planted near-duplicates: the index of the document copied. */
  source?: number;
  date: Date;
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

const PLACES = ['任丘', '河间', '泊头', '黄骅', '沧县', '青县', '东光', '海兴', '盐山', '肃宁', '南皮', '吴桥', '献县', '孟村', '运河', '新华', '渤海', '临港', '高新', '经开'];
const SUFFIX = ['市', '县', '区'];
const DEPTS = ['发展改革局', '教育局', '科技局', '工业和信息化局', '公安局', '民政局', '司法局', '财政局', '人力资源和社会保障局', '自然资源和规划局', '生态环境局', '住房和城乡建设局', '交通运输局', '水务局', '农业农村局', '商务局', '文化广电和旅游局', '卫生健康委员会', '应急管理局', '市场监督管理局', '医疗保障局', '城市管理综合执法局', '行政审批局', '统计局', '乡村振兴局', '信访局', '数据和政务服务局', '林业局', '退役军人事务局', '审计局'];
const WORK = ['高标准农田建设', '老旧小区改造', '营商环境优化', '河湖长制落实', '安全生产专项整治', '城乡居民医保参保', '义务教育优质均衡', '农村人居环境整治', '重点项目建设', '招商引资', '就业创业服务', '食品安全监管', '大气污染防治', '信访积案化解', '政务服务“一网通办”', '农村集体经济发展', '困难群众救助', '文旅融合发展', '数字乡村建设', '防汛备汛', '森林防火', '科技型中小企业培育', '退役军人服务保障', '养老服务体系建设', '秸秆综合利用', '冬季清洁取暖', '农民工工资支付保障', '城市更新', '物流降本增效', '“专精特新”企业培育', '粮食安全', '耕地保护', '人才引进', '基层治理', '社区服务', '供水保障', '燃气安全排查', '校园周边环境整治', '道路交通秩序整治', '消费帮扶'];
const MEASURES = ['建立周调度、月通报制度', '实行清单化管理、项目化推进', '组建专班逐项攻坚', '开展拉网式排查', '推行“一件事一次办”', '设立专项资金予以奖补', '引入第三方评估', '建立县乡村三级联动机制', '开展“回头看”专项督导', '推动数据共享互认', '实施挂图作战', '建立问题、责任、整改三张清单', '开展入户走访', '落实包联责任制', '推行容缺受理', '建立企业诉求直通车', '开展技能培训', '实施以奖代补', '建立联席会议制度', '开通绿色通道'];
const OUTCOMES = ['群众满意度明显提升', '办理时限平均压缩', '问题整改率达到', '项目开工率达到', '累计惠及群众', '节约资金', '新增就业岗位', '受理各类诉求', '完成投资', '排查整治隐患'];
const UNITS_OF = ['个', '项', '家', '户', '人次', '万元', '公里', '亩', '件', '处'];
const VILLAGES = ['东岭村', '西河村', '南庄村', '北街村', '前进村', '新立村', '王庄村', '李家村', '张家庄', '马家营', '刘官屯', '孙家楼', '赵家湾', '杨柳青', '后屯村', '大王庄'];
const PEOPLE = ['种粮大户', '家庭农场', '小微企业', '个体工商户', '困难家庭', '返乡创业人员', '高校毕业生', '退役军人', '留守老人', '新就业群体'];

/** Stock sentences of government prose, shared by many articles. */
export const BOILERPLATE = [
  '今年以来，我单位坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，认真落实上级决策部署。',
  '我局高度重视，紧紧围绕全市中心工作，精心组织，周密部署，多措并举，狠抓落实，各项工作取得明显成效。',
  '下一步，我们将继续坚持问题导向和目标导向，进一步压实责任，完善机制，强化督导，确保各项任务落地见效。',
  '成立了由主要负责同志任组长、分管负责同志任副组长、相关科室负责人为成员的工作领导小组，统筹推进各项工作。',
  '通过召开动员会、印发宣传资料、开展专题培训等方式，营造了全社会关心支持、共同参与的良好氛围。',
  '坚持把这项工作作为践行以人民为中心发展思想的重要举措，作为检验作风能力的重要标尺。',
  '切实增强责任感和紧迫感，以更高标准、更严要求、更实举措推动工作落实，为全市高质量发展贡献力量。',
  '按照市委、市政府的统一安排部署，结合本单位实际，制定印发了工作实施方案，明确了目标任务、责任分工和时间节点。',
];

function sentence(r: Rng, place: string, dept: string): string {
  const n = () => r.int(2, 980);
  const templates = [
    () => `在${r.pick(WORK)}方面，${place}${dept}${r.pick(MEASURES)}，截至${r.int(1, 12)}月底已完成${n()}${r.pick(UNITS_OF)}，${r.pick(OUTCOMES)}${n()}${r.pick(UNITS_OF)}。`,
    () => `${r.pick(VILLAGES)}针对${r.pick(PEOPLE)}反映的${r.pick(WORK)}问题，${r.pick(MEASURES)}，${n()}户群众从中受益。`,
    () => `围绕${r.pick(WORK)}，${r.pick(MEASURES)}，全年计划投入资金${n()}万元，目前已到位${n()}万元，带动${r.pick(PEOPLE)}${n()}人。`,
    () => `${place}${r.pick(SUFFIX)}${r.pick(DEPTS)}联合${r.pick(DEPTS)}，对${n()}家${r.pick(['企业', '门店', '学校', '工地', '医疗机构', '养老机构'])}开展${r.pick(WORK)}检查，发现问题${n()}个，已整改${n()}个。`,
    () => `为破解${r.pick(WORK)}中的难点，${r.pick(VILLAGES)}探索${r.pick(MEASURES)}的做法，${r.int(1, 11)}个月来${r.pick(OUTCOMES)}${r.int(10, 99)}个百分点。`,
    () => `${r.pick(PEOPLE)}${r.pick(['老张', '小李', '王大姐', '赵师傅', '刘书记', '孙主任'])}说：“${r.pick(['以前办事要跑好几趟', '过去这条路一下雨就没法走', '原来看病要到县城', '以前找工作没有门路'])}，现在${r.pick(['一次就办好了', '出门就是水泥路', '在家门口就能看上病', '政府帮着介绍'])}。”`,
    () => `第${r.pick(['一', '二', '三', '四', '五'])}季度，全${r.pick(SUFFIX)}${r.pick(WORK)}累计${r.pick(OUTCOMES)}${n()}${r.pick(UNITS_OF)}，同比增长${r.int(1, 60)}.${r.int(0, 9)}%，增幅居全市第${r.int(1, 16)}位。`,
  ];
  return r.pick(templates)();
}

function article(r: Rng, lengthTarget: number, boilerplateSentences: number): { title: string; sentences: string[] } {
  const place = r.pick(PLACES) + r.pick(SUFFIX);
  const dept = r.pick(DEPTS);
  const title = `${place}${dept}${r.pick(['扎实推进', '多措并举推进', '创新开展', '全力抓好', '持续深化'])}${r.pick(WORK)}${r.pick(['', '工作', '取得实效', '见行见效'])}`;
  const sentences: string[] = [];
  const opening = r.pick(BOILERPLATE);
  sentences.push(opening);
  let len = opening.length;
  for (let b = 1; b < boilerplateSentences; b++) {
    const s = r.pick(BOILERPLATE);
    sentences.push(s);
    len += s.length;
  }
  while (len < lengthTarget) {
    const s = sentence(r, place, dept);
    sentences.push(s);
    len += s.length;
  }
  return { title, sentences };
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

function shuffle<T>(r: Rng, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * `n` documents. About 8% are planted near-duplicates of an earlier document (2% of each kind) and 2% hard
 * negatives. Deterministic for a seed.
 */
export function* generateCorpus(n: number, seed = 20260101): Generator<CorpusDoc> {
  const r = rng(seed);
  const recent: { title: string; sentences: string[]; index: number }[] = [];
  const start = Date.UTC(2016, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  for (let i = 0; i < n; i++) {
    const date = new Date(start + Math.floor((i / Math.max(1, n)) * span));
    const roll = r.next();
    const canCopy = recent.length > 10;
    let doc: CorpusDoc;
    if (canCopy && roll < 0.08) {
      const src = r.pick(recent);
      const kind: Plant = roll < 0.02 ? 'edited' : roll < 0.04 ? 'traditional' : roll < 0.06 ? 'reordered' : 'paragraph';
      if (kind === 'edited') {
        // Change one sentence in five, drop one, retitle.
        const s = src.sentences.filter((_, k) => k !== 1).map((x, k) => (k % 5 === 4 ? sentence(r, '本地', '有关部门') : x));
        doc = { index: i, title: `${src.title}（修改稿）`, body: s.join(''), plant: kind, source: src.index, date };
      } else if (kind === 'traditional') {
        doc = { index: i, title: toTraditional(src.title), body: toTraditional(src.sentences.join('')), plant: kind, source: src.index, date };
      } else if (kind === 'reordered') {
        doc = { index: i, title: src.title, body: shuffle(r, src.sentences).join(''), plant: kind, source: src.index, date };
      } else {
        // A run of the source's sentences (≥ 150 characters, not boilerplate) inside a new, longer article.
        const own = article(r, r.int(600, 1200), 1);
        const body = src.sentences.slice(1);
        let from = r.int(0, Math.max(0, body.length - 4));
        let copied = '';
        while (copied.length < 150 && from < body.length) copied += body[from++]!;
        const at = r.int(1, own.sentences.length - 1);
        const sentences = [...own.sentences.slice(0, at), copied, ...own.sentences.slice(at)];
        doc = { index: i, title: own.title, body: sentences.join(''), plant: kind, source: src.index, date };
      }
    } else if (roll < 0.1) {
      const a = article(r, r.int(300, 700), 4);
      doc = { index: i, title: a.title, body: a.sentences.join(''), plant: 'hard_negative', date };
    } else {
      const a = article(r, r.int(300, 1500), r.int(1, 2));
      doc = { index: i, title: a.title, body: a.sentences.join(''), plant: 'original', date };
      recent.push({ ...a, index: i });
      if (recent.length > 2000) recent.splice(r.int(0, recent.length - 1), 1);
    }
    yield doc;
  }
}
