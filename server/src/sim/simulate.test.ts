import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TAssessment } from '@baosong/contract';
import { openTestDatabase, ADMIN_PASSWORD, USER_PASSWORD } from '../test/harness.js';
import type { Database } from '../db/connect.js';
import { bootstrap } from '../bootstrap.js';
import { getAssessment } from '../scoring/service.js';
import { composeNotice, noticeText } from '../notices/compose.js';
import { noticeFacts, noticeHonours } from '../notices/facts.js';
import { NotEmptyError, simulateYear, type SimulationSummary } from './run.js';
import { expectedScore, profilePlan, SCORE_MARGIN } from './profiles.js';
import { planTotals } from './plan.js';
import { parseSimulateArgs } from '../cli/simulate.js';
import { UsageError } from '../cli/common.js';

/**
 * The year simulator. The cangzhou-2014 profile is run whole into a fresh database (minutes on PGlite: the year is
 * about 2 500 articles, each through the desk's services), and the generated notice must carry the seed's figures
 * and honours lists. The random profile is run small.
 */

const OPTIONS = { office: '市政府办公室', issuingOffice: '沧州市人民政府办公室', addressees: '各县（市、区）人民政府，市政府各部门', copyTo: '', date: '2015-01-12' };
const flat = (s: string): string => s.replace(/\s+/g, '');

describe('the cangzhou-2014 plan', () => {
  it('has the seed’s totals and puts the units in the seed’s order, with clear margins at the honours cuts', () => {
    const plan = profilePlan('cangzhou-2014', { year: 2014, seed: 0, units: 0 });
    expect(planTotals(plan)).toMatchObject({ adopted: 1260, forwardedProvince: 1120, adoptedProvince: 180, adoptedState: 9, stateInstructed: 6, principalInstructed: 5, issues: [104, 3, 44, 13] });
    for (const [g, winners, honoured] of [['县市区', 5, 9], ['市直部门', 8, 16]] as const) {
      const scores = plan.units.filter((u) => u.group === g).map(expectedScore);
      // Strictly in the seed's order inside the lists (at least 10 points apart: a routine piece and a forwarding)…
      for (let i = 0; i < honoured - 1; i++) expect(scores[i]! - scores[i + 1]!).toBeGreaterThanOrEqual(10);
      // …and well apart where the honours change.
      expect(scores[winners - 1]! - scores[winners]!).toBeGreaterThanOrEqual(SCORE_MARGIN);
      expect(scores[honoured - 1]! - Math.max(...scores.slice(honoured))).toBeGreaterThanOrEqual(SCORE_MARGIN);
    }
  });
});

describe('the cangzhou-2014 profile', () => {
  let db: { database: Database; drop(): Promise<void> };
  let summary: SimulationSummary;
  let text: string;
  let assessment: TAssessment;

  beforeAll(async () => {
    db = await openTestDatabase();
    await bootstrap(db.database, ADMIN_PASSWORD);
    summary = await simulateYear(db.database, profilePlan('cangzhou-2014', { year: 2014, seed: 0, units: 0 }), { password: USER_PASSWORD });
    const period = { kind: 'annual', year: 2014 } as const;
    const facts = await noticeFacts(db.database.db, period, await noticeHonours(db.database, period));
    text = flat(noticeText(composeNotice(facts, OPTIONS), null));
    assessment = await getAssessment(db.database, '2014');
  }, 30 * 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('writes the seed’s figures sentence from the records', () => {
    expect(summary.adopted).toBe(1260);
    expect(text).toContain(
      '2014年，市政府办公室共采用各县(市、区)、部门报送信息1260篇，上报省政府办公厅信息1120篇，省政府办公厅采用180篇；国务院办公厅采用9篇，其中国务院领导批示6篇。',
    );
    expect(text).toContain('编发《沧州政务交流》104期；《五项重点工作》3期；《重点工作信息》44期；《领导参阅》13期，其中市政府主要领导批示5期。');
  });

  it('names the seed’s winning and advanced units, by group, from the frozen assessment', () => {
    expect(assessment.frozen).not.toBeNull();
    expect(assessment.frozen!.changedSince).toBe(false);
    const honoured = (group: string, honour: 'winner' | 'advanced') =>
      assessment.rows.filter((r) => r.groupName === group && r.honour === honour).map((r) => r.unitName);
    expect(honoured('县市区', 'winner')).toEqual(['东光县人民政府', '黄骅市人民政府', '献县人民政府', '任丘市人民政府', '渤海新区管委会']);
    expect(honoured('县市区', 'advanced')).toEqual(['南皮县人民政府', '青县人民政府', '泊头市人民政府', '河间市人民政府']);
    expect(honoured('市直部门', 'winner')).toEqual([
      '沧州市商务局', '沧州市人力资源和社会保障局', '沧州市发展和改革委员会', '沧州市国家税务局', '沧州市交通运输局', '沧州市工商行政管理局', '沧州市统计局', '沧州市教育局',
    ]);
    expect(honoured('市直部门', 'advanced')).toEqual([
      '沧州市环境保护局', '沧州市邮政管理局', '沧州市财政局', '沧州市工业和信息化局', '沧州市质量技术监督局', '沧州出入境检验检疫局', '沧州市贸促会', '沧州市人民政府金融工作办公室',
    ]);
    expect(text).toContain(
      '根据2014年度信息采用得分情况，经考核，确定东光县、黄骅市、献县、任丘市、渤海新区管委会，' +
        '市商务局、市人力资源和社会保障局、市发改委、市国税局、市交通运输局、市工商局、市统计局、市教育局为2014年度全市政务信息报送工作优胜单位；' +
        '南皮县、青县、泊头市、河间市，市环保局、市邮政局、市财政局、市工信局、市质监局、沧州出入境检验检疫局、市贸促会、市金融办为2014年度全市政务信息报送工作先进单位。',
    );
  });

  it('states the year’s problems from the data: late and missing solicitation answers, duplicates, overdue follow-ups', () => {
    expect(text).toMatch(/下达约稿任务\d+项，逾期报送11项，未报送4项/);
    expect(text).toMatch(/雷同信息/);
    expect(text).toMatch(/有3项逾期未反馈，涉及市城管局/);
  });

  it('refuses to run into a database that is not empty', async () => {
    await expect(simulateYear(db.database, profilePlan('random', { year: 2015, seed: 1, units: 2 }), { password: USER_PASSWORD })).rejects.toThrow(NotEmptyError);
  });
});

describe('the random profile', () => {
  it('makes a small plausible year, deterministic for its seed, and freezes it', async () => {
    const db = await openTestDatabase();
    try {
      await bootstrap(db.database, ADMIN_PASSWORD);
      const plan = profilePlan('random', { year: 2016, seed: 7, units: 3 });
      expect(profilePlan('random', { year: 2016, seed: 7, units: 3 })).toEqual(plan);
      const s = await simulateYear(db.database, plan, { password: USER_PASSWORD });
      const totals = planTotals(plan);
      const [{ n }] = (await db.database.db.execute(sql`select count(*)::int as n from articles where state = 'adopted'`)).rows as [{ n: number }];
      expect(n).toBe(totals.adopted);
      expect(s.issues).toBe(totals.issues.reduce((a, b) => a + b, 0));
      const period = { kind: 'annual', year: 2016 } as const;
      const facts = await noticeFacts(db.database.db, period, await noticeHonours(db.database, period));
      expect(facts.adoptedFromUnits).toBe(totals.adopted);
      expect(facts.forwardedToProvince).toBe(totals.forwardedProvince);
      expect(facts.adoptedByProvince).toBe(totals.adoptedProvince);
      expect(facts.adoptedByStateCouncil).toBe(totals.adoptedState);
      expect(facts.honours?.provisional).toBeUndefined();
      expect((await getAssessment(db.database, '2016')).frozen).not.toBeNull();
    } finally {
      await db.drop();
    }
  }, 5 * 60_000);
});

describe('npm run simulate arguments', () => {
  it('reads the profile, year, seed and size, and refuses what does not fit', () => {
    expect(parseSimulateArgs(['--year', '2014', '--profile', 'cangzhou-2014'])).toMatchObject({ year: 2014, profile: 'cangzhou-2014' });
    expect(parseSimulateArgs(['--year', '2020', '--profile', 'random', '--seed', '5', '--units', '40'])).toMatchObject({ seed: 5, units: 40 });
    expect(() => parseSimulateArgs(['--profile', 'random'])).toThrow(UsageError);
    expect(() => parseSimulateArgs(['--year', '2015', '--profile', 'cangzhou-2014'])).toThrow(UsageError);
    expect(() => parseSimulateArgs(['--year', '2014', '--profile', 'nope'])).toThrow(UsageError);
  });
});
