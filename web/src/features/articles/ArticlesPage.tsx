import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import { EditOutlined, FileWordOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { ARTICLE_TYPES, UNIT_EDITABLE_STATES, type TArticleState, type TArticleSummary, type TArticleType } from '@baosong/contract';
import { articlesApi } from '../../api/articles';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { StateTag, UrgencyTag } from './labels';

/** The unit's tabs, in the order a piece moves. */
const UNIT_TABS: TArticleState[] = ['draft', 'awaiting_unit_approval', 'submitted', 'in_review', 'returned', 'reserved', 'adopted', 'not_adopted', 'withdrawn'];

export function formatTime(s: string | null): string {
  return s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—';
}

/** Where a unit user goes from a list: the editor while the piece is theirs to change, else the reading view. */
export function articleHref(a: Pick<TArticleSummary, 'id' | 'state' | 'createdBy'>, meId: number, approver: boolean): string {
  const editable = UNIT_EDITABLE_STATES.includes(a.state) && (a.createdBy.id === meId || approver);
  return editable ? `/articles/${a.id}/edit` : `/articles/${a.id}`;
}

/** Import a .docx as a new draft; the button opens the file chooser. */
export function ImportDocxButton(props: { block?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  async function upload(file: File) {
    setBusy(true);
    try {
      const a = await articlesApi.importDocx(file);
      message.success(t('article.imported'));
      // What Word had that could not come over (e.g. EMF pictures): say so, the reporter must fix it by hand.
      for (const w of a.importWarnings) message.warning(w, 12);
      navigate(`/articles/${a.id}/edit`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e), 10);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        style={{ display: 'none' }}
        data-testid="docx-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void upload(f);
        }}
      />
      <Button icon={<FileWordOutlined />} loading={busy} onClick={() => input.current?.click()} block={props.block}>
        {t('article.importDocx')}
      </Button>
    </>
  );
}

export function ArticlesPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('state') ?? 'all') as TArticleState | 'all';
  const page = Number(params.get('page') ?? 1);
  const [q, setQ] = useState<string | undefined>();
  const [type, setType] = useState<TArticleType | undefined>();
  const list = useQuery({
    queryKey: ['articles', 'unit', tab, page, q, type],
    queryFn: () => articlesApi.list({ state: tab === 'all' ? undefined : tab, page, pageSize: 20, q, type }),
    placeholderData: (prev) => prev,
  });
  const counts = list.data?.counts ?? {};
  const all = Object.values(counts).reduce((n, c) => n + (c ?? 0), 0);
  const approver = me?.roles.includes('unit_approver') ?? false;
  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v === undefined) p.delete(k);
    else p.set(k, v);
    setParams(p, { replace: true });
  };

  return (
    <Card
      title={t('articles.title')}
      extra={
        <Space>
          <ImportDocxButton />
          <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/articles/new')}>
            {t('article.new')}
          </Button>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ state: k === 'all' ? undefined : k, page: undefined })}
        items={[
          { key: 'all', label: `${t('common.all')} ${all}` },
          ...UNIT_TABS.map((s) => ({ key: s, label: `${t(`article.state.${s}`)} ${counts[s] ?? 0}` })),
        ]}
        data-testid="state-tabs"
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('articles.searchPlaceholder')} style={{ width: 260 }} onSearch={(v) => setQ(v || undefined)} />
        <Select
          allowClear
          placeholder={t('article.type')}
          style={{ width: 140 }}
          value={type}
          onChange={(v?: TArticleType) => setType(v)}
          options={ARTICLE_TYPES.map((v) => ({ value: v, label: t(`article.type.${v}`) }))}
        />
      </Space>
      <Table<TArticleSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items}
        locale={{ emptyText: t('articles.empty') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p) => set({ page: String(p) }),
        }}
        columns={[
          {
            title: t('article.title'),
            dataIndex: 'title',
            render: (v: string, a) => (
              <Space size={6}>
                <UrgencyTag urgency={a.urgency} />
                <Link to={articleHref(a, me!.id, approver)}>{v || <Typography.Text type="secondary">{t('article.untitled')}</Typography.Text>}</Link>
              </Space>
            ),
          },
          { title: t('article.type'), dataIndex: 'type', width: 90, render: (v: TArticleType) => t(`article.type.${v}`) },
          { title: t('common.status'), dataIndex: 'state', width: 110, render: (s: TArticleState) => <StateTag state={s} /> },
          { title: t('article.createdBy'), dataIndex: ['createdBy', 'displayName'], width: 100 },
          { title: t('article.submittedAt'), dataIndex: 'submittedAt', width: 150, render: formatTime },
          { title: t('article.updatedAt'), dataIndex: 'updatedAt', width: 150, render: formatTime },
          { title: t('article.chars'), dataIndex: 'charCount', width: 80, align: 'right' },
        ]}
      />
    </Card>
  );
}

/** /articles/new — creates an empty draft and opens it, so autosave has something to save to from the first key. */
export function NewArticlePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const started = useRef(false);
  useEffect(() => {
    // StrictMode runs effects twice on mount with the same refs: create one draft only.
    if (started.current) return;
    started.current = true;
    articlesApi
      .create()
      .then((a) => navigate(`/articles/${a.id}/edit`, { replace: true }))
      .catch((e: unknown) => {
        message.error(e instanceof Error ? e.message : String(e));
        navigate('/articles', { replace: true });
      });
  }, [message, navigate]);
  return (
    <Card>
      <Typography.Text type="secondary">{t('article.creating')}</Typography.Text>
    </Card>
  );
}
