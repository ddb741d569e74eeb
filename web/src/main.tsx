import { lazy, StrictMode, Suspense } from 'react';
import { Spin } from 'antd';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { I18nProvider, currentLocale } from './i18n';
import { AuthProvider } from './features/auth/auth';
import { ThemedApp } from './ThemedApp';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './features/auth/LoginPage';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage';
import { SecurityPage } from './features/security/SecurityPage';
import { HomePage } from './features/home/HomePage';
import { UnitsPage } from './features/units/UnitsPage';
import { UsersPage } from './features/users/UsersPage';
import { RequirePermission } from './components/RequirePermission';
import { ArticlesPage, NewArticlePage } from './features/articles/ArticlesPage';
import { ArticleEditPage } from './features/articles/ArticleEditPage';
import { ArticleViewPage } from './features/articles/ArticleViewPage';
import { DeskPage } from './features/desk/DeskPage';
import { TopicsPage } from './features/topics/TopicsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { AuditPage } from './features/audit/AuditPage';
import { ApiError } from './api/client';
import { IssuesPage } from './features/issues/IssuesPage';
import { IssuePage } from './features/issues/IssuePage';
import { IssuePrintPage } from './features/issues/IssuePrintPage';
import { ReadingRoomPage } from './features/reading/ReadingRoomPage';
import { ReadingIssuePage } from './features/reading/ReadingIssuePage';
import { FollowupsPage } from './features/followups/FollowupsPage';
import { MyFollowupsPage } from './features/followups/MyFollowupsPage';
import { PublicationsPage } from './features/publications/PublicationsPage';
import { ChannelsPage } from './features/forwarding/ChannelsPage';
import { ForwardingPage } from './features/forwarding/ForwardingPage';
import { SolicitationsPage } from './features/solicitations/SolicitationsPage';
import { CompliancePage } from './features/solicitations/CompliancePage';
import { SearchPage } from './features/search/SearchPage';
import { OutboxPage } from './features/outbox/OutboxPage';
import { AssessmentPage } from './features/scoring/AssessmentPage';
import { UnitScorePage } from './features/scoring/UnitScorePage';
import { RuleSetsPage } from './features/scoring/RuleSetsPage';
import { NoticesPage } from './features/notices/NoticesPage';
import { NoticeEditPage } from './features/notices/NoticeEditPage';
import { NoticeReadPage } from './features/notices/NoticeReadPage';

// The dashboards carry echarts: loaded on first visit, so the rest of the app does not wait for it.
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage'));

document.documentElement.lang = currentLocale.value;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // The print view stands alone: the issue on A4 pages with nothing of the app around it.
  { path: '/issues/:id/print', element: <IssuePrintPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'password', element: <ChangePasswordPage /> },
      { path: 'security', element: <SecurityPage /> },
      { path: 'admin/units', element: <RequirePermission permission="units.read"><UnitsPage /></RequirePermission> },
      { path: 'admin/users', element: <RequirePermission permission="users.read"><UsersPage /></RequirePermission> },
      { path: 'articles', element: <RequirePermission permission="articles.unit"><ArticlesPage /></RequirePermission> },
      { path: 'articles/new', element: <RequirePermission permission="articles.unit"><NewArticlePage /></RequirePermission> },
      { path: 'articles/:id/edit', element: <ArticleEditPage /> },
      // Anyone the server lets see the piece (unit people, editors, issuers); it answers 404 otherwise.
      { path: 'articles/:id', element: <ArticleViewPage /> },
      { path: 'search', element: <RequirePermission permission="search.use"><SearchPage /></RequirePermission> },
      { path: 'desk', element: <RequirePermission permission="articles.desk"><DeskPage /></RequirePermission> },
      { path: 'admin/topics', element: <RequirePermission permission="topics.manage"><TopicsPage /></RequirePermission> },
      { path: 'admin/settings', element: <RequirePermission permission="settings.manage"><SettingsPage /></RequirePermission> },
      { path: 'issues', element: <RequirePermission permission="issues.office"><IssuesPage /></RequirePermission> },
      { path: 'issues/:id', element: <RequirePermission permission="issues.office"><IssuePage /></RequirePermission> },
      { path: 'reading', element: <RequirePermission permission="issues.read"><ReadingRoomPage /></RequirePermission> },
      { path: 'reading/:id', element: <RequirePermission permission="issues.read"><ReadingIssuePage /></RequirePermission> },
      { path: 'followups', element: <RequirePermission permission="followups.manage"><FollowupsPage /></RequirePermission> },
      { path: 'my-followups', element: <RequirePermission permission="followups.unit"><MyFollowupsPage /></RequirePermission> },
      { path: 'admin/publications', element: <RequirePermission permission="publications.manage"><PublicationsPage /></RequirePermission> },
      { path: 'audit', element: <RequirePermission permission="audit.read"><AuditPage /></RequirePermission> },
      { path: 'admin/channels', element: <RequirePermission permission="channels.manage"><ChannelsPage /></RequirePermission> },
      { path: 'admin/outbox', element: <RequirePermission permission="delivery.manage"><OutboxPage /></RequirePermission> },
      { path: 'forwarding', element: <RequirePermission permission="forwarding.read"><ForwardingPage /></RequirePermission> },
      { path: 'solicitations', element: <RequirePermission permission="solicitations.manage"><SolicitationsPage /></RequirePermission> },
      { path: 'solicitation-compliance', element: <RequirePermission permission="solicitations.compliance"><CompliancePage /></RequirePermission> },
      {
        path: 'dashboard',
        element: (
          <RequirePermission permission="dashboard.read">
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              <DashboardPage />
            </Suspense>
          </RequirePermission>
        ),
      },
      { path: 'assessment', element: <RequirePermission permission="scoring.read"><AssessmentPage /></RequirePermission> },
      // The server decides (a unit's own people, or scoring.read holders).
      { path: 'scores/units/:id', element: <UnitScorePage /> },
      { path: 'my-score', element: <RequirePermission permission="articles.unit"><UnitScorePage own /></RequirePermission> },
      { path: 'admin/scoring', element: <RequirePermission permission="scoring.manage"><RuleSetsPage /></RequirePermission> },
      { path: 'notices', element: <RequirePermission permission="notices.read"><NoticesPage /></RequirePermission> },
      { path: 'notices/:id', element: <RequirePermission permission="notices.read"><NoticeReadPage /></RequirePermission> },
      { path: 'notices/:id/edit', element: <RequirePermission permission="notices.manage"><NoticeEditPage /></RequirePermission> },
      { path: '*', element: <RequirePermission notFound /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <ThemedApp>
            <RouterProvider router={router} />
          </ThemedApp>
        </AuthProvider>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
