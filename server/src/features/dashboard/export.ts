import type { TDashboard, TDashboardTable } from '@baosong/contract';
import { notesSheet, xlsxWorkbook, type XlsxSheet } from '../../render/xlsx.js';
import { rankingSheet } from '../scoring/export.js';
import { complianceSheet } from '../solicitations/export.js';

const pct = (r: number | null) => (r === null ? '' : `${Math.round(r * 1000) / 10}%`);
const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** Each dashboard table as a sheet with Chinese headers (the same figures the page shows). */
export function dashboardSheets(d: TDashboard): Record<TDashboardTable, XlsxSheet | null> {
  return {
    months: {
      name: '按月报送采用',
      columns: [
        { header: '月份', width: 12 },
        { header: '报送篇数', width: 10 },
        { header: '采用篇数', width: 10 },
        { header: '采用率', width: 10 },
      ],
      rows: d.months.map((m) => [monthLabel(m.month), m.submitted, m.adopted, pct(m.adoptionRate)]),
    },
    units: {
      name: '按单位报送采用',
      columns: [
        { header: '单位', width: 30 },
        { header: '分组', width: 12 },
        { header: '报送篇数', width: 10 },
        { header: '采用篇数', width: 10 },
        { header: '采用率', width: 10 },
      ],
      rows: d.units.map((u) => [u.unitName, u.groupName, u.submitted, u.adopted, pct(u.adoptionRate)]),
    },
    groups:
      d.scope === 'unit'
        ? null
        : {
            name: '按分组报送采用',
            columns: [
              { header: '分组', width: 14 },
              { header: '单位数', width: 8 },
              { header: '报送篇数', width: 10 },
              { header: '采用篇数', width: 10 },
              { header: '采用率', width: 10 },
            ],
            rows: d.groups.map((g) => [g.groupName, g.units, g.submitted, g.adopted, pct(g.adoptionRate)]),
          },
    funnel: {
      name: '信息上行情况',
      columns: [
        { header: '环节', width: 20 },
        { header: '篇数', width: 10 },
        { header: '占收到信息', width: 12 },
      ],
      rows: (
        [
          ['收到信息', d.funnel.received],
          ['市政府办公室采用', d.funnel.adopted],
          ['上报上级', d.funnel.forwarded],
          ['上级采用', d.funnel.adoptedAbove],
          ['获领导批示', d.funnel.instructed],
        ] as const
      ).map(([label, n]) => [label, n, pct(d.funnel.received ? n / d.funnel.received : null)]),
    },
    publications: {
      name: '刊物编发情况',
      columns: [
        { header: '刊物', width: 24 },
        { header: '编发期数', width: 10 },
        { header: '刊发篇目', width: 10 },
        { header: '采用单位信息', width: 12 },
        { header: '获批示期数', width: 12 },
      ],
      rows: d.publications.map((p) => [p.name, p.issues, p.pieces, p.articles, p.instructedIssues]),
    },
    compliance: complianceSheet(d.compliance, (c) => pct(c.onTimeRate)),
    ranking: d.ranking ? rankingSheet({ rows: d.ranking }) : null,
  };
}

/** One table (`table`) or every table the viewer may see, plus a 说明 sheet. */
export async function dashboardXlsx(d: TDashboard, table?: TDashboardTable): Promise<Buffer> {
  const all = dashboardSheets(d);
  const chosen = table ? [all[table]] : Object.values(all);
  return xlsxWorkbook([
    ...chosen.filter((s): s is XlsxSheet => s !== null),
    notesSheet([
      `统计期间：${d.from} 至 ${d.to}`,
      '报送篇数：期间内首次报送的信息；采用篇数：其中被采用的篇数；采用率＝采用篇数÷报送篇数。',
      '信息上行情况：期间内收到的信息中，被采用、上报上级、被上级采用、获领导批示的篇数。',
      '刊物编发情况：期间内印发的各期刊物（不含更正）。约稿完成情况：截止时间在期间内的约稿。',
    ]),
  ]);
}
