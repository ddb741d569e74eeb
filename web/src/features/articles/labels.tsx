import { Tag } from 'antd';
import type { TArticleState, TUrgency } from '@baosong/contract';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';

export const STATE_COLORS: Record<TArticleState, string> = {
  draft: 'default',
  awaiting_unit_approval: 'gold',
  submitted: 'blue',
  in_review: 'processing',
  adopted: 'green',
  not_adopted: 'default',
  returned: 'orange',
  reserved: 'purple',
  withdrawn: 'default',
  archived: 'cyan',
};

export function StateTag({ state }: { state: TArticleState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="state-tag" style={{ marginInlineEnd: 0 }}>
      {t(`article.state.${state}`)}
    </Tag>
  );
}

/** Only 急 and 特急 are marked; ordinary pieces carry no tag. */
export function UrgencyTag({ urgency }: { urgency: TUrgency }) {
  const { t } = useI18n();
  if (urgency === 'normal') return null;
  return (
    <Tag color={urgency === 'very_urgent' ? 'red' : 'volcano'} variant="solid" style={{ marginInlineEnd: 0 }}>
      {t(`article.urgency.${urgency}`)}
    </Tag>
  );
}

/** Label of an event in an article's history: a transition, or create / import / edit / comment. */
export function eventKey(action: string): MessageKey {
  const known = ['create', 'import_docx', 'edit', 'comment'];
  return (known.includes(action) ? `article.event.${action}` : `article.action.${action}`) as MessageKey;
}
