import { useState } from 'react';
import { App, Button, Card, Segmented, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TOutboxMessage } from '@baosong/contract';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';
import { formatTime } from '../articles/ArticlesPage';

const STATES = ['all', 'pending', 'sending', 'sent', 'failed'] as const;
const COLORS = { pending: 'gold', sending: 'blue', sent: 'green', failed: 'red' } as const;

/** /admin/outbox — every e-mail and webhook message: waiting, sent, or failed with the reason; failed ones can be retried. */
export function OutboxPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [state, setState] = useState<(typeof STATES)[number]>('all');
  const list = useQuery({ queryKey: ['outbox', state], queryFn: () => api.get<TOutboxMessage[]>(`/api/outbox${qs({ state: state === 'all' ? undefined : state })}`), refetchInterval: 15_000 });
  async function retry(id: number) {
    try {
      await api.post(`/api/outbox/${id}/retry`);
      message.success(t('outbox.retried'));
      void qc.invalidateQueries({ queryKey: ['outbox'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <Card title={t('outbox.title')}>
      <Segmented style={{ marginBottom: 16 }} value={state} onChange={(v) => setState(v as typeof state)} options={STATES.map((s) => ({ value: s, label: s === 'all' ? t('common.all') : t(`outbox.state.${s}`) }))} />
      <Table<TOutboxMessage>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        locale={{ emptyText: t('outbox.empty') }}
        columns={[
          { title: t('outbox.channel'), width: 90, render: (_, m) => <Tag>{t(`outbox.channel.${m.channel}`)}</Tag> },
          { title: t('outbox.recipient'), dataIndex: 'recipient', width: 220, ellipsis: true },
          { title: t('outbox.subject'), dataIndex: 'subject', ellipsis: true },
          { title: t('common.status'), width: 90, render: (_, m) => <Tag color={COLORS[m.state]}>{t(`outbox.state.${m.state}`)}</Tag> },
          { title: t('outbox.attempts'), dataIndex: 'attempts', width: 80 },
          {
            title: t('outbox.when'),
            width: 170,
            render: (_, m) => (m.sentAt ? formatTime(m.sentAt) : m.state === 'pending' ? t('outbox.next', { time: formatTime(m.nextAttemptAt) }) : formatTime(m.createdAt)),
          },
          { title: t('outbox.error'), width: 240, render: (_, m) => (m.lastError ? <Typography.Text type="danger">{m.lastError}</Typography.Text> : '—') },
          { title: t('common.actions'), width: 90, render: (_, m) => m.state === 'failed' && <Button size="small" onClick={() => void retry(m.id)}>{t('outbox.retry')}</Button> },
        ]}
      />
    </Card>
  );
}
