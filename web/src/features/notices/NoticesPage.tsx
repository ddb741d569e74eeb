import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Form, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { TNoticeKind, TNoticePeriod, TNoticeSummary } from '@baosong/contract';
import { useAuth } from '../auth/auth';
import { useI18n } from '../../i18n';
import { noticesApi, periodText } from './api';

/** /notices — the desk sees drafts and released notices and generates new ones; everyone else reads released ones. */
export function NoticesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const manage = can('notices.manage');
  const list = useQuery({ queryKey: ['notices', 'list'], queryFn: noticesApi.list });
  const [open, setOpen] = useState(false);
  const href = (n: TNoticeSummary) => (n.state === 'draft' && manage ? `/notices/${n.id}/edit` : `/notices/${n.id}`);
  return (
    <Card
      title={t('notices.title')}
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="notice-generate">
            {t('notices.generate')}
          </Button>
        )
      }
    >
      {!manage && (
        <Typography.Paragraph type="secondary">{t('notices.readersHint')}</Typography.Paragraph>
      )}
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<TNoticeSummary>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: manage ? t('notices.emptyDesk') : t('notices.empty') }}
        data-testid="notices-table"
        columns={[
          {
            title: t('notices.titleLabel'),
            dataIndex: 'title',
            render: (v: string, n) => <Link to={href(n)}>{v}</Link>,
          },
          { title: t('notices.period'), key: 'period', width: 150, render: (_, n) => `${periodText(n)} · ${t(`notices.kind.${n.kind}`)}` },
          { title: t('notices.docNumber'), dataIndex: 'docNumberText', width: 180, render: (v: string | null) => v ?? '—' },
          {
            title: t('common.status'),
            dataIndex: 'state',
            width: 100,
            render: (s: TNoticeSummary['state']) => <Tag color={s === 'released' ? 'red' : 'orange'}>{t(`notices.state.${s}`)}</Tag>,
          },
          {
            title: t('notices.when'),
            key: 'when',
            width: 170,
            render: (_, n) => dayjs(n.releasedAt ?? n.updatedAt).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
      {manage && <GenerateModal open={open} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function GenerateModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const lastYear = dayjs().year() - 1;
  const [kind, setKind] = useState<TNoticeKind>('annual');
  const [year, setYear] = useState<number>(lastYear);
  const [month, setMonth] = useState<number>(Math.max(1, dayjs().month()));
  const settings = useQuery({ queryKey: ['settings', 'notices'], queryFn: noticesApi.settings, enabled: open });
  const gen = useMutation({
    mutationFn: () => {
      const period: TNoticePeriod = kind === 'annual' ? { kind, year } : { kind, year, month };
      return noticesApi.generate({ period });
    },
    onSuccess: (n) => {
      void qc.invalidateQueries({ queryKey: ['notices', 'list'] });
      qc.setQueryData(['notices', n.id], n);
      message.success(t('notices.generated'));
      onClose();
      navigate(`/notices/${n.id}/edit`);
    },
  });
  const s = settings.data;
  return (
    <Modal
      open={open}
      title={t('notices.generate')}
      okText={t('notices.generateOk')}
      onOk={() => gen.mutate()}
      confirmLoading={gen.isPending}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'generate-ok' } as ButtonProps}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('notices.kindLabel')}>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value as TNoticeKind)}
            optionType="button"
            options={[
              { value: 'annual', label: t('notices.kind.annual') },
              { value: 'monthly', label: t('notices.kind.monthly') },
            ]}
          />
        </Form.Item>
        <Space>
          <Form.Item label={t('notices.year')} htmlFor="generate-year">
            <InputNumber min={2000} max={2100} precision={0} value={year} onChange={(v) => v && setYear(v)} id="generate-year" />
          </Form.Item>
          {kind === 'monthly' && (
            <Form.Item label={t('notices.month')}>
              <Select style={{ width: 100 }} value={month} onChange={setMonth} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('notices.monthN', { n: i + 1 }) }))} />
            </Form.Item>
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('notices.generateHint')}
        </Typography.Paragraph>
        {s && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('notices.generateDefaults', { office: s.issuingOffice, prefix: s.docNumberPrefix || '—' })}
          </Typography.Paragraph>
        )}
        {gen.error && <Alert type="error" showIcon title={gen.error.message} />}
      </Form>
    </Modal>
  );
}
