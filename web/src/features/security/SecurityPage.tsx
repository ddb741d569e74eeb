import { useState } from 'react';
import { Alert, App, Button, Card, Divider, Form, Input, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TSecondFactorStatus, TSessionView, TTotpEnrolment } from '@baosong/contract';
import { api } from '../../api/client';
import { useAuth } from '../auth/auth';
import { useI18n } from '../../i18n';
import { RecoveryCodes, TotpSetup } from './TotpSetup';

const fmt = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short', hour12: false }).format(new Date(iso));

/** A short name for a user agent: browser and system, enough to recognise one's own devices. */
function deviceName(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return browser && os ? `${browser} · ${os}` : ua.slice(0, 60);
}

/** /security — one's own second factor and signed-in sessions. */
export function SecurityPage() {
  const { t } = useI18n();
  return (
    <Card title={t('security.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
        <SecondFactorSection />
        <Divider />
        <SessionsSection />
      </Space>
    </Card>
  );
}

function SecondFactorSection() {
  const { t } = useI18n();
  const { me, setMe } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['second-factor'], queryFn: () => api.get<TSecondFactorStatus>('/api/auth/second-factor') });
  const [enrolment, setEnrolment] = useState<TTotpEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['second-factor'] });
    void api.get<typeof me>('/api/auth/me').then((m) => m && setMe(m));
  };
  const start = useMutation({
    mutationFn: () => api.post<TTotpEnrolment>('/api/auth/second-factor/enrolment'),
    onSuccess: (e) => (setEnrolment(e), setError(null)),
    onError: (e) => setError(e.message),
  });
  const confirm = useMutation({
    mutationFn: (code: string) => api.post<{ recoveryCodes: string[] }>('/api/auth/second-factor/enrolment/confirm', { code }),
    onSuccess: (r) => {
      setEnrolment(null);
      setCodes(r.recoveryCodes);
      setError(null);
      message.success(t('security.enabled'));
      refresh();
    },
    onError: (e) => setError(e.message),
  });
  const disable = useMutation({
    mutationFn: (v: { password: string; code: string }) => api.post('/api/auth/second-factor/disable', v),
    onSuccess: () => {
      message.success(t('security.disabled'));
      setError(null);
      refresh();
    },
    onError: (e) => setError(e.message),
  });
  const regenerate = useMutation({
    mutationFn: (code: string) => api.post<{ recoveryCodes: string[] }>('/api/auth/second-factor/recovery-codes', { code }),
    onSuccess: (r) => (setCodes(r.recoveryCodes), setError(null), refresh()),
    onError: (e) => setError(e.message),
  });
  if (status.isLoading || !status.data) return <Spin />;
  const s = status.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="second-factor">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('security.totp')} {s.enabled ? <Tag color="green">{t('security.on')}</Tag> : <Tag>{t('security.off')}</Tag>}
      </Typography.Title>
      {codes ? (
        <RecoveryCodes codes={codes} account={me?.username ?? ''} onDone={() => setCodes(null)} />
      ) : enrolment ? (
        <TotpSetup enrolment={enrolment} busy={confirm.isPending} error={error} onConfirm={(c) => confirm.mutate(c)} />
      ) : s.enabled ? (
        <>
          <Typography.Paragraph style={{ margin: 0 }} data-testid="second-factor-status">
            {t('security.totpOn', { at: s.enabledAt ? fmt(s.enabledAt) : '', n: s.recoveryCodesLeft })}
          </Typography.Paragraph>
          {s.requiredByRole ? (
            <Alert type="info" showIcon title={t('security.totpRequired')} />
          ) : (
            <Form layout="inline" onFinish={(v: { password: string; code: string }) => disable.mutate(v)} requiredMark={false}>
              <Form.Item name="password" rules={[{ required: true, message: t('common.required') }]}>
                <Input.Password placeholder={t('login.password')} autoComplete="current-password" />
              </Form.Item>
              <Form.Item name="code" rules={[{ required: true, message: t('common.required') }]}>
                <Input placeholder={t('login.code')} autoComplete="one-time-code" style={{ width: 180 }} />
              </Form.Item>
              <Button danger htmlType="submit" loading={disable.isPending}>
                {t('security.disable')}
              </Button>
            </Form>
          )}
          {!s.requiredByRole && <Typography.Text type="secondary">{t('security.disableHint')}</Typography.Text>}
          <Form layout="inline" onFinish={(v: { code: string }) => regenerate.mutate(v.code)} requiredMark={false}>
            <Form.Item name="code" rules={[{ required: true, message: t('common.required') }]}>
              <Input placeholder={t('totp.code')} autoComplete="one-time-code" maxLength={6} style={{ width: 180 }} />
            </Form.Item>
            <Button htmlType="submit" loading={regenerate.isPending}>
              {t('security.newCodes')}
            </Button>
          </Form>
          <Typography.Text type="secondary">{t('security.newCodesHint')}</Typography.Text>
          {error && <Alert type="error" showIcon title={error} role="alert" />}
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('security.totpOff')}
          </Typography.Paragraph>
          <div>
            <Button type="primary" loading={start.isPending} onClick={() => start.mutate()} data-testid="totp-start">
              {t('security.enable')}
            </Button>
          </div>
          {error && <Alert type="error" showIcon title={error} role="alert" />}
        </>
      )}
    </Space>
  );
}

function SessionsSection() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => api.get<TSessionView[]>('/api/auth/sessions') });
  const end = useMutation({
    mutationFn: (id: string) => api.del(`/api/auth/sessions/${id}`),
    onSuccess: () => {
      message.success(t('security.signedOut'));
      void qc.invalidateQueries({ queryKey: ['sessions'] });
    },
    onError: (e) => message.error(e.message),
  });
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('security.sessions')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('security.sessionsHint')}
      </Typography.Paragraph>
      <Table<TSessionView>
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isLoading}
        dataSource={sessions.data ?? []}
        data-testid="sessions"
        columns={[
          {
            title: t('security.device'),
            render: (_, s) => (
              <span title={s.userAgent ?? ''}>
                {deviceName(s.userAgent)} {s.current && <Tag color="blue">{t('security.current')}</Tag>}
              </span>
            ),
          },
          { title: t('security.address'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          { title: t('security.createdAt'), dataIndex: 'createdAt', render: fmt },
          { title: t('security.lastSeen'), dataIndex: 'lastSeenAt', render: fmt },
          {
            title: t('common.actions'),
            render: (_, s) =>
              s.current ? null : (
                <Popconfirm title={t('security.signOutConfirm')} onConfirm={() => end.mutate(s.id)}>
                  <Button size="small" danger data-testid="session-sign-out">
                    {t('security.signOut')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Space>
  );
}
