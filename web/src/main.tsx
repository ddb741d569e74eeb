import { StrictMode } from 'react';
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
import { ApiError } from './api/client';

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
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'password', element: <ChangePasswordPage /> },
      { path: 'admin/units', element: <RequirePermission permission="units.read"><UnitsPage /></RequirePermission> },
      { path: 'admin/users', element: <RequirePermission permission="users.read"><UsersPage /></RequirePermission> },
      { path: 'articles', element: <RequirePermission permission="articles.unit"><ArticlesPage /></RequirePermission> },
      { path: 'articles/new', element: <RequirePermission permission="articles.unit"><NewArticlePage /></RequirePermission> },
      { path: 'articles/:id/edit', element: <ArticleEditPage /> },
      // Anyone the server lets see the piece (unit people, editors, issuers); it answers 404 otherwise.
      { path: 'articles/:id', element: <ArticleViewPage /> },
      { path: 'desk', element: <RequirePermission permission="articles.desk"><DeskPage /></RequirePermission> },
      { path: 'admin/topics', element: <RequirePermission permission="topics.manage"><TopicsPage /></RequirePermission> },
      { path: 'admin/settings', element: <RequirePermission permission="settings.manage"><SettingsPage /></RequirePermission> },
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
