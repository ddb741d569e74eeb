import type { TDashboard, TDashboardTable } from '@baosong/contract';
import { api, qs } from '../../api/client';

export interface DashboardFilter {
  period: string;
  groupId?: number;
  unitId?: number;
}

export const dashboardApi = {
  get: (f: DashboardFilter) => api.get<TDashboard>(`/api/dashboard${qs({ ...f })}`),
  xlsxUrl: (f: DashboardFilter, table?: TDashboardTable) => `/api/dashboard.xlsx${qs({ ...f, table })}`,
};
