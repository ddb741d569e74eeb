import { Tag } from 'antd';
import type { TIssueState } from '@baosong/contract';
import { useI18n } from '../../i18n';

const COLORS: Record<TIssueState, string> = { draft: 'default', awaiting_signoff: 'gold', released: 'green' };

export function IssueStateTag({ state }: { state: TIssueState }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[state]} data-testid="issue-state">
      {t(`issue.state.${state}`)}
    </Tag>
  );
}
