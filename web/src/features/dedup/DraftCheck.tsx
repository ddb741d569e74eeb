import { useState } from 'react';
import { Alert, Button, Modal } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import type { TSimilarResult } from '@baosong/contract';
import { dedupApi } from '../../api/dedup';
import { useI18n } from '../../i18n';
import { SimilarResultView } from './SimilarPanel';

/** The reporter's "does this resemble an earlier piece?" before sending: saves, checks, shows what was found. */
export function DraftCheckButton({ articleId, title, save }: { articleId: number; title: string; save(): Promise<unknown> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TSimilarResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        icon={<CopyOutlined />}
        loading={busy}
        data-testid="draft-check"
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await save().catch(() => undefined);
            setResult(await dedupApi.check(articleId));
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('dedup.draftCheck')}
      </Button>
      <Modal open={Boolean(result) || Boolean(error)} width={1100} title={t('dedup.draftCheckTitle')} footer={null} onCancel={() => (setResult(null), setError(null))}>
        {error && <Alert type="error" showIcon title={error} />}
        {result && (
          <>
            {result.items.some((i) => i.flagged) ? (
              <Alert type="warning" showIcon title={t('dedup.draftWarn')} style={{ marginBottom: 12 }} data-testid="draft-check-warn" />
            ) : (
              <Alert type="success" showIcon title={t('dedup.draftOk')} style={{ marginBottom: 12 }} data-testid="draft-check-ok" />
            )}
            <SimilarResultView result={result} title={title} />
          </>
        )}
      </Modal>
    </>
  );
}
