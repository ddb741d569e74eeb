import type { TChannel, TForwardCandidate, TForwardedPiece, TForwardedPieceFull, TForwarding, TForwardingSummary, TOutcomeInput } from '@baosong/contract';
import { api, qs } from '../../api/client';

export const forwardingApi = {
  channels: () => api.get<TChannel[]>('/api/channels'),
  createChannel: (body: { name: string; level: string; sortOrder?: number }) => api.post<TChannel>('/api/channels', body),
  patchChannel: (id: number, body: Partial<{ name: string; level: string; sortOrder: number; active: boolean }>) => api.patch<TChannel>(`/api/channels/${id}`, body),
  addPublication: (channelId: number, name: string) => api.post<TChannel>(`/api/channels/${channelId}/publications`, { name }),
  patchPublication: (id: number, body: Partial<{ name: string; active: boolean }>) => api.patch<TChannel>(`/api/upstream-publications/${id}`, body),
  candidates: () => api.get<TForwardCandidate[]>('/api/forwarding/candidates'),
  forwardings: (state?: string) => api.get<TForwardingSummary[]>(`/api/forwardings${qs({ state })}`),
  forwarding: (id: number) => api.get<TForwarding>(`/api/forwardings/${id}`),
  forward: (body: { channelId: number; pieces: { itemId?: number; articleId?: number }[]; note?: string }) => api.post<TForwarding>('/api/forwardings', body),
  signOff: (id: number) => api.post<TForwarding>(`/api/forwardings/${id}/sign-off`),
  reject: (id: number, comment: string) => api.post<TForwarding>(`/api/forwardings/${id}/reject`, { comment }),
  pieces: (q: { awaitingOutcome?: 'true' | 'false'; channelId?: number }) => api.get<TForwardedPiece[]>(`/api/forwarded-pieces${qs(q)}`),
  piece: (id: number) => api.get<TForwardedPieceFull>(`/api/forwarded-pieces/${id}`),
  recordOutcome: (id: number, body: TOutcomeInput) => api.put<TForwardedPieceFull>(`/api/forwarded-pieces/${id}/outcome`, body),
};
