import ExcelJS from 'exceljs';
import { HONOUR_LABELS_ZH, type TAssessment } from '@baosong/contract';

/** The assessment as a workbook with Chinese headers: one sheet of rankings by group, one of the honours. */
export async function assessmentXlsx(a: TAssessment): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Baosong';
  const ws = wb.addWorksheet('考核排名');
  ws.columns = [
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
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  a.rows.forEach((r, i) => {
    ws.getRow(i + 2).values = [
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
      r.adoptionRate === null ? '' : `${Math.round(r.adoptionRate * 1000) / 10}%`,
      r.honour ? HONOUR_LABELS_ZH[r.honour] : '',
    ];
  });
  const hs = wb.addWorksheet('评定结果');
  hs.columns = [
    { header: '分组', width: 12 },
    { header: '评定', width: 12 },
    { header: '单位', width: 30 },
    { header: '总分', width: 10 },
  ];
  hs.getRow(1).font = { bold: true };
  let n = 2;
  for (const h of ['winner', 'advanced'] as const) {
    for (const r of a.rows.filter((x) => x.honour === h)) hs.getRow(n++).values = [r.groupName, HONOUR_LABELS_ZH[h], r.unitName, r.total];
  }
  const about = wb.addWorksheet('说明');
  about.getColumn(1).width = 80;
  about.getRow(1).values = [`考核期间：${a.from} 至 ${a.to}`];
  about.getRow(2).values = [`计分办法：${a.ruleSetName}（第${a.ruleSetVersion ?? 0}版）`];
  about.getRow(3).values = [a.frozen ? `已于${a.frozen.at.slice(0, 10)}确定为正式考核结果` : '未确定为正式结果（按当前记录计算）'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
