import { useState } from 'react';
import { Badge, Button, Empty, List, Popover, Space, Spin, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import type { TNotification } from '@baosong/contract';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';

const POLL_MS = 30_000;

/** The header bell: unread count polled every 30 s, the latest notifications on click. */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => api.get<{ items: TNotification[]; unread: number }>('/api/notifications'),
    enabled: open,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });

  async function openItem(n: TNotification) {
    setOpen(false);
    if (!n.readAt) await api.post(`/api/notifications/${n.id}/read`).catch(() => undefined);
    refresh();
    if (n.articleId) navigate(`/articles/${n.articleId}`);
    // A released notice: the list shows it first.
    else if (n.kind === 'notice.released') navigate('/notices');
  }

  const count = unread.data?.unread ?? 0;
  const content = (
    <div className="notice-panel" data-testid="notifications">
      <div className="notice-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={count === 0}
          onClick={async () => {
            await api.post('/api/notifications/read-all').catch(() => undefined);
            refresh();
          }}
        >
          {t('notifications.readAll')}
        </Button>
      </div>
      {list.isLoading ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : list.data?.items.length ? (
        <List
          size="small"
          className="notice-list"
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item className={n.readAt ? 'notice-item' : 'notice-item notice-unread'} onClick={() => void openItem(n)}>
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Typography.Text strong={!n.readAt} ellipsis style={{ maxWidth: 330 }}>
                  {n.title}
                </Typography.Text>
                {n.body && (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 330, fontSize: 12 }}>
                    {n.body}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(n.createdAt).format('MM-DD HH:mm')}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      content={content}
      arrow={false}
    >
      <Badge count={count} size="small" offset={[-4, 4]}>
        <Button type="text" shape="circle" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={t('notifications.title')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
