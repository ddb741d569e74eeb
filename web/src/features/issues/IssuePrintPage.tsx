import { useEffect } from 'react';
import { Button, Result, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { useAuth } from '../auth/auth';
import { issueLabel, periodicalsApi } from './api';
import { IssueDocument, issueToDoc } from './IssueDocument';

/** /issues/:id/print — the issue alone on A4 pages, without the app around it, for the browser's print. */
export function IssuePrintPage() {
  const { me, loading, can } = useAuth();
  const location = useLocation();
  if (loading) return null;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (!can('issues.read')) return <Result status="403" title="403" />;
  return <PrintBody />;
}

function PrintBody() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['issue', id], queryFn: () => periodicalsApi.issue(id) });
  useEffect(() => {
    if (q.data) document.title = issueLabel(q.data);
  }, [q.data]);
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (q.error || !q.data) return <Result status="404" title="404" subTitle={q.error?.message} />;
  return (
    <div className="print-page">
      <div className="print-toolbar">
        <Button icon={<ArrowLeftOutlined />} onClick={() => ((window.history.state as { idx?: number } | null)?.idx ? navigate(-1) : navigate(`/issues/${id}`))}>
          {t('common.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
          {t('issues.printButton')}
        </Button>
      </div>
      <IssueDocument doc={issueToDoc(q.data)} />
    </div>
  );
}
