import type { TAdjustment, TAssessment, TRuleSet, TRuleSetDocument, TRuleSetSummary, TUnitLedger, TWhatIf } from '@baosong/contract';
import { api, qs } from '../../api/client';

export const scoringApi = {
  assessment: (period: string) => api.get<TAssessment>(`/api/scoring/assessment${qs({ period })}`),
  assessmentXlsxUrl: (period: string) => `/api/scoring/assessment.xlsx${qs({ period })}`,
  freeze: (period: string) => api.post<TAssessment>('/api/scoring/assessment/freeze', { period }),
  ledger: (unitId: number, period: string) => api.get<TUnitLedger>(`/api/scoring/units/${unitId}/ledger${qs({ period })}`),
  ruleSets: () => api.get<TRuleSetSummary[]>('/api/scoring/rule-sets'),
  ruleSet: (id: number) => api.get<TRuleSet>(`/api/scoring/rule-sets/${id}`),
  defaultRuleSet: () => api.get<TRuleSetDocument>('/api/scoring/rule-sets/default'),
  saveRuleSet: (body: { year: number; name: string; note?: string | null; document: TRuleSetDocument }) => api.post<TRuleSet>('/api/scoring/rule-sets', body),
  whatIf: (period: string, document: TRuleSetDocument) => api.post<TWhatIf>('/api/scoring/what-if', { period, document }),
  adjustments: (year: number) => api.get<TAdjustment[]>(`/api/scoring/adjustments${qs({ year })}`),
  adjust: (body: { unitId: number; on: string; points: number; reason: string }) => api.post<TAdjustment>('/api/scoring/adjustments', body),
};
