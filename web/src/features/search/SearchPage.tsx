import { useState } from 'react';
import { Alert, Card, DatePicker, Empty, Input, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import { ARTICLE_STATES, ARTICLE_TYPES, type TArticleState, type TArticleType, type TPublication, type TSearchHit, type TSearchScope, type TUnit } from '@baosong/contract';
import { api } from '../../api/client';
import { searchApi } from '../../api/dedup';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { StateTag } from '../articles/labels';
import { formatTime } from '../articles/ArticlesPage';
import { MarkedText } from '../dedup/SimilarPanel';

/**
 * /search — full-text search, Simplified or Traditional, with filters: the articles the user may see, or (for whoever
 * may read them) the pieces of released issues and released notices.
 */
export function SearchPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [page, setPage] = useState(1);
  const [unitId, setUnitId] = useState<number>();
  const [type, setType] = useState<TArticleType>();
  const [state, setState] = useState<TArticleState>();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [scope, setScope] = useState<TSearchScope>('articles');
  const [publicationId, setPublicationId] = useState<number>();
  const canIssues = can('issues.read') || can('issues.office');
  const scopes: TSearchScope[] = ['articles', ...(canIssues ? (['issues'] as const) : []), ...(can('notices.read') ? (['notices'] as const) : [])];
  const publications = useQuery({
    queryKey: ['publications'],
    queryFn: () => api.get<TPublication[]>('/api/publications'),
    staleTime: 60_000,
    enabled: scope === 'issues' && can('publications.read'),
  });
  const units = useQuery({
    queryKey: ['units', { active: 'all' }],
    queryFn: () => api.get<TUnit[]>('/api/units?active=all'),
    staleTime: 60_000,
    enabled: can('units.read'),
  });
  const query = {
    q,
    in: scope,
    ...(scope === 'articles' ? { unitId, type, state } : {}),
    ...(scope === 'issues' ? { publicationId } : {}),
    from: range?.[0].format('YYYY-MM-DD'),
    to: range?.[1].format('YYYY-MM-DD'),
    page,
    pageSize: 20,
  };
  const result = useQuery({ queryKey: ['search', query], queryFn: () => searchApi.search(query), enabled: q.trim().length > 0, placeholderData: (p) => p });
  const reset = () => setPage(1);
  return (
    <Card title={t('search.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Input.Search
          enterButton={t('search.go')}
          size="large"
          defaultValue={q}
          allowClear
          placeholder={t('search.placeholder')}
          onSearch={(v) => {
            setParams(v.trim() ? { q: v.trim() } : {});
            reset();
          }}
          data-testid="search-input"
          style={{ maxWidth: 720 }}
        />
        {scopes.length > 1 && (
          <Segmented<TSearchScope>
            value={scope}
            onChange={(v) => (setScope(v), reset())}
            options={scopes.map((v) => ({ value: v, label: t(`search.in.${v}`) }))}
            data-testid="search-scope"
          />
        )}
        <Space wrap>
          {scope === 'articles' && can('units.read') && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('article.unit')}
              style={{ width: 200 }}
              value={unitId}
              onChange={(v?: number) => (setUnitId(v), reset())}
              options={units.data?.map((u) => ({ value: u.id, label: u.shortName ?? u.name }))}
            />
          )}
          {scope === 'issues' && can('publications.read') && (
            <Select
              allowClear
              placeholder={t('search.publication')}
              style={{ width: 200 }}
              value={publicationId}
              onChange={(v?: number) => (setPublicationId(v), reset())}
              options={publications.data?.map((p) => ({ value: p.id, label: p.name }))}
              data-testid="search-publication"
            />
          )}
          {scope === 'articles' && (
            <Select
              allowClear
              placeholder={t('article.type')}
              style={{ width: 120 }}
              value={type}
              onChange={(v?: TArticleType) => (setType(v), reset())}
              options={ARTICLE_TYPES.map((v) => ({ value: v, label: t(`article.type.${v}`) }))}
            />
          )}
          {scope === 'articles' && (
            <Select
              allowClear
              placeholder={t('search.state')}
              style={{ width: 130 }}
              value={state}
              onChange={(v?: TArticleState) => (setState(v), reset())}
              options={ARTICLE_STATES.map((v) => ({ value: v, label: t(`article.state.${v}`) }))}
            />
          )}
          <DatePicker.RangePicker value={range} onChange={(r) => (setRange(r && r[0] && r[1] ? [r[0], r[1]] : null), reset())} />
        </Space>
        {result.error && <Alert type="error" showIcon title={result.error.message} />}
        {!q ? (
          <Empty description={t('search.hint')} />
        ) : (
          <List<TSearchHit>
            loading={result.isFetching && !result.data}
            dataSource={result.data?.items ?? []}
            locale={{ emptyText: t('search.none') }}
            data-testid="search-results"
            header={result.data ? <Typography.Text type="secondary">{t(result.data.totalCapped ? 'search.countCapped' : 'search.count', { n: result.data.total.toLocaleString(), words: result.data.tokens.join(' ') })}</Typography.Text> : null}
            pagination={result.data && result.data.total > 20 ? { current: page, pageSize: 20, total: result.data.total, onChange: setPage } : false}
            renderItem={(h) => (
              <List.Item data-testid="search-hit">
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  {h.kind === 'article' ? (
                    <>
                      <Space wrap size={6}>
                        <Link to={`/articles/${h.articleId}`} style={{ fontSize: 16 }}>
                          <MarkedText text={h.title || t('article.untitled')} ranges={h.titleHighlights} className="search-mark" />
                        </Link>
                        <StateTag state={h.state} />
                        <Tag>{t(`article.type.${h.type}`)}</Tag>
                      </Space>
                      <Typography.Text type="secondary">
                        {h.unit.name} · {h.date ? formatTime(h.date) : '—'}
                      </Typography.Text>
                    </>
                  ) : (
                    <>
                      <Space wrap size={6}>
                        {h.kind === 'issue_item' ? (
                          <Link to={can('issues.office') ? `/issues/${h.issueId}` : `/reading/${h.issueId}`} style={{ fontSize: 16 }}>
                            <MarkedText text={h.title || t('article.untitled')} ranges={h.titleHighlights} className="search-mark" />
                          </Link>
                        ) : (
                          <Link to={`/notices/${h.noticeId}`} style={{ fontSize: 16 }}>
                            <MarkedText text={h.title} ranges={h.titleHighlights} className="search-mark" />
                          </Link>
                        )}
                        <Tag>{t(h.kind === 'issue_item' ? 'search.kind.issue_item' : 'search.kind.notice')}</Tag>
                      </Space>
                      <Typography.Text type="secondary">
                        {h.source || '—'} · {h.date ? formatTime(h.date) : '—'}
                      </Typography.Text>
                    </>
                  )}
                  <MarkedText text={h.snippet} ranges={h.highlights} className="search-mark" />
                </Space>
              </List.Item>
            )}
          />
        )}
      </Space>
    </Card>
  );
}
