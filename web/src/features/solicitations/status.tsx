import { Tag } from 'antd';
import type { TSolicitationStatus } from '@baosong/contract';
import { useI18n } from '../../i18n';

const COLORS: Record<TSolicitationStatus, string> = { pending: 'blue', answered_on_time: 'green', answered_late: 'orange', missing: 'red', declined: 'default' };

export function TargetStatusTag({ status, name }: { status: TSolicitationStatus; name?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="target-status" data-status={status}>
      {name ? `${name} · ` : ''}
      {t(`solicitation.status.${status}`)}
    </Tag>
  );
}
