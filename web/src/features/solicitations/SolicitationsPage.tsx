import { useState } from 'react';
import type { ButtonProps } from 'antd';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography, Modal } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { SOLICITATION_RATINGS, type TSolicitation, type TSolicitationTarget, type TUnit, type TUnitGroup } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { forwardingApi } from '../forwarding/api';
import { deadlineText, solicitationsApi } from './api';
import { TargetStatusTag } from './status';

/** /solicitations — the desk's solicitations (约稿): who answered on time, late, not at all; ratings; closing. */
export function SolicitationsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['solicitations'], queryFn: solicitationsApi.list });
  const manage = can('solicitations.manage');
  const count = (s: TSolicitation, st: string) => s.targets.filter((x) => x.status === st).length;

  return (
    <Card
      title={t('solicitation.title')}
      extra={
        <Space>
          {can('solicitations.compliance') && <Link to="/solicitation-compliance">{t('solicitation.compliance')}</Link>}
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-solicitation">
              {t('solicitation.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<TSolicitation>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('solicitation.empty') }}
        onRow={(s) => ({ onClick: () => setOpenId(s.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('solicitation.topic'),
            render: (_, s) => (
              <Space wrap>
                <a data-testid="solicitation-link">{s.topic}</a>
                {s.mandatory && <Tag color="red">{t('solicitation.mandatory')}</Tag>}
                {s.upstream && <Tag color="purple">{t('solicitation.fromUpstream')}</Tag>}
              </Space>
            ),
          },
          { title: t('solicitation.deadline'), width: 180, render: (_, s) => deadlineText(s.deadline) },
          {
            title: t('solicitation.progress'),
            width: 330,
            render: (_, s) => (
              <Space size={4} wrap>
                <Tag>{t('solicitation.targetCount', { n: s.targets.length })}</Tag>
                {(['answered_on_time', 'answered_late', 'missing', 'declined', 'pending'] as const).map((st) =>
                  count(s, st) ? (
                    <TargetStatusTag key={st} status={st} name={String(count(s, st))} />
                  ) : null,
                )}
              </Space>
            ),
          },
          { title: t('common.status'), width: 90, render: (_, s) => (s.state === 'open' ? <Tag color="blue">{t('solicitation.open')}</Tag> : <Tag>{t('solicitation.closed')}</Tag>) },
        ]}
      />
      {creating && <NewSolicitationModal onClose={() => setCreating(false)} />}
      {openId !== null && <SolicitationDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Card>
  );
}

function SolicitationDrawer(props: { id: number; onClose(): void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['solicitations', props.id], queryFn: () => solicitationsApi.get(props.id) });
  const s = q.data;
  const manage = can('solicitations.manage');
  async function act(fn: () => Promise<TSolicitation>) {
    try {
      qc.setQueryData(['solicitations', props.id], await fn());
      void qc.invalidateQueries({ queryKey: ['solicitations'] });
      message.success(t('common.saved'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <Drawer
      open
      width={860}
      title={s?.topic}
      onClose={props.onClose}
      extra={
        s?.state === 'open' &&
        manage && (
          <Popconfirm title={t('solicitation.closeConfirm')} onConfirm={() => void act(() => solicitationsApi.close(s.id))}>
            <Button>{t('solicitation.close')}</Button>
          </Popconfirm>
        )
      }
    >
      {s && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('solicitation.deadline')}>{deadlineText(s.deadline)}</Descriptions.Item>
            <Descriptions.Item label={t('solicitation.mandatory')}>{s.mandatory ? t('solicitation.yes') : t('solicitation.no')}</Descriptions.Item>
            <Descriptions.Item label={t('solicitation.createdBy')}>{s.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>{s.state === 'open' ? t('solicitation.open') : t('solicitation.closed')}</Descriptions.Item>
            {s.upstream && (
              <Descriptions.Item label={t('solicitation.fromUpstream')} span={2}>
                {[s.upstream.channelName, s.upstream.topic].filter(Boolean).join('：')}（{t('solicitation.upstreamDeadline')} {deadlineText(s.upstream.deadline)}）
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('solicitation.requirements')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{s.requirements}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
          <Table<TSolicitationTarget>
            rowKey="unitId"
            size="small"
            pagination={false}
            dataSource={s.targets}
            data-testid="targets"
            columns={[
              { title: t('solicitation.unit'), dataIndex: 'unitName' },
              { title: t('common.status'), width: 110, render: (_, x) => <TargetStatusTag status={x.status} /> },
              { title: t('solicitation.answeredAt'), width: 170, render: (_, x) => (x.answeredAt ? deadlineText(x.answeredAt) : x.declineReason ?? '—') },
              {
                title: t('solicitation.answers'),
                width: 120,
                render: (_, x) => (
                  <Space size={4} wrap>
                    {x.articleIds.map((id) => (
                      <Link key={id} to={`/articles/${id}`}>
                        #{id}
                      </Link>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('solicitation.rating'),
                width: 140,
                render: (_, x) =>
                  manage && x.articleIds.length ? (
                    <Select
                      size="small"
                      style={{ width: 110 }}
                      value={x.rating ?? undefined}
                      placeholder={t('solicitation.rate')}
                      onChange={(v: string) => void act(() => solicitationsApi.rate(s.id, x.unitId, v))}
                      options={SOLICITATION_RATINGS.map((r) => ({ value: r, label: t(`solicitation.rating.${r}`) }))}
                    />
                  ) : x.rating ? (
                    t(`solicitation.rating.${x.rating}`)
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

interface FormValues {
  topic: string;
  requirements: string;
  deadline: Dayjs;
  mandatory: boolean;
  groupIds: number[];
  unitIds: number[];
  fromUpstream: boolean;
  upstreamChannelId?: number;
  upstreamTopic?: string;
  upstreamDeadline?: Dayjs;
}

function NewSolicitationModal(props: { onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const units = useQuery({ queryKey: ['units', { active: 'true' }], queryFn: () => api.get<TUnit[]>('/api/units?active=true'), staleTime: 60_000 });
  const groups = useQuery({ queryKey: ['unit-groups'], queryFn: () => api.get<TUnitGroup[]>('/api/unit-groups'), staleTime: 60_000 });
  const channels = useQuery({ queryKey: ['channels'], queryFn: forwardingApi.channels, staleTime: 60_000 });
  const fromUpstream = Form.useWatch('fromUpstream', form);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await solicitationsApi.create({
        topic: v.topic,
        requirements: v.requirements,
        deadline: v.deadline.toISOString(),
        mandatory: v.mandatory,
        groupIds: v.groupIds ?? [],
        unitIds: v.unitIds ?? [],
        upstream: v.fromUpstream ? { channelId: v.upstreamChannelId ?? null, topic: v.upstreamTopic!, deadline: v.upstreamDeadline!.toISOString() } : null,
      });
      message.success(t('solicitation.created'));
      void qc.invalidateQueries({ queryKey: ['solicitations'] });
      props.onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open width={680} title={t('solicitation.new')} onCancel={props.onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.create')} okButtonProps={{ 'data-testid': 'solicitation-submit' } as ButtonProps} destroyOnHidden>
      <Form<FormValues> form={form} layout="vertical" initialValues={{ mandatory: true, deadline: dayjs().add(7, 'day').hour(17).minute(0).second(0), groupIds: [], unitIds: [], fromUpstream: false }}>
        <Form.Item name="topic" label={t('solicitation.topic')} rules={[{ required: true, min: 2, message: t('common.required') }]}>
          <Input maxLength={200} data-testid="solicitation-topic" />
        </Form.Item>
        <Form.Item name="requirements" label={t('solicitation.requirements')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="deadline" label={t('solicitation.deadline')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm:ss' }} format="YYYY-MM-DD HH:mm:ss" data-testid="solicitation-deadline" />
          </Form.Item>
          <Form.Item name="mandatory" label={t('solicitation.mandatory')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="groupIds" label={t('solicitation.groups')}>
          <Select mode="multiple" placeholder={t('solicitation.groupsHint')} options={groups.data?.map((g) => ({ value: g.id, label: `${g.name}（${g.unitCount}）` }))} />
        </Form.Item>
        <Form.Item name="unitIds" label={t('solicitation.units')}>
          <Select mode="multiple" data-testid="solicitation-units" showSearch={{ optionFilterProp: 'label' }} options={units.data?.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="fromUpstream" valuePropName="checked">
          <Checkbox>{t('solicitation.linkUpstream')}</Checkbox>
        </Form.Item>
        {fromUpstream && (
          <Space wrap align="start">
            <Form.Item name="upstreamChannelId" label={t('solicitation.upstreamChannel')}>
              <Select style={{ width: 180 }} allowClear options={channels.data?.map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Form.Item name="upstreamTopic" label={t('solicitation.upstreamTopic')} rules={[{ required: true, min: 2, message: t('common.required') }]}>
              <Input style={{ width: 220 }} maxLength={200} />
            </Form.Item>
            <Form.Item name="upstreamDeadline" label={t('solicitation.upstreamDeadline')} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}
