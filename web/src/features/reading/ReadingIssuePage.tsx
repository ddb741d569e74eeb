import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Input, Result, Row, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, FileWordOutlined, HighlightOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { type TInstruction, type TIssue, type TLeaderRank } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { useLeaderRanks } from '../settings/leaderRanks';
import { useAuth } from '../auth/auth';
import { issueLabel, periodicalsApi } from '../issues/api';
import { ScaledIssue, issueToDoc } from '../issues/IssueDocument';
import { InstructionList } from './InstructionList';

/** /reading/:id — a released issue as printed, its instructions under each piece, and the 批示 form. */
export function ReadingIssuePage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['issue', id], queryFn: () => periodicalsApi.issue(id) });
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (q.error || !q.data) return <Result status="404" title="404" subTitle={q.error?.message ?? t('common.loading')} />;
  return <Reading issue={q.data} />;
}

function Reading({ issue }: { issue: TIssue }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [target, setTarget] = useState<number | 0>(0);
  const ins = useQuery({ queryKey: ['instructions', 'issue', issue.id], queryFn: () => periodicalsApi.instructions(issue.id) });
  const all = ins.data ?? [];
  // An instruction names its piece by title (the API gives no item id); null means the whole issue.
  const onPiece = (itemId: number) => all.filter((i) => i.itemId === itemId);
  const onIssue = all.filter((i) => i.itemId === null);
  const record = can('instructions.record') && issue.state === 'released';
  const doc = issueToDoc(issue);
  // The desk turns an instruction into a follow-up for the units concerned (PRODUCT §9).
  const toFollowup = can('followups.manage')
    ? (i: TInstruction) => (
        <div style={{ textAlign: 'right' }}>
          <Button size="small" type="link" onClick={() => navigate(`/followups?${new URLSearchParams({ instructionId: String(i.id), title: i.itemTitle ?? issueLabel(issue), requirement: `${i.leaderName}批示：${i.text}` })}`)}>
            {t('instruction.toFollowup')}
          </Button>
        </div>
      )
    : undefined;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <div className="edit-bar-inner">
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/reading')}>
              {t('common.back')}
            </Button>
            <Typography.Text strong>{issueLabel(issue)}</Typography.Text>
          </Space>
          <Space wrap>
            <Button icon={<FileWordOutlined />} href={periodicalsApi.exportUrl(issue.id)} download>
              {t('issues.export')}
            </Button>
            <Button icon={<PrinterOutlined />} href={`/issues/${issue.id}/print`} target="_blank">
              {t('issues.print')}
            </Button>
          </Space>
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={record ? 16 : 24}>
          <div className="compose-preview-scroll" style={{ maxHeight: 'none' }} data-testid="reading-issue">
            <ScaledIssue
              doc={doc}
              renderItemExtra={(it) => {
                const item = issue.items.find((x) => x.id === it.key);
                return (
                  <>
                    <InstructionList items={item ? onPiece(item.id) : []} action={toFollowup} />
                    {record && item && (
                      <div style={{ textAlign: 'right', marginTop: 6 }}>
                        <Button size="small" icon={<HighlightOutlined />} onClick={() => setTarget(item.id)} data-testid="instruct-piece">
                          {t('instruction.onThisPiece')}
                        </Button>
                      </div>
                    )}
                  </>
                );
              }}
              footer={
                onIssue.length > 0 && (
                  <div style={{ marginTop: 16 }}>
                    <div className="issue-instruction-who">{t('instruction.onIssue')}</div>
                    <InstructionList items={onIssue} action={toFollowup} />
                  </div>
                )
              }
            />
          </div>
        </Col>
        {record && (
          <Col xs={24} xl={8}>
            <div className="compose-sticky">
              <InstructionForm issue={issue} target={target} setTarget={setTarget} />
            </div>
          </Col>
        )}
      </Row>
    </Space>
  );
}

interface FormValues {
  leaderName?: string;
  leaderRank: TLeaderRank;
  instructedOn?: Dayjs;
  text: string;
}

function InstructionForm({ issue, target, setTarget }: { issue: TIssue; target: number; setTarget(v: number): void }) {
  const { t } = useI18n();
  const { ranks } = useLeaderRanks();
  const { me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const leader = me?.roles.includes('leader') ?? false;
  const pieces = issue.items.filter((i) => i.kind === 'piece');

  async function submit(v: FormValues) {
    setBusy(true);
    try {
      const saved: TInstruction = await periodicalsApi.recordInstruction({
        issueId: issue.id,
        itemId: target || null,
        leaderRank: v.leaderRank,
        text: v.text.trim(),
        leaderName: v.leaderName?.trim() || undefined,
        instructedOn: v.instructedOn?.format('YYYY-MM-DD'),
      });
      message.success(t('instruction.saved'));
      form.resetFields(['text']);
      qc.setQueryData<TInstruction[]>(['instructions', 'issue', issue.id], (old) => [...(old ?? []), saved]);
      void qc.invalidateQueries({ queryKey: ['issues'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e), 6);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={leader ? t('instruction.formTitle') : t('instruction.formTitleOnBehalf')} data-testid="instruction-form">
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ leaderRank: leader ? 'city_other' : undefined, instructedOn: dayjs() }}>
        <Form.Item label={t('instruction.target')}>
          <Select
            value={target}
            onChange={setTarget}
            aria-label={t('instruction.target')}
            data-testid="instruction-target"
            options={[{ value: 0, label: t('instruction.wholeIssue') }, ...pieces.map((p) => ({ value: p.id, label: p.title }))]}
          />
        </Form.Item>
        <Form.Item
          name="leaderName"
          label={t('instruction.leaderName')}
          rules={leader ? [] : [{ required: true, message: t('common.required') }]}
          extra={leader ? t('instruction.nameDefault', { name: me?.displayName ?? '' }) : undefined}
        >
          <Input placeholder={leader ? me?.displayName : undefined} maxLength={30} />
        </Form.Item>
        <Form.Item name="leaderRank" label={t('instruction.rank')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={ranks.map((r) => ({ value: r.code, label: r.label }))} aria-label={t('instruction.rank')} />
        </Form.Item>
        {!leader && (
          <Form.Item name="instructedOn" label={t('instruction.date')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="text" label={t('instruction.text')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={5} maxLength={5000} aria-label={t('instruction.text')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="instruction-submit">
          {t('instruction.submit')}
        </Button>
      </Form>
    </Card>
  );
}
