import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFollowup, TUnit, TUnitGroup } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { chineseDate, periodicalsApi } from '../issues/api';
import { FollowupStatusTag, UnitStatusTag, followupStatus, type FollowupFilter } from './status';

const FILTERS: (FollowupFilter | 'all')[] = ['all', 'open', 'answered', 'overdue', 'closed'];

/** /followups — the desk's follow-ups (落实反馈): who has answered, who is late; create and close them. */
export function FollowupsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<FollowupFilter | 'all'>('all');
  const fromInstruction = params.get('instructionId');
  const [creating, setCreating] = useState(Boolean(fromInstruction));
  const list = useQuery({ queryKey: ['followups'], queryFn: periodicalsApi.followups });
  const rows = (list.data ?? []).filter((f) => filter === 'all' || followupStatus(f) === filter);
  const count = (s: FollowupFilter) => (list.data ?? []).filter((f) => followupStatus(f) === s).length;

  async function close(f: TFollowup) {
    try {
      await periodicalsApi.closeFollowup(f.id);
      message.success(t('followup.closed'));
      void qc.invalidateQueries({ queryKey: ['followups'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card
      title={t('followup.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-followup">
          {t('followup.new')}
        </Button>
      }
    >
      <Segmented
        style={{ marginBottom: 16 }}
        value={filter}
        onChange={(v) => setFilter(v as FollowupFilter | 'all')}
        options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('common.all') : `${t(`followup.status.${f}`)} ${count(f)}` }))}
      />
      <Table<TFollowup>
        rowKey="id"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('followup.empty') }}
        expandable={{ expandedRowRender: (f) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{f.requirement}</Typography.Paragraph> }}
        columns={[
          { title: t('followup.name'), dataIndex: 'title' },
          { title: t('followup.due'), dataIndex: 'dueDate', width: 160, render: (d: string) => chineseDate(d) },
          { title: t('common.status'), width: 90, render: (_, f) => <FollowupStatusTag f={f} /> },
          {
            title: t('followup.units'),
            render: (_, f) => (
              <Space size={[0, 4]} wrap>
                {f.units.map((u) => (
                  <UnitStatusTag key={u.unitId} name={u.unitName} status={u.status} />
                ))}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            width: 90,
            render: (_, f) =>
              f.state === 'open' && (
                <Popconfirm title={t('followup.closeConfirm')} onConfirm={() => void close(f)}>
                  <Button size="small">{t('followup.close')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating && (
        <NewFollowupModal
          instructionId={fromInstruction ? Number(fromInstruction) : undefined}
          initialTitle={params.get('title') ?? undefined}
          initialRequirement={params.get('requirement') ?? undefined}
          onClose={() => {
            setCreating(false);
            if (fromInstruction) setParams({}, { replace: true });
          }}
        />
      )}
    </Card>
  );
}

interface FormValues {
  title: string;
  requirement: string;
  dueDate: Dayjs;
  unitIds: number[];
}

function NewFollowupModal(props: { instructionId?: number; initialTitle?: string; initialRequirement?: string; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const units = useQuery({ queryKey: ['units', { active: 'true' }], queryFn: () => api.get<TUnit[]>('/api/units?active=true'), staleTime: 60_000 });
  const groups = useQuery({ queryKey: ['unit-groups'], queryFn: () => api.get<TUnitGroup[]>('/api/unit-groups'), staleTime: 60_000 });

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await periodicalsApi.createFollowup({ instructionId: props.instructionId ?? null, title: v.title, requirement: v.requirement, dueDate: v.dueDate.format('YYYY-MM-DD'), unitIds: v.unitIds });
      message.success(t('followup.created'));
      void qc.invalidateQueries({ queryKey: ['followups'] });
      props.onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open width={640} title={t('followup.new')} onCancel={props.onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.create')} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ title: props.initialTitle, requirement: props.initialRequirement, dueDate: dayjs().add(14, 'day'), unitIds: [] }}
      >
        {props.instructionId && <Typography.Paragraph type="secondary">{t('followup.fromInstruction')}</Typography.Paragraph>}
        <Form.Item name="title" label={t('followup.name')} rules={[{ required: true, min: 2, message: t('common.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="requirement" label={t('followup.requirement')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('followup.due')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('followup.addGroup')}>
          <Select
            placeholder={t('followup.addGroupHint')}
            value={null}
            options={groups.data?.map((g) => ({ value: g.id, label: `${g.name}（${g.unitCount}）` }))}
            onChange={(gid: number) => {
              const cur = new Set(form.getFieldValue('unitIds') as number[]);
              for (const u of units.data ?? []) if (u.groupId === gid) cur.add(u.id);
              form.setFieldValue('unitIds', [...cur]);
            }}
          />
        </Form.Item>
        <Form.Item name="unitIds" label={t('followup.units')} rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={units.data?.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
