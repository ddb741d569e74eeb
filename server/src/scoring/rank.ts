import type { TAssessmentRow, TRuleSetDocument } from '@baosong/contract';

export interface RankUnit {
  unitId: number;
  unitName: string;
  groupId: number;
  groupName: string;
  /** Position of the unit in the office's list (group order, then unit order): the last tie-break. */
  order: number;
}
export type Components = Omit<TAssessmentRow, 'unitId' | 'unitName' | 'groupId' | 'groupName' | 'rank' | 'total' | 'honour'>;
export const EMPTY_COMPONENTS: Components = {
  adoptedPieces: 0,
  upstreamAdoptions: 0,
  instructions: 0,
  solicitationOnTime: 0,
  solicitationLate: 0,
  solicitationMissing: 0,
  submitted: 0,
  adoptionRate: null,
};

/**
 * Ranks units within their group by total, ties broken in the configured order (then the unit order, so ranks are
 * always distinct), and names honours per group by count or threshold. Units with no points are never honoured.
 */
export function rankUnits(units: readonly RankUnit[], totals: Map<number, number>, components: Map<number, Components>, rules: TRuleSetDocument): TAssessmentRow[] {
  const rows = units.map((u) => ({ ...u, total: totals.get(u.unitId) ?? 0, ...(components.get(u.unitId) ?? EMPTY_COMPONENTS) }));
  const key = (r: (typeof rows)[number], t: string): number => {
    switch (t) {
      case 'adopted_pieces':
        return r.adoptedPieces;
      case 'upstream_adoptions':
        return r.upstreamAdoptions;
      case 'instructions':
        return r.instructions;
      case 'adoption_rate':
        return r.adoptionRate ?? -1;
      case 'submitted':
        return r.submitted;
      default:
        return -r.order;
    }
  };
  // Keep groups together in the office's group order (order of the group's first unit).
  const groupOrder = new Map<number, number>();
  for (const u of units) groupOrder.set(u.groupId, Math.min(groupOrder.get(u.groupId) ?? Infinity, u.order));
  const byGroup = new Map<number, typeof rows>();
  for (const r of rows) byGroup.set(r.groupId, [...(byGroup.get(r.groupId) ?? []), r]);
  const out: TAssessmentRow[] = [];
  for (const gid of [...byGroup.keys()].sort((a, b) => groupOrder.get(a)! - groupOrder.get(b)!)) {
    const list = byGroup
      .get(gid)!
      .sort((a, b) => b.total - a.total || rules.tieBreak.map((t) => key(b, t) - key(a, t)).find((d) => d !== 0) || a.order - b.order);
    const h = rules.honours.find((x) => x.group === list[0]!.groupName) ?? rules.honours.find((x) => x.group === '*');
    list.forEach((r, i) => {
      let honour: TAssessmentRow['honour'] = null;
      if (h && r.total > 0) {
        if (h.mode === 'count') honour = i < h.winners ? 'winner' : i < h.winners + h.advanced ? 'advanced' : null;
        else honour = r.total >= h.winners ? 'winner' : r.total >= h.advanced ? 'advanced' : null;
      }
      const { order: _o, ...rest } = r;
      out.push({ ...rest, rank: i + 1, honour });
    });
  }
  return out;
}
