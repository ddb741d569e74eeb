import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Empty, Input, List, Modal, Result, Row, Select, Space, Spin, Tag, Timeline, Tooltip, Typography } from 'antd';
import {
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  FileWordOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  PrinterOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { ISSUE_ACTIONS, ISSUE_TRANSITIONS, type TArticle, type TIssue, type TIssueAction, type TUnit } from '@baosong/contract';
import { ApiError, api } from '../../api/client';
import { articlesApi } from '../../api/articles';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { formatTime } from '../articles/ArticlesPage';
import { issueLabel, periodicalsApi } from './api';
import { IssueStateTag } from './labels';
import { ScaledIssue, issueToDoc, sourceUnits, type IssueDocData } from './IssueDocument';
import { PieceEditorModal, type PieceDraft } from './PieceEditorModal';

interface DraftItem {
  key: string;
  kind: 'heading' | 'piece';
  title: string;
  bodyHtml: string;
  articleIds: number[];
  units: string[];
}

let keySeq = 0;
const newKey = () => `n${++keySeq}`;

function itemsOf(issue: TIssue): DraftItem[] {
  return issue.items.map((it) => ({
    key: `i${it.id}`,
    kind: it.kind,
    title: it.title,
    bodyHtml: it.bodyHtml,
    articleIds: it.sources.map((s) => s.articleId),
    units: sourceUnits(it.sources),
  }));
}

/** /issues/:id — composing a draft (editors), or reading it and acting on it (sign-off, send back, recall). */
export function IssuePage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['issue', id], queryFn: () => periodicalsApi.issue(id), refetchOnMount: 'always' });
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (q.error || !q.data) return <Result status="404" title="404" subTitle={q.error?.message ?? t('common.loading')} />;
  return <IssueView key={`${id}:${q.data.rowVersion}`} issue={q.data} reload={() => void q.refetch()} />;
}

function IssueView({ issue, reload }: { issue: TIssue; reload(): void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const composing = issue.editable && can('issues.compose');
  const [items, setItems] = useState<DraftItem[]>(() => itemsOf(issue));
  const [editorNote, setEditorNote] = useState(issue.editorNote ?? '');
  const [issueDate, setIssueDate] = useState(issue.issueDate);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [editing, setEditing] = useState<{ index: number | null; draft: PieceDraft; articleIds: number[]; units: string[]; composite: boolean } | null>(null);
  const [acting, setActing] = useState<TIssueAction | null>(null);
  const [commentFor, setCommentFor] = useState<TIssueAction | null>(null);
  const [comment, setComment] = useState('');

  const change = (next: DraftItem[]) => {
    setItems(next);
    setDirty(true);
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...items];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    change(next);
  };
  const placed = new Set(items.flatMap((it) => it.articleIds));

  const updated = (fresh: TIssue) => {
    qc.setQueryData(['issue', fresh.id], fresh);
    void qc.invalidateQueries({ queryKey: ['issues'] });
  };

  function showError(e: unknown) {
    if (e instanceof ApiError && e.code === 'ISSUE_CONFLICT') {
      modal.warning({ title: t('compose.conflictTitle'), content: e.message + ' ' + t('compose.conflictBody'), okText: t('compose.reload'), onOk: reload });
    } else message.error(e instanceof Error ? e.message : String(e), 6);
  }

  async function save(): Promise<TIssue | null> {
    setSaving(true);
    try {
      const fresh = await periodicalsApi.saveIssue(issue.id, {
        rowVersion: issue.rowVersion,
        issueDate,
        editorNote: editorNote.trim() || null,
        items: items.map(({ kind, title, bodyHtml, articleIds }) => ({ kind, title, bodyHtml, articleIds })),
      });
      message.success(t('common.saved'));
      updated(fresh);
      return fresh;
    } catch (e) {
      showError(e);
      return null;
    } finally {
      setSaving(false);
    }
  }

  async function act(action: TIssueAction, text?: string) {
    setActing(action);
    try {
      let rowVersion = issue.rowVersion;
      if (composing && dirty) {
        const fresh = await save();
        if (!fresh) return;
        rowVersion = fresh.rowVersion;
      }
      const fresh = await periodicalsApi.act(issue.id, action, { rowVersion, comment: text || undefined });
      message.success(t(`issue.action.${action}`) + ' ✓');
      setCommentFor(null);
      setComment('');
      updated(fresh);
    } catch (e) {
      showError(e);
    } finally {
      setActing(null);
    }
  }

  async function addFull(articleId: number) {
    try {
      const a = await articlesApi.get(articleId);
      change([...items, { key: newKey(), kind: 'piece', title: a.title, bodyHtml: a.bodyHtml, articleIds: [a.id], units: [a.unit.name] }]);
    } catch (e) {
      showError(e);
    }
  }

  async function startComposite(ids: number[]) {
    try {
      const arts: TArticle[] = await Promise.all(ids.map((x) => articlesApi.get(x)));
      setEditing({
        index: null,
        composite: true,
        articleIds: arts.map((a) => a.id),
        units: [...new Set(arts.map((a) => a.unit.name))],
        draft: { title: '', bodyHtml: arts.map((a) => a.bodyHtml).join('') },
      });
    } catch (e) {
      showError(e);
    }
  }

  const doc: IssueDocData = composing
    ? { ...issueToDoc(issue), issueDate, editorNote, items: items.map((it) => ({ ...it })) }
    : issueToDoc(issue);
  const actions = ISSUE_ACTIONS.filter((a) => issue.allowedActions.includes(a));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <div className="edit-bar-inner">
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/issues')}>
              {t('common.back')}
            </Button>
            <Typography.Text strong data-testid="issue-label">
              {issueLabel(issue)}
            </Typography.Text>
            <IssueStateTag state={issue.state} />
            {dirty && <Tag color="orange">{t('compose.unsaved')}</Tag>}
          </Space>
          <Space wrap data-testid="issue-actions">
            {composing && (
              <Button icon={<SaveOutlined />} loading={saving} disabled={!dirty} onClick={() => void save()} data-testid="save-issue">
                {t('common.save')}
              </Button>
            )}
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'send_for_signoff' || a === 'sign_off' ? 'primary' : 'default'}
                danger={a === 'send_back'}
                loading={acting === a}
                data-testid={`issue-action-${a}`}
                onClick={() => {
                  if (ISSUE_TRANSITIONS[a].commentRequired) setCommentFor(a);
                  else
                    modal.confirm({
                      title: t(`issue.action.${a}`),
                      content: t(`issue.confirm.${a}`),
                      okText: t('common.confirm'),
                      cancelText: t('common.cancel'),
                      onOk: () => act(a),
                    });
                }}
              >
                {t(`issue.action.${a}`)}
              </Button>
            ))}
            <Tooltip title={dirty ? t('compose.saveFirst') : undefined}>
              <Button icon={<FileWordOutlined />} href={periodicalsApi.exportUrl(issue.id)} download disabled={dirty} data-testid="export-docx">
                {t('issues.export')}
              </Button>
            </Tooltip>
            <Button icon={<PrinterOutlined />} href={`/issues/${issue.id}/print`} target="_blank" disabled={dirty} data-testid="print-view">
              {t('issues.print')}
            </Button>
          </Space>
        </div>
      </Card>
      {issue.state === 'awaiting_signoff' && <Alert type="warning" showIcon title={t('issues.awaitingHint')} />}
      {issue.state === 'released' && <Alert type="success" showIcon title={t('issues.releasedHint')} />}
      <Row gutter={[16, 16]}>
        {composing ? (
          <Col xs={24} xl={11}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small" title={t('compose.content')} data-testid="compose-items">
                <Space wrap style={{ marginBottom: 12 }}>
                  <span>{t('issues.date')}</span>
                  <DatePicker
                    allowClear={false}
                    value={dayjs(issueDate)}
                    onChange={(d) => {
                      if (d) {
                        setIssueDate(d.format('YYYY-MM-DD'));
                        setDirty(true);
                      }
                    }}
                  />
                </Space>
                <Input.TextArea
                  rows={2}
                  value={editorNote}
                  maxLength={2000}
                  placeholder={t('issues.editorNote')}
                  aria-label={t('issues.editorNote')}
                  onChange={(e) => {
                    setEditorNote(e.target.value);
                    setDirty(true);
                  }}
                  style={{ marginBottom: 12 }}
                />
                {items.length === 0 && <Empty description={t('compose.emptyItems')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
                {items.map((it, i) => (
                  <div key={it.key} className={`compose-item ${it.kind === 'heading' ? 'compose-item-heading' : ''}`} data-testid="compose-item">
                    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                      <Typography.Text type="secondary" style={{ width: 20, flex: 'none', paddingTop: 4 }}>
                        {i + 1}
                      </Typography.Text>
                      <div style={{ flex: 1, minWidth: 0 }}>
                        {it.kind === 'heading' ? (
                          <Input
                            value={it.title}
                            placeholder={t('compose.headingPlaceholder')}
                            aria-label={t('compose.heading')}
                            prefix={<Tag style={{ marginInlineEnd: 4 }}>{t('compose.heading')}</Tag>}
                            onChange={(e) => change(items.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))}
                          />
                        ) : (
                          <>
                            <Space size={4} wrap>
                              <Tag color={it.articleIds.length > 1 ? 'purple' : 'blue'}>
                                {it.articleIds.length > 1 ? t('compose.composite') : t('compose.full')}
                              </Tag>
                              <Typography.Text strong>{it.title || t('article.untitled')}</Typography.Text>
                            </Space>
                            <div>
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {it.units.join('、')}
                              </Typography.Text>
                            </div>
                          </>
                        )}
                      </div>
                      <Space size={0} style={{ flex: 'none' }}>
                        <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('compose.up')} />
                        <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === items.length - 1} onClick={() => move(i, 1)} aria-label={t('compose.down')} />
                        {it.kind === 'piece' && (
                          <Button
                            size="small"
                            type="text"
                            icon={<EditOutlined />}
                            aria-label={t('common.edit')}
                            onClick={() =>
                              setEditing({ index: i, draft: { title: it.title, bodyHtml: it.bodyHtml }, articleIds: it.articleIds, units: it.units, composite: it.articleIds.length > 1 })
                            }
                          />
                        )}
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('compose.remove')} onClick={() => change(items.filter((_, j) => j !== i))} />
                      </Space>
                    </div>
                  </div>
                ))}
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  style={{ marginTop: 12 }}
                  onClick={() => change([...items, { key: newKey(), kind: 'heading', title: '', bodyHtml: '', articleIds: [], units: [] }])}
                  data-testid="add-heading"
                >
                  {t('compose.addHeading')}
                </Button>
              </Card>
              <ArticlePicker placed={placed} onAdd={(aid) => void addFull(aid)} onComposite={(ids) => void startComposite(ids)} />
              <IssueEvents issue={issue} />
            </Space>
          </Col>
        ) : null}
        <Col xs={24} xl={composing ? 13 : 17}>
          <div className={composing ? 'compose-sticky' : undefined}>
            <div className="compose-preview-scroll" data-testid="issue-preview">
              <ScaledIssue doc={doc} />
            </div>
          </div>
        </Col>
        {!composing && (
          <Col xs={24} xl={7}>
            <IssueEvents issue={issue} />
          </Col>
        )}
      </Row>
      {editing && (
        <PieceEditorModal
          heading={editing.composite ? t('compose.compositeTitle') : t('compose.editPiece')}
          initial={editing.draft}
          composite={editing.composite ? editing.units : undefined}
          onCancel={() => setEditing(null)}
          onOk={(p) => {
            const item: DraftItem = { key: newKey(), kind: 'piece', ...p, articleIds: editing.articleIds, units: editing.units };
            change(editing.index === null ? [...items, item] : items.map((x, j) => (j === editing.index ? { ...item, key: x.key } : x)));
            setEditing(null);
          }}
        />
      )}
      {commentFor && (
        <Modal
          open
          title={t(`issue.action.${commentFor}`)}
          okText={t('common.confirm')}
          okButtonProps={{ disabled: !comment.trim(), loading: acting === commentFor }}
          onOk={() => void act(commentFor, comment.trim())}
          onCancel={() => setCommentFor(null)}
        >
          <Input.TextArea rows={4} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('issues.sendBackReason')} aria-label={t('issues.sendBackReason')} />
        </Modal>
      )}
    </Space>
  );
}

function IssueEvents({ issue }: { issue: TIssue }) {
  const { t } = useI18n();
  const eventLabel = (a: string) =>
    (ISSUE_ACTIONS as readonly string[]).includes(a) ? t(`issue.action.${a as TIssueAction}`) : a === 'create' ? t('issues.event.create') : a === 'edit' ? t('issues.event.edit') : a;
  if (!issue.events.length) return null;
  return (
    <Card size="small" title={t('issues.history')}>
      <Timeline
        items={issue.events.map((e) => ({
          content: (
            <div>
              <Typography.Text strong>{eventLabel(e.action)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {e.actor ?? ''} · {formatTime(e.at)}
              </Typography.Text>
              {e.comment && <div className="event-comment">{e.comment}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** Adopted and reserved pieces waiting to be placed: add one as a full piece, or tick several for 综合采用. */
function ArticlePicker({ placed, onAdd, onComposite }: { placed: Set<number>; onAdd(id: number): void; onComposite(ids: number[]): void }) {
  const { t } = useI18n();
  const [q, setQ] = useState<string>();
  const [unitId, setUnitId] = useState<number>();
  const [picked, setPicked] = useState<number[]>([]);
  const units = useQuery({ queryKey: ['units', { active: 'all' }], queryFn: () => api.get<TUnit[]>('/api/units?active=all'), staleTime: 60_000 });
  const query = { state: ['adopted', 'reserved'] as ('adopted' | 'reserved')[], q, unitId, pageSize: 50 };
  const list = useQuery({ queryKey: ['articles', 'placeable', query], queryFn: () => articlesApi.list(query), placeholderData: (p) => p });
  return (
    <Card
      size="small"
      title={t('compose.picker')}
      data-testid="article-picker"
      extra={
        <Button
          size="small"
          type="primary"
          ghost
          icon={<MergeCellsOutlined />}
          disabled={picked.length < 2}
          onClick={() => {
            onComposite(picked);
            setPicked([]);
          }}
          data-testid="composite-button"
        >
          {t('compose.compositeButton', { n: picked.length })}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search allowClear placeholder={t('articles.searchPlaceholder')} style={{ width: 200 }} onSearch={(v) => setQ(v || undefined)} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('article.unit')}
          style={{ width: 180 }}
          value={unitId}
          onChange={(v?: number) => setUnitId(v)}
          options={units.data?.map((u) => ({ value: u.id, label: u.shortName ?? u.name }))}
        />
      </Space>
      <List
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('compose.pickerEmpty') }}
        renderItem={(a) => (
          <List.Item
            data-testid="picker-item"
            actions={[
              <Button key="add" size="small" icon={<PlusOutlined />} onClick={() => onAdd(a.id)} disabled={placed.has(a.id)} data-testid="add-full">
                {placed.has(a.id) ? t('compose.placed') : t('compose.addFull')}
              </Button>,
            ]}
          >
            <Checkbox
              checked={picked.includes(a.id)}
              disabled={placed.has(a.id)}
              onChange={(e) => setPicked((p) => (e.target.checked ? [...p, a.id] : p.filter((x) => x !== a.id)))}
              style={{ marginRight: 8 }}
              aria-label={a.title}
            />
            <List.Item.Meta
              title={a.title || t('article.untitled')}
              description={
                <Space size={4} wrap>
                  <span>{a.unit.name}</span>
                  <Tag>{t(`article.state.${a.state}`)}</Tag>
                  <span>{t('compose.chars', { n: a.charCount })}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
