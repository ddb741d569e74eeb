import { useEffect, useState } from 'react';
import { Alert, Button, Input, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import type { TTotpEnrolment } from '@baosong/contract';
import { useI18n } from '../../i18n';

/** The QR code of the otpauth URI, drawn in the browser by the bundled library (nothing leaves the intranet). */
function QrImage({ uri, alt }: { uri: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((svg) => {
      if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [uri]);
  return src ? <img src={src} alt={alt} width={200} height={200} data-testid="totp-qr" style={{ border: '1px solid #eee' }} /> : <div style={{ width: 200, height: 200 }} />;
}

/** Scan (or type the key), then the first code turns the factor on. */
export function TotpSetup({
  enrolment,
  busy,
  error,
  onConfirm,
}: {
  enrolment: TTotpEnrolment;
  busy: boolean;
  error: string | null;
  onConfirm(code: string): void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const grouped = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="totp-setup">
      <Typography.Text strong>{t('totp.scan')}</Typography.Text>
      <QrImage uri={enrolment.otpauthUri} alt={t('totp.qrAlt')} />
      <Typography.Text type="secondary">{t('totp.manual')}</Typography.Text>
      <Typography.Text code copyable={{ text: enrolment.secret }} data-testid="totp-secret" style={{ fontSize: 16, letterSpacing: 1 }}>
        {grouped}
      </Typography.Text>
      <Typography.Text type="secondary">
        {enrolment.issuer} · {enrolment.account}
      </Typography.Text>
      <Typography.Text strong>{t('totp.enterCode')}</Typography.Text>
      <Space.Compact style={{ maxWidth: 320 }}>
        <Input
          aria-label={t('totp.code')}
          placeholder={t('totp.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          onPressEnter={() => code.length === 6 && onConfirm(code)}
          data-testid="totp-code"
        />
        <Button type="primary" loading={busy} disabled={code.length !== 6} onClick={() => onConfirm(code)} data-testid="totp-confirm">
          {t('totp.confirm')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Space>
  );
}

/** The ten recovery codes, shown once, with a download; the caller decides what "saved" leads to. */
export function RecoveryCodes({ codes, account, onDone }: { codes: string[]; account: string; onDone(): void }) {
  const { t } = useI18n();
  const download = () => {
    const blob = new Blob([`${t('totp.recoveryTitle')} — ${account}\n\n${codes.join('\n')}\n`], { type: 'text/plain;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `recovery-codes-${account}.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="recovery-codes">
      <Alert type="warning" showIcon title={t('totp.recoveryTitle')} description={t('totp.recoveryHint')} />
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(2, max-content)',
          gap: '6px 40px',
          padding: '12px 20px',
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: 16,
        }}
      >
        {codes.map((c) => (
          <span key={c} data-testid="recovery-code">
            {c}
          </span>
        ))}
      </div>
      <Space>
        <Button onClick={download}>{t('totp.recoveryDownload')}</Button>
        <Button type="primary" onClick={onDone} data-testid="recovery-saved">
          {t('totp.recoverySaved')}
        </Button>
      </Space>
    </Space>
  );
}
