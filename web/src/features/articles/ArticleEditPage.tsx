import { useEffect, useRef } from 'react';
import { Alert, Button, Card, Col, Modal, Result, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, CloudSyncOutlined, EyeOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import type { TArticle, TArticleAction } from '@baosong/contract';
import { articlesApi } from '../../api/articles';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import type { RichTextEditorHandle } from '../../components/editor/RichTextEditor';
import { fieldsOf, useArticleDraft, type ArticleFields, type SaveStatus } from './useArticleDraft';
import { ArticleMetaForm, ArticlePaper, AttachmentList } from './ArticleFormParts';
import { useArticleActions } from './useArticleActions';
import { DraftCheckButton } from '../dedup/DraftCheck';
import { StateTag } from './labels';

const SEND_ACTIONS: readonly TArticleAction[] = ['submit', 'send_for_approval'];

/** /articles/:id/edit — the unit writes its draft (or revises a returned piece) with autosave. */
export function ArticleEditPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['article', id], queryFn: () => articlesApi.get(id), refetchOnMount: 'always' });
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (q.error || !q.data) return <Result status="warning" title={q.error?.message ?? t('common.loading')} />;
  // The office edits on the article page, where each save is a deliberate new version (no autosave).
  if (me?.unit?.id !== q.data.unit.id) return <Navigate to={`/articles/${id}`} replace />;
  if (!q.data.canEdit)
    return (
      <Result
        status="info"
        title={t('article.notEditable', { state: t(`article.state.${q.data.state}`) })}
        extra={
          <Button type="primary" onClick={() => navigate(`/articles/${id}`)}>
            {t('article.view')}
          </Button>
        }
      />
    );
  return <DraftEditor key={id} article={q.data} />;
}

export function SaveStatusText({ status }: { status: SaveStatus }) {
  const { t } = useI18n();
  switch (status.kind) {
    case 'saving':
      return (
        <Typography.Text type="secondary">
          <CloudSyncOutlined /> {t('autosave.saving')}
        </Typography.Text>
      );
    case 'saved':
      return (
        <Typography.Text type="success" data-testid="autosave-status">
          <CheckCircleOutlined /> {t('autosave.saved', { time: dayjs(status.at).format('HH:mm:ss') })}
        </Typography.Text>
      );
    case 'dirty':
      return <Typography.Text type="secondary">{t('autosave.dirty')}</Typography.Text>;
    case 'error':
      return (
        <Typography.Text type="danger">
          <ExclamationCircleOutlined /> {t('autosave.failed')}
        </Typography.Text>
      );
    default:
      return null;
  }
}

function DraftEditor({ article }: { article: TArticle }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const editorRef = useRef<RichTextEditorHandle>(null);
  const metaRef = useRef<{ setValues(v: ArticleFields): void } | null>(null);
  const draft = useArticleDraft(article, {
    autosave: true,
    userId: me!.id,
    onSaved: (a) => qc.setQueryData(['article', a.id], a),
  });

  const showValues = (v: ArticleFields) => {
    editorRef.current?.setHtml(v.bodyHtml);
    metaRef.current?.setValues(v);
  };

  const reload = async () => {
    const a = await articlesApi.get(article.id);
    qc.setQueryData(['article', a.id], a);
    if (!a.canEdit) {
      navigate(`/articles/${a.id}`);
      return;
    }
    draft.reset(a);
    showValues(fieldsOf(a));
  };

  const actions = useArticleActions({
    article,
    rowVersion: draft.rowVersion,
    beforeGuarded: () => draft.save(),
    onDone: (a) => {
      draft.forgetLocal();
      qc.setQueryData(['article', a.id], a);
      void qc.invalidateQueries({ queryKey: ['articles'] });
      navigate(`/articles/${a.id}`);
    },
    onConflict: () => void reload(),
  });

  // Keep the window title on the piece being written.
  useEffect(() => {
    document.title = `${draft.values.title || t('article.untitled')} - ${t('app.shortName')}`;
    return () => {
      document.title = t('app.name');
    };
  }, [draft.values.title, t]);

  const sendActions = article.allowedActions.filter((a) => SEND_ACTIONS.includes(a));
  const status = draft.status;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="edit-bar">
        <div className="edit-bar-inner">
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/articles')}>
              {t('nav.articles')}
            </Button>
            <StateTag state={article.state} />
            <SaveStatusText status={status} />
          </Space>
          <Space wrap>
            <Button
              icon={<EyeOutlined />}
              onClick={async () => {
                await draft.save().catch(() => undefined);
                navigate(`/articles/${article.id}`);
              }}
            >
              {t('article.preview')}
            </Button>
            <DraftCheckButton articleId={article.id} title={draft.values.title} save={() => draft.save()} />
            {sendActions.map((a) => (
              <Button key={a} type="primary" loading={actions.busy === a} onClick={() => void actions.run(a)} data-testid={`action-${a}`}>
                {t(`article.action.${a}`)}
              </Button>
            ))}
          </Space>
        </div>
      </Card>
      {status.kind === 'error' && (
        <Alert
          type="error"
          showIcon
          title={status.message}
          action={
            status.conflict ? (
              <Button size="small" onClick={() => void reload()}>
                {t('article.reload')}
              </Button>
            ) : (
              <Button size="small" onClick={() => void draft.save().catch(() => undefined)}>
                {t('autosave.retry')}
              </Button>
            )
          }
        />
      )}
      {article.state === 'returned' && article.decisionComment && (
        <Alert type="warning" showIcon title={t('article.returnedWith')} description={article.decisionComment} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <ArticlePaper draft={draft} editorRef={editorRef} />
        </Col>
        <Col xs={24} xl={7}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('article.meta')}>
              <ArticleMetaForm draft={draft} unitFields formRef={(f) => (metaRef.current = f)} />
            </Card>
            <Card size="small" title={t('article.attachments')}>
              <AttachmentList articleId={article.id} attachments={article.attachments} draft={draft} />
            </Card>
          </Space>
        </Col>
      </Row>
      {actions.modals}
      <Modal
        open={Boolean(draft.localCopy)}
        title={t('autosave.restoreTitle')}
        okText={t('autosave.restore')}
        cancelText={t('autosave.discard')}
        closable={false}
        mask={{ closable: false }}
        onOk={() => {
          const v = draft.restoreLocal();
          if (v) showValues(v);
        }}
        onCancel={draft.discardLocal}
      >
        {draft.localCopy && t('autosave.restoreBody', { time: dayjs(draft.localCopy.savedAt).format('YYYY-MM-DD HH:mm:ss') })}
      </Modal>
    </Space>
  );
}
