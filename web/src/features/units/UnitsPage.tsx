import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined, UploadOutlined, ClusterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TUnit, TUnitGroup, TUnitInput } from '@baosong/contract';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { ImportModal } from '../../components/ImportModal';

export function UnitsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const manage = can('units.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ q?: string; groupId?: number; active: string }>({ active: 'all' });
  const [editing, setEditing] = useState<TUnit | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [groupsOpen, setGroupsOpen] = useState(false);

  const groups = useQuery({ queryKey: ['unit-groups'], queryFn: () => api.get<TUnitGroup[]>('/api/unit-groups') });
  const units = useQuery({ queryKey: ['units', filters], queryFn: () => api.get<TUnit[]>(`/api/units${qs(filters)}`) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['units'] });
    void qc.invalidateQueries({ queryKey: ['unit-groups'] });
  };
  const toggle = useMutation({
    mutationFn: (u: TUnit) => api.patch<TUnit>(`/api/units/${u.id}`, { active: !u.active }),
    onSuccess: () => {
      message.success(t('common.saved'));
      refresh();
    },
    onError: (e) => message.error(e.message),
  });

  return (
    <Card
      title={t('units.title')}
      extra={
        manage && (
          <Space>
            <Button icon={<ClusterOutlined />} onClick={() => setGroupsOpen(true)}>
              {t('units.groups')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('common.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('units.new')}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('units.searchPlaceholder')}
          style={{ width: 260 }}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))}
        />
        <Select
          allowClear
          placeholder={t('units.group')}
          style={{ width: 160 }}
          options={groups.data?.map((g) => ({ value: g.id, label: g.name }))}
          onChange={(groupId?: number) => setFilters((f) => ({ ...f, groupId }))}
        />
        <Select
          value={filters.active}
          style={{ width: 120 }}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'true', label: t('common.active') },
            { value: 'false', label: t('common.inactive') },
          ]}
          onChange={(active: string) => setFilters((f) => ({ ...f, active }))}
        />
      </Space>
      <Table<TUnit>
        rowKey="id"
        size="middle"
        loading={units.isLoading}
        dataSource={units.data}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('units.name'), dataIndex: 'name', render: (v: string, u) => (u.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>) },
          { title: t('units.shortName'), dataIndex: 'shortName' },
          { title: t('units.group'), dataIndex: 'groupName', width: 110 },
          { title: t('units.contactName'), dataIndex: 'contactName', width: 100 },
          { title: t('units.contactPhone'), dataIndex: 'contactPhone', width: 140 },
          { title: t('units.userCount'), dataIndex: 'userCount', width: 80, align: 'right' },
          {
            title: t('common.status'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => (a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>),
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 140,
                  render: (_: unknown, u: TUnit) => (
                    <Space size="small">
                      <Button type="link" size="small" onClick={() => setEditing(u)}>
                        {t('common.edit')}
                      </Button>
                      {u.active ? (
                        <Popconfirm title={t('units.deactivateConfirm', { name: u.name })} onConfirm={() => toggle.mutate(u)}>
                          <Button type="link" size="small" danger>
                            {t('common.deactivate')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button type="link" size="small" onClick={() => toggle.mutate(u)}>
                          {t('common.activate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <UnitForm unit={editing === 'new' ? null : editing} groups={groups.data ?? []} onClose={() => setEditing(null)} onSaved={refresh} />}
      <ImportModal
        open={importing}
        what={t('units.title')}
        templateUrl="/api/units/import-template"
        importUrl="/api/units/import"
        onClose={() => setImporting(false)}
        onDone={refresh}
      />
      <GroupsModal open={groupsOpen} groups={groups.data ?? []} onClose={() => setGroupsOpen(false)} onSaved={refresh} />
    </Card>
  );
}

function UnitForm(props: { unit: TUnit | null; groups: TUnitGroup[]; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TUnitInput>();
  const save = useMutation({
    mutationFn: (v: TUnitInput) => (props.unit ? api.patch<TUnit>(`/api/units/${props.unit.id}`, v) : api.post<TUnit>('/api/units', v)),
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
      title={props.unit ? t('units.editTitle') : t('units.new')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={props.unit ?? { groupId: props.groups[0]?.id, requiresApproval: false }}
        onFinish={(v) => save.mutate(v)}
        name="unit"
      >
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, min: 2, max: 100, message: t('common.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('units.shortName')} rules={[{ max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="groupId" label={t('units.group')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={props.groups.map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="contactName" label={t('units.contactName')} style={{ flex: 1, marginRight: 12 }}>
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('units.contactPhone')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="contactEmail" label={t('units.contactEmail')} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="requiresApproval" label={t('units.requiresApproval')} valuePropName="checked" extra={t('units.requiresApprovalHint')}>
          <Switch />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="monthlyCap" label={t('units.monthlyCap')} style={{ flex: 1, marginRight: 12 }} extra={t('units.monthlyCapHint')}>
            <InputNumber min={1} max={10000} style={{ width: '100%' }} placeholder={t('units.noLimit')} />
          </Form.Item>
          <Form.Item name="monthlyTarget" label={t('units.monthlyTarget')} style={{ flex: 1 }} extra={t('units.monthlyTargetHint')}>
            <InputNumber min={1} max={10000} style={{ width: '100%' }} placeholder={t('units.noLimit')} />
          </Form.Item>
        </Space.Compact>
      </Form>
    </Modal>
  );
}

function GroupsModal(props: { open: boolean; groups: TUnitGroup[]; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; sortOrder: number }>();
  const add = useMutation({
    mutationFn: (v: { name: string; sortOrder: number }) => api.post<TUnitGroup>('/api/unit-groups', v),
    onSuccess: () => {
      message.success(t('common.saved'));
      form.resetFields();
      props.onSaved();
    },
    onError: (e) => message.error(e.message),
  });
  return (
    <Modal open={props.open} title={t('units.groups')} onCancel={props.onClose} footer={null}>
      <Table<TUnitGroup>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={props.groups}
        columns={[
          { title: t('units.groupName'), dataIndex: 'name' },
          { title: t('units.groupSort'), dataIndex: 'sortOrder', width: 80 },
          { title: t('units.groupUnits'), dataIndex: 'unitCount', width: 80 },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 16 }} initialValues={{ sortOrder: 100 }} onFinish={(v) => add.mutate(v)}>
        <Form.Item name="name" rules={[{ required: true, message: t('common.required') }]}>
          <Input placeholder={t('units.groupName')} />
        </Form.Item>
        <Form.Item name="sortOrder">
          <InputNumber min={0} max={10000} style={{ width: 90 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={add.isPending}>
          {t('units.newGroup')}
        </Button>
      </Form>
    </Modal>
  );
}
