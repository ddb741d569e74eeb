import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Input, Result, Row, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { ARTICLE_ACTIONS, type TArticle, type TTopic } from '@baosong/contract';
import { api } from '../../api/client';
import { articlesApi } from '../../api/articles';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import type { RichTextEditorHandle } from '../../components/editor/RichTextEditor';
import '../../components/editor/editor.css';
import { DANGER_ACTIONS, PRIMARY_ACTIONS, useArticleActions } from './useArticleActions';
import { eventKey, StateTag, UrgencyTag } from './labels';
import { formatTime } from './ArticlesPage';
import { VersionsPanel } from './VersionsPanel';
import { SimilarPanel } from '../dedup/SimilarPanel';
import { useArticleDraft, type ArticleFields } from './useArticleDraft';
import { ArticleMetaForm, ArticlePaper, AttachmentList } from './ArticleFormParts';
import { SaveStatusText } from './ArticleEditPage';
import { ArticleInstructionsCard } from '../reading/InstructionList';

/** The body as the server sanitised it, on a page laid out like the printed document. */
export function DocumentView({ title, bodyHtml }: { title: string; bodyHtml: string }) {
  const { t } = useI18n();
  return (
    <div className="doc-paper" data-testid="document">
      <h1 className="doc-title">{title || t('article.untitled')}</h1>
      {/* bodyHtml is the server's output of its allow-list sanitiser (text/sanitize.ts), never user input as typed. */}
      <div className="doc-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
    </div>
  );
}

function useTopicNames() {
  const all = useQuery({ queryKey: ['topics', 'all'], queryFn: () => api.get<TTopic[]>('/api/topics'), staleTime: 60_000 });
  return (ids: number[]) => ids.map((id) => all.data?.find((tp) => tp.id === id)?.name ?? `#${id}`);
}

/** /articles/:id — what everyone who may see a piece sees: the document, its facts, history, versions, actions. */
export function ArticleViewPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['article', id], queryFn: () => articlesApi.get(id), refetchOnMount: 'always' });
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (q.error || !q.data) return <Result status="404" title="404" subTitle={q.error?.message ?? t('common.loading')} />;
  return <ArticleView key={id} article={q.data} reload={() => void q.refetch()} />;
}

function ArticleView({ article, reload }: { article: TArticle; reload(): void }) {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState('body');
  const topicNames = useTopicNames();
  const ownUnit = me?.unit?.id === article.unit.id;
  const actions = useArticleActions({
    article,
    onDone: (a) => {
      qc.setQueryData(['article', a.id], a);
      void qc.invalidateQueries({ queryKey: ['articles'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
    onConflict: reload,
  });
  const ordered = ARTICLE_ACTIONS.filter((a) => article.allowedActions.includes(a));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="edit-bar">
        <div className="edit-bar-inner">
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              // Back where the user came from; opened directly (a link, a notification after sign-in): to the list.
              onClick={() => ((window.history.state as { idx?: number } | null)?.idx ? navigate(-1) : navigate(can('articles.desk') ? '/desk' : '/articles'))}
            >
              {t('common.back')}
            </Button>
            <StateTag state={article.state} />
            <UrgencyTag urgency={article.urgency} />
            <Tag>{t(`article.type.${article.type}`)}</Tag>
            <Typography.Text type="secondary">{article.unit.name}</Typography.Text>
          </Space>
          <Space wrap data-testid="article-actions">
            {article.canEdit && !editing && (
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  if (ownUnit) navigate(`/articles/${article.id}/edit`);
                  else {
                    setEditing(true);
                    setTab('body');
                  }
                }}
                data-testid="edit-button"
              >
                {t('common.edit')}
              </Button>
            )}
            {!editing &&
              ordered.map((a) => (
                <Button
                  key={a}
                  type={PRIMARY_ACTIONS.includes(a) ? 'primary' : 'default'}
                  danger={DANGER_ACTIONS.includes(a)}
                  loading={actions.busy === a}
                  onClick={() => void actions.run(a)}
                  data-testid={`action-${a}`}
                >
                  {t(`article.action.${a}`)}
                </Button>
              ))}
          </Space>
        </div>
      </Card>
      {article.decisionComment && ['returned', 'not_adopted', 'adopted', 'reserved'].includes(article.state) && (
        <Alert
          type={article.state === 'adopted' ? 'success' : 'warning'}
          showIcon
          title={t('article.decisionComment')}
          description={article.decisionComment}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          {editing ? (
            <DeskEditor article={article} onClose={() => setEditing(false)} />
          ) : (
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  { key: 'body', label: t('article.body'), children: <DocumentView title={article.title} bodyHtml={article.bodyHtml} /> },
                  {
                    key: 'versions',
                    label: `${t('versions.tab')} ${article.versionCount}`,
                    children: <VersionsPanel articleId={article.id} versionCount={article.versionCount} />,
                  },
                  {
                    key: 'similar',
                    label: (
                      <span data-testid="tab-similar">
                        {t('dedup.tab')}
                        {article.duplicate && (
                          <Tag color="red" style={{ marginInlineStart: 6 }}>
                            {t('dedup.flag')}
                          </Tag>
                        )}
                      </span>
                    ),
                    children: <SimilarPanel articleId={article.id} title={article.title} />,
                  },
                ]}
              />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('article.meta')}>
              <Descriptions column={1} size="small" data-testid="article-meta" styles={{ label: { width: 96 } }}>
                <Descriptions.Item label={t('article.unit')}>{article.unit.name}</Descriptions.Item>
                <Descriptions.Item label={t('article.group')}>{article.unit.groupName}</Descriptions.Item>
                <Descriptions.Item label={t('article.type')}>{t(`article.type.${article.type}`)}</Descriptions.Item>
                <Descriptions.Item label={t('article.topics')}>
                  {article.topicIds.length ? (
                    <Space size={[4, 4]} wrap>
                      {topicNames(article.topicIds).map((n) => (
                        <Tag key={n}>{n}</Tag>
                      ))}
                    </Space>
                  ) : (
                    t('common.none')
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('article.urgency')}>{t(`article.urgency.${article.urgency}`)}</Descriptions.Item>
                <Descriptions.Item label={t('article.authors')}>
                  {article.authors.length ? article.authors.map((a) => [a.name, a.phone].filter(Boolean).join(' ')).join('；') : t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('article.signer')}>{article.signer || t('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('article.createdBy')}>{article.createdBy.displayName}</Descriptions.Item>
                <Descriptions.Item label={t('article.submittedAt')}>{formatTime(article.submittedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('article.decidedAt')}>{formatTime(article.decidedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('article.assignee')}>{article.assignee?.displayName ?? t('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('common.status')}>
                  <StateTag state={article.state} />
                </Descriptions.Item>
                <Descriptions.Item label={t('article.chars')}>{article.charCount}</Descriptions.Item>
              </Descriptions>
            </Card>
            {article.state === 'adopted' && <ArticleInstructionsCard articleId={article.id} />}
            {!editing && (
              <Card size="small" title={t('article.attachments')}>
                <AttachmentList articleId={article.id} attachments={article.attachments} />
              </Card>
            )}
            <HistoryCard article={article} />
          </Space>
        </Col>
      </Row>
      {actions.modals}
    </Space>
  );
}

function HistoryCard({ article }: { article: TArticle }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () => articlesApi.comment(article.id, text.trim()),
    onSuccess: (a) => {
      setText('');
      qc.setQueryData(['article', a.id], a);
    },
    onError: (e) => message.error(e.message),
  });
  const color = (action: string) =>
    ['adopt', 'approve'].includes(action) ? 'green' : ['reject', 'return', 'unit_return', 'withdraw'].includes(action) ? 'red' : action === 'comment' ? 'gray' : 'blue';
  return (
    <Card size="small" title={t('article.history')}>
      <Timeline
        data-testid="history"
        items={article.events.map((e) => ({
          key: e.id,
          color: color(e.action),
          content: (
            <div>
              <Typography.Text strong>{t(eventKey(e.action))}</Typography.Text>
              {e.actor && <Typography.Text> · {e.actor.displayName}</Typography.Text>}
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(e.at)}
                </Typography.Text>
              </div>
              {e.comment && <div className="event-comment">{e.comment}</div>}
            </div>
          ),
        }))}
      />
      <Space.Compact block>
        <Input.TextArea
          rows={2}
          maxLength={2000}
          value={text}
          placeholder={t('article.commentPlaceholder')}
          aria-label={t('article.addComment')}
          onChange={(e) => setText(e.target.value)}
        />
      </Space.Compact>
      <Button size="small" style={{ marginTop: 8 }} disabled={!text.trim()} loading={add.isPending} onClick={() => add.mutate()}>
        {t('article.addComment')}
      </Button>
    </Card>
  );
}

/** An editor revising a piece under review: each save is a new version; the unit's original stays. */
function DeskEditor({ article, onClose }: { article: TArticle; onClose(): void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const editorRef = useRef<RichTextEditorHandle>(null);
  const metaRef = useRef<{ setValues(v: ArticleFields): void } | null>(null);
  const draft = useArticleDraft(article, { autosave: false, userId: me!.id });
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    try {
      const a = await draft.save();
      if (a) {
        qc.setQueryData(['article', a.id], a);
        void qc.invalidateQueries({ queryKey: ['article', a.id, 'versions'] });
        message.success(t('article.versionSaved', { n: a.versionCount }));
      }
      onClose();
    } catch (e) {
      const err = e as Error & { status?: number };
      if (err.status === 409) {
        modal.error({ title: t('article.conflictTitle'), content: err.message });
        void qc.invalidateQueries({ queryKey: ['article', article.id] });
      } else message.error(err.message);
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    if (!draft.hasPending()) {
      draft.forgetLocal();
      onClose();
      return;
    }
    modal.confirm({
      title: t('article.discardTitle'),
      content: t('article.discardBody'),
      okText: t('article.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => {
        draft.forgetLocal();
        onClose();
      },
    });
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <div className="edit-bar-inner">
          <Space>
            <Typography.Text strong>{t('article.deskEditing')}</Typography.Text>
            <SaveStatusText status={draft.status} />
          </Space>
          <Space>
            <Button onClick={cancel}>{t('common.cancel')}</Button>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="save-version">
              {t('article.saveVersion')}
            </Button>
          </Space>
        </div>
      </Card>
      {draft.localCopy && (
        <Alert
          type="info"
          showIcon
          title={t('autosave.restoreTitle')}
          action={
            <Space>
              <Button
                size="small"
                onClick={() => {
                  const v = draft.restoreLocal();
                  if (v) {
                    editorRef.current?.setHtml(v.bodyHtml);
                    metaRef.current?.setValues(v);
                  }
                }}
              >
                {t('autosave.restore')}
              </Button>
              <Button size="small" onClick={draft.discardLocal}>
                {t('autosave.discard')}
              </Button>
            </Space>
          }
        />
      )}
      <ArticlePaper draft={draft} editorRef={editorRef} />
      <Card size="small" title={t('article.meta')}>
        <ArticleMetaForm draft={draft} unitFields={false} formRef={(f) => (metaRef.current = f)} />
      </Card>
    </Space>
  );
}
