import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import type { TAuditPage, TAuditRecord, TAuditSettings, TAuditVerify, TUnit } from '@baosong/contract';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';

interface Filters {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  unitId?: number;
  page: number;
  pageSize: number;
}

const OUTCOME_COLOR: Record<string, string> = { ok: 'green', denied: 'red', failed: 'orange' };

/** /audit — auditors browse the audit trail with filters, export it to Excel and check that its chain is whole. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<Filters>({ page: 1, pageSize: 50 });
  const [shown, setShown] = useState<TAuditRecord | null>(null);
  const { page, pageSize, ...rest } = filters;
  const list = useQuery({ queryKey: ['audit', filters], queryFn: () => api.get<TAuditPage>(`/api/audit${qs({ ...rest, page, pageSize })}`) });
  const units = useQuery({ queryKey: ['units', { active: 'all' }], queryFn: () => api.get<TUnit[]>('/api/units?active=all') });
  const retention = useQuery({ queryKey: ['settings', 'audit'], queryFn: () => api.get<TAuditSettings>('/api/settings/audit') });
  const verify = useMutation({ mutationFn: () => api.get<TAuditVerify>('/api/audit/verify') });
  const set = (f: Partial<Filters>) => setFilters((old) => ({ ...old, ...f, page: 1 }));
  const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

  return (
    <Card
      title={t('audit.title')}
      extra={
        <Space>
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
          <Button icon={<DownloadOutlined />} href={`/api/audit/export.xlsx${qs(rest)}`} download data-testid="audit-export">
            {t('audit.export')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('audit.hint', { months: retention.data?.retentionMonths ?? '…' })}</Typography.Paragraph>
      {verify.data &&
        (verify.data.ok ? (
          <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('audit.intact', { n: verify.data.checked })} role="status" />
        ) : (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            role="alert"
            title={t('audit.broken', { id: verify.data.firstBroken!.id, n: verify.data.checked })}
            description={`${verify.data.firstBroken!.reason}: ${t('audit.expected')} ${verify.data.firstBroken!.expected}, ${t('audit.found')} ${verify.data.firstBroken!.found ?? '—'}`}
          />
        ))}
      {verify.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={verify.error.message} />}
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          style={{ width: 250 }}
          aria-label={t('audit.period')}
          onChange={(v) => set({ from: day(v?.[0]), to: day(v?.[1]) })}
        />
        <Input.Search allowClear placeholder={t('audit.actor')} style={{ width: 140 }} onSearch={(actor) => set({ actor: actor || undefined })} />
        <Input.Search allowClear placeholder={t('audit.action')} style={{ width: 170 }} onSearch={(action) => set({ action: action || undefined })} />
        <Select
          allowClear
          placeholder={t('audit.outcome')}
          style={{ width: 120 }}
          options={(['ok', 'denied', 'failed'] as const).map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
          onChange={(outcome?: string) => set({ outcome })}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.unit')}
          style={{ width: 180 }}
          options={units.data?.map((u) => ({ value: u.id, label: u.name }))}
          onChange={(unitId?: number) => set({ unitId })}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<TAuditRecord>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.isLoading}
        dataSource={list.data?.items}
        onRow={(r) => ({ onDoubleClick: () => setShown(r) })}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => setFilters((f) => ({ ...f, page: s !== f.pageSize ? 1 : p, pageSize: s })),
        }}
        columns={[
          { title: t('audit.time'), dataIndex: 'at', width: 160, render: (v: string) => new Date(v).toLocaleString(locale) },
          {
            title: t('audit.actor'),
            key: 'actor',
            width: 110,
            render: (_: unknown, r: TAuditRecord) => r.actorUsername ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
          },
          {
            title: t('audit.roles'),
            dataIndex: 'actorRoles',
            width: 110,
            render: (roles: string[] | null) => (roles ?? []).map((r) => <Tag key={r}>{t(`role.${r}` as never)}</Tag>),
          },
          { title: t('audit.unit'), dataIndex: 'actorUnitName', width: 150, ellipsis: true, render: (v: string | null) => v ?? '' },
          { title: t('audit.action'), dataIndex: 'action', ellipsis: true, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('audit.target'),
            key: 'target',
            width: 110,
            render: (_: unknown, r: TAuditRecord) => (r.targetType ? `${r.targetType}${r.targetId ? ` #${r.targetId}` : ''}` : ''),
          },
          { title: t('audit.ip'), dataIndex: 'ip', width: 120 },
          {
            title: t('audit.outcome'),
            dataIndex: 'outcome',
            width: 80,
            render: (o: string) => <Tag color={OUTCOME_COLOR[o]}>{t(`audit.outcome.${o}` as never)}</Tag>,
          },
          {
            title: '',
            key: 'more',
            width: 64,
            render: (_: unknown, r: TAuditRecord) => (
              <Button type="link" size="small" onClick={() => setShown(r)}>
                {t('audit.details')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={!!shown} title={t('audit.record', { id: shown?.id ?? '' })} footer={null} onCancel={() => setShown(null)} width={720}>
        {shown && (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('audit.time')}>{new Date(shown.at).toLocaleString(locale)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.actor')}>{shown.actorUsername ?? t('audit.system')}</Descriptions.Item>
            <Descriptions.Item label={t('audit.action')}>{shown.action}</Descriptions.Item>
            <Descriptions.Item label={t('audit.details')}>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{shown.details === null ? '—' : JSON.stringify(shown.details, null, 2)}</pre>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.hash')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {shown.hash ?? '—'}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Modal>
    </Card>
  );
}
