import { useState } from 'react';
import { Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { TComplianceRow } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { deadlineText, solicitationsApi } from './api';
import { TargetStatusTag } from './status';

/** /solicitation-compliance — per unit over a period: answered on time, late, missing; the list for 通报批评. */
export function CompliancePage() {
  const { t } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs().endOf('year')]);
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const list = useQuery({ queryKey: ['solicitations', 'compliance', q], queryFn: () => solicitationsApi.compliance(q) });
  const num = (n: number, danger = false) => (n ? <Typography.Text type={danger ? 'danger' : undefined} strong={danger}>{n}</Typography.Text> : <Typography.Text type="secondary">0</Typography.Text>);
  return (
    <Card
      title={t('solicitation.compliance')}
      extra={
        <Space>
          <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
          <Button icon={<DownloadOutlined />} href={solicitationsApi.complianceXlsxUrl(q)} download data-testid="export-compliance">
            {t('solicitation.export')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('solicitation.complianceHint')}</Typography.Paragraph>
      <Table<TComplianceRow>
        rowKey="unitId"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="compliance"
        locale={{ emptyText: t('solicitation.emptyCompliance') }}
        columns={[
          { title: t('solicitation.unit'), dataIndex: 'unitName', width: 240 },
          { title: t('solicitation.group'), dataIndex: 'groupName', width: 110 },
          { title: t('solicitation.targeted'), dataIndex: 'targeted', width: 80 },
          { title: t('solicitation.status.answered_on_time'), width: 90, render: (_, r) => num(r.onTime) },
          { title: t('solicitation.status.answered_late'), width: 90, render: (_, r) => num(r.late, true) },
          { title: t('solicitation.status.missing'), width: 90, render: (_, r) => num(r.missing, true) },
          { title: t('solicitation.status.declined'), width: 100, render: (_, r) => num(r.declined) },
          { title: t('solicitation.status.pending'), width: 80, render: (_, r) => num(r.pending) },
          {
            title: t('solicitation.failures'),
            render: (_, r) => (
              <Space direction="vertical" size={2}>
                {r.failures.map((f) => (
                  <span key={f.solicitationId} data-testid="failure">
                    <TargetStatusTag status={f.status} /> {f.topic} <Tag>{deadlineText(f.deadline)}</Tag>
                  </span>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
