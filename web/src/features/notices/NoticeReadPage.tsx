import { Link, Navigate, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FileWordOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useAuth } from '../auth/auth';
import { useI18n } from '../../i18n';
import { ScaledNotice } from './NoticeDocument';
import { download, noticesApi, periodText } from './api';

/** /notices/:id — a released notice as its document, for every unit's people (the desk opens drafts in the editor). */
export function NoticeReadPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const q = useQuery({ queryKey: ['notices', Number(id)], queryFn: () => noticesApi.get(Number(id)) });
  const n = q.data;
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (q.error || !n) return <Alert type="error" showIcon title={q.error?.message ?? t('notices.notFound')} />;
  if (n.state === 'draft' && can('notices.manage')) return <Navigate to={`/notices/${n.id}/edit`} replace />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Link to="/notices">
              <ArrowLeftOutlined /> {t('notices.back')}
            </Link>
            <Typography.Text strong>{n.title}</Typography.Text>
            <Tag color="red">{t('notices.state.released')}</Tag>
          </Space>
          <Button icon={<FileWordOutlined />} onClick={() => download(noticesApi.docxUrl(n.id))} data-testid="notice-export">
            {t('notices.export')}
          </Button>
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          style={{ marginTop: 8 }}
          items={[
            { key: 'period', label: t('notices.period'), children: `${periodText(n)}（${t(`notices.kind.${n.kind}`)}）` },
            { key: 'number', label: t('notices.docNumber'), children: n.docNumberText ?? t('notices.noNumber') },
            { key: 'released', label: t('notices.releasedAt'), children: n.releasedAt ? dayjs(n.releasedAt).format('YYYY-MM-DD HH:mm') : '' },
          ]}
        />
      </Card>
      <div className="notice-desk">
        <ScaledNotice content={n.content} docNumberText={n.docNumberText} plain />
      </div>
    </Space>
  );
}
