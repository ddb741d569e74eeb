import type { ReactNode } from 'react';
import { Card, Empty, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TInstruction } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { chineseDate, periodicalsApi } from '../issues/api';
import '../issues/issue.css';
import { useLeaderRanks } from '../settings/leaderRanks';

/** Instructions as they appear under a piece or an issue: who (rank), when, and the words. */
export function InstructionList({ items, action }: { items: TInstruction[]; action?(i: TInstruction): ReactNode }) {
  const { t } = useI18n();
  const { label: rankLabel } = useLeaderRanks();
  if (!items.length) return null;
  return (
    <div className="issue-instructions" data-testid="instructions">
      {items.map((i) => (
        <div key={i.id} className="issue-instruction" data-testid="instruction">
          <div className="issue-instruction-who">
            {i.leaderName}（{rankLabel(i.leaderRank)}）{chineseDate(i.instructedOn)}
            {i.onBehalf && <span>　{t('instruction.recordedBy', { name: i.recordedBy })}</span>}
          </div>
          <div style={{ whiteSpace: 'pre-wrap' }}>{i.text}</div>
          {action?.(i)}
        </div>
      ))}
    </div>
  );
}

/**
 * 领导批示 on one article (the pieces made from it, and the issues they appear in), for the article page:
 * `<ArticleInstructionsCard articleId={article.id} />`. Renders nothing while there are none.
 */
export function ArticleInstructionsCard({ articleId, showEmpty = false }: { articleId: number; showEmpty?: boolean }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['instructions', 'article', articleId], queryFn: () => periodicalsApi.articleInstructions(articleId) });
  const items = q.data ?? [];
  if (!items.length && !showEmpty) return null;
  return (
    <Card size="small" title={<Space>{t('instruction.cardTitle')}<Tag color="red">{items.length}</Tag></Space>} data-testid="article-instructions">
      {items.length ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {items.map((i) => (
            <div key={i.id}>
              {i.itemTitle && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('instruction.onPiece', { title: i.itemTitle })}
                </Typography.Text>
              )}
              <InstructionList items={[i]} />
            </div>
          ))}
        </Space>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('instruction.none')} />
      )}
    </Card>
  );
}

/** 领导批示 on a unit's pieces, newest first, for the unit's home page. Renders nothing while there are none. */
export function UnitInstructionsCard({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['instructions', 'unit', unitId], queryFn: () => periodicalsApi.unitInstructions(unitId) });
  const items = [...(q.data ?? [])].reverse();
  if (!items.length) return null;
  return (
    <Card title={<Space>{t('instruction.cardTitle')}<Tag color="red">{items.length}</Tag></Space>} data-testid="unit-instructions">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {items.slice(0, 10).map((i) => (
          <div key={i.id}>
            {i.itemTitle && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('instruction.onPiece', { title: i.itemTitle })}
              </Typography.Text>
            )}
            <InstructionList items={[i]} />
          </div>
        ))}
      </Space>
    </Card>
  );
}
