import ExcelJS from 'exceljs';
import { SOLICITATION_STATUS_LABELS_ZH, type TComplianceRow } from '@baosong/contract';
import { formatDeadline } from './service.js';

/** The compliance view as a workbook with Chinese headers: one summary sheet and one sheet of late/missing answers. */
export async function complianceXlsx(rows: TComplianceRow[], from: string, to: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Baosong';
  const summary = wb.addWorksheet('约稿完成情况');
  summary.columns = [
    { header: '单位', width: 30 },
    { header: '分组', width: 12 },
    { header: '约稿数', width: 8 },
    { header: '按时报送', width: 10 },
    { header: '逾期报送', width: 10 },
    { header: '未报送', width: 8 },
    { header: '说明不报', width: 10 },
    { header: '待报送', width: 8 },
  ];
  summary.getRow(1).font = { bold: true };
  rows.forEach((r, i) => (summary.getRow(i + 2).values = [r.unitName, r.groupName, r.targeted, r.onTime, r.late, r.missing, r.declined, r.pending]));
  summary.views = [{ state: 'frozen', ySplit: 1 }];
  const detail = wb.addWorksheet('逾期及未报送明细');
  detail.columns = [
    { header: '单位', width: 30 },
    { header: '约稿主题', width: 40 },
    { header: '截止时间', width: 18 },
    { header: '情况', width: 10 },
    { header: '报送时间', width: 18 },
  ];
  detail.getRow(1).font = { bold: true };
  let n = 2;
  for (const r of rows) {
    for (const f of r.failures) {
      detail.getRow(n++).values = [r.unitName, f.topic, formatDeadline(new Date(f.deadline)), SOLICITATION_STATUS_LABELS_ZH[f.status], f.answeredAt ? formatDeadline(new Date(f.answeredAt)) : ''];
    }
  }
  const about = wb.addWorksheet('说明');
  about.getColumn(1).width = 80;
  about.getRow(1).values = [`统计期间：${from} 至 ${to}（按约稿截止时间）`];
  about.getRow(2).values = ['逾期报送：首篇稿件报送时间晚于截止时间；未报送：截止时间已过，未报送也未说明不报。'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
