import { useEffect, useState } from 'react';
import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDocNumber, type TNoticeSettings } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { noticesApi } from '../notices/api';

/** The issuing office's defaults for notices (通报): what every new draft starts from. */
export function NoticeSettingsEditor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ['settings', 'notices'], queryFn: noticesApi.settings });
  const [s, setS] = useState<TNoticeSettings | null>(null);
  const [requirements, setRequirements] = useState('');
  useEffect(() => {
    if (current.data) {
      setS(current.data);
      setRequirements(current.data.requirements.join('\n'));
    }
  }, [current.data]);
  const save = useMutation({
    mutationFn: () =>
      noticesApi.saveSettings({
        ...s!,
        requirements: requirements
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      }),
    onSuccess: (v) => {
      qc.setQueryData(['settings', 'notices'], v);
      message.success(t('common.saved'));
    },
  });
  if (!s) return current.error ? <Alert type="error" showIcon title={current.error.message} /> : null;
  const set = <K extends keyof TNoticeSettings>(k: K, v: TNoticeSettings[K]) => setS({ ...s, [k]: v });
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="notice-settings">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('settings.notices')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.noticesHint')}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item label={t('notices.issuingOffice')} htmlFor="ns-issuing" extra={t('settings.noticesIssuingHelp')}>
              <Input id="ns-issuing" value={s.issuingOffice} onChange={(e) => set('issuingOffice', e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('notices.mark')} htmlFor="ns-mark" extra={t('notices.markHelp')}>
              <Input id="ns-mark" value={s.mark} placeholder={`${s.issuingOffice}文件`} onChange={(e) => set('mark', e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('settings.noticesOffice')} htmlFor="ns-office" extra={t('settings.noticesOfficeHelp')}>
              <Input id="ns-office" value={s.office} onChange={(e) => set('office', e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('settings.noticesNumber')} extra={t('settings.noticesNumberHelp', { example: formatDocNumber({ prefix: s.docNumberPrefix, year: 2015, number: s.docNumberStart }) })}>
              <Space.Compact style={{ width: '100%' }}>
                <Input value={s.docNumberPrefix} placeholder="沧政办字" onChange={(e) => set('docNumberPrefix', e.target.value)} aria-label={t('notices.docPrefix')} style={{ width: '60%' }} />
                <InputNumber min={1} max={9999} precision={0} value={s.docNumberStart} onChange={(v) => set('docNumberStart', v ?? 1)} aria-label={t('settings.noticesStart')} style={{ width: '40%' }} />
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('notices.addressees')} htmlFor="ns-addressees">
              <Input id="ns-addressees" value={s.addressees} onChange={(e) => set('addressees', e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('notices.copyTo')} htmlFor="ns-copy">
              <Input.TextArea id="ns-copy" autoSize value={s.copyTo} onChange={(e) => set('copyTo', e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('notices.printedBy')} htmlFor="ns-printed">
              <Input id="ns-printed" value={s.printedBy} placeholder={s.issuingOffice} onChange={(e) => set('printedBy', e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('settings.noticesRequirements')} htmlFor="ns-req" extra={t('settings.noticesRequirementsHelp')}>
              <Input.TextArea id="ns-req" rows={8} value={requirements} onChange={(e) => setRequirements(e.target.value)} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {save.error && <Alert type="error" showIcon title={save.error.message} role="alert" />}
      <Button type="primary" loading={save.isPending} onClick={() => save.mutate()} data-testid="notice-settings-save">
        {t('common.save')}
      </Button>
    </Space>
  );
}
