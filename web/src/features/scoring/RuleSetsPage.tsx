import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DownloadOutlined, EyeOutlined, PlusOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CHANNEL_LEVELS,
  LEADER_RANKS,
  PUBLICATION_KINDS,
  TIE_BREAKS,
  ZRuleSetDocument,
  type THonoursRule,
  type TInstructionRule,
  type TPlacementRule,
  type TRuleSetDocument,
  type TUpstreamRule,
  type TWhatIf,
  type TWhatIfRow,
} from '@baosong/contract';
import { useI18n } from '../../i18n';
import { scoringApi } from './api';
import { fmtPoints, honourColor, PeriodPicker } from './PeriodPicker';

/**
 * /admin/scoring — the rule sets (计分办法) per year: a friendly form and the JSON document (import/export), both
 * validated; a what-if preview of the draft on any period; saving makes a new version of the year's rule set.
 */
export function RuleSetsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [doc, setDoc] = useState<TRuleSetDocument | null>(null);
  const [name, setName] = useState('');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [period, setPeriod] = useState(String(thisYear));
  const [preview, setPreview] = useState<TWhatIf | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({ queryKey: ['scoring', 'rule-sets'], queryFn: scoringApi.ruleSets });
  const versions = (list.data ?? []).filter((r) => r.year === year);

  // Start from the year's latest version, else the latest earlier one, else the default.
  useEffect(() => {
    if (!list.data) return;
    const base = list.data.find((r) => r.year <= year);
    let cancelled = false;
    void (async () => {
      const d = base ? (await scoringApi.ruleSet(base.id)).document : await scoringApi.defaultRuleSet();
      if (cancelled) return;
      setDoc(d);
      setName(base?.name ?? t('scoring.defaultName'));
      setPreview(null);
    })();
    return () => {
      cancelled = true;
    };
  }, [list.data, year, t]);
  useEffect(() => {
    if (doc) setJson(JSON.stringify(doc, null, 2));
  }, [doc]);

  if (!doc) return <Card loading />;
  const patch = (p: Partial<TRuleSetDocument>) => {
    setDoc({ ...doc, ...p });
    setPreview(null);
  };
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));

  function applyJson(text: string) {
    try {
      const parsed = ZRuleSetDocument.safeParse(JSON.parse(text));
      if (!parsed.success) {
        setJsonError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
        return;
      }
      setJsonError(null);
      patch(parsed.data);
      message.success(t('scoring.jsonApplied'));
    } catch (e) {
      setJsonError(e instanceof Error ? e.message : String(e));
    }
  }
  async function runPreview() {
    setBusy(true);
    try {
      setPreview(await scoringApi.whatIf(period, doc!));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }
  async function save() {
    setBusy(true);
    try {
      const saved = await scoringApi.saveRuleSet({ year, name, document: doc! });
      message.success(t('scoring.savedVersion', { year, version: saved.version }));
      void qc.invalidateQueries({ queryKey: ['scoring'] });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }
  const exportJson = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `计分办法_${year}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const num = (value: number, onChange: (n: number) => void, testid?: string, min = -10000) => (
    <InputNumber size="small" value={value} min={min} max={10000} onChange={(v) => onChange(typeof v === 'number' ? v : 0)} data-testid={testid} style={{ width: 90 }} />
  );
  const setAt = <T,>(arr: T[], i: number, v: Partial<T>) => arr.map((x, j) => (j === i ? { ...x, ...v } : x));
  const del = (onClick: () => void) => <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onClick} aria-label={t('common.delete')} />;

  const form = (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Section title={t('scoring.rules.placements')} onAdd={() => patch({ placements: [...doc.placements, { id: `rule-${doc.placements.length + 1}`, label: '', publicationKind: null, publicationId: null, full: 0, composite: 0, compositeMode: 'split', across: 'cumulative' }] })}>
        <Table<TPlacementRule>
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={doc.placements}
          columns={[
            { title: t('scoring.rules.label'), render: (_, r, i) => <Input size="small" value={r.label} onChange={(e) => patch({ placements: setAt(doc.placements, i, { label: e.target.value }) })} /> },
            {
              title: t('scoring.rules.publicationKind'),
              width: 130,
              render: (_, r, i) => (
                <Select
                  size="small"
                  style={{ width: 120 }}
                  value={r.publicationKind ?? ''}
                  options={[{ value: '', label: t('common.all') }, ...PUBLICATION_KINDS.map((k) => ({ value: k, label: t(`publication.kind.${k}`) }))]}
                  onChange={(v) => patch({ placements: setAt(doc.placements, i, { publicationKind: (v || null) as TPlacementRule['publicationKind'] }) })}
                />
              ),
            },
            { title: t('scoring.rules.full'), width: 100, render: (_, r, i) => num(r.full, (n) => patch({ placements: setAt(doc.placements, i, { full: n }) }), `placement-full-${r.id}`) },
            { title: t('scoring.rules.composite'), width: 100, render: (_, r, i) => num(r.composite, (n) => patch({ placements: setAt(doc.placements, i, { composite: n }) })) },
            {
              title: t('scoring.rules.compositeMode'),
              width: 130,
              render: (_, r, i) => (
                <Select size="small" style={{ width: 120 }} value={r.compositeMode} options={(['split', 'each'] as const).map((m) => ({ value: m, label: t(`scoring.rules.mode.${m}`) }))} onChange={(v) => patch({ placements: setAt(doc.placements, i, { compositeMode: v }) })} />
              ),
            },
            {
              title: t('scoring.rules.across'),
              width: 130,
              render: (_, r, i) => (
                <Select size="small" style={{ width: 120 }} value={r.across} options={(['cumulative', 'highest'] as const).map((m) => ({ value: m, label: t(`scoring.rules.across.${m}`) }))} onChange={(v) => patch({ placements: setAt(doc.placements, i, { across: v }) })} />
              ),
            },
            { width: 40, render: (_, __, i) => del(() => patch({ placements: doc.placements.filter((_x, j) => j !== i) })) },
          ]}
        />
      </Section>
      <Section title={t('scoring.rules.upstream')} onAdd={() => patch({ upstream: [...doc.upstream, { id: `up-${doc.upstream.length + 1}`, label: '', channelLevel: 'province', channelId: null, upstreamPublicationId: null, forwarded: 0, adopted: 0, officeMultiplier: 1, compositeMode: 'each' }] })}>
        <Table<TUpstreamRule>
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={doc.upstream}
          columns={[
            { title: t('scoring.rules.label'), render: (_, r, i) => <Input size="small" value={r.label} onChange={(e) => patch({ upstream: setAt(doc.upstream, i, { label: e.target.value }) })} /> },
            {
              title: t('scoring.rules.channelLevel'),
              width: 120,
              render: (_, r, i) => (
                <Select
                  size="small"
                  style={{ width: 110 }}
                  value={r.channelLevel ?? ''}
                  options={[{ value: '', label: t('common.all') }, ...CHANNEL_LEVELS.map((k) => ({ value: k, label: t(`scoring.rules.level.${k}`) }))]}
                  onChange={(v) => patch({ upstream: setAt(doc.upstream, i, { channelLevel: (v || null) as TUpstreamRule['channelLevel'] }) })}
                />
              ),
            },
            { title: t('scoring.rules.forwarded'), width: 100, render: (_, r, i) => num(r.forwarded, (n) => patch({ upstream: setAt(doc.upstream, i, { forwarded: n }) }), `upstream-forwarded-${r.id}`) },
            { title: t('scoring.rules.adopted'), width: 100, render: (_, r, i) => num(r.adopted, (n) => patch({ upstream: setAt(doc.upstream, i, { adopted: n }) }), `upstream-adopted-${r.id}`) },
            { title: t('scoring.rules.multiplier'), width: 100, render: (_, r, i) => num(r.officeMultiplier, (n) => patch({ upstream: setAt(doc.upstream, i, { officeMultiplier: n }) }), undefined, 0) },
            { width: 40, render: (_, __, i) => del(() => patch({ upstream: doc.upstream.filter((_x, j) => j !== i) })) },
          ]}
        />
      </Section>
      <Section title={t('scoring.rules.instructions')} onAdd={() => patch({ instructions: [...doc.instructions, { id: `ins-${doc.instructions.length + 1}`, label: '', rank: 'city_other', points: 0, countEach: false }] })}>
        <Table<TInstructionRule>
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={doc.instructions}
          columns={[
            { title: t('scoring.rules.label'), render: (_, r, i) => <Input size="small" value={r.label} onChange={(e) => patch({ instructions: setAt(doc.instructions, i, { label: e.target.value }) })} /> },
            {
              title: t('scoring.rules.rank'),
              width: 170,
              render: (_, r, i) => (
                <Select size="small" style={{ width: 160 }} value={r.rank} options={LEADER_RANKS.map((k) => ({ value: k, label: t(`leaderRank.${k}`) }))} onChange={(v) => patch({ instructions: setAt(doc.instructions, i, { rank: v }) })} />
              ),
            },
            { title: t('scoring.rules.points'), width: 100, render: (_, r, i) => num(r.points, (n) => patch({ instructions: setAt(doc.instructions, i, { points: n }) }), `instruction-points-${r.id}`) },
            { title: t('scoring.rules.countEach'), width: 110, render: (_, r, i) => <Switch size="small" checked={r.countEach} onChange={(v) => patch({ instructions: setAt(doc.instructions, i, { countEach: v }) })} /> },
            { width: 40, render: (_, __, i) => del(() => patch({ instructions: doc.instructions.filter((_x, j) => j !== i) })) },
          ]}
        />
      </Section>
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('scoring.rules.solicitation')}</Typography.Title>
          <Form layout="horizontal" labelCol={{ span: 10 }} size="small">
            {(['onTime', 'adopted', 'late', 'missing'] as const).map((k) => (
              <Form.Item key={k} label={t(`scoring.rules.sol.${k}`)}>
                {num(doc.solicitation[k], (n) => patch({ solicitation: { ...doc.solicitation, [k]: n } }), `solicitation-${k}`)}
              </Form.Item>
            ))}
            <Form.Item label={t('scoring.rules.sol.zeroAfterMissing')} extra={t('scoring.rules.sol.zeroHint')}>
              <InputNumber
                size="small"
                min={1}
                max={100}
                value={doc.solicitation.zeroAfterMissing}
                placeholder={t('scoring.rules.off')}
                onChange={(v) => patch({ solicitation: { ...doc.solicitation, zeroAfterMissing: typeof v === 'number' ? v : null } })}
              />
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('scoring.rules.monthly')}</Typography.Title>
          <Form layout="horizontal" labelCol={{ span: 10 }} size="small">
            <Form.Item label={t('scoring.rules.monthlyPoints')} extra={t('scoring.rules.monthlyHint')}>
              <InputNumber size="small" value={doc.monthlyTarget?.points ?? null} placeholder={t('scoring.rules.off')} onChange={(v) => patch({ monthlyTarget: typeof v === 'number' ? { points: v, defaultTarget: doc.monthlyTarget?.defaultTarget ?? null } : null })} />
            </Form.Item>
            <Form.Item label={t('scoring.rules.rateThreshold')}>
              <InputNumber
                size="small"
                min={0}
                max={100}
                addonAfter="%"
                value={doc.adoptionRate ? Math.round(doc.adoptionRate.threshold * 100) : null}
                placeholder={t('scoring.rules.off')}
                onChange={(v) => patch({ adoptionRate: typeof v === 'number' ? { threshold: v / 100, penalty: doc.adoptionRate?.penalty ?? -5, minSubmitted: doc.adoptionRate?.minSubmitted ?? 1 } : null })}
              />
            </Form.Item>
            {doc.adoptionRate && (
              <Form.Item label={t('scoring.rules.ratePenalty')}>{num(doc.adoptionRate.penalty, (n) => patch({ adoptionRate: { ...doc.adoptionRate!, penalty: n } }))}</Form.Item>
            )}
          </Form>
        </Col>
      </Row>
      <Section title={t('scoring.rules.honours')} onAdd={() => patch({ honours: [...doc.honours, { group: '*', mode: 'count', winners: 3, advanced: 3 }] })}>
        <Table<THonoursRule>
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={doc.honours}
          columns={[
            { title: t('scoring.rules.group'), render: (_, r, i) => <Input size="small" value={r.group} onChange={(e) => patch({ honours: setAt(doc.honours, i, { group: e.target.value }) })} /> },
            {
              title: t('scoring.rules.honourMode'),
              width: 130,
              render: (_, r, i) => (
                <Select size="small" style={{ width: 120 }} value={r.mode} options={(['count', 'threshold'] as const).map((m) => ({ value: m, label: t(`scoring.rules.honourMode.${m}`) }))} onChange={(v) => patch({ honours: setAt(doc.honours, i, { mode: v }) })} />
              ),
            },
            { title: t('scoring.honour.winner'), width: 100, render: (_, r, i) => num(r.winners, (n) => patch({ honours: setAt(doc.honours, i, { winners: n }) }), undefined, 0) },
            { title: t('scoring.honour.advanced'), width: 100, render: (_, r, i) => num(r.advanced, (n) => patch({ honours: setAt(doc.honours, i, { advanced: n }) }), undefined, 0) },
            { width: 40, render: (_, __, i) => del(() => patch({ honours: doc.honours.filter((_x, j) => j !== i) })) },
          ]}
        />
        <Space style={{ marginTop: 8 }}>
          <Typography.Text>{t('scoring.rules.tieBreak')}</Typography.Text>
          <Select
            mode="multiple"
            style={{ minWidth: 360 }}
            value={doc.tieBreak}
            options={TIE_BREAKS.map((k) => ({ value: k, label: t(`scoring.tie.${k}`) }))}
            onChange={(v) => patch({ tieBreak: v })}
          />
        </Space>
      </Section>
    </Space>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('scoring.ruleSets')}
        extra={
          <Space wrap>
            <Select value={year} style={{ width: 110 }} options={Array.from({ length: 6 }, (_, i) => thisYear + 1 - i).map((y) => ({ value: y, label: t('scoring.yearN', { n: y }) }))} onChange={setYear} data-testid="rule-year" />
            <Input value={name} onChange={(e) => setName(e.target.value)} style={{ width: 220 }} placeholder={t('scoring.ruleSetName')} />
            <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={save} disabled={name.trim().length < 2} data-testid="save-rule-set">
              {t('scoring.saveVersion')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {versions.length
            ? t('scoring.versions', { list: versions.map((v) => `v${v.version}（${v.createdAt.slice(0, 10)} ${v.createdBy}）`).join('、') })
            : t('scoring.noVersions', { year })}
        </Typography.Paragraph>
        <Tabs
          items={[
            { key: 'form', label: t('scoring.tab.form'), children: form },
            {
              key: 'json',
              label: t('scoring.tab.json'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space>
                    <Button onClick={() => applyJson(json)}>{t('scoring.applyJson')}</Button>
                    <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => (void f.text().then((s) => (setJson(s), applyJson(s))), false)}>
                      <Button icon={<UploadOutlined />}>{t('scoring.importJson')}</Button>
                    </Upload>
                    <Button icon={<DownloadOutlined />} onClick={exportJson}>
                      {t('scoring.exportJson')}
                    </Button>
                  </Space>
                  {jsonError && <Alert type="error" showIcon message={t('scoring.jsonInvalid')} description={jsonError} />}
                  <Input.TextArea value={json} onChange={(e) => setJson(e.target.value)} autoSize={{ minRows: 16, maxRows: 40 }} style={{ fontFamily: 'monospace', fontSize: 12 }} />
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('scoring.whatIf')}
        extra={
          <Space>
            <PeriodPicker value={period} onChange={(p) => (setPeriod(p), setPreview(null))} />
            <Button icon={<EyeOutlined />} onClick={runPreview} loading={busy} data-testid="preview">
              {t('scoring.preview')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('scoring.whatIfHint')}</Typography.Paragraph>
        {preview && <WhatIfTable data={preview} />}
      </Card>
    </Space>
  );
}

function Section({ title, onAdd, children }: { title: string; onAdd: () => void; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Button size="small" icon={<PlusOutlined />} onClick={onAdd}>
          {t('scoring.rules.add')}
        </Button>
      </Space>
      {children}
    </div>
  );
}

function WhatIfTable({ data }: { data: TWhatIf }) {
  const { t } = useI18n();
  const moved = data.rows.filter((r) => r.moved !== 0).length;
  return (
    <>
      <Typography.Paragraph data-testid="moved-count">{t('scoring.movedCount', { n: moved })}</Typography.Paragraph>
      <Table<TWhatIfRow>
        rowKey="unitId"
        size="small"
        pagination={false}
        dataSource={data.rows}
        data-testid="what-if"
        columns={[
          { title: t('scoring.group'), dataIndex: 'groupName', width: 100 },
          { title: t('scoring.unit'), dataIndex: 'unitName' },
          { title: t('scoring.currentRank'), width: 90, render: (_, r) => `${r.currentRank}（${fmtPoints(r.currentTotal)}）` },
          { title: t('scoring.draftRank'), width: 90, render: (_, r) => `${r.draftRank}（${fmtPoints(r.draftTotal)}）` },
          {
            title: t('scoring.moved'),
            width: 90,
            render: (_, r) =>
              r.moved > 0 ? (
                <Tag color="green" icon={<ArrowUpOutlined />} data-testid="moved">
                  {r.moved}
                </Tag>
              ) : r.moved < 0 ? (
                <Tag color="red" icon={<ArrowDownOutlined />} data-testid="moved">
                  {-r.moved}
                </Tag>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: t('scoring.honour'),
            width: 170,
            render: (_, r) => (
              <Space size={4}>
                {r.currentHonour ? <Tag color={honourColor[r.currentHonour]}>{t(`scoring.honour.${r.currentHonour}`)}</Tag> : <Typography.Text type="secondary">—</Typography.Text>}→
                {r.draftHonour ? <Tag color={honourColor[r.draftHonour]}>{t(`scoring.honour.${r.draftHonour}`)}</Tag> : <Typography.Text type="secondary">—</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
