import type { TNoticeFacts } from '@baosong/contract';

/** The facts behind the seed notice (沧州市人民政府办公室, 2014), as the records of the cangzhou-2014 year give them. */
export function seedFacts2014(): TNoticeFacts {
  return {
    period: { kind: 'annual', year: 2014 },
    adoptedFromUnits: 1260,
    submitted: 4850,
    forwardedToProvince: 1120,
    adoptedByProvince: 180,
    adoptedByStateCouncil: 9,
    stateCouncilInstructed: 6,
    publications: [
      { name: '沧州政务交流', issues: 104, principalInstructed: 0, instructed: 7 },
      { name: '五项重点工作', issues: 3, principalInstructed: 0, instructed: 0 },
      { name: '重点工作信息', issues: 44, principalInstructed: 0, instructed: 2 },
      { name: '领导参阅', issues: 13, principalInstructed: 5, instructed: 9 },
    ],
    honours: {
      groups: [
        { group: '县（市、区）', winner: ['东光县', '黄骅市', '献县', '任丘市', '渤海新区管委会'], advanced: ['南皮县', '青县', '泊头市', '河间市'] },
        {
          group: '市直部门',
          winner: ['市商务局', '市人力资源和社会保障局', '市发改委', '市国税局', '市交通运输局', '市工商局', '市统计局', '市教育局'],
          advanced: ['市环保局', '市邮政局', '市财政局', '市工信局', '市质监局', '沧州出入境检验检疫局', '市贸促会', '市金融办'],
        },
      ],
    },
    notable: [
      { kind: 'instructions', units: ['东光县', '任丘市'] },
      { kind: 'feedback', units: ['南皮县', '青县', '河间市'] },
      { kind: 'experience', units: ['肃宁县', '献县', '泊头市'] },
      { kind: 'adoptions', units: ['渤海新区管委会', '黄骅市', '市统计局', '市商务局', '市发改委', '市工商局', '市财政局', '市工信局'] },
      { kind: 'state_council', units: ['东光县', '献县', '市人力资源和社会保障局', '市交通运输局', '市教育局', '市国税局', '市邮政局'] },
    ],
    problems: {
      lowAdoption: [
        { unit: '市水务局', submitted: 160, adopted: 8 },
        { unit: '市林业局', submitted: 140, adopted: 6 },
      ],
      inDepthSubmitted: 310,
      solicitationAssignments: 96,
      solicitationLate: 11,
      solicitationMissing: 4,
      solicitationUnits: ['市水务局', '孟村县'],
      duplicatesCaught: 37,
      overdueFollowups: 3,
      overdueFollowupUnits: ['市城管局'],
    },
  };
}
