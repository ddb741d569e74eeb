import type { ButtonProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useBlocker, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, FileWordOutlined, ReloadOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { formatDocNumber, formatFigure, noticePlaceholders, type TNoticeDrift, type TNoticePeriod, type TNotice, type TNoticeParagraph, type TNoticeSectionId, type TNoticeUpdateInput } from '@baosong/contract';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { ApiError } from '../../api/client';
import { ScaledNotice } from './NoticeDocument';
import { FigureText, type FigureTextHandle } from './FigureText';
import { changedFigures, download, figureLabel, noticesApi, periodText, type FigureChange } from './api';

interface Frame {
  title: string;
  addressees: string;
  issuingOffice: string;
  mark: string;
  copyTo: string;
  printedBy: string;
  date: string;
  numbered: boolean;
  prefix: string;
  docYear: number;
  docNumber: number;
}

function frameOf(n: TNotice): Frame {
  const c = n.content;
  return {
    title: c.title,
    addressees: c.addressees,
    issuingOffice: c.issuingOffice,
    mark: c.mark ?? '',
    copyTo: c.copyTo,
    printedBy: c.printedBy ?? '',
    date: c.date,
    numbered: n.docNumber !== null,
    prefix: n.docNumber?.prefix ?? '',
    docYear: n.docNumber?.year ?? Number(c.date.slice(0, 4)),
    docNumber: n.docNumber?.number ?? 1,
  };
}

const sameFrame = (a: Frame, b: Frame) => JSON.stringify(a) === JSON.stringify(b);

/**
 * /notices/:id/edit — the desk edits a draft where it will be read: the notice drawn as its document, each
 * paragraph editable in place, each figure a linked chip that names its query. The side panel holds the document
 * number, the framing, and the actions: save, refresh the figures from the records, export, release.
 */
export function NoticeEditPage() {
  const { id } = useParams();
  const noticeId = Number(id);
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['notices', noticeId], queryFn: () => noticesApi.get(noticeId) });
  const notice = q.data;
  const drift = useQuery({ queryKey: ['notices', noticeId, 'drift'], queryFn: () => noticesApi.drift(noticeId), enabled: notice?.state === 'draft' });

  const [edits, setEdits] = useState<Record<string, string>>({});
  const [frame, setFrame] = useState<Frame | null>(null);
  const [changes, setChanges] = useState<FigureChange[] | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | 'save' | 'refresh' | 'release' | 'export'>(null);
  const [error, setError] = useState<string | null>(null);
  const editors = useRef(new Map<string, FigureTextHandle>());

  useEffect(() => {
    if (notice && frame === null) setFrame(frameOf(notice));
  }, [notice, frame]);

  const stored = useMemo(() => {
    const m = new Map<string, TNoticeParagraph>();
    notice?.content.sections.forEach((s) => s.paragraphs.forEach((p) => m.set(`${s.id}/${p.id}`, p)));
    return m;
  }, [notice]);
  const dirtyParas = Object.entries(edits).filter(([k, text]) => stored.get(k)?.text !== text);
  const frameDirty = !!notice && !!frame && !sameFrame(frame, frameOf(notice));
  const dirty = dirtyParas.length > 0 || frameDirty;

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('notices.leaveTitle'),
      content: t('notices.leaveBody'),
      okText: t('notices.leave'),
      cancelText: t('common.cancel'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (q.isLoading || (notice && !frame)) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (q.error || !notice || !frame) return <Alert type="error" showIcon title={q.error?.message ?? t('notices.notFound')} />;
  if (notice.state === 'released') return <Navigate to={`/notices/${notice.id}`} replace />;

  const put = (n: TNotice) => {
    qc.setQueryData(['notices', n.id], n);
    void qc.invalidateQueries({ queryKey: ['notices', 'list'] });
  };
  const fail = (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    setError(msg);
    if (e instanceof ApiError && e.code === 'NOTICE_CONFLICT') void q.refetch();
  };

  /** Saves what changed and answers the stored notice (the current one when nothing changed). */
  async function save(): Promise<TNotice | null> {
    if (!dirty) return notice!;
    const f = frame!;
    const body: TNoticeUpdateInput = {
      rowVersion: notice!.rowVersion,
      title: f.title,
      addressees: f.addressees,
      issuingOffice: f.issuingOffice,
      mark: f.mark,
      copyTo: f.copyTo,
      printedBy: f.printedBy,
      date: f.date,
      docNumber: f.numbered ? { prefix: f.prefix, year: f.docYear, number: f.docNumber } : null,
      paragraphs: dirtyParas.map(([k, text]) => {
        const [section, pid] = k.split('/') as [TNoticeSectionId, string];
        return { section, id: pid, text };
      }),
    };
    try {
      const n = await noticesApi.update(notice!.id, body);
      setEdits({});
      setFrame(frameOf(n));
      setError(null);
      put(n);
      return n;
    } catch (e) {
      fail(e);
      return null;
    }
  }

  async function run(kind: NonNullable<typeof busy>, fn: () => Promise<void>) {
    setBusy(kind);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  }

  const onSave = () =>
    run('save', async () => {
      if (await save()) message.success(t('common.saved'));
    });

  const onRefresh = () =>
    run('refresh', async () => {
      const saved = await save();
      if (!saved) return;
      try {
        const n = await noticesApi.refresh(saved.id, saved.rowVersion);
        const diff = changedFigures(t, saved.content, n.content);
        setChanges(diff);
        setFrame(frameOf(n));
        setError(null);
        put(n);
        void qc.invalidateQueries({ queryKey: ['notices', n.id, 'drift'] });
      } catch (e) {
        fail(e);
      }
    });

  const onExport = () =>
    run('export', async () => {
      const saved = await save();
      if (saved) download(noticesApi.docxUrl(saved.id));
    });

  const onRelease = () =>
    modal.confirm({
      title: t('notices.releaseTitle'),
      content: (
        <Space orientation="vertical">
          <Typography.Text>{t('notices.releaseBody')}</Typography.Text>
          <Typography.Text strong>{notice.content.title}</Typography.Text>
          <Typography.Text>{frame.numbered ? formatDocNumber({ prefix: frame.prefix, year: frame.docYear, number: frame.docNumber }) : t('notices.noNumber')}</Typography.Text>
        </Space>
      ),
      okText: t('notices.release'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-release' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () =>
        run('release', async () => {
          const saved = await save();
          if (!saved) return;
          try {
            const n = await noticesApi.release(saved.id, saved.rowVersion);
            put(n);
            message.success(t('notices.released'));
            navigate(`/notices/${n.id}`);
          } catch (e) {
            fail(e);
          }
        }),
    });

  const changedKeys = new Set(changes?.map((c) => c.key) ?? []);
  const describe = (f: TNotice['content']['sections'][number]['paragraphs'][number]['figures'][string]) =>
    `${figureLabel(t, f)} = ${formatFigure(f)}\n${t('notices.figQuery', { key: f.key, period: periodText(notice) })}`;

  const renderParagraph = (section: TNoticeSectionId, p: TNoticeParagraph) => {
    const k = `${section}/${p.id}`;
    const text = edits[k] ?? p.text;
    const used = new Set(noticePlaceholders(text));
    const names = Object.keys(p.figures);
    const mine = new Set([...changedKeys].filter((c) => c.startsWith(`${k}/`)).map((c) => c.slice(k.length + 1)));
    const isDirty = edits[k] !== undefined && edits[k] !== p.text;
    return (
      <div className={`notice-para-block${isDirty ? ' is-dirty' : p.edited ? ' is-edited' : ''}`} data-paragraph={k}>
        <FigureText
          ref={(h) => {
            if (h) editors.current.set(k, h);
            else editors.current.delete(k);
          }}
          text={p.text}
          figures={p.figures}
          version={`${notice.rowVersion}`}
          changed={mine}
          describe={(_, f) => describe(f)}
          onChange={(v) => setEdits((e) => ({ ...e, [k]: v }))}
          onFocus={() => setActive(k)}
          testId={`para-${section}-${p.id}`}
        />
        {active === k && (names.length > 0 || p.edited) && (
          <div className="notice-fig-bar" data-testid="figure-bar">
            {names.length > 0 ? (
              <>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 6 }}>
                  {t('notices.figBar')}
                </Typography.Text>
                {names.map((name) => {
                  const f = p.figures[name]!;
                  return (
                    <Tooltip key={name} title={used.has(name) ? t('notices.figInsertAgain') : t('notices.figUnused')}>
                      <Tag
                        color={mine.has(name) ? 'gold' : used.has(name) ? 'blue' : 'default'}
                        variant={used.has(name) ? 'filled' : 'outlined'}
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => editors.current.get(k)?.insertFigure(name)}
                      >
                        {figureLabel(t, f)}：{formatFigure(f)}
                        {!used.has(name) && `（${t('notices.figNotInText')}）`}
                      </Tag>
                    </Tooltip>
                  );
                })}
              </>
            ) : null}
            {p.edited && (
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t('notices.paraEdited')}
              </Typography.Text>
            )}
          </div>
        )}
      </div>
    );
  };

  const set = <K extends keyof Frame>(k: K, v: Frame[K]) => setFrame((f) => (f ? { ...f, [k]: v } : f));

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Space style={{ marginBottom: 12 }} wrap>
          <Link to="/notices">
            <ArrowLeftOutlined /> {t('notices.back')}
          </Link>
          <Tag color="orange">{t('notices.state.draft')}</Tag>
          <Typography.Text type="secondary">
            {t('notices.refreshedAt', { at: dayjs(notice.refreshedAt).format('YYYY-MM-DD HH:mm') })}
          </Typography.Text>
          {dirty && (
            <Tag color="gold" data-testid="unsaved">
              {t('notices.unsaved')}
            </Tag>
          )}
        </Space>
        <div className="notice-desk">
          <ScaledNotice
            content={{ ...notice.content, ...frame, mark: frame.mark, printedBy: frame.printedBy }}
            docNumberText={frame.numbered ? formatDocNumber({ prefix: frame.prefix, year: frame.docYear, number: frame.docNumber }) : null}
            renderParagraph={renderParagraph}
          />
        </div>
      </Col>
      <Col xs={24} xl={8}>
        <Card className="notice-side" size="small" title={t('notices.editTitle', { period: periodText(notice) })} data-testid="notice-side">
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap>
              <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={busy === 'save'} onClick={onSave} data-testid="notice-save">
                {t('common.save')}
              </Button>
              <Button icon={<ReloadOutlined />} loading={busy === 'refresh'} onClick={onRefresh} data-testid="notice-refresh">
                {t('notices.refresh')}
              </Button>
              <Button icon={<FileWordOutlined />} loading={busy === 'export'} onClick={onExport}>
                {t('notices.export')}
              </Button>
              <Button danger type="primary" icon={<SendOutlined />} loading={busy === 'release'} onClick={onRelease} data-testid="notice-release">
                {t('notices.release')}
              </Button>
            </Space>
            {error && <Alert type="error" showIcon title={error} role="alert" closable={{ onClose: () => setError(null) }} />}
            {changes && (
              <Alert
                type={changes.length ? 'warning' : 'success'}
                showIcon
                data-testid="refresh-result"
                closable={{ onClose: () => setChanges(null) }}
                title={changes.length ? t('notices.changedN', { n: changes.length }) : t('notices.changedNone')}
                description={
                  changes.length ? (
                    <ul style={{ paddingInlineStart: 18, margin: 0 }}>
                      {changes.map((c) => (
                        <li key={c.key}>
                          {c.label}：<s>{c.before}</s> → <b>{c.after}</b>
                        </li>
                      ))}
                    </ul>
                  ) : undefined
                }
              />
            )}
            {drift.data && <DriftNote drift={drift.data} period={notice.kind === 'monthly' ? { kind: 'monthly', year: notice.year, month: notice.month! } : { kind: 'annual', year: notice.year }} />}
            <Alert type="info" showIcon title={t('notices.howRefresh')} description={t('notices.howRefreshBody')} />
            <Form layout="vertical" size="small" requiredMark={false}>
              <Form.Item label={t('notices.docNumber')}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Switch checked={frame.numbered} onChange={(v) => set('numbered', v)} checkedChildren={t('notices.numbered')} unCheckedChildren={t('notices.noNumber')} />
                  {frame.numbered && (
                    <Space.Compact style={{ width: '100%' }}>
                      <Input style={{ width: '40%' }} placeholder="沧政办字" value={frame.prefix} onChange={(e) => set('prefix', e.target.value)} aria-label={t('notices.docPrefix')} />
                      <InputNumber style={{ width: '30%' }} min={2000} max={2100} precision={0} prefix="〔" suffix="〕" value={frame.docYear} onChange={(v) => set('docYear', v ?? frame.docYear)} aria-label={t('notices.docYear')} />
                      <InputNumber style={{ width: '30%' }} min={1} max={9999} precision={0} suffix="号" value={frame.docNumber} onChange={(v) => set('docNumber', v ?? frame.docNumber)} aria-label={t('notices.docSeq')} data-testid="doc-number" />
                    </Space.Compact>
                  )}
                </Space>
              </Form.Item>
              <Form.Item label={t('notices.titleLabel')}>
                <Input.TextArea autoSize value={frame.title} onChange={(e) => set('title', e.target.value)} />
              </Form.Item>
              <Form.Item label={t('notices.addressees')}>
                <Input.TextArea autoSize value={frame.addressees} onChange={(e) => set('addressees', e.target.value)} />
              </Form.Item>
              <Form.Item label={t('notices.issuingOffice')}>
                <Input value={frame.issuingOffice} onChange={(e) => set('issuingOffice', e.target.value)} />
              </Form.Item>
              <Form.Item label={t('notices.date')}>
                <DatePicker allowClear={false} value={dayjs(frame.date)} onChange={(d) => d && set('date', d.format('YYYY-MM-DD'))} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item label={t('notices.mark')} extra={t('notices.markHelp')}>
                <Input value={frame.mark} placeholder={`${frame.issuingOffice}文件`} onChange={(e) => set('mark', e.target.value)} />
              </Form.Item>
              <Form.Item label={t('notices.copyTo')}>
                <Input.TextArea autoSize value={frame.copyTo} onChange={(e) => set('copyTo', e.target.value)} data-testid="copy-to" />
              </Form.Item>
              <Form.Item label={t('notices.printedBy')}>
                <Input value={frame.printedBy} placeholder={frame.issuingOffice} onChange={(e) => set('printedBy', e.target.value)} />
              </Form.Item>
            </Form>
          </Space>
        </Card>
      </Col>
    </Row>
  );
}

/** What generating the notice now would change beyond its figures, and a way to start over from the records. */
function DriftNote({ drift, period }: { drift: TNoticeDrift; period: TNoticePeriod }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const n = drift.added.length + drift.gone.length + drift.reworded.length;
  if (!n) return null;
  const group = (key: 'added' | 'gone' | 'reworded', label: MessageKey) =>
    drift[key].length > 0 && (
      <div key={key}>
        <Typography.Text strong>{t(label)}</Typography.Text>
        <ul style={{ paddingInlineStart: 18, margin: '2px 0 6px' }}>
          {drift[key].map((p) => (
            <li key={`${p.section}/${p.id}`}>
              <Typography.Text style={{ fontSize: 12 }}>{p.text}</Typography.Text>
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="notice-drift"
      title={t('notices.driftTitle', { n })}
      description={
        <>
          {group('added', 'notices.driftAdded')}
          {group('reworded', 'notices.driftReworded')}
          {group('gone', 'notices.driftGone')}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0' }}>
            {t('notices.driftHint')}
          </Typography.Paragraph>
          <Button
            size="small"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                const fresh = await noticesApi.generate({ period });
                qc.setQueryData(['notices', fresh.id], fresh);
                void qc.invalidateQueries({ queryKey: ['notices', 'list'] });
                navigate(`/notices/${fresh.id}/edit`);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('notices.regenerate')}
          </Button>
        </>
      }
    />
  );
}
