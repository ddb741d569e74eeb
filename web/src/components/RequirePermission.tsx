import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import type { TPermission } from '@baosong/contract';
import { useAuth } from '../features/auth/auth';
import { useI18n } from '../i18n';

/** The server refuses regardless; this only spares the user a page of errors. */
export function RequirePermission(props: { permission?: TPermission; notFound?: boolean; children?: ReactNode }) {
  const { can } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  if (!props.notFound && props.permission && can(props.permission)) return <>{props.children}</>;
  return (
    <Result
      status={props.notFound ? '404' : '403'}
      title={props.notFound ? '404' : '403'}
      subTitle={props.notFound ? t('page.notFound') : t('page.forbidden')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('page.backHome')}
        </Button>
      }
    />
  );
}
