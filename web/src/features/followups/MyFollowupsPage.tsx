import { useState } from 'react';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { TArticle, TFollowup } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { chineseDate, periodicalsApi } from '../issues/api';
import { UnitStatusTag } from './status';

/** /my-followups — what the office asks this unit to report on, by when, and the way to answer. */
export function MyFollowupsPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['followups'], queryFn: periodicalsApi.followups });
  const mine = (f: TFollowup) => f.units.find((u) => u.unitId === me?.unit?.id) ?? f.units[0];

  async function answer(f: TFollowup) {
    setBusy(f.id);
    try {
      const a = await api.post<TArticle>('/api/articles', { followupId: f.id, title: `关于${f.title}的落实情况` });
      navigate(`/articles/${a.id}/edit`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      setBusy(null);
    }
  }

  return (
    <Card title={t('followup.mine')}>
      <List
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('followup.emptyMine') }}
        data-testid="my-followups"
        renderItem={(f) => {
          const u = mine(f);
          return (
            <List.Item
              actions={[
                f.state === 'open' && (
                  <Button key="answer" type={u?.status === 'answered' ? 'default' : 'primary'} icon={<SendOutlined />} loading={busy === f.id} onClick={() => void answer(f)}>
                    {t('followup.answer')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{f.title}</span>
                    {u && <UnitStatusTag status={u.status} />}
                    {f.state === 'closed' && <Tag>{t('followup.status.closed')}</Tag>}
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{f.requirement}</Typography.Paragraph>
                    <Typography.Text type={u?.status === 'overdue' ? 'danger' : 'secondary'}>{t('followup.dueOn', { date: chineseDate(f.dueDate) })}</Typography.Text>
                    {u && u.articleIds.length > 0 && (
                      <Space size={4} style={{ marginLeft: 12 }}>
                        {u.articleIds.map((id) => (
                          <a key={id} onClick={() => navigate(`/articles/${id}`)}>
                            {t('followup.answerLink', { id })}
                          </a>
                        ))}
                      </Space>
                    )}
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
