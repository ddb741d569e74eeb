import { HONOUR_LABELS_ZH, type TAssessment } from '@baosong/contract';
import { notesSheet, xlsxWorkbook, type XlsxSheet } from '../../render/xlsx.js';

const pct = (r: number | null) => (r === null ? '' : `${Math.round(r * 1000) / 10}%`);

/** The ranking sheet of an assessment (also used by the dashboards' export). */
export function rankingSheet(a: Pick<TAssessment, 'rows'>, name = '考核排名'): XlsxSheet {
  return {
    name,
    columns: [
      { header: '分组', width: 12 },
      { header: '名次', width: 6 },
      { header: '单位', width: 30 },
      { header: '总分', width: 10 },
      { header: '采用篇数', width: 10 },
      { header: '上级采用', width: 10 },
      { header: '领导批示', width: 10 },
      { header: '约稿按时', width: 10 },
      { header: '约稿逾期', width: 10 },
      { header: '约稿未报', width: 10 },
      { header: '报送篇数', width: 10 },
      { header: '采用率', width: 10 },
      { header: '评定', width: 10 },
    ],
    rows: a.rows.map((r) => [
      r.groupName,
      r.rank,
      r.unitName,
      r.total,
      r.adoptedPieces,
      r.upstreamAdoptions,
      r.instructions,
      r.solicitationOnTime,
      r.solicitationLate,
      r.solicitationMissing,
      r.submitted,
      pct(r.adoptionRate),
      r.honour ? HONOUR_LABELS_ZH[r.honour] : '',
    ]),
  };
}

/** The assessment as a workbook with Chinese headers: one sheet of rankings by group, one of the honours. */
export async function assessmentXlsx(a: TAssessment): Promise<Buffer> {
  const honours = (['winner', 'advanced'] as const).flatMap((h) => a.rows.filter((x) => x.honour === h).map((r) => [r.groupName, HONOUR_LABELS_ZH[h], r.unitName, r.total]));
  return xlsxWorkbook([
    rankingSheet(a),
    {
      name: '评定结果',
      columns: [
        { header: '分组', width: 12 },
        { header: '评定', width: 12 },
        { header: '单位', width: 30 },
        { header: '总分', width: 10 },
      ],
      rows: honours,
    },
    notesSheet([
      `考核期间：${a.from} 至 ${a.to}`,
      `计分办法：${a.ruleSetName}（第${a.ruleSetVersion ?? 0}版）`,
      a.frozen ? `已于${a.frozen.at.slice(0, 10)}确定为正式考核结果` : '未确定为正式结果（按当前记录计算）',
    ]),
  ]);
}
