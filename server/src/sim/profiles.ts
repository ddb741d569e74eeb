import type { TArticleType } from '@baosong/contract';
import { apportion, Prng } from './prng.js';
import type { PlanPublication, PlanUnit, YearPlan } from './plan.js';

/**
 * Year profiles. `cangzhou-2014` is the seed notice's year (沧州市人民政府办公室, 2014): its totals are the notice's
 * figures, and each unit's activity is set so that, scored under the default rule set, the units rank as the seed
 * honoured them. `random` makes a plausible year of any size from a seed.
 */

export const PROFILES = ['cangzhou-2014', 'random'] as const;
export type ProfileName = (typeof PROFILES)[number];

const DEFAULT_TYPES: Partial<Record<TArticleType, number>> = { news: 6, experience: 1.5, problem: 1, suggestion: 0.7, feedback: 1.5, research: 0.5 };

/** The four periodicals of the seed, with their 2014 issue counts. */
const SEED_PUBLICATIONS: PlanPublication[] = [
  { name: '沧州政务交流', kind: 'routine', issues: 104, otherInstructed: 7 },
  { name: '五项重点工作', kind: 'special', issues: 3, otherInstructed: 0 },
  { name: '重点工作信息', kind: 'special', issues: 44, otherInstructed: 2 },
  { name: '领导参阅', kind: 'leaders_reference', issues: 13, otherInstructed: 4 },
];

interface SeedUnit {
  name: string;
  shortName: string;
  adopted: number;
  honour: 'winner' | 'advanced' | null;
}
const c = (name: string, shortName: string, adopted: number, honour: SeedUnit['honour'] = null): SeedUnit => ({ name, shortName, adopted, honour });

/** In the order the seed honours them (winners, advanced units), then the others; adopted pieces per unit. */
const COUNTIES: SeedUnit[] = [
  c('东光县人民政府', '东光县', 70, 'winner'),
  c('黄骅市人民政府', '黄骅市', 66, 'winner'),
  c('献县人民政府', '献县', 62, 'winner'),
  c('任丘市人民政府', '任丘市', 58, 'winner'),
  c('渤海新区管委会', '渤海新区管委会', 54, 'winner'),
  c('南皮县人民政府', '南皮县', 44, 'advanced'),
  c('青县人民政府', '青县', 41, 'advanced'),
  c('泊头市人民政府', '泊头市', 38, 'advanced'),
  c('河间市人民政府', '河间市', 35, 'advanced'),
  c('肃宁县人民政府', '肃宁县', 27),
  c('沧县人民政府', '沧县', 24),
  c('盐山县人民政府', '盐山县', 22),
  c('吴桥县人民政府', '吴桥县', 20),
  c('海兴县人民政府', '海兴县', 18),
  c('运河区人民政府', '运河区', 16),
  c('新华区人民政府', '新华区', 14),
  c('孟村回族自治县人民政府', '孟村县', 11),
];
const DEPARTMENTS: SeedUnit[] = [
  c('沧州市商务局', '市商务局', 50, 'winner'),
  c('沧州市人力资源和社会保障局', '市人力资源和社会保障局', 47, 'winner'),
  c('沧州市发展和改革委员会', '市发改委', 44, 'winner'),
  c('沧州市国家税务局', '市国税局', 41, 'winner'),
  c('沧州市交通运输局', '市交通运输局', 38, 'winner'),
  c('沧州市工商行政管理局', '市工商局', 36, 'winner'),
  c('沧州市统计局', '市统计局', 34, 'winner'),
  c('沧州市教育局', '市教育局', 32, 'winner'),
  c('沧州市环境保护局', '市环保局', 26, 'advanced'),
  c('沧州市邮政管理局', '市邮政局', 24, 'advanced'),
  c('沧州市财政局', '市财政局', 23, 'advanced'),
  c('沧州市工业和信息化局', '市工信局', 22, 'advanced'),
  c('沧州市质量技术监督局', '市质监局', 21, 'advanced'),
  c('沧州出入境检验检疫局', '沧州出入境检验检疫局', 20, 'advanced'),
  c('沧州市贸促会', '市贸促会', 19, 'advanced'),
  c('沧州市人民政府金融工作办公室', '市金融办', 18, 'advanced'),
  c('沧州市公安局', '市公安局', 13),
  c('沧州市民政局', '市民政局', 14),
  c('沧州市住房和城乡建设局', '市住建局', 13),
  c('沧州市农业局', '市农业局', 12),
  c('沧州市卫生局', '市卫生局', 12),
  c('沧州市司法局', '市司法局', 11),
  c('沧州市科学技术局', '市科技局', 11),
  c('沧州市文化广电新闻出版局', '市文广新局', 10),
  c('沧州市旅游局', '市旅游局', 10),
  c('沧州市地方税务局', '市地税局', 9),
  c('沧州市安全生产监督管理局', '市安监局', 8),
  c('沧州市城市管理局', '市城管局', 8),
  c('沧州市水务局', '市水务局', 8),
  c('沧州市林业局', '市林业局', 6),
];

/** Per short name: [forwarded to the State Council office, adopted there, instructed there, principal's instructions]. */
const UPWARD: Record<string, [number, number, number, number]> = {
  东光县: [5, 2, 2, 2],
  黄骅市: [3, 0, 0, 1],
  献县: [5, 2, 1, 0],
  任丘市: [3, 0, 0, 2],
  渤海新区管委会: [2, 0, 0, 0],
  南皮县: [1, 0, 0, 0],
  市商务局: [2, 0, 0, 0],
  市人力资源和社会保障局: [3, 1, 1, 0],
  市发改委: [2, 0, 0, 0],
  市国税局: [2, 1, 1, 0],
  市交通运输局: [3, 1, 1, 0],
  市工商局: [1, 0, 0, 0],
  市统计局: [2, 0, 0, 0],
  市教育局: [2, 1, 0, 0],
  市邮政局: [2, 1, 0, 0],
};
/** Per short name: [solicitation answers late, missing, follow-ups overdue, notAdopted override]. */
const TROUBLE: Record<string, [number, number, number, number | null]> = {
  孟村县: [3, 1, 0, null],
  海兴县: [1, 0, 0, null],
  新华区: [0, 1, 0, null],
  市水务局: [3, 2, 0, 152],
  市林业局: [2, 0, 0, 134],
  市城管局: [2, 0, 3, null],
};
const FEEDBACK = new Set(['南皮县', '青县', '河间市']);
const EXPERIENCE = new Set(['肃宁县', '献县', '泊头市']);
const NEWS = new Set(['渤海新区管委会', '黄骅市', '市统计局', '市商务局', '市发改委', '市工商局', '市财政局', '市工信局']);

/** The score a unit's plan gives under the default rule set (as the engine will count it). */
export function expectedScore(u: PlanUnit): number {
  const routine = u.adopted - u.leadersRef - u.special;
  return (
    5 * routine + 10 * u.special + 20 * u.leadersRef + 5 * u.forwardedProvince + 40 * u.adoptedProvince +
    30 * u.forwardedState + 80 * u.adoptedState + 100 * u.stateInstructed + 30 * u.principalInstructed -
    5 * u.solicitationLate - 10 * u.solicitationMissing
  );
}

/**
 * The margin aimed at between consecutive honoured units (kept where the lower one has a provincial adoption to give
 * up; otherwise the order is still strict, by at least 10 points) and kept at the honours cuts.
 */
export const SCORE_MARGIN = 20;

function cangzhou2014(): YearPlan {
  const all = [...COUNTIES.map((u) => ({ ...u, group: '县市区' })), ...DEPARTMENTS.map((u) => ({ ...u, group: '市直部门' }))];
  const adopted = all.map((u) => u.adopted);
  const forwarded = apportion(1120, adopted);
  const provinceAdopted = apportion(180, adopted.map((a) => a * a));
  const leadersRef = apportion(33, adopted.map((a) => a * a));
  const special = apportion(191, adopted);
  const units: PlanUnit[] = all.map((u, i) => {
    const [fs, as, is, pi] = UPWARD[u.shortName] ?? [0, 0, 0, 0];
    const [late, missing, overdue, na] = TROUBLE[u.shortName] ?? [0, 0, 0, null];
    const types = FEEDBACK.has(u.shortName)
      ? { ...DEFAULT_TYPES, feedback: 8 }
      : EXPERIENCE.has(u.shortName)
        ? { ...DEFAULT_TYPES, experience: 8 }
        : NEWS.has(u.shortName)
          ? { ...DEFAULT_TYPES, news: 12 }
          : DEFAULT_TYPES;
    return {
      name: u.name,
      shortName: u.shortName,
      group: u.group,
      reporters: u.adopted >= 40 ? 2 : 1,
      adopted: u.adopted,
      leadersRef: Math.max(leadersRef[i]!, pi),
      special: special[i]!,
      notAdopted: na ?? (u.honour ? Math.round(u.adopted * 0.45) + 2 : Math.round(u.adopted * 0.9) + 4),
      duplicates: u.honour ? 0 : 2,
      forwardedProvince: forwarded[i]!,
      adoptedProvince: provinceAdopted[i]!,
      forwardedState: fs,
      adoptedState: as,
      stateInstructed: is,
      principalInstructed: pi,
      types,
      solicitationLate: late,
      solicitationMissing: missing,
      followupOverdue: overdue,
    };
  });
  // The extra leaders' reference pieces the principal's instructions asked for come off the biggest ones.
  let extra = units.reduce((s, u) => s + u.leadersRef, 0) - 33;
  for (const u of [...units].sort((a, b) => b.leadersRef - a.leadersRef)) {
    while (extra > 0 && u.leadersRef > Math.max(1, u.principalInstructed)) {
      u.leadersRef--;
      extra--;
    }
  }
  // Keep the seed's order with clear margins: a provincial adoption moves from a unit to the one just above it
  // whenever the gap is too small (totals stay the same).
  for (const group of ['县市区', '市直部门']) {
    const idx = all.map((u, i) => (u.group === group ? i : -1)).filter((i) => i >= 0);
    const honoured = idx.filter((i) => all[i]!.honour);
    const rest = idx.filter((i) => !all[i]!.honour);
    for (let pass = 0; pass < 2000; pass++) {
      let moved = false;
      for (let k = 0; k < honoured.length - 1; k++) {
        const a = units[honoured[k]!]!;
        const b = units[honoured[k + 1]!]!;
        if (expectedScore(a) < expectedScore(b) + SCORE_MARGIN && b.adoptedProvince > 0) {
          b.adoptedProvince--;
          a.adoptedProvince++;
          moved = true;
        }
      }
      const lastHonoured = units[honoured[honoured.length - 1]!]!;
      const top = rest.map((i) => units[i]!).sort((x, y) => expectedScore(y) - expectedScore(x))[0]!;
      if (expectedScore(lastHonoured) < expectedScore(top) + SCORE_MARGIN && top.adoptedProvince > 0) {
        top.adoptedProvince--;
        lastHonoured.adoptedProvince++;
        moved = true;
      }
      if (!moved) break;
    }
  }
  return {
    year: 2014,
    seed: 2014,
    units,
    publications: SEED_PUBLICATIONS.map((p) => ({ ...p })),
    solicitations: 24,
    targetsPerSolicitation: 4,
    followups: 5,
    unitsPerFollowup: 3,
    honours: [
      { group: '县市区', mode: 'count', winners: 5, advanced: 4 },
      { group: '市直部门', mode: 'count', winners: 8, advanced: 8 },
      { group: '*', mode: 'count', winners: 0, advanced: 0 },
    ],
  };
}

/** A plausible year of `n` units (about 40% counties, 60% departments) from a seed. */
function randomYear(year: number, seed: number, n: number): YearPlan {
  const r = new Prng(seed);
  const counties = Math.max(1, Math.round(n * 0.4));
  const units: PlanUnit[] = Array.from({ length: n }, (_, i) => {
    const county = i < counties;
    const adopted = r.int(3, county ? 60 : 45);
    const forwardedProvince = Math.round(adopted * (0.6 + r.next() * 0.35));
    const adoptedProvince = Math.round(forwardedProvince * r.next() * 0.25);
    const forwardedState = r.next() < 0.2 ? Math.min(adopted, r.int(1, 3)) : 0;
    const adoptedState = forwardedState && r.next() < 0.4 ? 1 : 0;
    const leadersRef = Math.min(adopted, r.next() < 0.5 ? r.int(1, 3) : 0);
    return {
      name: county ? `第${i + 1}县人民政府` : `市第${i + 1 - counties}局`,
      shortName: county ? `第${i + 1}县` : `市第${i + 1 - counties}局`,
      group: county ? '县市区' : '市直部门',
      reporters: r.int(1, 2),
      adopted,
      leadersRef,
      special: Math.min(adopted - leadersRef, Math.round(adopted * r.next() * 0.2)),
      notAdopted: Math.round(adopted * (0.3 + r.next() * 1.5)),
      duplicates: r.next() < 0.2 ? 1 : 0,
      forwardedProvince,
      adoptedProvince,
      forwardedState,
      adoptedState,
      stateInstructed: adoptedState && r.next() < 0.5 ? 1 : 0,
      principalInstructed: leadersRef && r.next() < 0.3 ? 1 : 0,
      types: DEFAULT_TYPES,
      solicitationLate: r.next() < 0.15 ? 1 : 0,
      solicitationMissing: r.next() < 0.08 ? 1 : 0,
      followupOverdue: 0,
    };
  });
  const adopted = units.reduce((s, u) => s + u.adopted, 0);
  const lr = Math.max(1, Math.min(units.reduce((s, u) => s + u.leadersRef, 0), Math.round(adopted / 40)));
  const sp = units.reduce((s, u) => s + u.special, 0);
  if (units.reduce((s, u) => s + u.leadersRef, 0) === 0) units[0]!.leadersRef = 1;
  if (sp === 0) units[0]!.special = Math.min(1, units[0]!.adopted - units[0]!.leadersRef);
  const special = Math.max(1, units.reduce((s, u) => s + u.special, 0));
  return {
    year,
    seed,
    units,
    publications: [
      { name: '沧州政务交流', kind: 'routine', issues: Math.max(1, Math.min(104, Math.round(adopted / 10))), otherInstructed: 1 },
      { name: '五项重点工作', kind: 'special', issues: special >= 4 ? 1 : 0, otherInstructed: 0 },
      { name: '重点工作信息', kind: 'special', issues: Math.max(1, Math.min(44, Math.round(special / 4))), otherInstructed: 0 },
      { name: '领导参阅', kind: 'leaders_reference', issues: Math.max(1, Math.min(13, lr)), otherInstructed: 0 },
    ],
    solicitations: Math.max(1, Math.round(n / 3)),
    targetsPerSolicitation: Math.min(n, 4),
    followups: 2,
    unitsPerFollowup: Math.min(n, 3),
    honours: null,
  };
}

export function profilePlan(name: ProfileName, opts: { year: number; seed: number; units: number }): YearPlan {
  if (name === 'cangzhou-2014') {
    if (opts.year !== 2014) throw new Error('the cangzhou-2014 profile is the year 2014');
    return cangzhou2014();
  }
  return randomYear(opts.year, opts.seed, opts.units);
}
