import { useState } from 'react';
import { App, Button, Card, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { TArticle, TSolicitation } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { deadlineText, solicitationsApi } from './api';
import { TargetStatusTag } from './status';

/** Home page card for a unit's people: solicitations addressed to the unit, to answer or (if allowed) decline. */
export function MySolicitationsCard() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['solicitations'], queryFn: solicitationsApi.list });
  const [declining, setDeclining] = useState<TSolicitation | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  const mine = (s: TSolicitation) => s.targets.find((x) => x.unitId === me?.unit?.id) ?? s.targets[0];
  const rows = (list.data ?? []).filter((s) => s.state === 'open' || mine(s)?.status === 'pending');

  async function answer(s: TSolicitation) {
    setBusy(s.id);
    try {
      const a = await api.post<TArticle>('/api/articles', { solicitationId: s.id, title: s.topic, type: 'news' });
      navigate(`/articles/${a.id}/edit`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      setBusy(null);
    }
  }
  async function decline() {
    try {
      await solicitationsApi.decline(declining!.id, reason);
      message.success(t('solicitation.declined'));
      setDeclining(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: ['solicitations'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card title={t('solicitation.mine')} data-testid="my-solicitations">
      <List
        loading={list.isLoading}
        dataSource={rows}
        locale={{ emptyText: t('solicitation.emptyMine') }}
        renderItem={(s) => {
          const x = mine(s);
          const open = s.state === 'open' && x?.status === 'pending';
          return (
            <List.Item
              data-testid="my-solicitation"
              actions={
                open
                  ? [
                      <Button key="answer" type="primary" icon={<SendOutlined />} loading={busy === s.id} onClick={() => void answer(s)} data-testid="answer-solicitation">
                        {t('solicitation.answer')}
                      </Button>,
                      !s.mandatory && (
                        <Button key="decline" onClick={() => setDeclining(s)} data-testid="decline-solicitation">
                          {t('solicitation.decline')}
                        </Button>
                      ),
                    ].filter(Boolean)
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{s.topic}</span>
                    {x && <TargetStatusTag status={x.status} />}
                    {s.mandatory && <Tag color="red">{t('solicitation.mandatory')}</Tag>}
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                      {s.requirements}
                    </Typography.Paragraph>
                    <Typography.Text type={x?.status === 'missing' ? 'danger' : 'secondary'}>{t('solicitation.dueBy', { time: deadlineText(s.deadline) })}</Typography.Text>
                    {x?.articleIds.map((id) => (
                      <Link key={id} to={`/articles/${id}`} style={{ marginLeft: 12 }}>
                        {t('solicitation.answerLink', { id })}
                      </Link>
                    ))}
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
      <Modal open={Boolean(declining)} title={`${t('solicitation.decline')} · ${declining?.topic ?? ''}`} onCancel={() => setDeclining(null)} onOk={() => void decline()} okButtonProps={{ disabled: reason.trim().length < 2 }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('solicitation.declineHint')} maxLength={1000} />
      </Modal>
    </Card>
  );
}
