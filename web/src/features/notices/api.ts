import {
  formatFigure,
  type TNotice,
  type TNoticeContent,
  type TNoticeDrift,
  type TNoticeFigure,
  type TNoticeGenerateInput,
  type TNoticeSettings,
  type TNoticeSummary,
  type TNoticeUpdateInput,
} from '@baosong/contract';
import { api } from '../../api/client';
import type { Translate } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';

export const noticesApi = {
  list: () => api.get<TNoticeSummary[]>('/api/notices'),
  get: (id: number) => api.get<TNotice>(`/api/notices/${id}`),
  generate: (input: TNoticeGenerateInput) => api.post<TNotice>('/api/notices', input),
  update: (id: number, input: TNoticeUpdateInput) => api.patch<TNotice>(`/api/notices/${id}`, input),
  refresh: (id: number, rowVersion: number) => api.post<TNotice>(`/api/notices/${id}/refresh`, { rowVersion }),
  release: (id: number, rowVersion: number) => api.post<TNotice>(`/api/notices/${id}/release`, { rowVersion }),
  drift: (id: number) => api.get<TNoticeDrift>(`/api/notices/${id}/drift`),
  settings: () => api.get<TNoticeSettings>('/api/settings/notices'),
  saveSettings: (s: TNoticeSettings) => api.put<TNoticeSettings>('/api/settings/notices', s),
  docxUrl: (id: number) => `/api/notices/${id}/export.docx`,
};

/** Downloads a URL the browser may fetch with the session cookie (the .docx export). */
export function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** What a figure counts, in words: its query and the parameters it was asked with. */
export function figureLabel(t: Translate, f: Pick<TNoticeFigure, 'key' | 'params'>): string {
  const base = t(`notices.fig.${f.key}` as MessageKey);
  const p = f.params;
  const extra: string[] = [];
  if (p.publication !== undefined) extra.push(`《${p.publication}》`);
  if (p.group !== undefined) extra.push(String(p.group));
  if (p.level !== undefined) extra.push(t(`notices.level.${p.level}` as MessageKey));
  if (p.kind !== undefined) extra.push(t(`notices.notable.${p.kind}` as MessageKey));
  return extra.length ? `${base}（${extra.join(' · ')}）` : base;
}

/** Every figure of a notice by "section/paragraph/name", formatted as the text shows it. */
export function figureValues(content: TNoticeContent): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of content.sections)
    for (const p of s.paragraphs) for (const [name, f] of Object.entries(p.figures)) out.set(`${s.id}/${p.id}/${name}`, formatFigure(f));
  return out;
}

export interface FigureChange {
  key: string;
  label: string;
  before: string;
  after: string;
}

/** The figures whose shown value differs between two versions of a notice. */
export function changedFigures(t: Translate, before: TNoticeContent, after: TNoticeContent): FigureChange[] {
  const old = figureValues(before);
  const out: FigureChange[] = [];
  for (const s of after.sections)
    for (const p of s.paragraphs)
      for (const [name, f] of Object.entries(p.figures)) {
        const key = `${s.id}/${p.id}/${name}`;
        const was = old.get(key);
        const now = formatFigure(f);
        if (was !== undefined && was !== now) out.push({ key, label: figureLabel(t, f), before: was, after: now });
      }
  return out;
}

/** 2014年 / 2014年6月 */
export function periodText(n: Pick<TNoticeSummary, 'year' | 'month'>): string {
  return n.month ? `${n.year}年${n.month}月` : `${n.year}年`;
}
