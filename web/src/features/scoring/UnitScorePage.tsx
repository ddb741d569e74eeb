import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { TLedgerEntry } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { scoringApi } from './api';
import { fmtPoints, PeriodPicker } from './PeriodPicker';

/** /scores/units/:id (and /my-score for a unit's own people) — every ledger entry behind a unit's total. */
export function UnitScorePage({ own = false }: { own?: boolean }) {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const unitId = own ? (me?.unit?.id ?? 0) : Number(params.id);
  const period = search.get('period') ?? String(new Date().getFullYear());
  const [adjusting, setAdjusting] = useState(false);
  const q = useQuery({ queryKey: ['scoring', 'ledger', unitId, period], queryFn: () => scoringApi.ledger(unitId, period), enabled: unitId > 0 });
  const l = q.data;
  return (
    <Card
      title={l ? t('scoring.unitScore', { unit: l.unitName }) : t('scoring.ledger')}
      extra={
        <Space>
          <PeriodPicker value={period} onChange={(p) => setSearch({ period: p })} />
          {can('scoring.adjust') && !own && (
            <Button icon={<PlusOutlined />} onClick={() => setAdjusting(true)} data-testid="adjust">
              {t('scoring.adjust')}
            </Button>
          )}
        </Space>
      }
    >
      {l && (
        <Typography.Title level={4} data-testid="unit-total">
          {t('scoring.totalIs', { total: fmtPoints(l.total) })}
          <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
            {t('scoring.ruleSetVersion', { version: l.ruleSetVersion ?? 0 })}
          </Typography.Text>
        </Typography.Title>
      )}
      <Table<TLedgerEntry>
        rowKey={(e) => `${e.eventId}|${e.ruleId}`}
        size="small"
        loading={q.isLoading}
        dataSource={l?.entries ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="ledger"
        locale={{ emptyText: t('scoring.emptyLedger') }}
        columns={[
          { title: t('scoring.date'), dataIndex: 'on', width: 110 },
          { title: t('scoring.kind'), width: 110, render: (_, e) => <Tag>{t(`scoring.kind.${e.eventKind}`)}</Tag> },
          { title: t('scoring.note'), dataIndex: 'note' },
          { title: t('scoring.rule'), dataIndex: 'ruleId', width: 160, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('scoring.points'),
            width: 80,
            align: 'right',
            render: (_, e) => <Typography.Text type={e.points < 0 ? 'danger' : e.points === 0 ? 'secondary' : undefined}>{fmtPoints(e.points)}</Typography.Text>,
          },
        ]}
      />
      {adjusting && <AdjustModal unitId={unitId} onClose={() => setAdjusting(false)} />}
    </Card>
  );
}

function AdjustModal({ unitId, onClose }: { unitId: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ on: Dayjs; points: number; reason: string }>();
  async function submit() {
    const v = await form.validateFields();
    try {
      await scoringApi.adjust({ unitId, on: v.on.format('YYYY-MM-DD'), points: v.points, reason: v.reason });
      message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['scoring'] });
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <Modal open title={t('scoring.adjust')} onOk={submit} onCancel={onClose} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }}>
        <Form.Item name="on" label={t('scoring.date')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="points" label={t('scoring.points')} rules={[{ required: true }]} extra={t('scoring.adjustHint')}>
          <InputNumber min={-1000} max={1000} />
        </Form.Item>
        <Form.Item name="reason" label={t('scoring.reason')} rules={[{ required: true, min: 4, message: t('scoring.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
