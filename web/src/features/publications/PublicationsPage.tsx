import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PUBLICATION_KINDS, type TPublication } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { periodicalsApi } from '../issues/api';

/** /admin/publications — the periodicals the office edits: name, kind, compiling unit, 报/送/发 lines. */
export function PublicationsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<TPublication | 'new' | null>(null);
  const list = useQuery({ queryKey: ['publications'], queryFn: periodicalsApi.publications });

  async function toggle(p: TPublication) {
    try {
      await periodicalsApi.updatePublication(p.id, { active: !p.active });
      message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['publications'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card
      title={t('publication.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('publication.new')}
        </Button>
      }
    >
      <Table<TPublication>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('publication.name'), render: (_, p) => <Typography.Text strong>《{p.name}》</Typography.Text> },
          { title: t('publication.kind'), dataIndex: 'kind', width: 110, render: (k: TPublication['kind']) => t(`publication.kind.${k}`) },
          { title: t('publication.compilingUnit'), dataIndex: 'compilingUnit' },
          {
            title: t('publication.distribution'),
            render: (_, p) => (
              <div style={{ fontSize: 12 }}>
                {(['bao', 'song', 'fa'] as const).map((k) =>
                  p.distribution[k] ? (
                    <div key={k}>
                      {t(`publication.dist.${k}`)}：{p.distribution[k]}
                    </div>
                  ) : null,
                )}
              </div>
            ),
          },
          { title: t('publication.years'), width: 120, render: (_, p) => `${p.activeFrom}–${p.activeTo ?? ''}` },
          { title: t('publication.issues'), dataIndex: 'issueCount', width: 80, align: 'right' },
          { title: t('common.status'), width: 80, render: (_, p) => (p.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
          {
            title: t('common.actions'),
            width: 140,
            render: (_, p) => (
              <Space>
                <a onClick={() => setEditing(p)}>{t('common.edit')}</a>
                <Popconfirm title={p.active ? t('common.deactivate') : t('common.activate')} onConfirm={() => void toggle(p)}>
                  <a>{p.active ? t('common.deactivate') : t('common.activate')}</a>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && <PublicationModal pub={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function PublicationModal({ pub, onClose }: { pub: TPublication | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  async function submit() {
    const v = (await form.validateFields()) as Record<string, unknown>;
    setBusy(true);
    try {
      const body = { ...v, activeTo: v.activeTo ?? null };
      if (pub) await periodicalsApi.updatePublication(pub.id, body);
      else await periodicalsApi.createPublication(body);
      message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['publications'] });
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open width={640} title={pub ? t('publication.edit') : t('publication.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          pub ?? { kind: 'routine', compilingUnit: '市政府办公室', activeFrom: new Date().getFullYear(), sortOrder: 100, distribution: { bao: '', song: '', fa: '' } }
        }
      >
        <Form.Item name="name" label={t('publication.name')} rules={[{ required: true, min: 2, max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="masthead" label={t('publication.masthead')} extra={t('publication.mastheadHint')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Space style={{ width: '100%' }} wrap>
          <Form.Item name="kind" label={t('publication.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={PUBLICATION_KINDS.map((k) => ({ value: k, label: t(`publication.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="activeFrom" label={t('publication.activeFrom')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="activeTo" label={t('publication.activeTo')}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('publication.sortOrder')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Space>
        <Form.Item name="compilingUnit" label={t('publication.compilingUnit')} rules={[{ required: true, min: 2, max: 60 }]}>
          <Input />
        </Form.Item>
        {(['bao', 'song', 'fa'] as const).map((k) => (
          <Form.Item key={k} name={['distribution', k]} label={t(`publication.dist.${k}`)}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
