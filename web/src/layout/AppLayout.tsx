import { Avatar, Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CarryOutOutlined,
  CloudUploadOutlined,
  MailOutlined,
  NodeIndexOutlined,
  SolutionOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  ReadOutlined,
  FileTextOutlined,
  FlagOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  SearchOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  TrophyOutlined,
  CalculatorOutlined,
  NotificationOutlined,
  BarChartOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { useRef, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { TPermission } from '@baosong/contract';
import { useAuth } from '../features/auth/auth';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NotificationBell } from '../features/notifications/NotificationBell';

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown only to holders of this permission (the same table the server enforces). */
  permission?: TPermission;
}

export const NAV: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
  { path: '/articles', label: 'nav.articles', icon: <FileTextOutlined />, permission: 'articles.unit' },
  { path: '/desk', label: 'nav.desk', icon: <AuditOutlined />, permission: 'articles.desk' },
  { path: '/search', label: 'nav.search', icon: <SearchOutlined />, permission: 'search.use' },
  { path: '/issues', label: 'nav.issues', icon: <ReadOutlined />, permission: 'issues.office' },
  { path: '/reading', label: 'nav.reading', icon: <BookOutlined />, permission: 'issues.read' },
  { path: '/followups', label: 'nav.followups', icon: <CarryOutOutlined />, permission: 'followups.manage' },
  { path: '/my-followups', label: 'nav.myFollowups', icon: <CarryOutOutlined />, permission: 'followups.unit' },
  { path: '/forwarding', label: 'nav.forwarding', icon: <CloudUploadOutlined />, permission: 'forwarding.read' },
  { path: '/solicitations', label: 'nav.solicitations', icon: <SolutionOutlined />, permission: 'solicitations.manage' },
  { path: '/solicitation-compliance', label: 'nav.compliance', icon: <SolutionOutlined />, permission: 'solicitations.compliance' },
  { path: '/dashboard', label: 'nav.dashboard', icon: <BarChartOutlined />, permission: 'dashboard.read' },
  { path: '/assessment', label: 'nav.assessment', icon: <TrophyOutlined />, permission: 'scoring.read' },
  { path: '/my-score', label: 'nav.myScore', icon: <TrophyOutlined />, permission: 'articles.unit' },
  { path: '/notices', label: 'nav.notices', icon: <NotificationOutlined />, permission: 'notices.read' },
  { path: '/admin/units', label: 'nav.units', icon: <ApartmentOutlined />, permission: 'units.read' },
  { path: '/admin/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'users.read' },
  { path: '/admin/publications', label: 'nav.publications', icon: <ProfileOutlined />, permission: 'publications.manage' },
  { path: '/admin/topics', label: 'nav.topics', icon: <FlagOutlined />, permission: 'topics.manage' },
  { path: '/admin/channels', label: 'nav.channels', icon: <NodeIndexOutlined />, permission: 'channels.manage' },
  { path: '/admin/outbox', label: 'nav.outbox', icon: <MailOutlined />, permission: 'delivery.manage' },
  { path: '/admin/scoring', label: 'nav.ruleSets', icon: <CalculatorOutlined />, permission: 'scoring.manage' },
  { path: '/admin/settings', label: 'nav.settings', icon: <SettingOutlined />, permission: 'settings.manage' },
  { path: '/audit', label: 'nav.audit', icon: <SafetyCertificateOutlined />, permission: 'audit.read' },
];

export function AppLayout() {
  const { me, can, logout, loading } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  // Set while signing out on purpose: the next person to sign in starts at their own home page, not at ours.
  const signingOut = useRef(false);
  if (loading) return null;
  if (!me) return <Navigate to="/login" replace state={signingOut.current ? null : { from: location.pathname }} />;
  if (me.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;

  const items = NAV.filter((n) => !n.permission || can(n.permission)).map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) }));
  const visible = NAV.filter((n) => !n.permission || can(n.permission));
  const selected = visible.filter((n) => n.path !== '/' && location.pathname.startsWith(n.path)).map((n) => n.path);
  // An editor reading an article came from the desk.
  if (!selected.length && location.pathname.startsWith('/articles/') && can('articles.desk')) selected.push('/desk');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <div className="app-brand" onClick={() => navigate('/')}>
          <span className="app-emblem">报</span>
          <span>{t('app.name')}</span>
        </div>
        <Space size="middle">
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown
            menu={{
              items: [
                { key: 'password', icon: <KeyOutlined />, label: t('user.menu.password') },
                { key: 'security', icon: <SafetyOutlined />, label: t('user.menu.security') },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('user.menu.logout') },
              ],
              onClick: ({ key }) => {
                if (key === 'password') navigate('/password');
                if (key === 'security') navigate('/security');
                if (key === 'logout') {
                  signingOut.current = true;
                  void logout().then(() => navigate('/login', { replace: true }));
                }
              },
            }}
          >
            <Space className="app-user" data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#b71c1c' }} />
              <span>{me.displayName}</span>
              {me.unit && <Tag>{me.unit.shortName ?? me.unit.name}</Tag>}
            </Space>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={208} theme="light" breakpoint="lg" collapsedWidth={0} className="app-sider">
          <Menu
            mode="inline"
            selectedKeys={selected.length ? selected : [location.pathname === '/' ? '/' : '']}
            items={items}
            onClick={({ key }) => navigate(key)}
            style={{ borderInlineEnd: 0, paddingTop: 8 }}
            data-testid="nav"
          />
        </Layout.Sider>
        <Layout.Content className="app-content">
          <Outlet />
          <Typography.Paragraph type="secondary" className="app-footer">
            {t('app.footer')}
          </Typography.Paragraph>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
