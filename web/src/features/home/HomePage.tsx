import { Button, Card, Col, Descriptions, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { TArticleState, TUnit } from '@baosong/contract';
import { api } from '../../api/client';
import { articlesApi } from '../../api/articles';
import { StateTag } from '../articles/labels';
import { articleHref, formatTime, ImportDocxButton } from '../articles/ArticlesPage';
import { useAuth } from '../auth/auth';
import { useI18n } from '../../i18n';
import { NAV } from '../../layout/AppLayout';
import { UnitInstructionsCard } from '../reading/InstructionList';
import { MySolicitationsCard } from '../solicitations/MySolicitationsCard';

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
        {can('articles.unit') && (
          <Col xs={24}>
            <UnitArticlesCard />
          </Col>
        )}
        {can('solicitations.unit') && me.unit && (
          <Col xs={24}>
            <MySolicitationsCard />
          </Col>
        )}
        {can('articles.desk') && (
          <Col xs={24}>
            <DeskCountsCard />
          </Col>
        )}
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
        {unit.data && (
          <Col xs={24} md={12}>
            <UnitInstructionsCard unitId={unit.data.id} />
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
      </Row>
    </Space>
  );
}

function CountTile(props: { label: string; value: number; onClick(): void; highlight?: boolean; testId?: string }) {
  return (
    <button type="button" className="count-tile" onClick={props.onClick} data-testid={props.testId}>
      <Statistic title={props.label} value={props.value} styles={{ content: { color: props.highlight && props.value > 0 ? '#b71c1c' : undefined } }} />
    </button>
  );
}

/** A reporter's or approver's own unit: counts by state and the latest pieces. */
function UnitArticlesCard() {
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['articles', 'home'], queryFn: () => articlesApi.list({ pageSize: 6 }) });
  const counts = list.data?.counts ?? {};
  const approver = me?.roles.includes('unit_approver') ?? false;
  const tiles: { state: TArticleState; highlight?: boolean }[] = [
    { state: 'draft' },
    { state: 'awaiting_unit_approval', highlight: approver },
    { state: 'submitted' },
    { state: 'in_review' },
    { state: 'returned', highlight: true },
    { state: 'adopted' },
  ];
  return (
    <Card
      title={t('home.myArticles')}
      data-testid="home-articles"
      extra={
        <Space>
          <ImportDocxButton />
          <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/articles/new')}>
            {t('article.new')}
          </Button>
        </Space>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <div className="count-tiles count-tiles-3">
            {tiles.map((x) => (
              <CountTile
                key={x.state}
                label={t(`article.state.${x.state}`)}
                value={counts[x.state] ?? 0}
                highlight={x.highlight}
                onClick={() => navigate(`/articles?state=${x.state}`)}
              />
            ))}
          </div>
        </Col>
        <Col xs={24} lg={14}>
          <List
            size="small"
            loading={list.isLoading}
            header={<Typography.Text strong>{t('home.recent')}</Typography.Text>}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('articles.empty') }}
            renderItem={(a) => (
              <List.Item extra={<StateTag state={a.state} />}>
                <List.Item.Meta
                  title={<Link to={articleHref(a, me!.id, approver)}>{a.title || t('article.untitled')}</Link>}
                  description={`${t(`article.type.${a.type}`)} · ${formatTime(a.updatedAt)}`}
                />
              </List.Item>
            )}
          />
        </Col>
      </Row>
    </Card>
  );
}

/** An editor's desk at a glance. */
function DeskCountsCard() {
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const all = useQuery({ queryKey: ['articles', 'desk-home'], queryFn: () => articlesApi.list({ pageSize: 1 }) });
  const mine = useQuery({ queryKey: ['articles', 'desk-home', 'mine'], queryFn: () => articlesApi.list({ pageSize: 1, assigneeId: me!.id }) });
  const c = all.data?.counts ?? {};
  return (
    <Card
      title={t('home.desk')}
      data-testid="home-desk"
      extra={
        <Button type="primary" onClick={() => navigate('/desk')}>
          {t('home.openDesk')}
        </Button>
      }
    >
      <div className="count-tiles count-tiles-5">
        <CountTile label={t('desk.tab.submitted')} value={c.submitted ?? 0} highlight onClick={() => navigate('/desk')} testId="home-desk-submitted" />
        <CountTile label={t('article.state.in_review')} value={c.in_review ?? 0} onClick={() => navigate('/desk?state=in_review')} />
        <CountTile label={t('home.mineInReview')} value={mine.data?.counts.in_review ?? 0} onClick={() => navigate('/desk?state=in_review&mine=1')} />
        <CountTile label={t('article.state.reserved')} value={c.reserved ?? 0} onClick={() => navigate('/desk?state=reserved')} />
        <CountTile label={t('article.state.adopted')} value={c.adopted ?? 0} onClick={() => navigate('/desk?state=adopted')} />
      </div>
    </Card>
  );
}
