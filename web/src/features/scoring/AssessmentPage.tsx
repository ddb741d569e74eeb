import { useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, LockOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAssessmentRow } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { scoringApi } from './api';
import { fmtPoints, fmtRate, honourColor, PeriodPicker } from './PeriodPicker';

/** /assessment — units ranked within their group for a month, quarter or year, honours, export, freezing. */
export function AssessmentPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [period, setPeriod] = useState(String(new Date().getFullYear()));
  const q = useQuery({ queryKey: ['scoring', 'assessment', period], queryFn: () => scoringApi.assessment(period) });
  const a = q.data;

  async function freeze() {
    try {
      await scoringApi.freeze(period);
      message.success(t('scoring.frozenOk'));
      void qc.invalidateQueries({ queryKey: ['scoring', 'assessment', period] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card
      title={t('scoring.assessment')}
      extra={
        <Space wrap>
          <PeriodPicker value={period} onChange={setPeriod} />
          <Button icon={<DownloadOutlined />} href={scoringApi.assessmentXlsxUrl(period)} download data-testid="export-assessment">
            {t('scoring.export')}
          </Button>
          {can('scoring.manage') && !a?.frozen && (
            <Popconfirm title={t('scoring.freezeConfirm')} onConfirm={freeze}>
              <Button icon={<LockOutlined />} data-testid="freeze">
                {t('scoring.freeze')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {a && (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Typography.Text type="secondary">
            {t('scoring.periodRange', { from: a.from, to: a.to })} · {t('scoring.ruleSetUsed', { name: a.ruleSetName, version: a.ruleSetVersion ?? 0 })}
          </Typography.Text>
          {a.frozen && (
            <Alert
              type={a.frozen.changedSince ? 'warning' : 'success'}
              showIcon
              data-testid="frozen"
              message={t('scoring.frozenBy', { by: a.frozen.by, at: a.frozen.at.slice(0, 10) })}
              description={a.frozen.changedSince ? t('scoring.changedSince') : undefined}
            />
          )}
        </Space>
      )}
      <Table<TAssessmentRow>
        rowKey="unitId"
        size="small"
        loading={q.isLoading}
        dataSource={a?.rows ?? []}
        pagination={false}
        data-testid="assessment"
        columns={[
          {
            title: t('scoring.group'),
            dataIndex: 'groupName',
            width: 100,
            onCell: (r, i) => {
              const rows = a?.rows ?? [];
              const idx = i ?? 0;
              if (idx > 0 && rows[idx - 1]?.groupId === r.groupId) return { rowSpan: 0 };
              let n = 1;
              while (rows[idx + n]?.groupId === r.groupId) n++;
              return { rowSpan: n };
            },
          },
          { title: t('scoring.rank'), width: 60, render: (_, r) => <span data-testid="rank">{r.rank}</span> },
          { title: t('scoring.unit'), render: (_, r) => <Link to={`/scores/units/${r.unitId}?period=${period}`}>{r.unitName}</Link> },
          { title: t('scoring.total'), width: 80, render: (_, r) => <Typography.Text strong>{fmtPoints(r.total)}</Typography.Text> },
          { title: t('scoring.adoptedPieces'), dataIndex: 'adoptedPieces', width: 80 },
          { title: t('scoring.upstreamAdoptions'), dataIndex: 'upstreamAdoptions', width: 80 },
          { title: t('scoring.instructions'), dataIndex: 'instructions', width: 80 },
          {
            title: t('scoring.solicitationRecord'),
            width: 130,
            render: (_, r) => t('scoring.solicitationCounts', { onTime: r.solicitationOnTime, late: r.solicitationLate, missing: r.solicitationMissing }),
          },
          { title: t('scoring.submitted'), dataIndex: 'submitted', width: 80 },
          { title: t('scoring.adoptionRate'), width: 80, render: (_, r) => fmtRate(r.adoptionRate) },
          { title: t('scoring.honour'), width: 100, render: (_, r) => (r.honour ? <Tag color={honourColor[r.honour]}>{t(`scoring.honour.${r.honour}`)}</Tag> : null) },
        ]}
      />
    </Card>
  );
}
