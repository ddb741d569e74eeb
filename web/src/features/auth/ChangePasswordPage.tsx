import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { passwordIsStrong, PASSWORD_MIN_LENGTH, type TMe } from '@baosong/contract';
import { api } from '../../api/client';
import { useAuth } from './auth';
import { useI18n } from '../../i18n';

export function ChangePasswordPage() {
  const { t } = useI18n();
  const { me, setMe } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const policy = t('password.policy', { min: PASSWORD_MIN_LENGTH });

  async function onFinish(v: { currentPassword: string; newPassword: string }) {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<TMe>('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      setMe(updated);
      message.success(t('password.changed'));
      navigate('/', { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('password.title')} style={{ maxWidth: 520, margin: '24px auto' }}>
      {me?.mustChangePassword && <Alert type="warning" showIcon title={t('password.firstLogin')} style={{ marginBottom: 20 }} />}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={policy}
          rules={[
            { required: true, message: t('common.required') },
            { validator: (_, v: string) => (!v || passwordIsStrong(v) ? Promise.resolve() : Promise.reject(new Error(policy))) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, v: string) =>
                !v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
