import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES, type TRole, type TSecondFactorSettings } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';

/** Which roles must use a second factor (their users enrol at the next sign-in). */
export function SecondFactorSettingsEditor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ['settings', 'second-factor'], queryFn: () => api.get<TSecondFactorSettings>('/api/settings/second-factor') });
  const [roles, setRoles] = useState<TRole[]>([]);
  useEffect(() => {
    if (current.data) setRoles(current.data.requiredRoles);
  }, [current.data]);
  const save = useMutation({
    mutationFn: () => api.put<TSecondFactorSettings>('/api/settings/second-factor', { requiredRoles: roles }),
    onSuccess: (s) => {
      qc.setQueryData(['settings', 'second-factor'], s);
      message.success(t('common.saved'));
    },
  });
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="second-factor-settings">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('settings.secondFactor')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.secondFactorHint')}
      </Typography.Paragraph>
      <Typography.Text>{t('settings.secondFactorRoles')}</Typography.Text>
      <Checkbox.Group value={roles} onChange={(v) => setRoles(v as TRole[])} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      <div>
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
          {t('common.save')}
        </Button>
      </div>
      {save.error && <Alert type="error" showIcon title={save.error.message} role="alert" />}
    </Space>
  );
}
