import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TTopic } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { currentYear } from '../articles/ArticleFormParts';

/** /admin/topics — the year's key work items (重点工作) units tag their articles with. */
export function TopicsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const now = currentYear();
  const [year, setYear] = useState(now);
  const [editing, setEditing] = useState<TTopic | 'new' | null>(null);
  const topics = useQuery({ queryKey: ['topics', year], queryFn: () => api.get<TTopic[]>(`/api/topics?year=${year}`) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['topics'] });
  const toggle = useMutation({
    mutationFn: (tp: TTopic) => api.patch<TTopic>(`/api/topics/${tp.id}`, { active: !tp.active }),
    onSuccess: () => {
      message.success(t('common.saved'));
      refresh();
    },
    onError: (e) => message.error(e.message),
  });
  const years = [now + 1, now, now - 1, now - 2, now - 3];
  return (
    <Card
      title={t('topics.title')}
      extra={
        <Space>
          <Select value={year} style={{ width: 110 }} onChange={setYear} options={years.map((y) => ({ value: y, label: t('topics.year', { year: y }) }))} aria-label={t('topics.yearLabel')} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('topics.new')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('topics.hint')}</Typography.Paragraph>
      <Table<TTopic>
        rowKey="id"
        size="middle"
        loading={topics.isLoading}
        dataSource={topics.data}
        pagination={false}
        locale={{ emptyText: t('topics.empty', { year }) }}
        columns={[
          { title: t('topics.name'), dataIndex: 'name', render: (v: string, tp) => (tp.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>) },
          { title: t('topics.sortOrder'), dataIndex: 'sortOrder', width: 90 },
          {
            title: t('common.status'),
            dataIndex: 'active',
            width: 100,
            render: (a: boolean) => (a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, tp: TTopic) => (
              <Space size="small">
                <Button type="link" size="small" onClick={() => setEditing(tp)}>
                  {t('common.edit')}
                </Button>
                {tp.active ? (
                  <Popconfirm title={t('topics.deactivateConfirm', { name: tp.name })} onConfirm={() => toggle.mutate(tp)}>
                    <Button type="link" size="small" danger>
                      {t('common.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => toggle.mutate(tp)}>
                    {t('common.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <TopicForm topic={editing === 'new' ? null : editing} year={year} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Card>
  );
}

function TopicForm(props: { topic: TTopic | null; year: number; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; sortOrder: number }>();
  const save = useMutation({
    mutationFn: (v: { name: string; sortOrder: number }) =>
      props.topic ? api.patch<TTopic>(`/api/topics/${props.topic.id}`, v) : api.post<TTopic>('/api/topics', { ...v, year: props.year, active: true }),
    onSuccess: () => {
      message.success(t('common.saved'));
      props.onSaved();
      props.onClose();
    },
    onError: (e) => message.error(e.message),
  });
  return (
    <Modal
      open
      title={props.topic ? t('topics.editTitle') : t('topics.newTitle', { year: props.year })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
    >
      <Form form={form} layout="vertical" name="topic" initialValues={props.topic ?? { sortOrder: 100 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('topics.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('common.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('topics.sortOrder')}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
