import { useEffect, useState } from 'react';
import { Alert, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { SwapRightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { articlesApi, type TDiffOp, type TVersion } from '../../api/articles';
import { useI18n } from '../../i18n';
import { formatTime } from './ArticlesPage';

/** Insertions green and underlined, deletions red and struck through, character by character. */
export function DiffText({ ops, testId }: { ops: TDiffOp[]; testId?: string }) {
  return (
    <div className="diff-text" data-testid={testId}>
      {ops.map(([op, text], i) =>
        op === 1 ? (
          <ins key={i} className="diff-ins">
            {text}
          </ins>
        ) : op === -1 ? (
          <del key={i} className="diff-del">
            {text}
          </del>
        ) : (
          <span key={i}>{text}</span>
        ),
      )}
    </div>
  );
}

/** The versions of an article (the unit's as submitted, each editor's save) and a diff between any two. */
export function VersionsPanel({ articleId, versionCount }: { articleId: number; versionCount: number }) {
  const { t } = useI18n();
  const versions = useQuery({ queryKey: ['article', articleId, 'versions', versionCount], queryFn: () => articlesApi.versions(articleId) });
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number>(0);
  useEffect(() => {
    // By default: the unit's first version against the current text.
    if (from === null && versions.data?.length) setFrom(versions.data[0]!.versionNo);
  }, [versions.data, from]);
  const diff = useQuery({
    queryKey: ['article', articleId, 'diff', from, to, versionCount],
    queryFn: () => articlesApi.diff(articleId, from!, to),
    enabled: from !== null,
  });
  if (versions.isLoading) return <Spin />;
  if (!versions.data?.length) return <Empty description={t('versions.none')} />;
  const label = (v: TVersion) => `${t('versions.no', { n: v.versionNo })} · ${t(`versions.kind.${v.kind}`)} · ${v.createdBy.displayName}`;
  const options = [...versions.data.map((v) => ({ value: v.versionNo, label: label(v) })), { value: 0, label: t('versions.current') }];
  const changed = diff.data ? [...diff.data.title, ...diff.data.body].some(([op]) => op !== 0) : false;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Table<TVersion>
        rowKey="versionNo"
        size="small"
        pagination={false}
        dataSource={versions.data}
        columns={[
          { title: t('versions.version'), dataIndex: 'versionNo', width: 80, render: (n: number) => t('versions.no', { n }) },
          {
            title: t('versions.kindTitle'),
            dataIndex: 'kind',
            width: 110,
            render: (k: TVersion['kind']) => <Tag color={k === 'unit' ? 'blue' : 'red'}>{t(`versions.kind.${k}`)}</Tag>,
          },
          { title: t('versions.by'), dataIndex: ['createdBy', 'displayName'], width: 110 },
          { title: t('versions.at'), dataIndex: 'createdAt', width: 160, render: formatTime },
          { title: t('article.title'), dataIndex: 'title', ellipsis: true },
          { title: t('article.chars'), dataIndex: 'charCount', width: 70, align: 'right' },
        ]}
      />
      <Space wrap>
        <Typography.Text strong>{t('versions.compare')}</Typography.Text>
        <Select style={{ width: 260 }} value={from ?? undefined} options={options} onChange={setFrom} aria-label={t('versions.from')} data-testid="diff-from" />
        <SwapRightOutlined />
        <Select style={{ width: 260 }} value={to} options={options} onChange={setTo} aria-label={t('versions.to')} data-testid="diff-to" />
        <Typography.Text type="secondary">
          <ins className="diff-ins">{t('versions.legendIns')}</ins> <del className="diff-del">{t('versions.legendDel')}</del>
        </Typography.Text>
      </Space>
      {diff.isLoading && <Spin />}
      {diff.error && <Alert type="error" showIcon title={diff.error.message} />}
      {diff.data && (
        <div className="diff-box" data-testid="diff">
          {!changed && <Alert type="info" showIcon title={t('versions.same')} style={{ marginBottom: 12 }} />}
          <div className="diff-title">
            <DiffText ops={diff.data.title} testId="diff-title" />
          </div>
          <DiffText ops={diff.data.body} testId="diff-body" />
        </div>
      )}
    </Space>
  );
}
