import { useState } from 'react';
import { App, Alert, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, UploadOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { passwordIsStrong, PASSWORD_MIN_LENGTH, ROLES, UNIT_ROLES, type TRole, type TUnit, type TUser, type TUserInput } from '@baosong/contract';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { ImportModal } from '../../components/ImportModal';

export function UsersPage() {
  const { t, locale } = useI18n();
  const { can, me } = useAuth();
  const manage = can('users.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ q?: string; unitId?: number; role?: TRole; active: string }>({ active: 'all' });
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const [importing, setImporting] = useState(false);

  const units = useQuery({ queryKey: ['units', { active: 'all' }], queryFn: () => api.get<TUnit[]>('/api/units?active=all') });
  const users = useQuery({ queryKey: ['users', filters], queryFn: () => api.get<TUser[]>(`/api/users${qs(filters)}`) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['users'] });
  const patch = useMutation({
    mutationFn: ({ id, body }: { id: number; body: object }) => api.patch<TUser>(`/api/users/${id}`, body),
    onSuccess: () => {
      message.success(t('common.saved'));
      refresh();
    },
    onError: (e) => message.error(e.message),
  });
  const unlock = useMutation({
    mutationFn: (id: number) => api.post<TUser>(`/api/users/${id}/unlock`),
    onSuccess: () => {
      message.success(t('users.unlocked'));
      refresh();
    },
    onError: (e) => message.error(e.message),
  });
  const endSessions = useMutation({
    mutationFn: (id: number) => api.del<{ ended: number }>(`/api/users/${id}/sessions`),
    onSuccess: (r) => message.success(t('users.sessionsEnded', { n: r.ended })),
    onError: (e) => message.error(e.message),
  });
  const resetSecondFactor = useMutation({
    mutationFn: (id: number) => api.post<TUser>(`/api/users/${id}/second-factor/reset`),
    onSuccess: () => {
      message.success(t('users.secondFactorReset'));
      refresh();
    },
    onError: (e) => message.error(e.message),
  });
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));

  return (
    <Card
      title={t('users.title')}
      extra={
        manage && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('common.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('users.new')}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('users.searchPlaceholder')} style={{ width: 240 }} onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('users.unit')}
          style={{ width: 220 }}
          options={units.data?.map((u) => ({ value: u.id, label: u.name }))}
          onChange={(unitId?: number) => setFilters((f) => ({ ...f, unitId }))}
        />
        <Select allowClear placeholder={t('users.roles')} style={{ width: 140 }} options={roleOptions} onChange={(role?: TRole) => setFilters((f) => ({ ...f, role }))} />
        <Select
          value={filters.active}
          style={{ width: 110 }}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'true', label: t('common.active') },
            { value: 'false', label: t('common.inactive') },
          ]}
          onChange={(active: string) => setFilters((f) => ({ ...f, active }))}
        />
      </Space>
      <Table<TUser>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        dataSource={users.data}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('users.username'), dataIndex: 'username', width: 130 },
          { title: t('users.displayName'), dataIndex: 'displayName', width: 110 },
          {
            title: t('users.roles'),
            dataIndex: 'roles',
            render: (roles: TRole[]) => (
              <Space size={4} wrap>
                {roles.map((r) => (
                  <Tag key={r} color={r === 'administrator' ? 'red' : undefined}>
                    {t(`role.${r}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('users.unit'), dataIndex: ['unit', 'name'], render: (v?: string) => v ?? <Typography.Text type="secondary">{t('home.office')}</Typography.Text> },
          {
            title: t('users.lastLogin'),
            dataIndex: 'lastLoginAt',
            width: 170,
            render: (v: string | null) => (v ? new Date(v).toLocaleString(locale) : '—'),
          },
          {
            title: t('common.status'),
            key: 'status',
            width: 150,
            render: (_: unknown, u: TUser) => (
              <Space size={4} wrap>
                {u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
                {u.lockedUntil && <Tag color="orange">{t('users.locked')}</Tag>}
                {u.mustChangePassword && u.active && <Tag color="blue">{t('users.mustChange')}</Tag>}
                {u.secondFactorEnabled && <Tag color="purple">{t('users.secondFactor')}</Tag>}
              </Space>
            ),
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 300,
                  render: (_: unknown, u: TUser) => (
                    <Space size={0} wrap>
                      <Button type="link" size="small" onClick={() => setEditing(u)}>
                        {t('common.edit')}
                      </Button>
                      <Button type="link" size="small" onClick={() => setResetting(u)}>
                        {t('users.resetPassword')}
                      </Button>
                      {u.lockedUntil && (
                        <Button type="link" size="small" onClick={() => unlock.mutate(u.id)}>
                          {t('users.unlock')}
                        </Button>
                      )}
                      {u.id !== me?.id && (
                        <Popconfirm title={t('users.endSessionsConfirm', { name: u.displayName })} onConfirm={() => endSessions.mutate(u.id)}>
                          <Button type="link" size="small">
                            {t('users.endSessions')}
                          </Button>
                        </Popconfirm>
                      )}
                      {u.secondFactorEnabled && (
                        <Popconfirm title={t('users.resetSecondFactorConfirm', { name: u.displayName })} onConfirm={() => resetSecondFactor.mutate(u.id)}>
                          <Button type="link" size="small" danger>
                            {t('users.resetSecondFactor')}
                          </Button>
                        </Popconfirm>
                      )}
                      {u.id !== me?.id &&
                        (u.active ? (
                          <Popconfirm title={t('users.deactivateConfirm', { name: u.displayName })} onConfirm={() => patch.mutate({ id: u.id, body: { active: false } })}>
                            <Button type="link" size="small" danger>
                              {t('common.deactivate')}
                            </Button>
                          </Popconfirm>
                        ) : (
                          <Button type="link" size="small" onClick={() => patch.mutate({ id: u.id, body: { active: true } })}>
                            {t('common.activate')}
                          </Button>
                        ))}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <UserForm
          user={editing === 'new' ? null : editing}
          units={(units.data ?? []).filter((u) => u.active || (editing !== 'new' && editing.unit?.id === u.id))}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      )}
      {resetting && <ResetPassword user={resetting} onClose={() => setResetting(null)} onSaved={refresh} />}
      <ImportModal
        open={importing}
        what={t('users.title')}
        templateUrl="/api/users/import-template"
        importUrl="/api/users/import"
        onClose={() => setImporting(false)}
        onDone={refresh}
      />
    </Card>
  );
}

function passwordRules(t: ReturnType<typeof useI18n>['t']) {
  const policy = t('password.policy', { min: PASSWORD_MIN_LENGTH });
  return [
    { required: true, message: t('common.required') },
    { validator: (_: unknown, v: string) => (!v || passwordIsStrong(v) ? Promise.resolve() : Promise.reject(new Error(policy))) },
  ];
}

function UserForm(props: { user: TUser | null; units: TUnit[]; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TUserInput>();
  const roles = Form.useWatch('roles', form) ?? [];
  const needsUnit = roles.some((r) => UNIT_ROLES.includes(r));
  const save = useMutation({
    mutationFn: (v: TUserInput) => {
      const body = { ...v, unitId: v.unitId ?? null };
      if (props.user) {
        const { username: _u, password: _p, ...patch } = body;
        return api.patch<TUser>(`/api/users/${props.user.id}`, patch);
      }
      return api.post<TUser>('/api/users', body);
    },
    onSuccess: () => {
      message.success(t('common.saved'));
      props.onSaved();
      props.onClose();
    },
    onError: (e) => message.error(e.message),
  });
  const initial = props.user
    ? { username: props.user.username, displayName: props.user.displayName, roles: props.user.roles, unitId: props.user.unit?.id, email: props.user.email, phone: props.user.phone }
    : { roles: ['reporter'] as TRole[] };
  return (
    <Modal
      open
      title={props.user ? t('users.editTitle') : t('users.new')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} name="user">
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('common.required') }]}
        >
          <Input disabled={Boolean(props.user)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, max: 50, message: t('common.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, message: t('common.required') }]}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('users.unit')}
          extra={needsUnit ? t('users.unitHint') : undefined}
          rules={[{ required: needsUnit, message: t('users.unitHint') }]}
        >
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={props.units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]} style={{ flex: 1, marginRight: 12 }}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t('users.phone')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Space.Compact>
        {!props.user && (
          <Form.Item name="password" label={t('users.password')} rules={passwordRules(t)} extra={t('password.policy', { min: PASSWORD_MIN_LENGTH })}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ResetPassword(props: { user: TUser; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const save = useMutation({
    mutationFn: (v: { password: string }) => api.post<TUser>(`/api/users/${props.user.id}/password`, v),
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
      title={t('users.resetTitle', { name: props.user.displayName })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
    >
      <Alert type="info" showIcon icon={<LockOutlined />} title={t('users.resetHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="password" label={t('password.new')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
