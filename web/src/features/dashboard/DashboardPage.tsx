import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type {
  TAssessmentRow,
  TDashboard,
  TDashboardCompliance,
  TDashboardGroup,
  TDashboardMonth,
  TDashboardPublication,
  TDashboardTable,
  TDashboardUnit,
  TUnit,
  TUnitGroup,
} from '@baosong/contract';
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../../api/client';
import { useI18n, type Translate } from '../../i18n';
import { useAuth } from '../auth/auth';
import { fmtPoints, fmtRate, honourColor, PeriodPicker } from '../scoring/PeriodPicker';
import { dashboardApi, type DashboardFilter } from './api';
import { Chart } from './Chart';

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
/** Long unit names shortened on an axis; the tooltip and the table keep them whole. */
const short = (s: string, n = 7) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Bars of submissions and adoptions with the adoption rate as a line on a second axis. */
function countsOption(t: Translate, labels: string[], rows: { submitted: number; adopted: number; adoptionRate: number | null }[], rotate = 0): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 48, bottom: rotate ? 80 : 32 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate, formatter: (v: string) => (rotate ? short(v) : v) } },
    yAxis: [
      { type: 'value', name: t('dashboard.pieces'), minInterval: 1 },
      { type: 'value', name: t('scoring.adoptionRate'), min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: t('dashboard.submitted'), type: 'bar', data: rows.map((r) => r.submitted), barMaxWidth: 28 },
      { name: t('dashboard.adopted'), type: 'bar', data: rows.map((r) => r.adopted), barMaxWidth: 28 },
      { name: t('scoring.adoptionRate'), type: 'line', yAxisIndex: 1, data: rows.map((r) => pct(r.adoptionRate)), connectNulls: false, symbolSize: 7 },
    ],
  };
}

/** One dashboard block: a chart beside its table, and the table's .xlsx export. */
function Section(props: { title: string; table: TDashboardTable; filter: DashboardFilter; chart?: ReactNode; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={props.title}
      data-testid={`section-${props.table}`}
      extra={
        <Button size="small" icon={<DownloadOutlined />} href={dashboardApi.xlsxUrl(props.filter, props.table)} download data-testid={`export-${props.table}`}>
          {t('scoring.export')}
        </Button>
      }
    >
      {props.chart ? (
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            {props.chart}
          </Col>
          <Col xs={24} xl={10}>
            {props.children}
          </Col>
        </Row>
      ) : (
        props.children
      )}
    </Card>
  );
}

/** /dashboard — statistics of a period as charts and tables (PRODUCT.md §11), every table exportable to Excel. */
export default function DashboardPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const office = can('scoring.read');
  const [period, setPeriod] = useState(String(new Date().getFullYear()));
  const [groupId, setGroupId] = useState<number | undefined>();
  const [unitId, setUnitId] = useState<number | undefined>();
  const filter: DashboardFilter = { period, groupId, unitId };
  const q = useQuery({ queryKey: ['dashboard', filter], queryFn: () => dashboardApi.get(filter) });
  const groups = useQuery({ queryKey: ['unit-groups'], queryFn: () => api.get<TUnitGroup[]>('/api/unit-groups'), enabled: office });
  const units = useQuery({ queryKey: ['units', 'dashboard'], queryFn: () => api.get<TUnit[]>('/api/units'), enabled: office });
  const d = q.data;
  const monthLabel = (m: string) => t('scoring.monthN', { n: Number(m.slice(5, 7)) });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard">
      <Card
        title={t('dashboard.title')}
        extra={
          <Space wrap>
            <PeriodPicker value={period} onChange={setPeriod} />
            {office && (
              <>
                <Select
                  allowClear
                  placeholder={t('dashboard.allGroups')}
                  style={{ width: 140 }}
                  value={groupId}
                  onChange={(v) => {
                    setGroupId(v);
                    setUnitId(undefined);
                  }}
                  options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
                  data-testid="filter-group"
                />
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder={t('dashboard.allUnits')}
                  style={{ width: 220 }}
                  value={unitId}
                  onChange={setUnitId}
                  options={(units.data ?? []).filter((u) => !groupId || u.groupId === groupId).map((u) => ({ value: u.id, label: u.name }))}
                  data-testid="filter-unit"
                />
              </>
            )}
            <Button type="primary" icon={<DownloadOutlined />} href={dashboardApi.xlsxUrl(filter)} download data-testid="export-dashboard">
              {t('dashboard.exportAll')}
            </Button>
          </Space>
        }
      >
        {q.error && <Alert type="error" showIcon message={q.error instanceof Error ? q.error.message : String(q.error)} />}
        {d && (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {t('dashboard.periodRange', { from: d.from, to: d.to })}
              {d.scope === 'unit' && ` · ${t('dashboard.ownUnitOnly')}`}
            </Typography.Paragraph>
            <Row gutter={[16, 16]} data-testid="dashboard-totals">
              {(
                [
                  ['dashboard.funnel.received', d.funnel.received],
                  ['dashboard.funnel.adopted', d.funnel.adopted],
                  ['scoring.adoptionRate', d.funnel.received ? `${pct(d.funnel.adopted / d.funnel.received)}%` : '—'],
                  ['dashboard.funnel.forwarded', d.funnel.forwarded],
                  ['dashboard.funnel.adoptedAbove', d.funnel.adoptedAbove],
                  ['dashboard.funnel.instructed', d.funnel.instructed],
                ] as const
              ).map(([key, value]) => (
                <Col key={key} xs={12} md={8} xl={4}>
                  <Statistic title={t(key)} value={value} />
                </Col>
              ))}
            </Row>
          </>
        )}
      </Card>
      {d && <Sections d={d} filter={filter} monthLabel={monthLabel} period={period} />}
      {q.isLoading && <Card loading />}
    </Space>
  );
}

function Sections({ d, filter, monthLabel, period }: { d: TDashboard; filter: DashboardFilter; monthLabel: (m: string) => string; period: string }) {
  const { t } = useI18n();
  const countColumns = [
    { title: t('dashboard.submitted'), dataIndex: 'submitted', width: 80, align: 'right' as const },
    { title: t('dashboard.adopted'), dataIndex: 'adopted', width: 80, align: 'right' as const },
    { title: t('scoring.adoptionRate'), width: 80, align: 'right' as const, render: (_: unknown, r: { adoptionRate: number | null }) => fmtRate(r.adoptionRate) },
  ];
  const stages = [
    ['dashboard.funnel.received', d.funnel.received],
    ['dashboard.funnel.adopted', d.funnel.adopted],
    ['dashboard.funnel.forwarded', d.funnel.forwarded],
    ['dashboard.funnel.adoptedAbove', d.funnel.adoptedAbove],
    ['dashboard.funnel.instructed', d.funnel.instructed],
  ] as const;
  const solicited = d.compliance;
  return (
    <>
      <Section title={t('dashboard.byMonth')} table="months" filter={filter} chart={<Chart testId="chart-months" option={countsOption(t, d.months.map((m) => monthLabel(m.month)), d.months)} />}>
        <Table<TDashboardMonth>
          rowKey="month"
          size="small"
          pagination={false}
          data-testid="table-months"
          dataSource={d.months}
          columns={[{ title: t('dashboard.month'), render: (_, r) => monthLabel(r.month) }, ...countColumns]}
          summary={() => {
            const s = d.months.reduce((a, m) => ({ submitted: a.submitted + m.submitted, adopted: a.adopted + m.adopted }), { submitted: 0, adopted: 0 });
            return (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('dashboard.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{s.submitted}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{s.adopted}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{fmtRate(s.submitted ? s.adopted / s.submitted : null)}</Table.Summary.Cell>
              </Table.Summary.Row>
            );
          }}
        />
      </Section>

      <Section
        title={t('dashboard.byUnit')}
        table="units"
        filter={filter}
        chart={<Chart testId="chart-units" height={340} option={countsOption(t, d.units.map((u) => u.unitName), d.units, d.units.length > 4 ? 35 : 0)} />}
      >
        <Table<TDashboardUnit>
          rowKey="unitId"
          size="small"
          pagination={d.units.length > 12 ? { pageSize: 12, size: 'small' } : false}
          data-testid="table-units"
          dataSource={d.units}
          columns={[
            { title: t('scoring.unit'), render: (_, r) => <Link to={`/scores/units/${r.unitId}?period=${period}`}>{r.unitName}</Link> },
            { title: t('scoring.group'), dataIndex: 'groupName', width: 90 },
            ...countColumns,
          ]}
        />
      </Section>

      {d.scope === 'office' && (
        <Section title={t('dashboard.byGroup')} table="groups" filter={filter} chart={<Chart testId="chart-groups" height={260} option={countsOption(t, d.groups.map((g) => g.groupName), d.groups)} />}>
          <Table<TDashboardGroup>
            rowKey="groupId"
            size="small"
            pagination={false}
            data-testid="table-groups"
            dataSource={d.groups}
            columns={[{ title: t('scoring.group'), dataIndex: 'groupName' }, { title: t('dashboard.unitCount'), dataIndex: 'units', width: 70, align: 'right' }, ...countColumns]}
          />
        </Section>
      )}

      <Section
        title={t('dashboard.funnel')}
        table="funnel"
        filter={filter}
        chart={
          <Chart
            testId="chart-funnel"
            height={280}
            option={{
              tooltip: { trigger: 'item', formatter: '{b}：{c}' },
              series: [
                {
                  type: 'funnel',
                  sort: 'none',
                  left: '10%',
                  width: '80%',
                  minSize: '12%',
                  gap: 3,
                  label: { position: 'inside', formatter: '{b}  {c}', color: '#fff', fontSize: 13 },
                  data: stages.map(([key, value]) => ({ name: t(key), value })),
                },
              ],
            }}
          />
        }
      >
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          data-testid="table-funnel"
          dataSource={stages.map(([key, value]) => ({ key, value }))}
          columns={[
            { title: t('dashboard.stage'), render: (_, r) => t(r.key) },
            { title: t('dashboard.pieces'), dataIndex: 'value', width: 80, align: 'right' },
            { title: t('dashboard.ofReceived'), width: 100, align: 'right', render: (_, r) => fmtRate(d.funnel.received ? r.value / d.funnel.received : null) },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {t('dashboard.funnelHint')}
        </Typography.Paragraph>
      </Section>

      <Section
        title={t('dashboard.publications')}
        table="publications"
        filter={filter}
        chart={
          d.publications.length ? (
            <Chart
              testId="chart-publications"
              height={260}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 48, right: 24, top: 48, bottom: 32 },
                xAxis: { type: 'category', data: d.publications.map((p) => p.name), axisLabel: { interval: 0, formatter: (v: string) => short(v, 8) } },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  { name: t('dashboard.issues'), type: 'bar', data: d.publications.map((p) => p.issues), barMaxWidth: 28 },
                  { name: t('dashboard.pieceCount'), type: 'bar', data: d.publications.map((p) => p.pieces), barMaxWidth: 28 },
                  { name: t('dashboard.articleCount'), type: 'bar', data: d.publications.map((p) => p.articles), barMaxWidth: 28 },
                ],
              }}
            />
          ) : (
            <Empty />
          )
        }
      >
        <Table<TDashboardPublication>
          rowKey="publicationId"
          size="small"
          pagination={false}
          data-testid="table-publications"
          dataSource={d.publications}
          columns={[
            { title: t('dashboard.publication'), dataIndex: 'name' },
            { title: t('dashboard.issues'), dataIndex: 'issues', width: 70, align: 'right' },
            { title: t('dashboard.pieceCount'), dataIndex: 'pieces', width: 70, align: 'right' },
            { title: t('dashboard.articleCount'), dataIndex: 'articles', width: 90, align: 'right' },
            { title: t('dashboard.instructedIssues'), dataIndex: 'instructedIssues', width: 90, align: 'right' },
          ]}
        />
      </Section>

      <Section
        title={t('dashboard.compliance')}
        table="compliance"
        filter={filter}
        chart={
          solicited.length ? (
            <Chart
              testId="chart-compliance"
              height={300}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 40, right: 24, top: 48, bottom: solicited.length > 4 ? 80 : 32 },
                xAxis: { type: 'category', data: solicited.map((c) => c.unitName), axisLabel: { interval: 0, rotate: solicited.length > 4 ? 35 : 0, formatter: (v: string) => (solicited.length > 4 ? short(v) : v) } },
                yAxis: { type: 'value', minInterval: 1 },
                series: (
                  [
                    ['onTime', 'solicitation.status.answered_on_time', '#3a8f5c'],
                    ['late', 'solicitation.status.answered_late', '#e0a000'],
                    ['missing', 'solicitation.status.missing', '#b71c1c'],
                    ['declined', 'solicitation.status.declined', '#8c8c8c'],
                    ['pending', 'solicitation.status.pending', '#1f6fb2'],
                  ] as const
                ).map(([k, label, color]) => ({ name: t(label), type: 'bar', stack: 'all', color, barMaxWidth: 32, data: solicited.map((c) => c[k]) })),
              }}
            />
          ) : (
            <Empty description={t('dashboard.noSolicitations')} />
          )
        }
      >
        <Table<TDashboardCompliance>
          rowKey="unitId"
          size="small"
          pagination={solicited.length > 12 ? { pageSize: 12, size: 'small' } : false}
          data-testid="table-compliance"
          dataSource={solicited}
          columns={[
            { title: t('scoring.unit'), dataIndex: 'unitName' },
            { title: t('dashboard.targeted'), dataIndex: 'targeted', width: 60, align: 'right' },
            { title: t('solicitation.status.answered_on_time'), dataIndex: 'onTime', width: 60, align: 'right' },
            { title: t('solicitation.status.answered_late'), dataIndex: 'late', width: 60, align: 'right' },
            { title: t('solicitation.status.missing'), dataIndex: 'missing', width: 60, align: 'right' },
            { title: t('dashboard.onTimeRate'), width: 80, align: 'right', render: (_, r) => fmtRate(r.onTimeRate) },
          ]}
        />
      </Section>

      {d.ranking && (
        <Section title={t('dashboard.ranking')} table="ranking" filter={filter}>
          <Table<TAssessmentRow>
            rowKey="unitId"
            size="small"
            pagination={false}
            data-testid="table-ranking"
            dataSource={d.ranking}
            columns={[
              { title: t('scoring.group'), dataIndex: 'groupName', width: 100 },
              { title: t('scoring.rank'), dataIndex: 'rank', width: 60 },
              { title: t('scoring.unit'), render: (_, r) => <Link to={`/scores/units/${r.unitId}?period=${period}`}>{r.unitName}</Link> },
              { title: t('scoring.total'), width: 80, render: (_, r) => <Typography.Text strong>{fmtPoints(r.total)}</Typography.Text> },
              { title: t('scoring.adoptedPieces'), dataIndex: 'adoptedPieces', width: 80 },
              { title: t('scoring.upstreamAdoptions'), dataIndex: 'upstreamAdoptions', width: 80 },
              { title: t('scoring.instructions'), dataIndex: 'instructions', width: 80 },
              { title: t('scoring.adoptionRate'), width: 80, render: (_, r) => fmtRate(r.adoptionRate) },
              { title: t('scoring.honour'), width: 100, render: (_, r) => (r.honour ? <Tag color={honourColor[r.honour]}>{t(`scoring.honour.${r.honour}`)}</Tag> : null) },
            ]}
          />
        </Section>
      )}
    </>
  );
}
