import { useRef, useState } from 'react';
import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { TImportResult, TImportRowError } from '@baosong/contract';
import { api, ApiError } from '../api/client';
import { useI18n } from '../i18n';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Download the template, upload the filled file; row errors are listed and nothing is imported until clean. */
/** With `dryRunUrl`, the file can first be checked: every row validated, nothing written. */
export function ImportModal(props: { open: boolean; what: string; templateUrl: string; importUrl: string; dryRunUrl?: string; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<(TImportResult & { dryRun: boolean }) | null>(null);
  const dryRun = useRef(false);
  const [errors, setErrors] = useState<TImportRowError[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function upload(file: File) {
    setBusy(true);
    setResult(null);
    setErrors(null);
    setFailure(null);
    try {
      const dry = dryRun.current && Boolean(props.dryRunUrl);
      const r = await api.upload<TImportResult>(dry ? props.dryRunUrl! : props.importUrl, file, XLSX);
      setResult({ ...r, dryRun: dry });
      if (!dry) props.onDone();
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      if (e instanceof ApiError && Array.isArray(e.details)) setErrors(e.details as TImportRowError[]);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  function close() {
    setResult(null);
    setErrors(null);
    setFailure(null);
    props.onClose();
  }

  return (
    <Modal open={props.open} title={t('import.title', { what: props.what })} onCancel={close} footer={null} width={720} destroyOnHidden>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>{t('import.step1')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Button icon={<DownloadOutlined />} href={props.templateUrl}>
              {t('import.download')}
            </Button>
          </div>
        </div>
        <div>
          <Typography.Text strong>{t('import.step2')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <input
              ref={input}
              type="file"
              accept=".xlsx"
              style={{ display: 'none' }}
              data-testid="import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void upload(f);
              }}
            />
            <Space>
              {props.dryRunUrl && (
                <Button
                  loading={busy}
                  data-testid="import-check"
                  onClick={() => {
                    dryRun.current = true;
                    input.current?.click();
                  }}
                >
                  {t('import.check')}
                </Button>
              )}
              <Button
                type="primary"
                icon={<UploadOutlined />}
                loading={busy}
                onClick={() => {
                  dryRun.current = false;
                  input.current?.click();
                }}
              >
                {t('import.choose')}
              </Button>
            </Space>
          </div>
        </div>
        {result && <Alert type="success" showIcon title={t(result.dryRun ? 'import.checked' : 'import.done', { created: result.created, updated: result.updated })} />}
        {failure && (
          <Alert
            type="error"
            showIcon
            title={failure}
            description={errors ? t('import.failed') : undefined}
            role="alert"
          />
        )}
        {errors && (
          <Table<TImportRowError>
            size="small"
            rowKey={(r, i) => `${r.row}-${r.column}-${i}`}
            dataSource={errors}
            pagination={errors.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: t('common.row'), dataIndex: 'row', width: 70 },
              { title: t('common.column'), dataIndex: 'column', width: 120, render: (v: string | null) => v ?? '—' },
              { title: t('common.message'), dataIndex: 'message' },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}
