import {
  formatDocNumber,
  HONOUR_LEVEL_LABELS_ZH,
  noticePeriodLabel,
  renderNoticeParagraph,
  type TDocNumber,
  type TNoticeContent,
  type TNoticeFacts,
  type TNoticeFigure,
  type TNoticeFigureKey,
  type TNoticeParagraph,
  type TNotableKind,
} from '@baosong/contract';
import { chineseDate, chineseNumber } from '../render/gbt9704.js';

/**
 * Composition of the notice (通报) from its facts: pure, NoticeFacts in, a draft in the seed's structure out. Every
 * number or list of units in the text is a figure with the query (key + params) behind it, so `refreshNotice` can
 * put new values into a draft whose words the editor has changed.
 */

type Params = TNoticeFigure['params'];

const percent = (part: number, whole: number): number => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0);
const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/** The value of one figure, computed from the facts. Unknown publications, groups or kinds give 0 or an empty list. */
export function figureValue(facts: TNoticeFacts, key: TNoticeFigureKey, params: Params = {}): number | string[] {
  const p = facts.problems;
  const low = p.lowAdoption;
  switch (key) {
    case 'adopted_from_units':
      return facts.adoptedFromUnits;
    case 'submitted':
      return facts.submitted;
    case 'forwarded_to_province':
      return facts.forwardedToProvince;
    case 'adopted_by_province':
      return facts.adoptedByProvince;
    case 'adopted_by_state_council':
      return facts.adoptedByStateCouncil;
    case 'state_council_instructed':
      return facts.stateCouncilInstructed;
    case 'publication_issues':
      return facts.publications.find((x) => x.name === str(params.publication))?.issues ?? 0;
    case 'publication_principal_instructed':
      return facts.publications.find((x) => x.name === str(params.publication))?.principalInstructed ?? 0;
    case 'honours': {
      const g = facts.honours?.groups.find((x) => x.group === str(params.group));
      return g ? [...(params.level === 'advanced' ? g.advanced : g.winner)] : [];
    }
    case 'notable_units': {
      const all = facts.notable.find((n) => n.kind === params.kind)?.units ?? [];
      // The paragraph names at most `limit` units, on refresh as when composed.
      return typeof params.limit === 'number' ? all.slice(0, params.limit) : [...all];
    }
    case 'low_adoption_units':
      return low.map((u) => u.unit);
    case 'low_adoption_submitted':
      return low.reduce((s, u) => s + u.submitted, 0);
    case 'low_adoption_rate':
      return percent(
        low.reduce((s, u) => s + u.adopted, 0),
        low.reduce((s, u) => s + u.submitted, 0),
      );
    case 'overall_adoption_rate':
      return percent(facts.adoptedFromUnits, facts.submitted);
    case 'in_depth_submitted':
      return p.inDepthSubmitted;
    case 'in_depth_share':
      return percent(p.inDepthSubmitted, facts.submitted);
    case 'solicitation_assignments':
      return p.solicitationAssignments;
    case 'solicitation_late':
      return p.solicitationLate;
    case 'solicitation_missing':
      return p.solicitationMissing;
    case 'solicitation_units':
      return [...p.solicitationUnits];
    case 'duplicates_caught':
      return p.duplicatesCaught ?? 0;
    case 'overdue_followups':
      return p.overdueFollowups;
    case 'overdue_followup_units':
      return [...p.overdueFollowupUnits];
  }
}

const FORMAT_OF: Partial<Record<TNoticeFigureKey, TNoticeFigure['format']>> = {
  honours: 'list',
  notable_units: 'list',
  low_adoption_units: 'list',
  solicitation_units: 'list',
  overdue_followup_units: 'list',
  low_adoption_rate: 'percent',
  overall_adoption_rate: 'percent',
  in_depth_share: 'percent',
};

function fig(facts: TNoticeFacts, key: TNoticeFigureKey, params: Params = {}): TNoticeFigure {
  return { key, params, format: FORMAT_OF[key] ?? 'count', value: figureValue(facts, key, params) };
}

function para(id: string, text: string, figures: Record<string, TNoticeFigure> = {}): TNoticeParagraph {
  return { id, text, figures, edited: false };
}

export interface ComposeOptions {
  /** The office that compiles and adopts (市政府办公室), as the situation sentence names it. */
  office: string;
  /** 发文机关署名, e.g. 沧州市人民政府办公室 */
  issuingOffice: string;
  /** 主送 */
  addressees: string;
  /** 抄送 */
  copyTo?: string;
  /** 成文日期 YYYY-MM-DD */
  date: string;
  /** 全市 */
  scope?: string;
  /** 三、the requirements paragraphs; REQUIREMENT_TEMPLATES when not given. */
  requirements?: readonly string[];
  /** 发文机关标志 of the red header; the issuing office with 文件 when empty. */
  mark?: string;
  /** 印发机关 of the 版记; the issuing office when empty. */
  printedBy?: string;
}

/** Units named in a "notable" paragraph at most: the seed names two to eight. */
const NOTABLE_LIMIT = 8;

const NOTABLE_TEXT: Record<TNotableKind, (office: string) => string> = {
  instructions: () => '各级领导更加注重通过政务信息渠道反馈工作进展。{{units}}等单位报送的信息多次获得领导批示，及时反映市委、市政府重大工作部署的落实情况',
  feedback: () => '信息渠道成为落实反馈的有力辅助。{{units}}等单位紧紧围绕市委、市政府重要会议和重大工作安排，及时反馈贯彻落实情况',
  experience: () => '典型亮点工作不断涌现。{{units}}等单位注重经济社会发展的典型经验和亮点举措的总结提炼，为各地工作开展提供借鉴',
  adoptions: () => '动态信息更加鲜活丰富。{{units}}等单位结合本地实际和部门职能，准确把握各级领导信息需求，及时反映工作动态',
  state_council: (office) => `上报国务院办公厅信息工作取得新突破。{{units}}等单位积极协助${office}做好上报国务院办公厅信息工作`,
};

const ORDINAL = (i: number): string => `${chineseNumber(i)}是`;

function situation(facts: TNoticeFacts, o: ComposeOptions): TNoticeParagraph[] {
  const period = noticePeriodLabel(facts.period);
  const scope = o.scope ?? '全市';
  const out: TNoticeParagraph[] = [
    para(
      'intro',
      `${period}，${scope}各单位充分利用政务信息渠道，及时反映稳增长、调结构、促改革、惠民生各项新举措、新经验，取得的新进展、新成效，以及工作中出现的新情况、新问题，辅助各级领导依法行政、科学决策。`,
    ),
  ];
  const notable = facts.notable.filter((n) => n.units.length > 0);
  notable.forEach((n, i) => {
    const units = fig(facts, 'notable_units', { kind: n.kind, limit: NOTABLE_LIMIT });
    out.push(para(`notable_${n.kind}`, `${ORDINAL(i + 1)}${NOTABLE_TEXT[n.kind](o.office)}${i === notable.length - 1 ? '。' : '；'}`, { units }));
  });

  // The figures sentence, word for word the seed's.
  const figures: Record<string, TNoticeFigure> = {
    adopted: fig(facts, 'adopted_from_units'),
    forwarded: fig(facts, 'forwarded_to_province'),
    province: fig(facts, 'adopted_by_province'),
    state: fig(facts, 'adopted_by_state_council'),
    state_instructed: fig(facts, 'state_council_instructed'),
  };
  let text =
    `${period}，${o.office}共采用各县(市、区)、部门报送信息{{adopted}}篇，上报省政府办公厅信息{{forwarded}}篇，省政府办公厅采用{{province}}篇；` +
    `国务院办公厅采用{{state}}篇${facts.stateCouncilInstructed > 0 ? '，其中国务院领导批示{{state_instructed}}篇' : ''}。`;
  const pubs = facts.publications.filter((x) => x.issues > 0);
  if (pubs.length) {
    const parts = pubs.map((x, i) => {
      figures[`issues_${i + 1}`] = fig(facts, 'publication_issues', { publication: x.name });
      let s = `《${x.name}》{{issues_${i + 1}}}期`;
      if (x.principalInstructed > 0) {
        figures[`instructed_${i + 1}`] = fig(facts, 'publication_principal_instructed', { publication: x.name });
        s += `，其中市政府主要领导批示{{instructed_${i + 1}}}期`;
      }
      return s;
    });
    text += `编发${parts.join('；')}。`;
  }
  if (facts.period.kind === 'annual') {
    const groups = facts.honours?.groups ?? [];
    const lists = (['winner', 'advanced'] as const).map((level) => {
      const names: string[] = [];
      groups.forEach((g, i) => {
        if ((level === 'winner' ? g.winner : g.advanced).length === 0) return;
        const name = `${level}_${i + 1}`;
        figures[name] = fig(facts, 'honours', { group: g.group, level });
        names.push(`{{${name}}}`);
      });
      return names.length ? `${names.join('，')}为${period}度${scope}政务信息报送工作${HONOUR_LEVEL_LABELS_ZH[level]}` : null;
    });
    const honours = lists.filter((x): x is string => x !== null);
    text += honours.length
      ? `根据${period}度信息采用得分情况，经考核，确定${honours.join('；')}。`
      : `${period}度考核结果确定后，另行通报优胜单位和先进单位。`;
  }
  out.push(para('figures', text, figures));
  return out;
}

/** Below this share of 调研/建议 pieces the notice names it a problem. */
const IN_DEPTH_SHARE_LOW = 15;

function problems(facts: TNoticeFacts, o: ComposeOptions): TNoticeParagraph[] {
  const period = noticePeriodLabel(facts.period);
  const p = facts.problems;
  const items: Array<{ id: string; text: string; figures: Record<string, TNoticeFigure> }> = [];
  if (p.lowAdoption.length) {
    items.push({
      id: 'low_adoption',
      text: '重数量轻质量。{{units}}等单位报送信息{{submitted}}篇，采用率仅为{{rate}}，明显低于平均采用率{{average}}，真正能引起市领导关注的内容少',
      figures: {
        units: fig(facts, 'low_adoption_units'),
        submitted: fig(facts, 'low_adoption_submitted'),
        rate: fig(facts, 'low_adoption_rate'),
        average: fig(facts, 'overall_adoption_rate'),
      },
    });
  }
  if (facts.submitted > 0 && (figureValue(facts, 'in_depth_share') as number) < IN_DEPTH_SHARE_LOW) {
    items.push({
      id: 'in_depth',
      text: `深层次信息少。${period}各单位报送信息{{submitted}}篇，其中经过深入调研、有分析、有对策建议的调研类和建议类信息仅{{in_depth}}篇，占{{share}}`,
      figures: { submitted: fig(facts, 'submitted'), in_depth: fig(facts, 'in_depth_submitted'), share: fig(facts, 'in_depth_share') },
    });
  }
  if (p.solicitationLate + p.solicitationMissing > 0) {
    items.push({
      id: 'solicitations',
      text: `承办约稿工作有待进一步加强。${period}共下达约稿任务{{assignments}}项，逾期报送{{late}}项，未报送{{missing}}项，涉及{{units}}等单位，直接影响了上报省政府办公厅信息工作`,
      figures: {
        assignments: fig(facts, 'solicitation_assignments'),
        late: fig(facts, 'solicitation_late'),
        missing: fig(facts, 'solicitation_missing'),
        units: fig(facts, 'solicitation_units'),
      },
    });
  }
  if ((p.duplicatesCaught ?? 0) > 0) {
    items.push({
      id: 'duplicates',
      text: '雷同信息仍然存在。报送信息中经比对发现与已报送信息雷同的{{duplicates}}篇，既增加了审核工作量，也影响了信息质量',
      figures: { duplicates: fig(facts, 'duplicates_caught') },
    });
  }
  if (p.overdueFollowups > 0) {
    items.push({
      id: 'followups',
      text: '围绕抓落实组织反馈信息的力度有待进一步加强。领导批示交办的落实反馈事项中，有{{overdue}}项逾期未反馈，涉及{{units}}等单位',
      figures: { overdue: fig(facts, 'overdue_followups'), units: fig(facts, 'overdue_followup_units') },
    });
  }
  const scope = o.scope ?? '全市';
  if (!items.length) return [para('intro', `${period}，${scope}政务信息工作总体运行良好，未发现需要通报的突出问题。`)];
  return [
    para('intro', `面对新形势、新任务，${scope}政务信息工作还存在一些亟待解决的问题。`),
    ...items.map((it, i) => para(it.id, `${ORDINAL(i + 1)}${it.text}${i === items.length - 1 ? '。这些问题需要在今后的工作中，切实采取措施，认真加以改进。' : '。'}`, it.figures)),
  ];
}

/** 三、the editable requirements, after the seed's. */
export const REQUIREMENT_TEMPLATES: readonly string[] = [
  '新的一年，政务信息工作面临新的形势、新的机遇、新的挑战。各单位要进一步提高认识，强化举措，以服务大局、服务决策为宗旨，认真做好信息报送工作，充分发挥政务信息上通下达、服务决策的参谋辅政作用。',
  '（一）要围绕中心服务大局。各单位要紧紧围绕市政府中心工作、市政府领导关心关注的重大问题、经济社会发展的难点问题、群众关心的热点问题组织报送信息，为各级领导提供第一手信息资料。',
  '（二）要围绕工作落实组织报送信息。各单位要进一步加大落实类信息报送，责成专人负责，及时了解、反馈工作落实情况，并提出切实可行的意见建议，供领导参考。',
  '（三）要围绕领导决策需求反馈信息。信息工作人员要加强学习，注重日常积累，研究并把握领导的信息需求，有针对性地组织报送信息。',
  '（四）要进一步压减数量、提高质量。各单位要强化信息“精品”意识，加强综合汇总和分析研判，严格审核把关，减少雷同信息的报送。',
  '（五）要加强约稿信息的承办工作。各单位要高度重视约稿工作，确保按照时间节点高质量完成约稿任务。对不能按时按质按量完成约稿任务的将予通报批评。',
];

export function composeNotice(facts: TNoticeFacts, o: ComposeOptions): TNoticeContent {
  const period = noticePeriodLabel(facts.period);
  const scope = o.scope ?? '全市';
  return {
    title: `关于${period}${scope}政务信息报送情况的通报`,
    addressees: o.addressees,
    sections: [
      { id: 'situation', heading: `一、${scope}政务信息报送情况`, paragraphs: situation(facts, o) },
      { id: 'problems', heading: '二、存在的主要问题', paragraphs: problems(facts, o) },
      {
        id: 'requirements',
        heading: facts.period.kind === 'annual' ? `三、${facts.period.year + 1}年政务信息报送工作要求` : '三、下一步工作要求',
        paragraphs: (o.requirements?.length ? o.requirements : REQUIREMENT_TEMPLATES).map((text, i) => para(`requirement_${i + 1}`, text)),
      },
    ],
    issuingOffice: o.issuingOffice,
    date: o.date,
    copyTo: o.copyTo ?? '',
    ...(o.mark?.trim() ? { mark: o.mark.trim() } : {}),
    ...(o.printedBy?.trim() ? { printedBy: o.printedBy.trim() } : {}),
  };
}

/** New values for every figure of a draft, from fresh facts; the words, edited or not, stay as they are. */
export function refreshNotice(content: TNoticeContent, facts: TNoticeFacts): TNoticeContent {
  return {
    ...content,
    sections: content.sections.map((s) => ({
      ...s,
      paragraphs: s.paragraphs.map((p) => ({
        ...p,
        figures: Object.fromEntries(Object.entries(p.figures).map(([name, f]) => [name, { ...f, value: figureValue(facts, f.key, f.params) }])),
      })),
    })),
  };
}

/** The notice as plain text: document number, title, addressees, body, signature and date, 抄送. */
export function noticeText(content: TNoticeContent, docNumber?: TDocNumber | null): string {
  const lines: string[] = [];
  if (docNumber) lines.push(formatDocNumber(docNumber), '');
  lines.push(content.title, '');
  if (content.addressees.trim()) lines.push(`${content.addressees.trim().replace(/[：:]$/, '')}：`);
  for (const s of content.sections) {
    lines.push(s.heading);
    for (const p of s.paragraphs) {
      const text = renderNoticeParagraph(p).trim();
      if (text) lines.push(text);
    }
  }
  lines.push('', content.issuingOffice, chineseDate(content.date));
  if (content.copyTo.trim()) lines.push('', `抄送：${content.copyTo.trim().replace(/[。.]$/, '')}。`);
  return `${lines.join('\n')}\n`;
}
