import type { TArticle, TArticleImported, TArticleState, TArticleSummary, TGuardFinding } from '@baosong/contract';
import { api, qs } from './client';

/** Shapes of the article endpoints the contract declares as zod schemas without named types. */
export interface TArticleList {
  items: TArticleSummary[];
  total: number;
  counts: Partial<Record<TArticleState, number>>;
}
export interface TVersion {
  versionNo: number;
  kind: 'unit' | 'editor';
  title: string;
  createdBy: { id: number; displayName: string };
  createdAt: string;
  charCount: number;
}
export type TDiffOp = [-1 | 0 | 1, string];
export interface TVersionDiff {
  from: number;
  to: number;
  title: TDiffOp[];
  body: TDiffOp[];
}

export interface ArticleListParams {
  state?: TArticleState | TArticleState[];
  unitId?: number;
  groupId?: number;
  type?: string;
  topicId?: number;
  urgency?: string;
  assigneeId?: number;
  from?: string;
  to?: string;
  q?: string;
  /** 'true': only pieces the duplicate check flagged. */
  duplicates?: string;
  page?: number;
  pageSize?: number;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const articlesApi = {
  list: (p: ArticleListParams) =>
    api.get<TArticleList>(`/api/articles${qs({ ...p, state: Array.isArray(p.state) ? p.state.join(',') : p.state })}`),
  get: (id: number) => api.get<TArticle>(`/api/articles/${id}`),
  create: () => api.post<TArticle>('/api/articles', {}),
  importDocx: (file: Blob) => api.upload<TArticleImported>('/api/articles/import-docx', file, DOCX_MIME),
  check: (id: number) => api.post<{ findings: TGuardFinding[] }>(`/api/articles/${id}/check`),
  act: (id: number, action: string, body: { rowVersion: number; comment?: string; confirmPersonalData?: boolean }) =>
    api.post<TArticle>(`/api/articles/${id}/actions/${action}`, body),
  comment: (id: number, comment: string) => api.post<TArticle>(`/api/articles/${id}/comments`, { comment }),
  versions: (id: number) => api.get<TVersion[]>(`/api/articles/${id}/versions`),
  diff: (id: number, from: number, to: number) => api.get<TVersionDiff>(`/api/articles/${id}/diff${qs({ from, to })}`),
  uploadAttachment: (id: number, file: File) =>
    api.upload(`/api/articles/${id}/attachments${qs({ filename: file.name })}`, file, 'application/octet-stream'),
  deleteAttachment: (attachmentId: number) => api.del(`/api/attachments/${attachmentId}`),
};
