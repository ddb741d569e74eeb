import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { TUnit } from '@baosong/contract';
import { api } from '../../api/client';
import { useAuth } from '../auth/auth';
import { useI18n } from '../../i18n';
import { NAV } from '../../layout/AppLayout';

export function HomePage() {
  const { me, can } = useAuth();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const unitId = me?.unit?.id;
  const unit = useQuery({
    queryKey: ['unit', unitId],
    queryFn: () => api.get<TUnit>(`/api/units/${unitId}`),
    enabled: Boolean(unitId),
  });
  if (!me) return null;
  const shortcuts = NAV.filter((n) => n.path !== '/' && (!n.permission || can(n.permission)));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('home.roles')}>
            <Space wrap>
              {me.roles.map((r) => (
                <Tag color="red" key={r} data-testid="role-tag">
                  {t(`role.${r}`)}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.unit')}>{me.unit ? me.unit.name : t('home.office')}</Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary">
          {t('home.sessionUntil', { time: new Date(me.sessionExpiresAt).toLocaleString(locale) })}
        </Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        {unit.data && (
          <Col xs={24} md={12}>
            <Card title={t('home.unitCard')} data-testid="unit-card">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('units.name')}>{unit.data.name}</Descriptions.Item>
                <Descriptions.Item label={t('home.group')}>{unit.data.groupName}</Descriptions.Item>
                <Descriptions.Item label={t('home.contact')}>
                  {[unit.data.contactName, unit.data.contactPhone].filter(Boolean).join(' ') || t('common.none')}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
        )}
        {shortcuts.length > 0 && (
          <Col xs={24} md={12}>
            <Card title={t('home.quick')}>
              <Space wrap>
                {shortcuts.map((s) => (
                  <Card.Grid key={s.path} hoverable style={{ width: 160, textAlign: 'center', cursor: 'pointer' }} onClick={() => navigate(s.path)}>
                    <div style={{ fontSize: 24, color: '#b71c1c' }}>{s.icon}</div>
                    {t(s.label)}
                  </Card.Grid>
                ))}
              </Space>
            </Card>
          </Col>
        )}
        <Col xs={24}>
          <Typography.Text type="secondary">{t('home.comingSoon')}</Typography.Text>
        </Col>
      </Row>
    </Space>
  );
}
