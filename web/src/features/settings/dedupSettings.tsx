import { useEffect } from 'react';
import { Alert, App, Button, Form, InputNumber, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TDedupSettings } from '@baosong/contract';
import { dedupApi } from '../../api/dedup';
import { useI18n } from '../../i18n';

/** The duplicate check's thresholds. */
export function DedupSettingsEditor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<TDedupSettings>();
  const q = useQuery({ queryKey: ['settings', 'dedup'], queryFn: dedupApi.settings });
  useEffect(() => {
    if (q.data) form.setFieldsValue({ ...q.data, score: Math.round(q.data.score * 100) });
  }, [q.data, form]);
  const save = useMutation({
    mutationFn: (v: TDedupSettings) => dedupApi.saveSettings({ ...v, score: v.score / 100 }),
    onSuccess: (s) => {
      qc.setQueryData(['settings', 'dedup'], s);
      message.success(t('common.saved'));
    },
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dedup-settings">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('settings.dedup')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.dedupHint')}
      </Typography.Paragraph>
      {q.error && <Alert type="error" showIcon title={q.error.message} />}
      <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="score" label={t('settings.dedupScore')} rules={[{ required: true }]}>
          <InputNumber min={5} max={100} suffix="%" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="passageChars" label={t('settings.dedupPassage')} rules={[{ required: true }]}>
          <InputNumber min={20} max={10000} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="boilerplateDocs" label={t('settings.dedupBoilerplate')} rules={[{ required: true }]}>
          <InputNumber min={2} max={1000000} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="boilerplatePercent" label={t('settings.dedupBoilerplatePercent')} rules={[{ required: true }]}>
          <InputNumber min={0.01} max={100} step={1} suffix="%" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Form.Item>
      </Form>
      {save.error && <Alert type="error" showIcon title={save.error.message} />}
    </Space>
  );
}
