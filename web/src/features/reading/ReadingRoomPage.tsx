import { useState } from 'react';
import { Card, List, Select, Space, Tag, Typography } from 'antd';
import { ReadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { chineseDate, issueLabel, periodicalsApi } from '../issues/api';

/** /reading — released issues, newest first, for leaders (and the office). */
export function ReadingRoomPage() {
  const { t } = useI18n();
  const [publicationId, setPublicationId] = useState<number>();
  const pubs = useQuery({ queryKey: ['publications'], queryFn: periodicalsApi.publications, staleTime: 60_000 });
  const list = useQuery({ queryKey: ['issues', 'released', publicationId], queryFn: () => periodicalsApi.issues({ state: 'released', publicationId }) });
  const issues = [...(list.data ?? [])].sort(
    (a, b) => b.issueDate.localeCompare(a.issueDate) || (b.releasedAt ?? '').localeCompare(a.releasedAt ?? '') || b.totalNumber - a.totalNumber,
  );
  return (
    <Card
      title={t('reading.title')}
      extra={
        <Select
          allowClear
          placeholder={t('issues.publication')}
          style={{ width: 220 }}
          value={publicationId}
          onChange={(v?: number) => setPublicationId(v)}
          options={pubs.data?.map((p) => ({ value: p.id, label: p.name }))}
        />
      }
    >
      <List
        loading={list.isLoading}
        dataSource={issues}
        locale={{ emptyText: t('reading.empty') }}
        data-testid="reading-list"
        renderItem={(i) => (
          <List.Item
            data-testid="reading-item"
            extra={
              <Space>
                {i.instructionCount > 0 && <Tag color="red">{t('reading.instructed', { n: i.instructionCount })}</Tag>}
                <Typography.Text type="secondary">{chineseDate(i.issueDate)}</Typography.Text>
              </Space>
            }
          >
            <List.Item.Meta
              avatar={<ReadOutlined style={{ fontSize: 22, color: "#b71c1c" }} />}
              title={<Link to={`/reading/${i.id}`}>{issueLabel(i)}</Link>}
              description={t('reading.pieces', { n: i.pieceCount })}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
