import { useState } from 'react';
import type { ButtonProps } from 'antd';
import { App, Badge, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ImportOutlined, MinusCircleOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { TForwardCandidate, TForwardedPiece, TForwardingSummary } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { chineseDate } from '../issues/api';
import { ImportModal } from '../../components/ImportModal';
import { useLeaderRanks } from '../settings/leaderRanks';
import { forwardingApi } from './api';

/** /forwarding — pieces sent upward (上报), the issuer's sign-off, and what came back (上级采用、批示). */
export function ForwardingPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const qc = useQueryClient();
  const [tab, setTab] = useState('awaiting');
  const [forwarding, setForwarding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [outcomeFor, setOutcomeFor] = useState<TForwardedPiece | null>(null);
  const awaiting = useQuery({ queryKey: ['forwarding', 'pieces', 'awaiting'], queryFn: () => forwardingApi.pieces({ awaitingOutcome: 'true' }) });
  const all = useQuery({ queryKey: ['forwarding', 'pieces', 'all'], queryFn: () => forwardingApi.pieces({}), enabled: tab === 'all' });
  const forwardings = useQuery({ queryKey: ['forwarding', 'list'], queryFn: () => forwardingApi.forwardings() });
  const pendingSignoff = (forwardings.data ?? []).filter((f) => f.state === 'awaiting_signoff').length;
  const refresh = () => void qc.invalidateQueries({ queryKey: ['forwarding'] });
  const manage = can('forwarding.manage');

  return (
    <Card
      title={t('forwarding.title')}
      extra={
        manage && (
          <Space>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="import-outcomes">
              {t('forwarding.importOutcomes')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => setForwarding(true)} data-testid="new-forwarding">
              {t('forwarding.new')}
            </Button>
          </Space>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'awaiting',
            label: (
              <Badge count={awaiting.data?.length ?? 0} offset={[12, -2]} color="#b71c1c">
                {t('forwarding.tab.awaiting')}
              </Badge>
            ),
            children: <PiecesTable rows={awaiting.data ?? []} loading={awaiting.isLoading} onOutcome={manage ? setOutcomeFor : undefined} />,
          },
          {
            key: 'forwardings',
            label: (
              <Badge count={pendingSignoff} offset={[12, -2]}>
                {t('forwarding.tab.forwardings')}
              </Badge>
            ),
            children: <ForwardingsTable rows={forwardings.data ?? []} loading={forwardings.isLoading} onChanged={refresh} />,
          },
          { key: 'all', label: t('forwarding.tab.all'), children: <PiecesTable rows={all.data ?? []} loading={all.isLoading} onOutcome={manage ? setOutcomeFor : undefined} /> },
        ]}
      />
      {forwarding && <ForwardModal onClose={() => setForwarding(false)} onDone={refresh} />}
      {outcomeFor && <OutcomeModal piece={outcomeFor} onClose={() => setOutcomeFor(null)} onDone={refresh} />}
      <ImportModal
        open={importing}
        what={t('forwarding.outcomeImportWhat')}
        templateUrl="/api/forwarding/outcomes/template"
        importUrl="/api/forwarding/outcomes/import"
        dryRunUrl="/api/forwarding/outcomes/import?dryRun=true"
        onClose={() => setImporting(false)}
        onDone={refresh}
      />
    </Card>
  );
}

export function OutcomeTag({ p }: { p: TForwardedPiece }) {
  const { t } = useI18n();
  if (!p.outcome) return <Tag color="gold">{t('forwarding.outcome.awaiting')}</Tag>;
  if (p.outcome.result === 'not_adopted') return <Tag>{t('forwarding.outcome.not_adopted')}</Tag>;
  return <Tag color="red">{t('forwarding.outcome.adoptedIn', { pub: p.outcome.upstreamPublicationName ?? '', issue: p.outcome.issueLabel ?? '' })}</Tag>;
}

/** The piece exactly as it was sent upward. */
function SentTextModal(props: { id: number; onClose(): void }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['forwarding', 'piece', props.id], queryFn: () => forwardingApi.piece(props.id) });
  return (
    <Modal open width={760} title={q.data?.title} onCancel={props.onClose} footer={null}>
      {q.data && (
        <>
          <Typography.Text type="secondary">
            {t('forwarding.asSent', { channel: q.data.channelName, date: q.data.sentOn ? chineseDate(q.data.sentOn) : '—' })}
          </Typography.Text>
          <div className="doc-body" style={{ marginTop: 12 }} data-testid="sent-text" dangerouslySetInnerHTML={{ __html: q.data.bodyHtml }} />
        </>
      )}
    </Modal>
  );
}

function PiecesTable(props: { rows: TForwardedPiece[]; loading: boolean; onOutcome?: (p: TForwardedPiece) => void }) {
  const { t } = useI18n();
  const { label: rankLabel } = useLeaderRanks();
  const [viewing, setViewing] = useState<number | null>(null);
  return (
    <>
      {viewing !== null && <SentTextModal id={viewing} onClose={() => setViewing(null)} />}
      <Table<TForwardedPiece>
        rowKey="id"
        size="middle"
        loading={props.loading}
        dataSource={props.rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('forwarding.emptyPieces') }}
        expandable={{
          rowExpandable: (p) => Boolean(p.outcome?.instructions.length),
          expandedRowRender: (p) => (
            <Space direction="vertical">
              {p.outcome!.instructions.map((i) => (
                <Typography.Text key={i.id}>
                  <Tag color="volcano">{t('forwarding.instruction')}</Tag>
                  {i.leaderName}（{rankLabel(i.leaderRank)}）{chineseDate(i.instructedOn)}：{i.text}
                </Typography.Text>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: t('forwarding.no'), dataIndex: 'id', width: 70 },
          { title: t('forwarding.pieceTitle'), render: (_, p) => <a onClick={() => setViewing(p.id)}>{p.title}</a> },
          { title: t('forwarding.units'), width: 220, render: (_, p) => p.sources.map((s) => s.unitName).join('、') },
          { title: t('forwarding.channel'), dataIndex: 'channelName', width: 140 },
          { title: t('forwarding.sentOn'), dataIndex: 'sentOn', width: 130, render: (d: string | null) => (d ? chineseDate(d) : '—') },
          {
            title: t('forwarding.outcome'),
            width: 220,
            render: (_, p) => (
              <Space size={4} wrap>
                <OutcomeTag p={p} />
                {p.outcome && p.outcome.instructions.length > 0 && <Tag color="volcano">{t('forwarding.instructionCount', { n: p.outcome.instructions.length })}</Tag>}
              </Space>
            ),
          },
          ...(props.onOutcome
            ? [
                {
                  title: t('common.actions'),
                  width: 110,
                  render: (_: unknown, p: TForwardedPiece) => (
                    <Button size="small" type={p.outcome ? 'default' : 'primary'} onClick={() => props.onOutcome!(p)} data-testid="record-outcome">
                      {p.outcome ? t('forwarding.correctOutcome') : t('forwarding.recordOutcome')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

function ForwardingsTable(props: { rows: TForwardingSummary[]; loading: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const colors = { awaiting_signoff: 'gold', sent: 'green', rejected: 'default' } as const;
  async function act(fn: () => Promise<unknown>, ok: string) {
    try {
      await fn();
      message.success(ok);
      props.onChanged();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }
  function reject(f: TForwardingSummary) {
    let comment = '';
    modal.confirm({
      title: t('forwarding.reject'),
      content: <Input.TextArea rows={3} placeholder={t('forwarding.rejectHint')} onChange={(e) => (comment = e.target.value)} />,
      onOk: () => act(() => forwardingApi.reject(f.id, comment || t('forwarding.reject')), t('forwarding.rejected')),
    });
  }
  return (
    <Table<TForwardingSummary>
      rowKey="id"
      size="middle"
      loading={props.loading}
      dataSource={props.rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: t('forwarding.channel'), dataIndex: 'channelName', width: 140 },
        { title: t('forwarding.pieces'), render: (_, f) => f.titles.map((x, i) => <div key={i}>{x}</div>) },
        { title: t('forwarding.createdBy'), dataIndex: 'createdBy', width: 110 },
        { title: t('common.status'), width: 110, render: (_, f) => <Tag color={colors[f.state]}>{t(`forwarding.state.${f.state}`)}</Tag> },
        { title: t('forwarding.sentOn'), width: 130, render: (_, f) => (f.sentOn ? chineseDate(f.sentOn) : f.rejectComment ?? '—') },
        {
          title: t('common.actions'),
          width: 170,
          render: (_, f) =>
            f.state === 'awaiting_signoff' &&
            can('forwarding.signoff') && (
              <Space>
                <Popconfirm title={t('forwarding.signOffConfirm')} onConfirm={() => void act(() => forwardingApi.signOff(f.id), t('forwarding.signedOff'))}>
                  <Button size="small" type="primary" data-testid="sign-off-forwarding">
                    {t('forwarding.signOff')}
                  </Button>
                </Popconfirm>
                <Button size="small" onClick={() => reject(f)}>
                  {t('forwarding.reject')}
                </Button>
              </Space>
            ),
        },
      ]}
    />
  );
}

function ForwardModal(props: { onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const channels = useQuery({ queryKey: ['channels'], queryFn: forwardingApi.channels });
  const candidates = useQuery({ queryKey: ['forwarding', 'candidates'], queryFn: forwardingApi.candidates });
  const [channelId, setChannelId] = useState<number | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const keyOf = (c: TForwardCandidate) => (c.itemId ? `i${c.itemId}` : `a${c.articleId}`);
  const channelName = channels.data?.find((c) => c.id === channelId)?.name;

  async function submit() {
    if (!channelId || !selected.length) return;
    setBusy(true);
    try {
      const pieces = selected.map((k) => (k.startsWith('i') ? { itemId: Number(k.slice(1)) } : { articleId: Number(k.slice(1)) }));
      await forwardingApi.forward({ channelId, pieces, note: note || undefined });
      message.success(t('forwarding.sentForSignoff'));
      props.onDone();
      props.onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      width={980}
      title={t('forwarding.new')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t('forwarding.sendForSignoff')}
      okButtonProps={{ disabled: !channelId || !selected.length, 'data-testid': 'forward-submit' } as ButtonProps}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('forwarding.channel')}</Typography.Text>
          <Radio.Group
            value={channelId}
            onChange={(e) => setChannelId(e.target.value as number)}
            options={(channels.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
            optionType="button"
            buttonStyle="solid"
          />
        </Space>
        <Table<TForwardCandidate>
          rowKey={keyOf}
          size="small"
          loading={candidates.isLoading}
          dataSource={candidates.data ?? []}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (c) => ({ disabled: Boolean(channelName && c.forwardedTo.includes(channelName)) }),
          }}
          columns={[
            { title: t('forwarding.pieceTitle'), dataIndex: 'title' },
            { title: t('forwarding.placedIn'), width: 220, render: (_, c) => c.placedIn ?? <Tag>{t('forwarding.notPlaced')}</Tag> },
            { title: t('forwarding.units'), width: 200, render: (_, c) => c.units.join('、') },
            { title: t('forwarding.already'), width: 150, render: (_, c) => c.forwardedTo.map((n) => <Tag key={n}>{n}</Tag>) },
          ]}
        />
        <Input.TextArea rows={2} placeholder={t('forwarding.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </Space>
    </Modal>
  );
}

interface OutcomeForm {
  result: 'adopted' | 'not_adopted';
  upstreamPublicationId?: number;
  issueLabel?: string;
  outcomeOn: Dayjs;
  note?: string;
  instructions: { leaderRank: string; leaderName: string; instructedOn: Dayjs; text: string }[];
}

function OutcomeModal(props: { piece: TForwardedPiece; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { ranks } = useLeaderRanks();
  const [form] = Form.useForm<OutcomeForm>();
  const [busy, setBusy] = useState(false);
  const channels = useQuery({ queryKey: ['channels'], queryFn: forwardingApi.channels });
  const pubs = channels.data?.find((c) => c.id === props.piece.channelId)?.publications.filter((p) => p.active) ?? [];
  const result = Form.useWatch('result', form);
  const o = props.piece.outcome;

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await forwardingApi.recordOutcome(props.piece.id, {
        result: v.result,
        upstreamPublicationId: v.result === 'adopted' ? v.upstreamPublicationId : null,
        issueLabel: v.issueLabel || null,
        outcomeOn: v.outcomeOn.format('YYYY-MM-DD'),
        note: v.note || null,
        instructions: v.result === 'adopted' ? (v.instructions ?? []).map((i) => ({ ...i, instructedOn: i.instructedOn.format('YYYY-MM-DD') })) : [],
      });
      message.success(t('common.saved'));
      props.onDone();
      props.onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open width={720} title={`${t('forwarding.recordOutcome')} · ${props.piece.title}`} onCancel={props.onClose} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden>
      <Form<OutcomeForm>
        form={form}
        layout="vertical"
        initialValues={{
          result: o?.result ?? 'adopted',
          upstreamPublicationId: o?.upstreamPublicationId ?? undefined,
          issueLabel: o?.issueLabel ?? undefined,
          outcomeOn: o ? dayjs(o.outcomeOn) : dayjs(),
          note: o?.note ?? undefined,
          instructions: (o?.instructions ?? []).map((i) => ({ ...i, instructedOn: dayjs(i.instructedOn) })),
        }}
      >
        <Form.Item name="result" label={t('forwarding.outcome')}>
          <Radio.Group optionType="button" options={[{ value: 'adopted', label: t('forwarding.outcome.adopted') }, { value: 'not_adopted', label: t('forwarding.outcome.not_adopted') }]} />
        </Form.Item>
        {result !== 'not_adopted' && (
          <Space wrap align="start">
            <Form.Item name="upstreamPublicationId" label={t('forwarding.upstreamPublication')} rules={[{ required: true, message: t('common.required') }]}>
              <Select style={{ width: 220 }} options={pubs.map((p) => ({ value: p.id, label: `《${p.name}》` }))} />
            </Form.Item>
            <Form.Item name="issueLabel" label={t('forwarding.issueLabel')}>
              <Input style={{ width: 120 }} placeholder="第12期" maxLength={30} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="outcomeOn" label={t('forwarding.outcomeOn')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker />
        </Form.Item>
        {result !== 'not_adopted' && (
          <Form.List name="instructions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={<MinusCircleOutlined onClick={() => remove(f.name)} />} title={t('forwarding.instruction')}>
                    <Space wrap align="start">
                      <Form.Item name={[f.name, 'leaderName']} label={t('instruction.leaderName')} rules={[{ required: true, message: t('common.required') }]}>
                        <Input style={{ width: 140 }} maxLength={30} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'leaderRank']} label={t('instruction.rank')} rules={[{ required: true, message: t('common.required') }]}>
                        <Select style={{ width: 160 }} options={ranks.map((r) => ({ value: r.code, label: r.label }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'instructedOn']} label={t('instruction.date')} rules={[{ required: true, message: t('common.required') }]}>
                        <DatePicker />
                      </Form.Item>
                    </Space>
                    <Form.Item name={[f.name, 'text']} label={t('instruction.text')} rules={[{ required: true, message: t('common.required') }]}>
                      <Input.TextArea rows={2} maxLength={5000} />
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ leaderRank: 'provincial', instructedOn: dayjs() })}>
                  {t('forwarding.addInstruction')}
                </Button>
              </>
            )}
          </Form.List>
        )}
        <Form.Item name="note" label={t('forwarding.noteLabel')} style={{ marginTop: 16 }}>
          <Input maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
