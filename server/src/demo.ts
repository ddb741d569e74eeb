import { sql } from 'drizzle-orm';
import type { TRole } from '@baosong/contract';
import type { Database } from './db/connect.js';
import { appMeta, topics, unitGroups, units } from './db/schema.js';
import { createUnit, updateUnit } from './features/units/service.js';
import { createPublication } from './features/publications/service.js';
import { createUser } from './features/users/service.js';
import { addUpstreamPublication, createChannel } from './features/forwarding/channels.js';
import { randomPassword } from './features/auth/passwords.js';
import { DEFAULT_GROUPS } from './bootstrap.js';

/**
 * The reporting units named in the seed notice (2014, Cangzhou), in Simplified Chinese, with the other counties and
 * some departments a city of that size has. [full name, short name]
 */
export const DEMO_UNITS: Record<string, [string, string][]> = {
  县市区: [
    ['东光县人民政府', '东光县'],
    ['黄骅市人民政府', '黄骅市'],
    ['献县人民政府', '献县'],
    ['任丘市人民政府', '任丘市'],
    ['渤海新区管委会', '渤海新区'],
    ['南皮县人民政府', '南皮县'],
    ['青县人民政府', '青县'],
    ['泊头市人民政府', '泊头市'],
    ['河间市人民政府', '河间市'],
    ['肃宁县人民政府', '肃宁县'],
    ['沧县人民政府', '沧县'],
    ['盐山县人民政府', '盐山县'],
    ['海兴县人民政府', '海兴县'],
    ['孟村回族自治县人民政府', '孟村县'],
    ['吴桥县人民政府', '吴桥县'],
    ['运河区人民政府', '运河区'],
    ['新华区人民政府', '新华区'],
  ],
  市直部门: [
    ['沧州市商务局', '市商务局'],
    ['沧州市人力资源和社会保障局', '市人力资源和社会保障局'],
    ['沧州市发展和改革委员会', '市发改委'],
    ['沧州市国家税务局', '市国税局'],
    ['沧州市交通运输局', '市交通运输局'],
    ['沧州市工商行政管理局', '市工商局'],
    ['沧州市统计局', '市统计局'],
    ['沧州市教育局', '市教育局'],
    ['沧州市环境保护局', '市环保局'],
    ['沧州市邮政管理局', '市邮政局'],
    ['沧州市财政局', '市财政局'],
    ['沧州市工业和信息化局', '市工信局'],
    ['沧州市质量技术监督局', '市质监局'],
    ['沧州市贸促会', '市贸促会'],
    ['沧州市人民政府金融工作办公室', '市金融办'],
    ['沧州市公安局', '市公安局'],
    ['沧州市民政局', '市民政局'],
    ['沧州市住房和城乡建设局', '市住建局'],
    ['沧州市农业局', '市农业局'],
    ['沧州市卫生局', '市卫生局'],
  ],
  驻市单位: [
    ['沧州出入境检验检疫局', '沧州检验检疫局'],
    ['沧州市气象局', '市气象局'],
    ['国网沧州供电公司', '沧州供电公司'],
  ],
};

const DEMO_TOPICS = ['稳增长', '调结构', '促改革', '惠民生', '京津冀协同发展', '沿海经济带建设', '项目建设', '民生实事'];

const DEMO_USERS: { username: string; displayName: string; role: TRole; unit?: string }[] = [
  { username: 'reporter', displayName: '王信息', role: 'reporter', unit: '东光县人民政府' },
  { username: 'approver', displayName: '李审核', role: 'unit_approver', unit: '东光县人民政府' },
  { username: 'editor', displayName: '赵编辑', role: 'editor' },
  { username: 'issuer', displayName: '钱签发', role: 'issuer' },
  { username: 'leader', displayName: '孙领导', role: 'leader' },
  { username: 'sysadmin', displayName: '周管理', role: 'administrator' },
  { username: 'auditor', displayName: '吴审计', role: 'auditor' },
];

export interface DemoResult {
  loaded: boolean;
  passwords: { username: string; role: string; password: string }[];
}

/** Loads the demo through the product's own services. Only on a database without units (never twice). */
export async function loadDemo(database: Database): Promise<DemoResult> {
  const { db } = database;
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(units)) as [{ n: number }];
  if (n > 0) return { loaded: false, passwords: [] };
  const groups = new Map((await db.select().from(unitGroups)).map((g) => [g.name, g.id]));
  for (const g of DEFAULT_GROUPS) {
    if (!groups.has(g.name)) {
      const [row] = await db.insert(unitGroups).values(g).returning();
      groups.set(row!.name, row!.id);
    }
  }
  const unitIds = new Map<string, number>();
  for (const [group, list] of Object.entries(DEMO_UNITS)) {
    for (const [name, shortName] of list) {
      const u = await createUnit(database, null, {
        name,
        shortName,
        groupId: groups.get(group)!,
        contactName: null,
        contactPhone: null,
        contactEmail: null,
      });
      unitIds.set(name, u.id);
    }
  }
  // The seed's key work items (稳增长、调结构、促改革、惠民生) and the region's strategies, for this year.
  const year = new Date().getFullYear();
  await db.insert(topics).values(DEMO_TOPICS.map((name, i) => ({ year, name, sortOrder: (i + 1) * 10 })));
  // 东光县 has its articles signed off by its approver before they leave the unit.
  await updateUnit(database, null, unitIds.get('东光县人民政府')!, { requiresApproval: true, monthlyTarget: 8 });
  // The four periodicals the seed names.
  const distribution = {
    bao: '市委、市政府领导同志。',
    song: '市人大常委会、市政协领导同志，市委办公室。',
    fa: '各县（市、区）人民政府，市政府各部门。',
  };
  const pubs: [string, 'routine' | 'special' | 'leaders_reference'][] = [
    ['沧州政务交流', 'routine'],
    ['五项重点工作', 'special'],
    ['重点工作信息', 'special'],
    ['领导参阅', 'leaders_reference'],
  ];
  for (const [i, [name, kind]] of pubs.entries()) {
    await createPublication(database, null, { name, masthead: null, kind, compilingUnit: '沧州市人民政府办公室', distribution, activeFrom: 2014, activeTo: null, sortOrder: (i + 1) * 10 });
  }
  // The channels the seed forwards through, with the publications their adoptions appear in.
  const upstream: [string, 'province' | 'state', string[]][] = [
    ['省政府办公厅', 'province', ['河北政务信息', '昨日要情', '专报信息']],
    ['国务院办公厅', 'state', ['国办信息', '政务要闻']],
  ];
  for (const [i, [name, level, names]] of upstream.entries()) {
    const ch = await createChannel(database, null, { name, level, sortOrder: (i + 1) * 10 });
    for (const [j, p] of names.entries()) await addUpstreamPublication(database, null, ch.id, { name: p, sortOrder: (j + 1) * 10 });
  }
  const passwords: DemoResult['passwords'] = [];
  for (const d of DEMO_USERS) {
    const password = randomPassword(12);
    await createUser(database, null, {
      username: d.username,
      displayName: d.displayName,
      roles: [d.role],
      unitId: d.unit ? unitIds.get(d.unit)! : null,
      email: null,
      phone: null,
      password,
      mustChangePassword: false,
    });
    passwords.push({ username: d.username, role: d.role, password });
  }
  await db.insert(appMeta).values({ key: 'demo', value: { at: new Date().toISOString() } }).onConflictDoNothing();
  return { loaded: true, passwords };
}

export function printDemo(passwords: DemoResult['passwords']): void {
  console.log('\n  演示数据已载入 / demo data loaded. 演示账户 / demo users (passwords shown once):');
  for (const p of passwords) console.log(`    ${p.username.padEnd(10)} ${p.role.padEnd(14)} ${p.password}`);
  console.log('');
}
