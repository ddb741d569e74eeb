import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CHANNEL_LEVELS, type TChannel } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { forwardingApi } from './api';

/** /admin/channels — upstream channels (上报渠道) and the publications each adopts pieces into. */
export function ChannelsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['channels'], queryFn: forwardingApi.channels });
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState<TChannel | null>(null);
  const [form] = Form.useForm<{ name: string; level: string; sortOrder: number }>();
  const [pubForm] = Form.useForm<{ name: string }>();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['channels'] });
  const run = async (fn: () => Promise<unknown>, ok = t('common.saved')) => {
    try {
      await fn();
      message.success(ok);
      refresh();
      return true;
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      return false;
    }
  };

  return (
    <Card
      title={t('channel.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-channel">
          {t('channel.new')}
        </Button>
      }
    >
      <Table<TChannel>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('channel.name'), dataIndex: 'name' },
          { title: t('channel.level'), dataIndex: 'level', width: 120, render: (l: string) => t(`channel.level.${l}` as 'channel.level.other') },
          {
            title: t('channel.publications'),
            render: (_, c) => (
              <Space size={[4, 4]} wrap>
                {c.publications.map((p) => (
                  <Tag
                    key={p.id}
                    color={p.active ? 'red' : 'default'}
                    closable={p.active}
                    onClose={(e) => {
                      e.preventDefault();
                      void run(() => forwardingApi.patchPublication(p.id, { active: false }));
                    }}
                  >
                    《{p.name}》
                  </Tag>
                ))}
                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setAdding(c)}>
                  {t('channel.addPublication')}
                </Button>
              </Space>
            ),
          },
          { title: t('common.status'), width: 90, render: (_, c) => <Switch checked={c.active} onChange={(v) => void run(() => forwardingApi.patchChannel(c.id, { active: v }))} /> },
        ]}
      />
      <Modal
        open={creating}
        title={t('channel.new')}
        onCancel={() => setCreating(false)}
        okText={t('common.create')}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          if (await run(() => forwardingApi.createChannel(v))) setCreating(false);
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ level: 'province', sortOrder: 100 }} preserve={false}>
          <Form.Item name="name" label={t('channel.name')} rules={[{ required: true, min: 2, message: t('common.required') }]}>
            <Input maxLength={50} placeholder="省政府办公厅" />
          </Form.Item>
          <Form.Item name="level" label={t('channel.level')}>
            <Select options={CHANNEL_LEVELS.map((l) => ({ value: l, label: t(`channel.level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('channel.sortOrder')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(adding)}
        title={`${t('channel.addPublication')} · ${adding?.name ?? ''}`}
        onCancel={() => setAdding(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await pubForm.validateFields();
          if (await run(() => forwardingApi.addPublication(adding!.id, v.name))) setAdding(null);
        }}
      >
        <Form form={pubForm} layout="vertical" preserve={false}>
          <Form.Item name="name" label={t('channel.publicationName')} rules={[{ required: true, min: 2, message: t('common.required') }]}>
            <Input maxLength={50} placeholder="河北政务信息" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
