import { useState, useEffect } from 'react';
import { Alert, App, Button, Input, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LEADER_RANKS, type TLeaderRankDef } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';

const KEY = ['settings', 'leader-ranks'];

/** The built-in ranks (labels from the catalogue) followed by those an administrator added. */
export function useLeaderRanks(): { ranks: TLeaderRankDef[]; label(code: string): string } {
  const { t } = useI18n();
  const q = useQuery({ queryKey: KEY, queryFn: () => api.get<{ extra: TLeaderRankDef[] }>('/api/settings/leader-ranks'), staleTime: 60_000 });
  const ranks = [...LEADER_RANKS.map((code) => ({ code, label: t(`leaderRank.${code}`) })), ...(q.data?.extra ?? [])];
  return { ranks, label: (code) => ranks.find((r) => r.code === code)?.label ?? code };
}

/** Settings section: add ranks beyond the built-in four (e.g. 县领导), each with a code and a name. */
export function LeaderRanksEditor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api.get<{ extra: TLeaderRankDef[] }>('/api/settings/leader-ranks') });
  const [rows, setRows] = useState<TLeaderRankDef[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (q.data) setRows(q.data.extra);
  }, [q.data]);
  const save = useMutation({
    mutationFn: () => api.put<{ extra: TLeaderRankDef[] }>('/api/settings/leader-ranks', { extra: rows.filter((r) => r.code || r.label) }),
    onSuccess: (s) => {
      setError(null);
      qc.setQueryData(KEY, s);
      message.success(t('common.saved'));
    },
    onError: (e) => setError(e.message),
  });
  const set = (i: number, patch: Partial<TLeaderRankDef>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 820 }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('settings.ranks')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.ranksHint', { builtIn: LEADER_RANKS.map((c) => t(`leaderRank.${c}`)).join('、') })}
      </Typography.Paragraph>
      <Table<TLeaderRankDef & { i: number }>
        size="small"
        pagination={false}
        rowKey="i"
        dataSource={rows.map((r, i) => ({ ...r, i }))}
        locale={{ emptyText: t('common.none') }}
        columns={[
          {
            title: t('settings.rankLabel'),
            render: (_, r) => <Input value={r.label} onChange={(e) => set(r.i, { label: e.target.value })} aria-label={t('settings.rankLabel')} />,
          },
          {
            title: t('settings.rankCode'),
            render: (_, r) => <Input value={r.code} onChange={(e) => set(r.i, { code: e.target.value })} placeholder="county_leader" aria-label={t('settings.rankCode')} />,
          },
          {
            title: '',
            width: 50,
            render: (_, r) => <Button type="text" danger icon={<DeleteOutlined />} onClick={() => setRows((rs) => rs.filter((_, j) => j !== r.i))} />,
          },
        ]}
      />
      <Space>
        <Button icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, { code: '', label: '' }])}>
          {t('settings.rankAdd')}
        </Button>
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
          {t('common.save')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Space>
  );
}
