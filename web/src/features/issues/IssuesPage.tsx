import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { ISSUE_STATES, type TIssueState, type TIssueSummary } from '@baosong/contract';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { issueLabel, chineseDate, periodicalsApi } from './api';
import { IssueStateTag } from './labels';

/** /issues — the office's issues of every publication, and 新建一期. */
export function IssuesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const thisYear = dayjs().year();
  const [f, setF] = useState<{ publicationId?: number; year?: number; state?: TIssueState }>({ year: thisYear });
  const [creating, setCreating] = useState(false);
  const pubs = useQuery({ queryKey: ['publications'], queryFn: periodicalsApi.publications, staleTime: 60_000 });
  const list = useQuery({ queryKey: ['issues', f], queryFn: () => periodicalsApi.issues(f), placeholderData: (p) => p });
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);

  return (
    <Card
      title={t('issues.title')}
      extra={
        can('issues.compose') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-issue">
            {t('issues.new')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('issues.publication')}
          style={{ width: 220 }}
          value={f.publicationId}
          onChange={(publicationId?: number) => setF((x) => ({ ...x, publicationId }))}
          options={pubs.data?.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Select
          allowClear
          placeholder={t('issues.year')}
          style={{ width: 110 }}
          value={f.year}
          onChange={(year?: number) => setF((x) => ({ ...x, year }))}
          options={years.map((y) => ({ value: y, label: `${y}` }))}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 130 }}
          value={f.state}
          onChange={(state?: TIssueState) => setF((x) => ({ ...x, state }))}
          options={ISSUE_STATES.map((s) => ({ value: s, label: t(`issue.state.${s}`) }))}
        />
      </Space>
      <Table<TIssueSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('issues.empty') }}
        data-testid="issues-table"
        columns={[
          {
            title: t('issues.issue'),
            render: (_, i) => (
              <Link to={`/issues/${i.id}`}>
                {issueLabel(i)}
                {i.erratumOfId !== null && <Typography.Text type="danger">（{t('issues.erratum')}）</Typography.Text>}
              </Link>
            ),
          },
          { title: t('issues.date'), dataIndex: 'issueDate', width: 140, render: (d: string) => chineseDate(d) },
          { title: t('common.status'), dataIndex: 'state', width: 100, render: (s: TIssueState) => <IssueStateTag state={s} /> },
          { title: t('issues.pieces'), dataIndex: 'pieceCount', width: 90, align: 'right' },
          { title: t('issues.instructions'), dataIndex: 'instructionCount', width: 90, align: 'right' },
        ]}
      />
      {creating && <NewIssueModal onClose={() => setCreating(false)} onCreated={(id) => navigate(`/issues/${id}`)} />}
    </Card>
  );
}

function NewIssueModal({ onClose, onCreated }: { onClose(): void; onCreated(id: number): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ publicationId: number; issueDate: Dayjs; editorNote?: string }>();
  const [busy, setBusy] = useState(false);
  const pubs = useQuery({ queryKey: ['publications'], queryFn: periodicalsApi.publications, staleTime: 60_000 });
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const issue = await periodicalsApi.createIssue({ publicationId: v.publicationId, issueDate: v.issueDate.format('YYYY-MM-DD'), editorNote: v.editorNote || null });
      message.success(t('issues.created', { label: issueLabel(issue) }));
      onCreated(issue.id);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t('issues.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.create')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ issueDate: dayjs() }} data-testid="new-issue-form">
        <Form.Item name="publicationId" label={t('issues.publication')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            options={pubs.data?.filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.name}（${t(`publication.kind.${p.kind}`)}）` }))}
            aria-label={t('issues.publication')}
          />
        </Form.Item>
        <Form.Item name="issueDate" label={t('issues.date')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="editorNote" label={t('issues.editorNote')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Typography.Text type="secondary">{t('issues.numberHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}
