import { ARTICLE_TYPES, DEFAULT_RULE_SET, type TArticleType, type TRuleSetDocument } from '@baosong/contract';

/**
 * A year plan: what each unit does over the year, in counts. A profile writes the plan; the runner (run.ts) turns it
 * into dated events and makes them happen through the product's services. Nothing in a plan names a score or an
 * honour: those come out of the events and the rule set in force.
 */
export interface PlanUnit {
  name: string;
  shortName: string;
  group: string;
  reporters: number;
  /** Articles adopted by the desk, every one placed in an issue. */
  adopted: number;
  /** Of the adopted: placed in the leaders' reference (领导参阅) / in the special periodicals; the rest in the routine one. */
  leadersRef: number;
  special: number;
  /** Articles submitted and not adopted (besides the duplicates and the answers to solicitations and follow-ups). */
  notAdopted: number;
  /** Submissions copying another unit's earlier piece, caught by the duplicate check and not adopted. */
  duplicates: number;
  /** Of the placed pieces: forwarded to the provincial office, and adopted there. */
  forwardedProvince: number;
  adoptedProvince: number;
  /** Of the placed pieces: forwarded to the State Council General Office, adopted there, and instructed by its leaders. */
  forwardedState: number;
  adoptedState: number;
  stateInstructed: number;
  /** Pieces in the leaders' reference instructed by the city's principal leader. */
  principalInstructed: number;
  /** Weights of the article types among the unit's submissions. */
  types: Partial<Record<TArticleType, number>>;
  /** Solicitation assignments answered late / never answered (the others are answered on time). */
  solicitationLate: number;
  solicitationMissing: number;
  /** Follow-up assignments not answered by the due date. */
  followupOverdue: number;
}

export interface PlanPublication {
  name: string;
  kind: 'routine' | 'special' | 'leaders_reference';
  issues: number;
  /** Issues instructed by other city leaders (rank city_other). */
  otherInstructed: number;
  /** Placed pieces of the special kind go here (in proportion to the issues) */
}

export interface YearPlan {
  year: number;
  seed: number;
  units: PlanUnit[];
  /** In this order: the routine periodical, the special ones, the leaders' reference. */
  publications: PlanPublication[];
  solicitations: number;
  targetsPerSolicitation: number;
  followups: number;
  unitsPerFollowup: number;
  /** When set, the year's rule set is saved as the default one with these honours counts (the office's configuration). */
  honours: TRuleSetDocument['honours'] | null;
}

export const ROUTINE = 0;

export function planTotals(p: YearPlan) {
  const sum = (f: (u: PlanUnit) => number) => p.units.reduce((s, u) => s + f(u), 0);
  return {
    adopted: sum((u) => u.adopted),
    forwardedProvince: sum((u) => u.forwardedProvince),
    adoptedProvince: sum((u) => u.adoptedProvince),
    adoptedState: sum((u) => u.adoptedState),
    stateInstructed: sum((u) => u.stateInstructed),
    principalInstructed: sum((u) => u.principalInstructed),
    issues: p.publications.map((x) => x.issues),
  };
}

/** Checks a plan is coherent (counts within counts); throws with what is wrong. */
export function checkPlan(p: YearPlan): void {
  const bad: string[] = [];
  for (const u of p.units) {
    if (u.leadersRef + u.special > u.adopted) bad.push(`${u.name}: more special placements than adoptions`);
    if (u.forwardedProvince > u.adopted || u.adoptedProvince > u.forwardedProvince) bad.push(`${u.name}: province counts`);
    if (u.forwardedState > u.adopted || u.adoptedState > u.forwardedState || u.stateInstructed > u.adoptedState) bad.push(`${u.name}: state counts`);
    if (u.principalInstructed > u.leadersRef) bad.push(`${u.name}: principal instructions beyond its leaders' reference pieces`);
    if (u.reporters < 1) bad.push(`${u.name}: no reporter`);
    if (Object.keys(u.types).some((t) => !(ARTICLE_TYPES as readonly string[]).includes(t))) bad.push(`${u.name}: unknown type`);
  }
  const lr = p.publications.find((x) => x.kind === 'leaders_reference');
  const principal = p.units.reduce((s, u) => s + u.principalInstructed, 0);
  if (lr && principal > lr.issues) bad.push('more principal instructions than leaders’ reference issues');
  const placedLr = p.units.reduce((s, u) => s + u.leadersRef, 0);
  if (lr && placedLr < lr.issues) bad.push('fewer leaders’ reference pieces than issues');
  const specials = p.publications.filter((x) => x.kind === 'special').reduce((s, x) => s + x.issues, 0);
  if (p.units.reduce((s, u) => s + u.special, 0) < specials) bad.push('fewer special pieces than special issues');
  if (bad.length) throw new Error(`inconsistent year plan:\n  ${bad.join('\n  ')}`);
}

/** The default rule set with the given honours counts. */
export function ruleSetWithHonours(honours: TRuleSetDocument['honours']): TRuleSetDocument {
  return { ...DEFAULT_RULE_SET, honours };
}
