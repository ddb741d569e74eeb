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
