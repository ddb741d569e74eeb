import { SOLICITATION_STATUS_LABELS_ZH, type TComplianceRow } from '@baosong/contract';
import { notesSheet, xlsxWorkbook, type XlsxSheet } from '../../render/xlsx.js';
import { formatDeadline } from './service.js';

type ComplianceCounts = Pick<TComplianceRow, 'unitName' | 'groupName' | 'targeted' | 'onTime' | 'late' | 'missing' | 'declined' | 'pending'>;

/** Per unit: how its solicitation targets ended. With `onTimeRate`, a last column of the on-time rate (the dashboard). */
export function complianceSheet<R extends ComplianceCounts>(rows: R[], onTimeRate?: (r: R) => string): XlsxSheet {
  return {
    name: '约稿完成情况',
    columns: [
      { header: '单位', width: 30 },
      { header: '分组', width: 12 },
      { header: '约稿数', width: 8 },
      { header: '按时报送', width: 10 },
      { header: '逾期报送', width: 10 },
      { header: '未报送', width: 8 },
      { header: '说明不报', width: 10 },
      { header: '待报送', width: 8 },
      ...(onTimeRate ? [{ header: '按时完成率', width: 12 }] : []),
    ],
    rows: rows.map((r) => [r.unitName, r.groupName, r.targeted, r.onTime, r.late, r.missing, r.declined, r.pending, ...(onTimeRate ? [onTimeRate(r)] : [])]),
  };
}

/** The compliance view as a workbook with Chinese headers: one summary sheet and one sheet of late/missing answers. */
export async function complianceXlsx(rows: TComplianceRow[], from: string, to: string): Promise<Buffer> {
  return xlsxWorkbook([
    complianceSheet(rows),
    {
      name: '逾期及未报送明细',
      columns: [
        { header: '单位', width: 30 },
        { header: '约稿主题', width: 40 },
        { header: '截止时间', width: 18 },
        { header: '情况', width: 10 },
        { header: '报送时间', width: 18 },
      ],
      rows: rows.flatMap((r) =>
        r.failures.map((f) => [r.unitName, f.topic, formatDeadline(new Date(f.deadline)), SOLICITATION_STATUS_LABELS_ZH[f.status], f.answeredAt ? formatDeadline(new Date(f.answeredAt)) : '']),
      ),
    },
    notesSheet([`统计期间：${from} 至 ${to}（按约稿截止时间）`, '逾期报送：首篇稿件报送时间晚于截止时间；未报送：截止时间已过，未报送也未说明不报。']),
  ]);
}
