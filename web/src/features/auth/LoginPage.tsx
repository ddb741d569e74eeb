import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate, useLocation } from 'react-router';
import type { TEnrolledLogin, TMe, TTotpEnrolment } from '@baosong/contract';
import { useAuth } from './auth';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { RecoveryCodes, TotpSetup } from '../security/TotpSetup';

type Step =
  | { kind: 'password' }
  | { kind: 'verify' }
  | { kind: 'enrol'; enrolment: TTotpEnrolment | null }
  | { kind: 'codes'; me: TMe; codes: string[] };

/** Sign-in: the password, then (when the account has one or its role requires one) the second factor. */
export function LoginPage() {
  const { t } = useI18n();
  const { login, signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [error, setError] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const enter = (me: TMe) => {
    const from = (location.state as { from?: string } | null)?.from;
    navigate(me.mustChangePassword ? '/password' : from && from !== '/login' ? from : '/', { replace: true });
  };
  /** Runs one step; a lost or expired half-done sign-in sends the user back to the password. */
  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setHint(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      if (e instanceof ApiError && (e.code === 'SECOND_FACTOR_CHALLENGE_EXPIRED' || e.code === 'ACCOUNT_LOCKED')) setStep({ kind: 'password' });
      const remaining = e instanceof ApiError ? (e.details as { remainingAttempts?: number } | undefined)?.remainingAttempts : undefined;
      if (remaining !== undefined && remaining > 0 && remaining <= 3) setHint(t('login.remaining', { n: remaining }));
    } finally {
      setBusy(false);
    }
  }

  const onPassword = (v: { username: string; password: string }) =>
    run(async () => {
      const r = await login(v.username, v.password);
      if (!('secondFactor' in r)) return enter(r);
      if (r.secondFactor === 'verify') return setStep({ kind: 'verify' });
      setStep({ kind: 'enrol', enrolment: null });
      const enrolment = await api.post<TTotpEnrolment>('/api/auth/login/enrolment');
      setStep({ kind: 'enrol', enrolment });
    });
  const onCode = (v: { code: string }) =>
    run(async () => {
      const me = await api.post<TMe>('/api/auth/login/second-factor', { code: v.code });
      signedIn(me);
      enter(me);
    });
  const onEnrolled = (code: string) =>
    run(async () => {
      const r = await api.post<TEnrolledLogin>('/api/auth/login/enrolment/confirm', { code });
      setStep({ kind: 'codes', me: r.me, codes: r.recoveryCodes });
    });
  const restart = (
    <Button type="link" style={{ padding: 0, marginTop: 12 }} onClick={() => (setStep({ kind: 'password' }), setError(null))}>
      {t('login.restart')}
    </Button>
  );
  const errorBox = error && <Alert type="error" showIcon title={error} description={hint ?? undefined} style={{ marginBottom: 16 }} role="alert" />;

  let card;
  if (step.kind === 'verify') {
    card = (
      <Card className="login-card" title={t('login.codeTitle')}>
        <Typography.Paragraph type="secondary">{t('login.codeHint')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={onCode} requiredMark={false} size="large">
          <Form.Item name="code" label={t('login.code')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" autoFocus data-testid="login-code" />
          </Form.Item>
          {errorBox}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.verify')}
          </Button>
        </Form>
        {restart}
      </Card>
    );
  } else if (step.kind === 'enrol') {
    card = (
      <Card className="login-card login-card-wide" title={t('login.enrolTitle')}>
        <Alert type="info" showIcon title={t('login.enrolHint')} style={{ marginBottom: 16 }} />
        {step.enrolment ? <TotpSetup enrolment={step.enrolment} busy={busy} error={error} onConfirm={onEnrolled} /> : errorBox}
        {restart}
      </Card>
    );
  } else if (step.kind === 'codes') {
    card = (
      <Card className="login-card login-card-wide" title={t('security.enabled')}>
        <RecoveryCodes
          codes={step.codes}
          account={step.me.username}
          onDone={() => {
            signedIn(step.me);
            enter(step.me);
          }}
        />
      </Card>
    );
  } else {
    card = (
      <Card className="login-card" title={t('login.title')}>
        <Form layout="vertical" onFinish={onPassword} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {errorBox}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 20, marginBottom: 0, fontSize: 12 }}>
          {t('login.notice')}
        </Typography.Paragraph>
      </Card>
    );
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
      {card}
    </div>
  );
}
