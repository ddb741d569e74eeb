import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Divider, Form, Input, Space, Spin, Typography } from 'antd';
import { LeaderRanksEditor } from './leaderRanks';
import { AuditRetention } from './auditRetention';
import { SecondFactorSettingsEditor } from './secondFactorSettings';
import { DedupSettingsEditor } from './dedupSettings';
import { NoticeSettingsEditor } from './noticeSettings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TGuardSettings } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';

/** /admin/settings — the guard's extra classification patterns (one regular expression per line) and leader ranks. */
export function SettingsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['settings', 'guards'], queryFn: () => api.get<TGuardSettings>('/api/settings/guards') });
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setText(settings.data.classificationPatterns.join('\n'));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () =>
      api.put<TGuardSettings>('/api/settings/guards', {
        classificationPatterns: text
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      }),
    onSuccess: (s) => {
      setError(null);
      qc.setQueryData(['settings', 'guards'], s);
      message.success(t('common.saved'));
    },
    onError: (e) => setError(e.message),
  });
  if (settings.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  return (
    <Card title={t('settings.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 820 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('settings.guards')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('settings.guardsHint')}
        </Typography.Paragraph>
        {settings.error && <Alert type="error" showIcon title={settings.error.message} />}
        <Form layout="vertical">
          <Form.Item label={t('settings.patterns')} htmlFor="classification-patterns" extra={t('settings.patternsHelp')}>
            <Input.TextArea
              id="classification-patterns"
              rows={10}
              value={text}
              onChange={(e) => setText(e.target.value)}
              style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
          {t('common.save')}
        </Button>
        <Divider />
        <DedupSettingsEditor />
        <Divider />
        <NoticeSettingsEditor />
        <Divider />
        <LeaderRanksEditor />
        <Divider />
        <SecondFactorSettingsEditor />
        <Divider />
        <AuditRetention />
      </Space>
    </Card>
  );
}
