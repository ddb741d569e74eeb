import type { Prng } from './prng.js';

/**
 * Article titles and bodies for the simulated year: assembled from short fragments with the unit, month and figures
 * drawn from the PRNG, so two pieces rarely share a long passage (the duplicate check must not flag them by
 * accident). A planned duplicate reuses another piece's body with a changed opening instead.
 */

const AREAS = [
  '重点项目建设', '招商引资', '高标准农田建设', '棚户区改造', '大气污染防治', '农村饮水安全', '中小企业融资', '外贸出口',
  '就业创业服务', '社会保险扩面', '义务教育均衡发展', '交通基础设施建设', '城乡环境整治', '安全生产检查', '食品药品监管',
  '行政审批制度改革', '沿海港口物流', '现代农业园区', '特色产业集群', '科技创新平台', '养老服务体系', '保障性住房建设',
  '河道综合治理', '植树造林', '节能减排', '统计数据质量', '税收征管', '市场主体培育', '质量强市', '金融服务实体经济',
  '精准扶贫', '文化惠民工程', '旅游景区提升', '城市管理', '公共交通', '邮政快递服务', '出入境检验检疫', '对外贸易促进',
];
const LEADS = [
  '今年以来', '入春以来', '近期', '本月', '年初以来', '进入下半年以来', '自开展专项行动以来', '针对群众反映集中的问题',
  '按照市政府统一部署', '围绕稳增长目标', '为破解发展难题', '结合本地实际',
];
const ACTIONS = [
  '成立专门工作组', '实行周调度月通报', '建立县级领导包联制度', '开通绿色通道', '逐户上门走访', '引入第三方评估',
  '推行限时办结', '设立专项资金', '组织专家现场会诊', '开展集中攻坚', '实行台账管理', '推行网上办理',
  '聘请技术顾问', '召开现场推进会', '建立联席会议制度', '开展拉网式排查', '推行挂图作战', '签订目标责任书',
];
const MEANS = [
  '倒排工期、挂牌督办', '分片包干、责任到人', '先易后难、梯次推进', '试点先行、以点带面', '部门联动、合力攻坚',
  '上下联动、一体推进', '日清周结、跟踪问效', '精简环节、压缩时限', '聚焦短板、精准施策', '强化考核、奖惩挂钩',
];
const RESULTS = [
  '群众满意度明显提升', '办理时限平均缩短', '完成投资同比增长', '新增就业岗位', '企业负担有效减轻', '项目开工率显著提高',
  '空气质量优良天数增加', '受益群众不断增多', '主要指标好于预期', '财政收入稳步增长', '市场秩序持续好转', '发展后劲进一步增强',
];
const UNITS_OF = ['个', '项', '家', '户', '人次', '万元', '亿元', '公里', '万亩', '件'];
const DIGITS = '〇一二三四五六七八九';

function cn(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 100) return `${n >= 20 ? DIGITS[Math.floor(n / 10)] : ''}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

function figure(r: Prng): string {
  const u = r.pick(UNITS_OF);
  const n = r.int(2, 980);
  return r.next() < 0.5 ? `${n}${u}` : `${cn(r.int(2, 99))}${u}`;
}

export interface ArticleText {
  title: string;
  bodyHtml: string;
}

const TITLE_VERBS = ['扎实推进', '多措并举抓好', '创新方式推动', '强力推进', '全力做好', '着力破解', '稳步推进', '积极探索'];
const TYPE_TAILS: Record<string, string> = {
  news: '',
  experience: '的经验做法',
  problem: '中存在的问题及建议',
  suggestion: '的几点建议',
  feedback: '落实情况',
  research: '情况的调研报告',
};

export function articleText(r: Prng, unitShort: string, month: number, type: string, seq: number): ArticleText {
  const area = r.pick(AREAS);
  const title = `${unitShort}${r.pick(TITLE_VERBS)}${area}${TYPE_TAILS[type] ?? ''}`;
  const paras: string[] = [];
  const n = r.int(3, 5);
  for (let i = 0; i < n; i++) {
    const a = i === 0 ? area : r.pick(AREAS);
    paras.push(
      `${i === 0 ? `${month}月份，` : ''}${r.pick(LEADS)}，${unitShort}${r.pick(ACTIONS)}，坚持${r.pick(MEANS)}，` +
        `抓好${a}工作，累计完成${figure(r)}、${figure(r)}，${r.pick(RESULTS)}${figure(r)}（第${seq}号）。`,
    );
  }
  return { title, bodyHtml: paras.map((p) => `<p>${p}</p>`).join('') };
}
