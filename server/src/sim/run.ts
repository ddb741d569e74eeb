import { eq, sql } from 'drizzle-orm';
import type { TArticleType } from '@baosong/contract';
import type { Database } from '../db/connect.js';
import { articles, forwardedPieces, issueItems, issues, publications, unitGroups, units, users } from '../db/schema.js';
import { resetClock, setClock } from '../lib/clock.js';
import type { Actor } from '../lib/policy.js';
import { createGroup } from '../features/units/service.js';
import { createUnit } from '../features/units/service.js';
import { createUser } from '../features/users/service.js';
import { createPublication } from '../features/publications/service.js';
import { addUpstreamPublication, createChannel } from '../features/forwarding/channels.js';
import { createDraft, transition } from '../features/articles/service.js';
import { createIssue, transitionIssue, updateIssue } from '../features/issues/service.js';
import { createForwarding, decideForwarding, recordOutcome } from '../features/forwarding/service.js';
import { recordInstruction } from '../features/instructions/service.js';
import { createSolicitation } from '../features/solicitations/service.js';
import { createFollowup } from '../features/followups/service.js';
import { freezeAssessment, saveRuleSet } from '../scoring/service.js';
import { Prng } from './prng.js';
import { articleText, type ArticleText } from './text.js';
import { checkPlan, ruleSetWithHonours, type YearPlan } from './plan.js';

/**
 * Runs a year plan into an empty database through the product's own services, each call made at its moment of the
 * year (the product's clock is set to it, lib/clock.ts), then freezes the year's assessment. Deterministic: the same
 * plan and seed give the same records.
 */

export class NotEmptyError extends Error {}

export interface SimulationSummary {
  year: number;
  units: number;
  users: number;
  articles: number;
  adopted: number;
  issues: number;
  forwardings: number;
  outcomes: number;
  instructions: number;
  solicitations: number;
  followups: number;
  /** The password every simulated user was given. */
  password: string;
  usernames: { editor: string; issuer: string; leader: string; reporterExample: string };
  ms: number;
}

export interface SimulateOptions {
  /** Password for every simulated user (they are created without having to change it). */
  password: string;
  log?: (line: string) => void;
}

const LOCALE = 'zh-CN' as const;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Refuses anything but a database fresh from bootstrap (no units, articles, publications or issues). */
export async function assertEmpty(database: Database): Promise<void> {
  const count = async (t: typeof units | typeof articles | typeof publications | typeof issues) =>
    ((await database.db.select({ n: sql<number>`count(*)::int` }).from(t)) as [{ n: number }])[0].n;
  const found = { units: await count(units), articles: await count(articles), publications: await count(publications), issues: await count(issues) };
  const what = Object.entries(found).filter(([, n]) => n > 0);
  if (what.length) {
    throw new NotEmptyError(`the database is not empty (${what.map(([k, n]) => `${n} ${k}`).join(', ')}); the simulator only fills an empty one`);
  }
}

interface Event {
  at: number;
  seq: number;
  run: () => Promise<void>;
  label: string;
}

interface Slot {
  unit: number;
  pub: number;
  issue: number;
  type: TArticleType;
  text: ArticleText;
  submitAt: number;
  adoptAt: number;
  principal: boolean;
  province: boolean;
  provinceAdopted: boolean;
  state: boolean;
  stateAdopted: boolean;
  stateInstructed: boolean;
  articleId?: number;
  itemId?: number;
  instructionId?: number;
}

/** Events in time order (then in the order they were scheduled): a binary heap. */
class EventQueue {
  private h: Event[] = [];
  get size(): number {
    return this.h.length;
  }
  private less(a: Event, b: Event): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(e: Event): void {
    const h = this.h;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

export async function simulateYear(database: Database, plan: YearPlan, opts: SimulateOptions): Promise<SimulationSummary> {
  checkPlan(plan);
  await assertEmpty(database);
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const { year } = plan;
  const r = new Prng(plan.seed);
  const { db } = database;

  // ---- the calendar: working days (Monday to Friday) of the year ----
  const at = (ymd: string, hour = 9, minute = 0) => new Date(`${ymd}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`).getTime();
  const ymdOf = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(t));
  const workdays: string[] = [];
  for (let t = at(`${year}-01-02`, 12); ymdOf(t) <= `${year}-12-31`; t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) workdays.push(ymdOf(t));
  }
  const lastDay = at(`${year}-12-31`, 17);
  const firstDay = at(workdays[0]!, 8, 30);
  const clamp = (t: number) => Math.max(firstDay, Math.min(lastDay, t));
  const monthOf = (t: number) => Number(ymdOf(t).slice(5, 7));

  const events = new EventQueue();
  let seq = 0;
  const schedule = (t: number, run: () => Promise<void>, label = 'other') => events.push({ at: t, seq: seq++, run, label });
  const spent = new Map<string, { n: number; ms: number }>();

  try {
    setClock(new Date(at(`${year}-01-02`, 8)));
    // ---- the office and its configuration ----
    const [adminRow] = await db.select().from(users).where(sql`'administrator' = any(${users.roles})`).orderBy(users.id).limit(1);
    if (!adminRow) throw new Error('no administrator: bootstrap the database first');
    const admin: Actor = { id: adminRow.id, username: adminRow.username, roles: ['administrator'], unitId: null };
    if (plan.honours) {
      await saveRuleSet(database, admin, {
        year,
        name: `${year}年度政务信息考核办法`,
        note: '默认计分办法，按各组别确定优胜单位和先进单位名额',
        document: ruleSetWithHonours(plan.honours),
      });
    }
    const groups = new Map((await db.select().from(unitGroups)).map((g) => [g.name, g.id]));
    for (const name of new Set(plan.units.map((u) => u.group))) {
      if (!groups.has(name)) groups.set(name, (await createGroup(database, admin, { name, sortOrder: (groups.size + 1) * 10 })).id);
    }
    const unitIds: number[] = [];
    for (const u of plan.units) {
      const row = await createUnit(database, admin, { name: u.name, shortName: u.shortName, groupId: groups.get(u.group)!, contactName: null, contactPhone: null, contactEmail: null });
      unitIds.push(row.id);
    }
    const person = async (username: string, displayName: string, role: 'editor' | 'issuer' | 'leader' | 'reporter', unitId: number | null): Promise<Actor> => {
      const u = await createUser(database, admin, { username, displayName, roles: [role], unitId, email: null, phone: null, password: opts.password, mustChangePassword: false });
      return { id: u.id, username: u.username, roles: [role], unitId };
    };
    const editor = await person('editor', '赵编辑', 'editor', null);
    const issuer = await person('issuer', '钱签发', 'issuer', null);
    await person('leader', '孙领导', 'leader', null);
    const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
    const GIVEN = ['建华', '晓东', '丽娜', '志强', '海燕', '国庆', '文静', '卫东', '春梅', '立新', '秀英', '振宇', '玉兰', '红霞', '宏伟', '俊杰'];
    const reporters: Actor[][] = [];
    let userCount = 3;
    for (const [i, u] of plan.units.entries()) {
      const list: Actor[] = [];
      for (let k = 0; k < u.reporters; k++) {
        list.push(await person(`u${String(i + 1).padStart(3, '0')}r${k + 1}`, `${SURNAMES[(i * 3 + k) % SURNAMES.length]}${GIVEN[(i + k * 5) % GIVEN.length]}`, 'reporter', unitIds[i]!));
        userCount++;
      }
      reporters.push(list);
    }
    const distribution = { bao: '市委、市政府领导同志。', song: '市人大常委会、市政协领导同志，市委办公室。', fa: '各县（市、区）人民政府，市政府各部门。' };
    const pubIds: number[] = [];
    for (const [i, p] of plan.publications.entries()) {
      const row = await createPublication(database, admin, { name: p.name, masthead: null, kind: p.kind, compilingUnit: '市人民政府办公室', distribution, activeFrom: year, activeTo: null, sortOrder: (i + 1) * 10 });
      pubIds.push(row.id);
    }
    const province = await createChannel(database, admin, { name: '省政府办公厅', level: 'province', sortOrder: 10 });
    let provincePubs: number[] = [];
    for (const [j, name] of ['河北政务信息', '昨日要情', '专报信息'].entries()) {
      provincePubs = (await addUpstreamPublication(database, admin, province.id, { name, sortOrder: (j + 1) * 10 })).publications.map((p) => p.id);
    }
    const state = await createChannel(database, admin, { name: '国务院办公厅', level: 'state', sortOrder: 20 });
    let statePubs: number[] = [];
    for (const [j, name] of ['国办信息', '政务要闻'].entries()) {
      statePubs = (await addUpstreamPublication(database, admin, state.id, { name, sortOrder: (j + 1) * 10 })).publications.map((p) => p.id);
    }
    log(`set up ${plan.units.length} units, ${userCount} users, ${plan.publications.length} publications`);

    // ---- issue dates: spread evenly over the working days ----
    const issueDates = plan.publications.map((p) => {
      const span = workdays.length - 6;
      return Array.from({ length: p.issues }, (_, k) => workdays[3 + Math.floor(((k + 0.5) * span) / p.issues)]!);
    });

    // ---- placed pieces (slots): every adopted article, dealt to the issues ----
    const typeOf = (ui: number): TArticleType => {
      const w = plan.units[ui]!.types;
      const keys = Object.keys(w) as TArticleType[];
      return keys.length ? keys[r.weighted(keys.map((k) => w[k]!))]! : 'news';
    };
    const slots: Slot[] = [];
    const newSlot = (unit: number, pub: number, type: TArticleType): Slot => ({
      unit, pub, issue: -1, type, text: { title: '', bodyHtml: '' }, submitAt: 0, adoptAt: 0,
      principal: false, province: false, provinceAdopted: false, state: false, stateAdopted: false, stateInstructed: false,
    });
    const routine = plan.publications.findIndex((p) => p.kind === 'routine');
    const specials = plan.publications.map((p, i) => (p.kind === 'special' ? i : -1)).filter((i) => i >= 0);
    const lr = plan.publications.findIndex((p) => p.kind === 'leaders_reference');
    const specialWeights = specials.map((i) => plan.publications[i]!.issues);
    const perPub: Slot[][] = plan.publications.map(() => []);
    const principalSlots: Slot[] = [];
    plan.units.forEach((u, ui) => {
      for (let k = 0; k < u.leadersRef; k++) {
        const s = newSlot(ui, lr, r.pick(['research', 'suggestion', 'problem'] as const));
        if (k < u.principalInstructed) {
          s.principal = true;
          principalSlots.push(s);
        } else perPub[lr]!.push(s);
      }
      for (let k = 0; k < u.special; k++) {
        const pub = specials[r.weighted(specialWeights)]!;
        perPub[pub]!.push(newSlot(ui, pub, typeOf(ui)));
      }
      for (let k = 0; k < u.adopted - u.leadersRef - u.special; k++) perPub[routine]!.push(newSlot(ui, routine, typeOf(ui)));
    });
    const issueSlots: Slot[][][] = plan.publications.map((p) => Array.from({ length: p.issues }, () => []));
    perPub.forEach((list, pi) => {
      r.shuffle(list);
      const n = list.length;
      const I = plan.publications[pi]!.issues;
      if (I === 0) return;
      for (let k = 0; k < I; k++) for (const s of list.slice(Math.floor((k * n) / I), Math.floor(((k + 1) * n) / I))) issueSlots[pi]![k]!.push(s);
    });
    principalSlots.forEach((s, j) => {
      const I = plan.publications[lr]!.issues;
      issueSlots[lr]![Math.floor(((j + 0.5) * I) / principalSlots.length)]!.push(s);
    });
    issueSlots.forEach((list, pi) =>
      list.forEach((ss, k) =>
        ss.forEach((s) => {
          s.issue = k;
          slots.push(s);
        }),
      ),
    );
    const issueAt = (pi: number, k: number) => at(issueDates[pi]![k]!, 10);
    // the articles behind the slots: submitted a few days before the issue, adopted the day before
    for (const s of slots) {
      const t = issueAt(s.pub, s.issue);
      s.adoptAt = Math.max(firstDay + 2 * HOUR, t - DAY + r.int(0, 6) * HOUR);
      s.submitAt = Math.max(firstDay, Math.min(s.adoptAt - 2 * HOUR, t - r.int(2, 12) * DAY + r.int(0, 7) * HOUR));
      s.text = articleText(r, plan.units[s.unit]!.shortName, monthOf(s.submitAt), s.type, slots.indexOf(s) + 1);
    }
    // what goes upward: per unit, chosen among its pieces (adoptions only where the outcome still falls in the year)
    const late = at(`${year}-12-10`, 0);
    plan.units.forEach((u, ui) => {
      const mine = r.shuffle(slots.filter((s) => s.unit === ui));
      const early = (s: Slot) => issueAt(s.pub, s.issue) < late;
      const prov = [...mine.filter(early), ...mine.filter((s) => !early(s))].slice(0, u.forwardedProvince);
      prov.forEach((s) => (s.province = true));
      prov.filter(early).slice(0, u.adoptedProvince).forEach((s) => (s.provinceAdopted = true));
      if (prov.filter((s) => s.provinceAdopted).length < u.adoptedProvince) throw new Error(`${u.name}: not enough early pieces for its provincial adoptions`);
      const st = r.shuffle(mine.filter(early)).slice(0, u.forwardedState);
      st.forEach((s) => (s.state = true));
      st.slice(0, u.adoptedState).forEach((s, k) => {
        s.stateAdopted = true;
        if (k < u.stateInstructed) s.stateInstructed = true;
      });
    });

    // ---- articles of the slots ----
    const reporterOf = (ui: number) => r.pick(reporters[ui]!);
    const submitArticle = async (who: Actor, text: ArticleText, type: TArticleType, extra: { solicitationId?: number; followupId?: number } = {}) => {
      const id = await createDraft(database, who, { title: text.title, bodyHtml: text.bodyHtml, type, ...extra });
      await transition(database, who, id, 'submit', { rowVersion: 1 }, LOCALE);
      return id;
    };
    const decide = async (id: number, action: 'adopt' | 'reject' | 'return' | 'reserve', comment?: string) => {
      await transition(database, editor, id, 'claim', { rowVersion: 2 }, LOCALE);
      await transition(database, editor, id, action, { rowVersion: 3, comment }, LOCALE);
    };
    let articleCount = 0;
    for (const s of slots) {
      schedule(s.submitAt, async () => {
        s.articleId = await submitArticle(reporterOf(s.unit), s.text, s.type);
        articleCount++;
      }, 'submit');
      schedule(s.adoptAt, async () => decide(s.articleId!, 'adopt'), 'decide');
    }

    // ---- the issues: composed, sent for sign-off, released on their date ----
    let issueCount = 0;
    const issueIds: number[][] = plan.publications.map(() => []);
    issueSlots.forEach((list, pi) =>
      list.forEach((ss, k) => {
        schedule(issueAt(pi, k), async () => {
          const id = await createIssue(database, editor, { publicationId: pubIds[pi]!, issueDate: issueDates[pi]![k]! });
          issueIds[pi]![k] = id;
          await updateIssue(database, editor, id, { rowVersion: 1, items: ss.map((s) => ({ kind: 'piece' as const, title: '', bodyHtml: '', articleIds: [s.articleId!] })) });
          await transitionIssue(database, editor, id, 'send_for_signoff', { rowVersion: 2 });
          await transitionIssue(database, issuer, id, 'sign_off', { rowVersion: 3 });
          const items = await db.select({ id: issueItems.id, position: issueItems.position }).from(issueItems).where(eq(issueItems.issueId, id)).orderBy(issueItems.position);
          ss.forEach((s, j) => (s.itemId = items[j]!.id));
          issueCount++;
        }, 'issue');
      }),
    );

    // ---- forwarding upward the next working day, outcomes some days later ----
    let forwardingCount = 0;
    let outcomeCount = 0;
    const nextWorkday = (t: number, n = 1) => {
      const i = workdays.findIndex((d) => d > ymdOf(t));
      return i < 0 ? lastDay : at(workdays[Math.min(workdays.length - 1, i + n - 1)]!, 10);
    };
    issueSlots.forEach((list, pi) =>
      list.forEach((ss, k) => {
        for (const [channel, pick, adopted, pubsOf] of [
          [province.id, (s: Slot) => s.province, (s: Slot) => s.provinceAdopted, provincePubs],
          [state.id, (s: Slot) => s.state, (s: Slot) => s.stateAdopted, statePubs],
        ] as const) {
          const up = ss.filter(pick);
          if (!up.length) continue;
          const sentAt = nextWorkday(issueAt(pi, k));
          schedule(sentAt, async () => {
            const fid = await createForwarding(database, editor, { channelId: channel, pieces: up.map((s) => ({ itemId: s.itemId! })) });
            await decideForwarding(database, issuer, fid, 'sign_off');
            forwardingCount++;
            const pieces = await db.select({ id: forwardedPieces.id, itemId: forwardedPieces.itemId }).from(forwardedPieces).where(eq(forwardedPieces.forwardingId, fid));
            for (const s of up.filter(adopted)) {
              const pieceId = pieces.find((p) => p.itemId === s.itemId)!.id;
              const outcomeAt = clamp(sentAt + r.int(3, 18) * DAY);
              const outcomeOn = ymdOf(outcomeAt);
              const instructions = s.stateInstructed
                ? [{ leaderRank: 'state_council', leaderName: '国务院领导同志', instructedOn: ymdOf(clamp(outcomeAt + 2 * DAY)), text: '这一做法很好，可供各地参考。' }]
                : [];
              schedule(outcomeAt, async () => {
                await recordOutcome(database, editor, pieceId, {
                  result: 'adopted',
                  upstreamPublicationId: r.pick(pubsOf),
                  issueLabel: `${year}年第${r.int(1, 200)}期`,
                  outcomeOn,
                  instructions,
                });
                outcomeCount++;
              }, 'outcome');
            }
          }, 'forward');
        }
      }),
    );

    // ---- instructions on our issues ----
    let instructionCount = 0;
    for (const s of principalSlots) {
      const on = clamp(issueAt(s.pub, s.issue) + r.int(1, 4) * DAY);
      schedule(on, async () => {
        s.instructionId = await recordInstruction(database, editor, {
          issueId: issueIds[s.pub]![s.issue]!,
          itemId: s.itemId!,
          leaderName: '市长',
          leaderRank: 'city_principal',
          instructedOn: ymdOf(on),
          text: '此件很好，请有关部门认真研究，抓好落实。',
        });
        instructionCount++;
      });
    }
    plan.publications.forEach((p, pi) => {
      const principalIssues = new Set(principalSlots.filter((s) => s.pub === pi).map((s) => s.issue));
      const candidates = r.shuffle(Array.from({ length: p.issues }, (_, k) => k).filter((k) => !principalIssues.has(k)));
      for (const k of candidates.slice(0, p.otherInstructed)) {
        const on = clamp(issueAt(pi, k) + r.int(1, 5) * DAY);
        schedule(on, async () => {
          await recordInstruction(database, editor, {
            issueId: issueIds[pi]![k]!,
            leaderName: '常务副市长',
            leaderRank: 'city_other',
            instructedOn: ymdOf(on),
            text: '请相关部门阅研。',
          });
          instructionCount++;
        });
      }
    });

    // ---- articles not adopted (and duplicates, caught and turned down) ----
    const anyWorkday = () => at(r.pick(workdays), r.int(9, 16), r.int(0, 59));
    plan.units.forEach((u, ui) => {
      for (let k = 0; k < u.notAdopted; k++) {
        const t = Math.min(anyWorkday(), lastDay - 3 * DAY);
        const type = typeOf(ui);
        const text = articleText(r, u.shortName, monthOf(t), type, 100000 + ui * 1000 + k);
        let id = 0;
        schedule(t, async () => {
          id = await submitArticle(reporterOf(ui), text, type);
          articleCount++;
        }, 'submit');
        const ret = r.next() < 0.15;
        schedule(t + r.int(1, 3) * DAY, async () => decide(id, ret ? 'return' : 'reject', ret ? '请补充具体数据和做法后再报。' : '内容一般，未予采用。'), 'decide');
      }
      const others = slots.filter((s) => s.unit !== ui && s.submitAt < lastDay - 20 * DAY);
      for (let k = 0; k < u.duplicates && others.length; k++) {
        const orig = r.pick(others);
        const t = orig.submitAt + r.int(2, 12) * DAY;
        const text = { title: `${u.shortName}${orig.text.title.slice(plan.units[orig.unit]!.shortName.length)}`, bodyHtml: orig.text.bodyHtml };
        let id = 0;
        schedule(t, async () => {
          id = await submitArticle(reporterOf(ui), text, orig.type);
          articleCount++;
        });
        schedule(t + DAY, async () => decide(id, 'reject', '与已报送稿件雷同，未予采用。'));
      }
    });

    // ---- solicitations: assignments answered on time, late or not at all ----
    const targets: number[][] = [];
    for (let j = 0; j < plan.solicitations; j++) {
      const pool = r.shuffle(plan.units.map((_, i) => i));
      targets.push(pool.slice(0, Math.min(plan.targetsPerSolicitation, pool.length)));
    }
    const fails = new Map<string, 'late' | 'missing'>();
    plan.units.forEach((u, ui) => {
      const need = u.solicitationLate + u.solicitationMissing;
      let mine = targets.map((t, j) => (t.includes(ui) ? j : -1)).filter((j) => j >= 0);
      for (let j = 0; mine.length < need && j < targets.length; j++) {
        if (!targets[j]!.includes(ui)) {
          targets[j]!.push(ui);
          mine.push(j);
        }
      }
      mine = r.shuffle(mine);
      mine.slice(0, u.solicitationLate).forEach((j) => fails.set(`${j}:${ui}`, 'late'));
      mine.slice(u.solicitationLate, need).forEach((j) => fails.set(`${j}:${ui}`, 'missing'));
    });
    const TOPICS = ['京津冀协同发展进展', '稳增长政策落实情况', '大气污染治理成效', '民生实事办理情况', '简政放权改革', '沿海港口建设', '外贸稳增长', '农村改革试点'];
    let solicitationCount = 0;
    targets.forEach((tset, j) => {
      const created = at(workdays[10 + Math.floor(((j + 0.5) * (workdays.length - 30)) / plan.solicitations)]!, 9);
      const deadline = created + 7 * DAY + 8 * HOUR;
      let sid = 0;
      schedule(created, async () => {
        sid = await createSolicitation(database, editor, {
          topic: `${TOPICS[j % TOPICS.length]}（${j + 1}）`,
          requirements: '请围绕主题报送一篇有情况、有分析、有建议的信息，字数1500字以内。',
          deadline: new Date(deadline).toISOString(),
          mandatory: j % 3 === 0,
          groupIds: [],
          unitIds: tset.map((ui) => unitIds[ui]!),
        });
        solicitationCount++;
      });
      for (const ui of tset) {
        const fail = fails.get(`${j}:${ui}`);
        if (fail === 'missing') continue;
        const t = fail === 'late' ? deadline + r.int(1, 4) * DAY : created + r.int(1, 6) * DAY;
        const text = articleText(r, plan.units[ui]!.shortName, monthOf(t), 'research', 200000 + j * 100 + ui);
        let id = 0;
        schedule(t, async () => {
          id = await submitArticle(reporterOf(ui), text, 'research', { solicitationId: sid });
          articleCount++;
        });
        schedule(t + DAY, async () => decide(id, 'reserve'));
      }
    });

    // ---- follow-ups on the principal's instructions ----
    let followupCount = 0;
    const overdueLeft = plan.units.map((u) => u.followupOverdue);
    for (let j = 0; j < Math.min(plan.followups, principalSlots.length); j++) {
      const s = principalSlots[j]!;
      const on = clamp(issueAt(s.pub, s.issue) + 6 * DAY);
      const due = clamp(on + 14 * DAY);
      const chosen = new Set<number>([s.unit]);
      overdueLeft.forEach((n, ui) => {
        if (n > 0 && chosen.size < plan.unitsPerFollowup + 1) chosen.add(ui);
      });
      for (const ui of r.shuffle(plan.units.map((_, i) => i))) if (chosen.size < plan.unitsPerFollowup) chosen.add(ui);
      const overdue = [...chosen].filter((ui) => overdueLeft[ui]! > 0 && ui !== s.unit);
      overdue.forEach((ui) => overdueLeft[ui]!--);
      let fid = 0;
      schedule(on, async () => {
        fid = await createFollowup(database, editor, {
          instructionId: s.instructionId ?? null,
          title: `落实市长批示：${s.text.title}`,
          requirement: '请结合本单位职能，报送贯彻落实情况。',
          dueDate: ymdOf(due),
          unitIds: [...chosen].map((ui) => unitIds[ui]!),
        });
        followupCount++;
      });
      for (const ui of chosen) {
        if (overdue.includes(ui)) continue;
        const t = on + r.int(2, 10) * DAY;
        const text = articleText(r, plan.units[ui]!.shortName, monthOf(t), 'feedback', 300000 + j * 100 + ui);
        let id = 0;
        schedule(t, async () => {
          id = await submitArticle(reporterOf(ui), text, 'feedback', { followupId: fid });
          articleCount++;
        });
        schedule(t + DAY, async () => decide(id, 'reserve'));
      }
    }

    // ---- run the year in time order (events may add later events) ----
    let done = 0;
    while (events.size) {
      const e = events.pop()!;
      setClock(new Date(e.at));
      const t0 = performance.now();
      await e.run();
      const x = spent.get(e.label) ?? { n: 0, ms: 0 };
      x.n++;
      x.ms += performance.now() - t0;
      spent.set(e.label, x);
      if (++done % 500 === 0) log(`${done} steps, at ${ymdOf(e.at)}`);
    }
    setClock(new Date(at(`${year + 1}-01-06`, 10)));
    await freezeAssessment(database, admin, String(year));
    log(`froze the ${year} assessment`);
    log(`time per step: ${[...spent].map(([k, v]) => `${k} ${v.n}× ${(v.ms / v.n).toFixed(1)} ms`).join(', ')}`);
    const adopted = slots.length;
    return {
      year,
      units: plan.units.length,
      users: userCount,
      articles: articleCount,
      adopted,
      issues: issueCount,
      forwardings: forwardingCount,
      outcomes: outcomeCount,
      instructions: instructionCount,
      solicitations: solicitationCount,
      followups: followupCount,
      password: opts.password,
      usernames: { editor: 'editor', issuer: 'issuer', leader: 'leader', reporterExample: reporters[0]?.[0]?.username ?? '' },
      ms: Date.now() - started,
    };
  } finally {
    resetClock();
  }
}
