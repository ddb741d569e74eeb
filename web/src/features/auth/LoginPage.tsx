import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate, useLocation } from 'react-router';
import { useAuth } from './auth';
import { useI18n } from '../../i18n';
import { ApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onFinish(v: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    setHint(null);
    try {
      const me = await login(v.username, v.password);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(me.mustChangePassword ? '/password' : from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      const remaining = e instanceof ApiError ? (e.details as { remainingAttempts?: number } | undefined)?.remainingAttempts : undefined;
      if (remaining !== undefined && remaining > 0 && remaining <= 3) setHint(t('login.remaining', { n: remaining }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-banner">
        <div className="login-emblem">报</div>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,.85)', fontSize: 15 }}>{t('login.subtitle')}</Typography.Text>
      </div>
      <Card className="login-card" title={t('login.title')}>
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} description={hint ?? undefined} style={{ marginBottom: 16 }} role="alert" />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 20, marginBottom: 0, fontSize: 12 }}>
          {t('login.notice')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
