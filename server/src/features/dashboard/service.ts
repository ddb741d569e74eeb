import {
  periodRange,
  type TDashboard,
  type TDashboardCompliance,
  type TDashboardGroup,
  type TDashboardMonth,
  type TDashboardPublication,
  type TDashboardQuery,
  type TDashboardUnit,
} from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { now } from '../../lib/clock.js';
import { policy, type Actor } from '../../lib/policy.js';
import { getAssessment } from '../../scoring/service.js';
import { ANSWERED_STATES } from '../solicitations/status.js';

/**
 * The dashboards' figures, each counted by one SQL query over the records (nothing cached, nothing from the score
 * ledger except the ranking, which is the assessment itself). Definitions (Asia/Shanghai calendar):
 * - submitted: articles that first left their unit in the period (archived history is not a submission);
 * - adopted: those of them the desk adopted (state adopted now); adoption rate = adopted ÷ submitted;
 * - funnel: those same pieces, how many were adopted, sent upward in a signed-off forwarding, adopted by the upper
 *   level, and instructed by a leader (ours on the piece or its issue, or an upstream leader);
 * - publications: released issues dated in the period (errata left out), their pieces, the articles placed in them;
 *   with a group or unit filter, only issues carrying that scope's articles, and only its pieces and articles;
 * - compliance: solicitation targets whose deadline falls in the period, status as of now (as on the compliance page).
 */

/** Shanghai calendar day → the instant it starts. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
const rate = (adopted: number, submitted: number) => (submitted ? Math.round((adopted / submitted) * 1000) / 1000 : null);
/** The month of a timestamp on the office's calendar (no time-zone database needed: Shanghai is UTC+8 all year). */
const MONTH_OF = (col: string) => `to_char((${col} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;
const ANSWERED = ANSWERED_STATES.map((s) => `'${s}'`).join(', ');

interface Scope {
  groupId: number | null;
  unitId: number | null;
}

/** Parameters and the unit filter (`u` is the units alias) shared by the queries. */
function builder(scope: Scope) {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const conds: string[] = [];
  if (scope.groupId) conds.push(`u.group_id = ${p(scope.groupId)}`);
  if (scope.unitId) conds.push(`u.id = ${p(scope.unitId)}`);
  const unitFilter = conds.length ? conds.join(' and ') : 'true';
  return { params, p, unitFilter };
}

/** Who may see what: office viewers all (or what they filter to), a unit's people their own unit only. */
export function dashboardScope(actor: Actor, q: TDashboardQuery): { scope: 'office' | 'unit'; filter: Scope } {
  const s = policy.dashboardScope(actor);
  if (!s) throw forbidden();
  if ('all' in s) return { scope: 'office', filter: { groupId: q.groupId ?? null, unitId: q.unitId ?? null } };
  if ((q.unitId && q.unitId !== s.unitId) || q.groupId) throw forbidden();
  return { scope: 'unit', filter: { groupId: null, unitId: s.unitId } };
}

export async function dashboard(database: Database, actor: Actor, q: TDashboardQuery): Promise<TDashboard> {
  const { scope, filter } = dashboardScope(actor, q);
  if (filter.groupId) {
    const [g] = await database.query<{ id: number }>('select id from unit_groups where id = $1', [filter.groupId]);
    if (!g) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'groupId', message: 'unknown group' }]);
  }
  if (filter.unitId) {
    const [u] = await database.query<{ id: number }>('select id from units where id = $1', [filter.unitId]);
    if (!u) throw new AppError('VALIDATION_FAILED', 400, {}, [{ field: 'unitId', message: 'unknown unit' }]);
  }
  const r = periodRange(q.period);
  const start = dayStart(r.from);
  const end = new Date(dayStart(r.to).getTime() + 24 * 3600 * 1000);
  const [months, units, groups, funnel, publications, compliance] = [
    await monthsOf(database, filter, r.from, r.to, start, end),
    await unitsOf(database, filter, start, end),
    scope === 'unit' ? [] : await groupsOf(database, filter, start, end),
    await funnelOf(database, filter, start, end),
    await publicationsOf(database, filter, scope === 'unit' || !!filter.groupId || !!filter.unitId, r.from, r.to),
    await complianceOf(database, filter, start, end),
  ];
  let ranking: TDashboard['ranking'] = null;
  if (scope === 'office') {
    const a = await getAssessment(database, q.period);
    ranking = a.rows.filter((x) => (!filter.groupId || x.groupId === filter.groupId) && (!filter.unitId || x.unitId === filter.unitId));
  }
  return { period: q.period, from: r.from, to: r.to, scope, groupId: filter.groupId, unitId: filter.unitId, months, units, groups, funnel, publications, compliance, ranking };
}

/** Every month of the period, zeros where nothing was submitted. */
async function monthsOf(database: Database, scope: Scope, from: string, to: string, start: Date, end: Date): Promise<TDashboardMonth[]> {
  const b = builder(scope);
  const rows = await database.query<{ month: string; submitted: number; adopted: number }>(
    `select ${MONTH_OF('a.first_submitted_at')} as month, count(*)::int as submitted, (count(*) filter (where a.state = 'adopted'))::int as adopted
       from articles a join units u on u.id = a.unit_id
      where a.first_submitted_at >= ${b.p(start)} and a.first_submitted_at < ${b.p(end)} and a.state <> 'archived' and ${b.unitFilter}
      group by 1`,
    b.params,
  );
  const byMonth = new Map(rows.map((x) => [x.month, x]));
  const out: TDashboardMonth[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? (y++, (m = 1)) : m++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const x = byMonth.get(month);
    out.push({ month, submitted: x?.submitted ?? 0, adopted: x?.adopted ?? 0, adoptionRate: rate(x?.adopted ?? 0, x?.submitted ?? 0) });
  }
  return out;
}

/** Active units in scope (and inactive ones that submitted in the period), in the unit list's order. */
async function unitsOf(database: Database, scope: Scope, start: Date, end: Date): Promise<TDashboardUnit[]> {
  const b = builder(scope);
  const rows = await database.query<{ unit_id: number; unit_name: string; group_id: number; group_name: string; submitted: number; adopted: number }>(
    `select u.id as unit_id, u.name as unit_name, g.id as group_id, g.name as group_name,
            coalesce(x.submitted, 0)::int as submitted, coalesce(x.adopted, 0)::int as adopted
       from units u join unit_groups g on g.id = u.group_id
       left join (select a.unit_id, count(*) as submitted, count(*) filter (where a.state = 'adopted') as adopted
                    from articles a
                   where a.first_submitted_at >= ${b.p(start)} and a.first_submitted_at < ${b.p(end)} and a.state <> 'archived'
                   group by a.unit_id) x on x.unit_id = u.id
      where (u.active or x.unit_id is not null) and ${b.unitFilter}
      order by g.sort_order, g.id, u.id`,
    b.params,
  );
  return rows.map((x) => ({ unitId: x.unit_id, unitName: x.unit_name, groupId: x.group_id, groupName: x.group_name, submitted: x.submitted, adopted: x.adopted, adoptionRate: rate(x.adopted, x.submitted) }));
}

/** Groups with their active units' count and their units' submissions and adoptions. */
async function groupsOf(database: Database, scope: Scope, start: Date, end: Date): Promise<TDashboardGroup[]> {
  const b = builder(scope);
  const rows = await database.query<{ group_id: number; group_name: string; units: number; submitted: number; adopted: number }>(
    `select g.id as group_id, g.name as group_name, (count(distinct u.id) filter (where u.active))::int as units,
            count(a.id)::int as submitted, (count(a.id) filter (where a.state = 'adopted'))::int as adopted
       from unit_groups g join units u on u.group_id = g.id
       left join articles a on a.unit_id = u.id and a.first_submitted_at >= ${b.p(start)} and a.first_submitted_at < ${b.p(end)} and a.state <> 'archived'
      where ${b.unitFilter}
      group by g.id, g.name, g.sort_order
      order by g.sort_order, g.id`,
    b.params,
  );
  return rows.map((x) => ({ groupId: x.group_id, groupName: x.group_name, units: x.units, submitted: x.submitted, adopted: x.adopted, adoptionRate: rate(x.adopted, x.submitted) }));
}

/** The pieces received in the period, followed upward. */
async function funnelOf(database: Database, scope: Scope, start: Date, end: Date): Promise<TDashboard['funnel']> {
  const b = builder(scope);
  // Each later stage is a set of article ids joined to the cohort (hash joins, not a subquery per article).
  const [row] = await database.query<{ received: number; adopted: number; forwarded: number; adopted_above: number; instructed: number }>(
    `with c as (
       select a.id, a.state from articles a join units u on u.id = a.unit_id
        where a.first_submitted_at >= ${b.p(start)} and a.first_submitted_at < ${b.p(end)} and a.state <> 'archived' and ${b.unitFilter}),
     fwd as (
       select distinct s.article_id from forwarded_piece_sources s
         join forwarded_pieces fp on fp.id = s.piece_id join forwardings f on f.id = fp.forwarding_id
        where f.state = 'sent'),
     above as (
       select distinct s.article_id from forwarded_piece_sources s join upstream_outcomes o on o.piece_id = s.piece_id
        where o.result = 'adopted'),
     ins as (
       select pl.article_id from placements pl
         join instructions i on i.issue_id = pl.issue_id and (i.item_id is null or i.item_id = pl.item_id)
       union
       select s.article_id from forwarded_piece_sources s
         join upstream_outcomes o on o.piece_id = s.piece_id join upstream_instructions ui on ui.outcome_id = o.id)
     select count(*)::int as received,
            (count(*) filter (where c.state = 'adopted'))::int as adopted,
            count(fwd.article_id)::int as forwarded,
            count(above.article_id)::int as adopted_above,
            count(ins.article_id)::int as instructed
       from c
       left join fwd on fwd.article_id = c.id
       left join above on above.article_id = c.id
       left join ins on ins.article_id = c.id`,
    b.params,
  );
  return { received: row!.received, adopted: row!.adopted, forwarded: row!.forwarded, adoptedAbove: row!.adopted_above, instructed: row!.instructed };
}

/** Issues per publication: every active publication, and inactive ones with an issue in the period. */
async function publicationsOf(database: Database, scope: Scope, filtered: boolean, from: string, to: string): Promise<TDashboardPublication[]> {
  const b = builder(scope);
  const issueCond = `i.publication_id = p.id and i.state = 'released' and i.erratum_of_id is null and i.issue_date >= ${b.p(from)}::date and i.issue_date <= ${b.p(to)}::date`;
  // With a filter: placements of the scope's units only.
  const mine = filtered ? `exists (select 1 from units u where u.id = pl.unit_id and ${b.unitFilter})` : 'true';
  const rows = await database.query<{ id: number; name: string; active: boolean; issues: number; pieces: number; articles: number; instructed_issues: number }>(
    `select p.id, p.name, p.active,
            (select count(*)::int from issues i where ${issueCond}
               and (${!filtered} or exists (select 1 from placements pl where pl.issue_id = i.id and ${mine}))) as issues,
            (select count(*)::int from issue_items it join issues i on i.id = it.issue_id where ${issueCond} and it.kind = 'piece'
               and (${!filtered} or exists (select 1 from placements pl where pl.item_id = it.id and ${mine}))) as pieces,
            (select count(*)::int from placements pl join issues i on i.id = pl.issue_id where ${issueCond} and ${mine}) as articles,
            (select count(*)::int from issues i where ${issueCond}
               and exists (select 1 from instructions ins where ins.issue_id = i.id)
               and (${!filtered} or exists (select 1 from placements pl where pl.issue_id = i.id and ${mine}))) as instructed_issues
       from publications p
      order by p.sort_order, p.id`,
    b.params,
  );
  return rows
    .filter((x) => x.active || x.issues > 0)
    .map((x) => ({ publicationId: x.id, name: x.name, issues: x.issues, pieces: x.pieces, articles: x.articles, instructedIssues: x.instructed_issues }));
}

/** Solicitation targets due in the period per unit, with the status the compliance page computes (targetStatus). */
async function complianceOf(database: Database, scope: Scope, start: Date, end: Date): Promise<TDashboardCompliance[]> {
  const b = builder(scope);
  const rows = await database.query<{ unit_id: number; unit_name: string; group_name: string; targeted: number; on_time: number; late: number; missing: number; declined: number; pending: number }>(
    `with t as (
       select st.unit_id, s.deadline, st.declined_at,
              (select min(a.first_submitted_at) from articles a
                where a.solicitation_id = s.id and a.unit_id = st.unit_id and a.first_submitted_at is not null and a.state in (${ANSWERED})) as answered_at
         from solicitation_targets st join solicitations s on s.id = st.solicitation_id
        where s.deadline >= ${b.p(start)} and s.deadline < ${b.p(end)}),
     k as (
       select t.unit_id,
              case when t.answered_at is not null then (case when t.answered_at <= t.deadline then 'on_time' else 'late' end)
                   when t.declined_at is not null then 'declined'
                   when ${b.p(now())}::timestamptz > t.deadline then 'missing'
                   else 'pending' end as status
         from t)
     select u.id as unit_id, u.name as unit_name, g.name as group_name, count(*)::int as targeted,
            (count(*) filter (where k.status = 'on_time'))::int as on_time, (count(*) filter (where k.status = 'late'))::int as late,
            (count(*) filter (where k.status = 'missing'))::int as missing, (count(*) filter (where k.status = 'declined'))::int as declined,
            (count(*) filter (where k.status = 'pending'))::int as pending
       from k join units u on u.id = k.unit_id join unit_groups g on g.id = u.group_id
      where ${b.unitFilter}
      group by u.id, u.name, g.name, g.sort_order, g.id
      order by g.sort_order, g.id, u.id`,
    b.params,
  );
  return rows.map((x) => {
    const due = x.on_time + x.late + x.missing;
    return {
      unitId: x.unit_id,
      unitName: x.unit_name,
      groupName: x.group_name,
      targeted: x.targeted,
      onTime: x.on_time,
      late: x.late,
      missing: x.missing,
      declined: x.declined,
      pending: x.pending,
      onTimeRate: due ? Math.round((x.on_time / due) * 1000) / 1000 : null,
    };
  });
}
