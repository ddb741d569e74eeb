import { useState } from 'react';
import { Alert, App, Checkbox, Form, Input, Modal, Space, Typography } from 'antd';
import { ARTICLE_TRANSITIONS, type TArticle, type TArticleAction, type TGuardFinding } from '@baosong/contract';
import { ApiError } from '../../api/client';
import { articlesApi } from '../../api/articles';
import { useI18n } from '../../i18n';

/** Actions after which an optional note to the unit makes sense. */
const OPTIONAL_COMMENT: readonly TArticleAction[] = ['adopt', 'reserve', 'withdraw'];
/** Forward-moving actions shown as the primary button; refusals as danger. */
export const PRIMARY_ACTIONS: readonly TArticleAction[] = ['submit', 'send_for_approval', 'approve', 'claim', 'adopt'];
export const DANGER_ACTIONS: readonly TArticleAction[] = ['reject', 'return', 'unit_return'];

interface Options {
  article: TArticle;
  /** The rowVersion to send (an editing page keeps it more current than the loaded article). */
  rowVersion?: () => number;
  /** Runs before a guarded action is checked (saves pending edits). */
  beforeGuarded?: () => Promise<unknown>;
  onDone(a: TArticle, action: TArticleAction): void;
  /** After a 409: the article changed under us; reload it. */
  onConflict(): void;
}

/**
 * Runs an article action the way the server expects: guarded actions are checked first and the findings shown
 * (blocking ones explain why not, personal data needs an explicit confirmation); actions that need a reason ask
 * for one; conflicts are explained and the article reloaded.
 */
export function useArticleActions(o: Options) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<TArticleAction | null>(null);
  const [guard, setGuard] = useState<{ action: TArticleAction; findings: TGuardFinding[] } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [commentFor, setCommentFor] = useState<TArticleAction | null>(null);
  const [comment, setComment] = useState('');

  function fail(e: unknown) {
    if (e instanceof ApiError && e.status === 409) {
      // The article is reloaded at once, so what the user sees next is what the message describes.
      modal.error({ title: t('article.conflictTitle'), content: e.message, okText: t('common.confirm') });
      setGuard(null);
      setCommentFor(null);
      o.onConflict();
    } else if (e instanceof ApiError && e.status === 422 && guard) {
      const findings = (e.details as { findings?: TGuardFinding[] } | undefined)?.findings;
      if (findings) setGuard({ action: guard.action, findings });
      message.error(e.message, 6);
    } else {
      message.error(e instanceof Error ? e.message : String(e), 6);
    }
  }

  async function perform(action: TArticleAction, extra: { comment?: string; confirmPersonalData?: boolean } = {}): Promise<boolean> {
    setBusy(action);
    try {
      const rowVersion = o.rowVersion ? o.rowVersion() : o.article.rowVersion;
      const a = await articlesApi.act(o.article.id, action, { rowVersion, ...extra });
      message.success(t('article.actionDone', { action: t(`article.action.${action}`) }));
      o.onDone(a, action);
      return true;
    } catch (e) {
      fail(e);
      return false;
    } finally {
      setBusy(null);
    }
  }

  async function run(action: TArticleAction) {
    const tr = ARTICLE_TRANSITIONS[action];
    if (tr.guarded) {
      setBusy(action);
      try {
        await o.beforeGuarded?.();
        const { findings } = await articlesApi.check(o.article.id);
        setConfirmed(false);
        setGuard({ action, findings });
      } catch (e) {
        fail(e);
      } finally {
        setBusy(null);
      }
      return;
    }
    if (tr.commentRequired || OPTIONAL_COMMENT.includes(action)) {
      setComment('');
      setCommentFor(action);
      return;
    }
    await perform(action);
  }

  const blocking = guard?.findings.filter((f) => f.severity === 'block') ?? [];
  const confirms = guard?.findings.filter((f) => f.severity === 'confirm') ?? [];
  const infos = guard?.findings.filter((f) => f.severity === 'info') ?? [];
  const commentRequired = commentFor ? ARTICLE_TRANSITIONS[commentFor].commentRequired : false;

  const modals = (
    <>
      <Modal
        open={Boolean(guard)}
        title={t('guard.title')}
        onCancel={() => setGuard(null)}
        okText={guard ? t(`article.action.${guard.action}`) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: blocking.length > 0 || (confirms.length > 0 && !confirmed) }}
        confirmLoading={busy !== null}
        onOk={async () => {
          if (!guard) return;
          const ok = await perform(guard.action, confirms.length ? { confirmPersonalData: confirmed } : {});
          if (ok) setGuard(null);
        }}
        destroyOnHidden
        width={620}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="guard-findings">
          {guard && guard.findings.length === 0 && <Alert type="success" showIcon title={t('guard.clean')} />}
          {blocking.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('guard.blocked')}
              description={<FindingList findings={blocking} />}
            />
          )}
          {confirms.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('guard.personalData')}
              description={
                <>
                  <FindingList findings={confirms} />
                  <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} style={{ marginTop: 8 }}>
                    {t('guard.confirmed')}
                  </Checkbox>
                </>
              }
            />
          )}
          {infos.length > 0 && <Alert type="info" showIcon title={t('guard.info')} description={<FindingList findings={infos} />} />}
        </Space>
      </Modal>
      <Modal
        open={Boolean(commentFor)}
        title={commentFor ? t(`article.action.${commentFor}`) : ''}
        onCancel={() => setCommentFor(null)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: commentRequired && !comment.trim(), danger: commentFor ? DANGER_ACTIONS.includes(commentFor) : false }}
        confirmLoading={busy !== null}
        onOk={async () => {
          if (!commentFor) return;
          const ok = await perform(commentFor, comment.trim() ? { comment: comment.trim() } : {});
          if (ok) setCommentFor(null);
        }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item
            label={commentRequired ? t('article.commentRequired') : t('article.commentOptional')}
            required={commentRequired}
            htmlFor="action-comment"
          >
            <Input.TextArea id="action-comment" rows={4} maxLength={2000} showCount value={comment} onChange={(e) => setComment(e.target.value)} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );

  return { run, busy, modals };
}

function FindingList({ findings }: { findings: TGuardFinding[] }) {
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
      {findings.map((f, i) => (
        <li key={i}>
          {f.message}
          {f.match && (
            <Typography.Text code style={{ marginInlineStart: 6 }}>
              {f.match}
            </Typography.Text>
          )}
        </li>
      ))}
    </ul>
  );
}
