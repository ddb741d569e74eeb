import { useEffect, useState } from 'react';
import { Alert, App, Button, InputNumber, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AUDIT_MIN_RETENTION_MONTHS, type TAuditSettings } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';

/** How long the audit trail is kept (never under six months; the server refuses less). */
export function AuditRetention() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ['settings', 'audit'], queryFn: () => api.get<TAuditSettings>('/api/settings/audit') });
  const [months, setMonths] = useState<number | null>(null);
  useEffect(() => {
    if (current.data) setMonths(current.data.retentionMonths);
  }, [current.data]);
  const save = useMutation({
    mutationFn: () => api.put<TAuditSettings>('/api/settings/audit', { retentionMonths: months }),
    onSuccess: (s) => {
      qc.setQueryData(['settings', 'audit'], s);
      message.success(t('common.saved'));
    },
  });
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('settings.audit')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.auditHint')}
      </Typography.Paragraph>
      <Space>
        <label htmlFor="audit-retention">{t('settings.auditMonths')}</label>
        <InputNumber id="audit-retention" min={AUDIT_MIN_RETENTION_MONTHS} max={1200} precision={0} value={months} onChange={(v) => setMonths(v)} />
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
          {t('common.save')}
        </Button>
      </Space>
      {save.error && <Alert type="error" showIcon title={save.error.message} role="alert" />}
    </Space>
  );
}
