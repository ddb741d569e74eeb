import type { TFollowup, TInstruction, TIssue, TIssueAction, TIssueState, TIssueSummary, TLeaderRank, TPublication } from '@baosong/contract';
import { api, qs } from '../../api/client';

export interface IssueItemInput {
  kind: 'heading' | 'piece';
  title: string;
  bodyHtml: string;
  articleIds: number[];
}

export interface InstructionInput {
  issueId: number;
  itemId?: number | null;
  leaderName?: string;
  leaderRank?: TLeaderRank;
  instructedOn?: string;
  text: string;
}

export interface FollowupInput {
  instructionId?: number | null;
  title: string;
  requirement: string;
  dueDate: string;
  unitIds: number[];
}

/** The periodical endpoints: publications, issues, instructions, follow-ups. */
export const periodicalsApi = {
  publications: () => api.get<TPublication[]>('/api/publications'),
  createPublication: (body: unknown) => api.post<TPublication>('/api/publications', body),
  updatePublication: (id: number, body: unknown) => api.patch<TPublication>(`/api/publications/${id}`, body),
  issues: (p: { publicationId?: number; year?: number; state?: TIssueState }) => api.get<TIssueSummary[]>(`/api/issues${qs({ ...p })}`),
  issue: (id: number) => api.get<TIssue>(`/api/issues/${id}`),
  createIssue: (body: { publicationId: number; issueDate: string; editorNote?: string | null; erratumOfId?: number | null }) =>
    api.post<TIssue>('/api/issues', body),
  saveIssue: (id: number, body: { rowVersion: number; issueDate?: string; editorNote?: string | null; items?: IssueItemInput[] }) =>
    api.patch<TIssue>(`/api/issues/${id}`, body),
  act: (id: number, action: TIssueAction, body: { rowVersion: number; comment?: string }) => api.post<TIssue>(`/api/issues/${id}/actions/${action}`, body),
  exportUrl: (id: number) => `/api/issues/${id}/export.docx`,
  instructions: (issueId: number) => api.get<TInstruction[]>(`/api/issues/${issueId}/instructions`),
  articleInstructions: (articleId: number) => api.get<TInstruction[]>(`/api/articles/${articleId}/instructions`),
  unitInstructions: (unitId: number) => api.get<TInstruction[]>(`/api/units/${unitId}/instructions`),
  recordInstruction: (body: InstructionInput) => api.post<TInstruction>('/api/instructions', body),
  followups: () => api.get<TFollowup[]>('/api/followups'),
  followup: (id: number) => api.get<TFollowup>(`/api/followups/${id}`),
  createFollowup: (body: FollowupInput) => api.post<TFollowup>('/api/followups', body),
  closeFollowup: (id: number) => api.post<TFollowup>(`/api/followups/${id}/close`),
};

/** 2026-03-05 → 2026年3月5日, as a briefing prints its date. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** 《沧州政务交流》2026年第5期（总第123期） */
export function issueLabel(i: { publicationName: string; year: number; number: number; totalNumber: number }): string {
  return `《${i.publicationName}》${i.year}年第${i.number}期（总第${i.totalNumber}期）`;
}
