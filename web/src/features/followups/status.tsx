import { Tag } from 'antd';
import type { TFollowup } from '@baosong/contract';
import { useI18n } from '../../i18n';

export type FollowupFilter = 'open' | 'answered' | 'overdue' | 'closed';
type UnitStatus = TFollowup['units'][number]['status'];

const UNIT_COLORS: Record<UnitStatus, string> = { pending: 'default', answered: 'green', overdue: 'red' };

/** Where a follow-up stands as a whole: closed, overdue (open past its date with units unanswered), answered, open. */
export function followupStatus(f: TFollowup): FollowupFilter {
  if (f.state === 'closed') return 'closed';
  if (f.units.length > 0 && f.units.every((u) => u.status === 'answered')) return 'answered';
  if (f.overdue || f.units.some((u) => u.status === 'overdue')) return 'overdue';
  return 'open';
}

const STATUS_COLORS: Record<FollowupFilter, string> = { open: 'blue', answered: 'green', overdue: 'red', closed: 'default' };

export function FollowupStatusTag({ f }: { f: TFollowup }) {
  const { t } = useI18n();
  const s = followupStatus(f);
  return <Tag color={STATUS_COLORS[s]}>{t(`followup.status.${s}`)}</Tag>;
}

export function UnitStatusTag({ name, status }: { name?: string; status: UnitStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={UNIT_COLORS[status]} data-testid="unit-status">
      {name ? `${name} · ` : ''}
      {t(`followup.unit.${status}`)}
    </Tag>
  );
}
