import type { TDedupSettings, TSearchResult, TSimilarResult } from '@baosong/contract';
import { api, qs } from './client';

export const dedupApi = {
  similar: (id: number) => api.get<TSimilarResult>(`/api/articles/${id}/similar`),
  check: (id: number) => api.post<TSimilarResult>(`/api/articles/${id}/similar/check`),
  settings: () => api.get<TDedupSettings>('/api/settings/dedup'),
  saveSettings: (s: TDedupSettings) => api.put<TDedupSettings>('/api/settings/dedup', s),
};

export interface SearchParams {
  q: string;
  unitId?: number;
  groupId?: number;
  type?: string;
  topicId?: number;
  state?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export const searchApi = {
  search: (p: SearchParams) => api.get<TSearchResult>(`/api/search${qs({ ...p })}`),
};
