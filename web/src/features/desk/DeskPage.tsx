import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import { ARTICLE_TYPES, URGENCIES, type TArticleState, type TArticleSummary, type TArticleType, type TTopic, type TUnit, type TUnitGroup, type TUrgency } from '@baosong/contract';
import { api } from '../../api/client';
import { articlesApi } from '../../api/articles';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { StateTag, UrgencyTag } from '../articles/labels';
import { formatTime } from '../articles/ArticlesPage';
import { currentYear } from '../articles/ArticleFormParts';

/** The desk's queues, in the order work flows through them. */
export const DESK_TABS: TArticleState[] = ['submitted', 'in_review', 'reserved', 'adopted', 'not_adopted', 'returned', 'withdrawn'];

interface Filters {
  unitId?: number;
  groupId?: number;
  type?: TArticleType;
  topicId?: number;
  urgency?: TUrgency;
  mine?: boolean;
  duplicates?: boolean;
  range?: [Dayjs, Dayjs] | null;
  q?: string;
}

/** /desk — every submitted piece, filtered and split by state; claim from the list, open to decide. */
export function DeskPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('state') ?? 'submitted') as TArticleState;
  const [page, setPage] = useState(1);
  const [f, setF] = useState<Filters>(() => ({ mine: params.get('mine') === '1' }));
  const [claiming, setClaiming] = useState<number | null>(null);
  const update = (patch: Partial<Filters>) => {
    setF((x) => ({ ...x, ...patch }));
    setPage(1);
  };

  const units = useQuery({ queryKey: ['units', { active: 'all' }], queryFn: () => api.get<TUnit[]>('/api/units?active=all'), staleTime: 60_000 });
  const groups = useQuery({ queryKey: ['unit-groups'], queryFn: () => api.get<TUnitGroup[]>('/api/unit-groups'), staleTime: 60_000 });
  const topics = useQuery({ queryKey: ['topics', 'all'], queryFn: () => api.get<TTopic[]>('/api/topics'), staleTime: 60_000 });
  const year = currentYear();
  const topicName = (id: number) => {
    const tp = topics.data?.find((x) => x.id === id);
    return tp ? (tp.year === year ? tp.name : `${tp.name}（${tp.year}）`) : `#${id}`;
  };

  const query = {
    state: tab,
    unitId: f.unitId,
    groupId: f.groupId,
    type: f.type,
    topicId: f.topicId,
    urgency: f.urgency,
    assigneeId: f.mine ? me!.id : undefined,
    from: f.range?.[0].format('YYYY-MM-DD'),
    to: f.range?.[1].format('YYYY-MM-DD'),
    q: f.q,
    duplicates: f.duplicates ? 'true' : undefined,
    page,
    pageSize: 20,
  };
  const list = useQuery({
    queryKey: ['articles', 'desk', query],
    queryFn: () => articlesApi.list(query),
    placeholderData: (prev) => prev,
    refetchInterval: 60_000,
  });
  const counts = list.data?.counts ?? {};

  async function claim(a: TArticleSummary) {
    setClaiming(a.id);
    try {
      await articlesApi.act(a.id, 'claim', { rowVersion: a.rowVersion });
      message.success(t('desk.claimed'));
      void qc.invalidateQueries({ queryKey: ['articles'] });
      navigate(`/articles/${a.id}`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e), 6);
      void list.refetch();
    } finally {
      setClaiming(null);
    }
  }

  return (
    <Card title={t('desk.title')}>
      <Space wrap style={{ marginBottom: 8 }} data-testid="desk-filters">
        <Input.Search allowClear placeholder={t('articles.searchPlaceholder')} style={{ width: 220 }} onSearch={(q) => update({ q: q || undefined })} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('article.unit')}
          style={{ width: 200 }}
          value={f.unitId}
          onChange={(unitId?: number) => update({ unitId })}
          options={units.data?.map((u) => ({ value: u.id, label: u.shortName ?? u.name }))}
        />
        <Select
          allowClear
          placeholder={t('article.group')}
          style={{ width: 130 }}
          value={f.groupId}
          onChange={(groupId?: number) => update({ groupId })}
          options={groups.data?.map((g) => ({ value: g.id, label: g.name }))}
        />
        <Select
          allowClear
          placeholder={t('article.type')}
          style={{ width: 120 }}
          value={f.type}
          onChange={(type?: TArticleType) => update({ type })}
          options={ARTICLE_TYPES.map((v) => ({ value: v, label: t(`article.type.${v}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('article.topics')}
          style={{ width: 170 }}
          value={f.topicId}
          onChange={(topicId?: number) => update({ topicId })}
          options={topics.data?.map((tp) => ({ value: tp.id, label: topicName(tp.id) }))}
        />
        <Select
          allowClear
          placeholder={t('article.urgency')}
          style={{ width: 110 }}
          value={f.urgency}
          onChange={(urgency?: TUrgency) => update({ urgency })}
          options={URGENCIES.map((v) => ({ value: v, label: t(`article.urgency.${v}`) }))}
        />
        <DatePicker.RangePicker
          value={f.range ?? null}
          onChange={(r) => update({ range: r && r[0] && r[1] ? [r[0], r[1]] : null })}
          style={{ width: 250 }}
          aria-label={t('desk.dateRange')}
        />
        <Checkbox checked={f.mine ?? false} onChange={(e) => update({ mine: e.target.checked })}>
          {t('desk.mine')}
        </Checkbox>
        <Checkbox checked={f.duplicates ?? false} onChange={(e) => update({ duplicates: e.target.checked })} data-testid="desk-duplicates">
          {t('desk.duplicates')}
        </Checkbox>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setParams(k === 'submitted' ? {} : { state: k }, { replace: true });
          setPage(1);
        }}
        items={DESK_TABS.map((s) => ({
          key: s,
          label: (
            <span data-testid={`desk-tab-${s}`}>
              {s === 'submitted' ? t('desk.tab.submitted') : t(`article.state.${s}`)}{' '}
              <Tag color={s === 'submitted' && (counts[s] ?? 0) > 0 ? 'red' : 'default'} style={{ marginInlineStart: 4 }}>
                {counts[s] ?? 0}
              </Tag>
            </span>
          ),
        }))}
      />
      <Table<TArticleSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items}
        rowClassName={(a) => (a.urgency === 'very_urgent' ? 'row-very-urgent' : a.urgency === 'urgent' ? 'row-urgent' : '')}
        locale={{ emptyText: t('desk.empty') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: setPage }}
        data-testid="desk-table"
        columns={[
          {
            title: t('article.title'),
            dataIndex: 'title',
            render: (v: string, a) => (
              <Space size={6}>
                <UrgencyTag urgency={a.urgency} />
                {a.duplicate && (
                  <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="dup-flag">
                    {t('dedup.flag')}
                  </Tag>
                )}
                <Link to={`/articles/${a.id}`}>{v || t('article.untitled')}</Link>
              </Space>
            ),
          },
          { title: t('article.unit'), dataIndex: ['unit', 'name'], width: 170, ellipsis: true },
          { title: t('article.type'), dataIndex: 'type', width: 80, render: (v: TArticleType) => t(`article.type.${v}`) },
          {
            title: t('article.topics'),
            dataIndex: 'topicIds',
            width: 150,
            render: (ids: number[]) => (
              <Space size={[2, 2]} wrap>
                {ids.map((id) => (
                  <Tag key={id} style={{ marginInlineEnd: 0 }}>
                    {topicName(id)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('article.submittedAt'), dataIndex: 'submittedAt', width: 145, render: formatTime },
          {
            title: t('article.assignee'),
            dataIndex: 'assignee',
            width: 90,
            render: (x: TArticleSummary['assignee']) => x?.displayName ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
          ...(tab === 'submitted' ? [] : [{ title: t('common.status'), dataIndex: 'state', width: 100, render: (s: TArticleState) => <StateTag state={s} /> }]),
          { title: t('article.chars'), dataIndex: 'charCount', width: 70, align: 'right' as const },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            render: (_: unknown, a: TArticleSummary) => (
              <Space size={0}>
                {a.state === 'submitted' && (
                  <Button type="link" size="small" loading={claiming === a.id} onClick={() => void claim(a)} data-testid={`claim-${a.id}`}>
                    {t('article.action.claim')}
                  </Button>
                )}
                <Button type="link" size="small" onClick={() => navigate(`/articles/${a.id}`)}>
                  {t('desk.open')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
