import { Select, Space } from 'antd';
import { useI18n } from '../../i18n';

/** A period as the API names it: `2026`, `2026-Q2` or `2026-05`. */
export function PeriodPicker({ value, onChange }: { value: string; onChange: (p: string) => void }) {
  const { t } = useI18n();
  const year = Number(value.slice(0, 4));
  const kind = value.length === 4 ? 'year' : value[5] === 'Q' ? 'quarter' : 'month';
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const sub = kind === 'quarter' ? value.slice(5) : kind === 'month' ? value.slice(5) : '';
  const set = (y: number, k: string, s: string) => onChange(k === 'year' ? String(y) : `${y}-${s}`);
  return (
    <Space.Compact>
      <Select value={year} style={{ width: 100 }} options={years.map((y) => ({ value: y, label: t('scoring.yearN', { n: y }) }))} onChange={(y) => set(y, kind, sub)} data-testid="period-year" />
      <Select
        value={kind}
        style={{ width: 90 }}
        options={[
          { value: 'year', label: t('scoring.period.year') },
          { value: 'quarter', label: t('scoring.period.quarter') },
          { value: 'month', label: t('scoring.period.month') },
        ]}
        onChange={(k) => set(year, k, k === 'quarter' ? 'Q1' : '01')}
      />
      {kind === 'quarter' && (
        <Select value={sub} style={{ width: 100 }} options={[1, 2, 3, 4].map((q) => ({ value: `Q${q}`, label: t('scoring.quarterN', { n: q }) }))} onChange={(s) => set(year, kind, s)} />
      )}
      {kind === 'month' && (
        <Select
          value={sub}
          style={{ width: 90 }}
          options={Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).map((m) => ({ value: m, label: t('scoring.monthN', { n: Number(m) }) }))}
          onChange={(s) => set(year, kind, s)}
        />
      )}
    </Space.Compact>
  );
}

export const honourColor = { winner: 'red', advanced: 'orange' } as const;
export const fmtPoints = (n: number) => (Math.round(n * 100) / 100).toString();
export const fmtRate = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
