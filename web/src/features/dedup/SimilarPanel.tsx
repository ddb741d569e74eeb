import { useState } from 'react';
import { Alert, Button, Col, Empty, List, Row, Space, Spin, Tag, Typography } from 'antd';
import { LockOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { TSimilarPiece, TSimilarResult } from '@baosong/contract';
import { dedupApi } from '../../api/dedup';
import { useI18n } from '../../i18n';
import { formatTime } from '../articles/ArticlesPage';

/** Plain text with some ranges marked (shared passages, search matches). Ranges are [start, end) UTF-16 offsets. */
export function MarkedText({ text, ranges, className = 'dup-mark', testId }: { text: string; ranges: [number, number][]; className?: string; testId?: string }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  sorted.forEach(([s, e], i) => {
    if (s < at) s = at;
    if (e <= s) return;
    if (s > at) parts.push(text.slice(at, s));
    parts.push(
      <mark key={i} className={className}>
        {text.slice(s, e)}
      </mark>,
    );
    at = e;
  });
  if (at < text.length) parts.push(text.slice(at));
  return (
    <div className="dup-text" data-testid={testId}>
      {parts}
    </div>
  );
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function ScoreTag({ piece }: { piece: TSimilarPiece }) {
  const { t } = useI18n();
  return (
    <Tag color={piece.flagged ? 'red' : 'default'} data-testid="similar-score">
      {piece.flagged ? t('dedup.flagged') : t('dedup.similar')} {pct(piece.score)}
    </Tag>
  );
}

/** The pieces an article resembles, and the chosen one side by side with the shared passages marked. */
export function SimilarResultView({ result, title }: { result: TSimilarResult; title: string }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState(0);
  if (!result.items.length) return <Empty description={t('dedup.none')} />;
  const piece = result.items[Math.min(chosen, result.items.length - 1)]!;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <List<TSimilarPiece>
        size="small"
        bordered
        dataSource={result.items}
        data-testid="similar-list"
        renderItem={(p, i) => (
          <List.Item
            onClick={() => setChosen(i)}
            style={{ cursor: 'pointer', background: i === chosen ? 'var(--ant-color-primary-bg, #e6f4ff)' : undefined }}
            data-testid="similar-item"
          >
            <Space wrap size={6}>
              <ScoreTag piece={p} />
              {p.kind === 'issue_item' && <Tag color="blue">{t('dedup.published')}</Tag>}
              {!p.visible && <LockOutlined title={t('dedup.hidden')} />}
              {p.visible && p.articleId ? <Link to={`/articles/${p.articleId}`}>{p.title || t('article.untitled')}</Link> : <span>{p.title || t('article.untitled')}</span>}
              <Typography.Text type="secondary">
                {p.source} · {p.date ? formatTime(p.date) : '—'}
              </Typography.Text>
              {p.visible && (
                <Typography.Text type="secondary">
                  {t('dedup.detail', { jaccard: pct(p.jaccard), containment: pct(p.containment), passage: p.longestPassage })}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      {piece.visible && piece.otherText !== null ? (
        <Row gutter={16} data-testid="similar-compare">
          <Col span={12}>
            <Typography.Title level={5}>{t('dedup.thisPiece', { title: title || t('article.untitled') })}</Typography.Title>
            <MarkedText text={result.text} ranges={piece.passages} testId="similar-mine" />
          </Col>
          <Col span={12}>
            <Typography.Title level={5}>
              {t('dedup.otherPiece', { title: piece.title || t('article.untitled') })} <Typography.Text type="secondary">{piece.source}</Typography.Text>
            </Typography.Title>
            <MarkedText text={piece.otherText} ranges={piece.otherPassages ?? []} testId="similar-other" />
          </Col>
        </Row>
      ) : (
        <Alert type="info" showIcon title={t('dedup.hiddenHint')} data-testid="similar-hidden" />
      )}
    </Space>
  );
}

/** The article page's tab: what the last check found, re-checked on request. */
export function SimilarPanel({ articleId, title }: { articleId: number; title: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['article', articleId, 'similar'], queryFn: () => dedupApi.similar(articleId) });
  const recheck = useMutation({
    mutationFn: () => dedupApi.check(articleId),
    onSuccess: (r) => {
      qc.setQueryData(['article', articleId, 'similar'], r);
      void qc.invalidateQueries({ queryKey: ['article', articleId], exact: true });
      void qc.invalidateQueries({ queryKey: ['articles'] });
    },
  });
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="similar-panel">
      <Space wrap>
        <Typography.Text type="secondary">
          {t('dedup.thresholds', { score: pct(q.data!.thresholds.score), passage: q.data!.thresholds.passageChars })}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} loading={recheck.isPending} onClick={() => recheck.mutate()}>
          {t('dedup.recheck')}
        </Button>
      </Space>
      <SimilarResultView result={q.data!} title={title} />
    </Space>
  );
}
