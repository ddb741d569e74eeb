import type { TComplianceRow, TSolicitation } from '@baosong/contract';
import { api, qs } from '../../api/client';

export interface SolicitationInput {
  topic: string;
  requirements: string;
  deadline: string;
  mandatory: boolean;
  groupIds: number[];
  unitIds: number[];
  upstream?: { channelId?: number | null; topic: string; deadline: string } | null;
}

export const solicitationsApi = {
  list: () => api.get<TSolicitation[]>('/api/solicitations'),
  get: (id: number) => api.get<TSolicitation>(`/api/solicitations/${id}`),
  create: (body: SolicitationInput) => api.post<TSolicitation>('/api/solicitations', body),
  decline: (id: number, reason: string) => api.post<TSolicitation>(`/api/solicitations/${id}/decline`, { reason }),
  rate: (id: number, unitId: number, rating: string) => api.post<TSolicitation>(`/api/solicitations/${id}/ratings`, { unitId, rating }),
  close: (id: number) => api.post<TSolicitation>(`/api/solicitations/${id}/close`),
  compliance: (q: { from: string; to: string; unitId?: number }) => api.get<TComplianceRow[]>(`/api/solicitations/compliance${qs(q)}`),
  complianceXlsxUrl: (q: { from: string; to: string; unitId?: number }) => `/api/solicitations/compliance.xlsx${qs(q)}`,
};

/** 2026年3月18日 17:00 in the office's time zone. */
export function deadlineText(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
}
