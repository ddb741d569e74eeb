import { describe, expect, it } from 'vitest';
import { formatDocNumber, parseNoticePeriod, renderNoticeParagraph, ZNoticeContent, type TNoticeFacts } from '@baosong/contract';
import { composeNotice, figureValue, noticeText, refreshNotice, type ComposeOptions } from './compose.js';
import { seedFacts2014 } from './seed-facts.js';

const OPTIONS: ComposeOptions = {
  office: '市政府办公室',
  issuingOffice: '沧州市人民政府办公室',
  addressees: '各县（市、区）人民政府，渤海新区管委会，市政府各部门',
  copyTo: '市委办公室，市人大常委会办公室，市政协办公室',
  date: '2015-01-12',
};

const flat = (s: string): string => s.replace(/\s+/g, '');

describe('composeNotice on the seed’s figures', () => {
  const facts = seedFacts2014();
  const notice = composeNotice(facts, OPTIONS);
  const text = noticeText(notice, { prefix: '沧政办字', year: 2015, number: 3 });

  it('is a valid notice in the seed’s three sections', () => {
    expect(ZNoticeContent.parse(notice)).toBeTruthy();
    expect(notice.title).toBe('关于2014年全市政务信息报送情况的通报');
    expect(notice.sections.map((s) => s.heading)).toEqual(['一、全市政务信息报送情况', '二、存在的主要问题', '三、2015年政务信息报送工作要求']);
  });

  it('writes the seed’s figures sentence word for word', () => {
    expect(text).toContain(
      '2014年，市政府办公室共采用各县(市、区)、部门报送信息1260篇，上报省政府办公厅信息1120篇，省政府办公厅采用180篇；国务院办公厅采用9篇，其中国务院领导批示6篇。',
    );
    expect(text).toContain('编发《沧州政务交流》104期；《五项重点工作》3期；《重点工作信息》44期；《领导参阅》13期，其中市政府主要领导批示5期。');
  });

  it('gives the honours lists by group from the assessment', () => {
    expect(text).toContain(
      '根据2014年度信息采用得分情况，经考核，确定东光县、黄骅市、献县、任丘市、渤海新区管委会，' +
        '市商务局、市人力资源和社会保障局、市发改委、市国税局、市交通运输局、市工商局、市统计局、市教育局为2014年度全市政务信息报送工作优胜单位；' +
        '南皮县、青县、泊头市、河间市，市环保局、市邮政局、市财政局、市工信局、市质监局、沧州出入境检验检疫局、市贸促会、市金融办为2014年度全市政务信息报送工作先进单位。',
    );
  });

  it('numbers the notable units 一是…五是 and the problems 一是…, each with its figures', () => {
    const situation = notice.sections[0]!.paragraphs.map(renderNoticeParagraph);
    expect(situation[1]).toMatch(/^一是各级领导更加注重.*东光县、任丘市等单位/);
    expect(situation[5]).toMatch(/^五是上报国务院办公厅信息工作取得新突破。东光县、献县、市人力资源和社会保障局.*市政府办公室/);
    expect(situation[5]).toMatch(/。$/);
    const problems = notice.sections[1]!.paragraphs.map(renderNoticeParagraph);
    expect(problems).toEqual([
      '面对新形势、新任务，全市政务信息工作还存在一些亟待解决的问题。',
      expect.stringMatching(/^一是重数量轻质量。市水务局、市林业局等单位报送信息300篇，采用率仅为4\.7%，明显低于平均采用率26%/),
      expect.stringMatching(/^二是深层次信息少。2014年各单位报送信息4850篇，其中.*仅310篇，占6\.4%。$/),
      expect.stringMatching(/^三是承办约稿工作.*下达约稿任务96项，逾期报送11项，未报送4项，涉及市水务局、孟村县等单位/),
      expect.stringMatching(/^四是雷同信息仍然存在。.*37篇/),
      expect.stringMatching(/^五是.*有3项逾期未反馈，涉及市城管局等单位。这些问题需要在今后的工作中，切实采取措施，认真加以改进。$/),
    ]);
  });

  it('leaves out problems the data does not show', () => {
    const good: TNoticeFacts = {
      ...facts,
      problems: { ...facts.problems, lowAdoption: [], inDepthSubmitted: 2000, solicitationLate: 0, solicitationMissing: 0, duplicatesCaught: null, overdueFollowups: 0 },
    };
    const problems = composeNotice(good, OPTIONS).sections[1]!.paragraphs;
    expect(problems).toHaveLength(1);
    expect(renderNoticeParagraph(problems[0]!)).toContain('未发现需要通报的突出问题');
    const some = composeNotice({ ...good, problems: { ...good.problems, overdueFollowups: 2 } }, OPTIONS).sections[1]!.paragraphs;
    expect(some.map((p) => p.id)).toEqual(['intro', 'followups']);
    expect(renderNoticeParagraph(some[1]!)).toMatch(/^一是/);
  });

  it('lays out the plain text with document number, addressees, signature, date and 抄送', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('沧政办字〔2015〕3号');
    expect(lines[2]).toBe('关于2014年全市政务信息报送情况的通报');
    expect(lines[4]).toBe('各县（市、区）人民政府，渤海新区管委会，市政府各部门：');
    expect(lines[5]).toBe('一、全市政务信息报送情况');
    expect(text).toContain('\n沧州市人民政府办公室\n2015年1月12日\n');
    expect(text.trimEnd().endsWith('抄送：市委办公室，市人大常委会办公室，市政协办公室。')).toBe(true);
    expect(text).not.toMatch(/\{\{/);
  });
});

describe('figures stay linked to their queries', () => {
  it('refreshes the values in a paragraph whose words the editor rewrote', () => {
    const notice = composeNotice(seedFacts2014(), OPTIONS);
    const para = notice.sections[0]!.paragraphs.find((p) => p.id === 'figures')!;
    para.text = '全年共采用信息{{adopted}}篇，上报省里{{forwarded}}篇。';
    para.edited = true;
    const later = seedFacts2014();
    later.adoptedFromUnits = 1261;
    later.forwardedToProvince = 1125;
    const refreshed = refreshNotice(notice, later);
    const p = refreshed.sections[0]!.paragraphs.find((x) => x.id === 'figures')!;
    expect(renderNoticeParagraph(p)).toBe('全年共采用信息1261篇，上报省里1125篇。');
    expect(p.edited).toBe(true);
    expect(p.figures.adopted).toMatchObject({ key: 'adopted_from_units', value: 1261 });
    // The draft it came from is untouched.
    expect(renderNoticeParagraph(para)).toBe('全年共采用信息1260篇，上报省里1120篇。');
  });

  it('computes every kind of figure from the facts', () => {
    const f = seedFacts2014();
    expect(figureValue(f, 'publication_issues', { publication: '领导参阅' })).toBe(13);
    expect(figureValue(f, 'publication_principal_instructed', { publication: '领导参阅' })).toBe(5);
    expect(figureValue(f, 'publication_issues', { publication: '不存在' })).toBe(0);
    expect(figureValue(f, 'honours', { group: '县（市、区）', level: 'advanced' })).toEqual(['南皮县', '青县', '泊头市', '河间市']);
    expect(figureValue({ ...f, honours: null }, 'honours', { group: '县（市、区）', level: 'winner' })).toEqual([]);
    expect(figureValue(f, 'overall_adoption_rate')).toBe(26);
    expect(figureValue(f, 'low_adoption_rate')).toBe(4.7);
  });

  it('says honours come later when there is no frozen assessment, and has none in a monthly notice', () => {
    const text = noticeText(composeNotice({ ...seedFacts2014(), honours: null }, OPTIONS));
    expect(text).toContain('2014年度考核结果确定后，另行通报优胜单位和先进单位。');
    const monthly = composeNotice({ ...seedFacts2014(), period: { kind: 'monthly', year: 2014, month: 6 } }, OPTIONS);
    expect(monthly.title).toBe('关于2014年6月全市政务信息报送情况的通报');
    expect(monthly.sections[2]!.heading).toBe('三、下一步工作要求');
    expect(noticeText(monthly)).not.toMatch(/优胜单位|先进单位/);
  });
});

describe('notice contract helpers', () => {
  it('formats document numbers and parses periods', () => {
    expect(formatDocNumber({ prefix: '沧政办字', year: 2015, number: 3 })).toBe('沧政办字〔2015〕3号');
    expect(formatDocNumber({ year: 2015, number: 12 })).toBe('〔2015〕12号');
    expect(parseNoticePeriod('2014')).toEqual({ kind: 'annual', year: 2014 });
    expect(parseNoticePeriod('2014-06')).toEqual({ kind: 'monthly', year: 2014, month: 6 });
    expect(parseNoticePeriod('2014-13')).toBeNull();
    expect(parseNoticePeriod('June')).toBeNull();
  });

  it('leaves an unknown placeholder as written', () => {
    expect(renderNoticeParagraph({ text: '共{{n}}篇，{{gone}}', figures: { n: { key: 'submitted', params: {}, format: 'count', value: 5 } } })).toBe('共5篇，{{gone}}');
  });

  it('keeps a notable paragraph to its limit of units on refresh too', () => {
    const f = seedFacts2014();
    const many = Array.from({ length: 12 }, (_, i) => `单位${i + 1}`);
    const facts = { ...f, notable: [{ kind: 'adoptions' as const, units: many }] };
    const draft = composeNotice(facts, { office: '市政府办公室', issuingOffice: '市人民政府办公室', addressees: '', date: '2015-01-12' });
    const para = (c: typeof draft) => c.sections[0]!.paragraphs.find((p) => p.id === 'notable_adoptions')!;
    expect(para(draft).figures.units!.value).toEqual(many.slice(0, 8));
    const refreshed = refreshNotice(draft, { ...facts, notable: [{ kind: 'adoptions', units: ['新单位', ...many] }] });
    expect(para(refreshed).figures.units!.value).toEqual(['新单位', ...many.slice(0, 7)]);
  });
});
