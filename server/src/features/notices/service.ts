import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  formatDocNumber,
  noticePlaceholders,
  NOTICE_STATE_LABELS_ZH,
  type TDocNumber,
  type TNotice,
  type TNoticeContent,
  type TNoticeGenerateInput,
  type TNoticePeriod,
  type TNoticeState,
  type TNoticeSummary,
  type TNoticeUpdateInput,
} from '@baosong/contract';
import { notices, units, users } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { now, todayShanghai } from '../../lib/clock.js';
import { policy, type Actor } from '../../lib/policy.js';
import { composeNotice, refreshNotice } from '../../notices/compose.js';
import { noticeFacts, noticeHonours } from '../../notices/facts.js';
import { renderNoticeDocx } from '../../render/notice-docx.js';
import { notifyUsers } from '../notifications/service.js';
import { unitPeople } from '../solicitations/service.js';
import { noticeSearchEntry, prepareSearchEntry, writeSearchEntries } from '../search/entries.js';
import { getNoticeSettings, nextDocNumber } from './settings.js';

type Row = typeof notices.$inferSelect;

function periodOf(r: Pick<Row, 'kind' | 'year' | 'month'>): TNoticePeriod {
  return r.kind === 'monthly' ? { kind: 'monthly', year: r.year, month: r.month! } : { kind: 'annual', year: r.year };
}

function summary(r: Row): TNoticeSummary {
  return {
    id: r.id,
    kind: r.kind as TNoticeSummary['kind'],
    year: r.year,
    month: r.month,
    state: r.state as TNoticeState,
    title: r.content.title,
    docNumber: r.docNumber ?? null,
    docNumberText: r.docNumber ? formatDocNumber(r.docNumber) : null,
    updatedAt: r.updatedAt.toISOString(),
    releasedAt: r.releasedAt?.toISOString() ?? null,
  };
}

async function view(db: DbOrTx, r: Row): Promise<TNotice> {
  const ids = [r.createdById, r.updatedById, r.releasedById].filter((x): x is number => x !== null);
  const people = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  const name = (id: number | null) => (id === null ? null : (people.find((p) => p.id === id)?.name ?? ''));
  return {
    ...summary(r),
    content: r.content,
    createdBy: name(r.createdById)!,
    updatedBy: name(r.updatedById)!,
    createdAt: r.createdAt.toISOString(),
    releasedBy: name(r.releasedById),
    refreshedAt: r.refreshedAt.toISOString(),
    rowVersion: r.rowVersion,
  };
}

export async function listNotices(db: DbOrTx, actor: Actor): Promise<TNoticeSummary[]> {
  const scope = policy.noticeScope(actor);
  if (!scope) throw forbidden();
  const rows = await db
    .select()
    .from(notices)
    .where(scope === 'released' ? eq(notices.state, 'released') : undefined)
    .orderBy(desc(notices.year), desc(sql`coalesce(${notices.month}, 13)`), desc(notices.id))
    .limit(500);
  return rows.map(summary);
}

async function visibleRow(db: DbOrTx, actor: Actor, id: number): Promise<Row> {
  const scope = policy.noticeScope(actor);
  if (!scope) throw forbidden();
  const [r] = await db.select().from(notices).where(eq(notices.id, id));
  if (!r || (scope === 'released' && r.state !== 'released')) throw notFound();
  return r;
}

export async function getNotice(db: DbOrTx, actor: Actor, id: number): Promise<TNotice> {
  return view(db, await visibleRow(db, actor, id));
}

async function assertNumberFree(tx: DbOrTx, d: TDocNumber | null | undefined, id: number | null): Promise<void> {
  if (!d) return;
  const rows = await tx
    .select({ id: notices.id })
    .from(notices)
    .where(
      and(
        eq(notices.state, 'released'),
        sql`coalesce(${notices.docNumber}->>'prefix', '') = ${d.prefix ?? ''}`,
        sql`(${notices.docNumber}->>'year')::int = ${d.year}`,
        sql`(${notices.docNumber}->>'number')::int = ${d.number}`,
      ),
    );
  if (rows.some((r) => r.id !== id)) throw new AppError('NOTICE_NUMBER_TAKEN', 409, { number: formatDocNumber(d) });
}

/** A new draft for a year or a month, composed from the records as they are now. */
export async function generateNotice(database: Database, actor: Actor, input: TNoticeGenerateInput, ip?: string): Promise<number> {
  const honours = await noticeHonours(database, input.period);
  return database.db.transaction(async (tx) => {
    const facts = await noticeFacts(tx, input.period, honours);
    // The administrator's settings fill in whatever the request leaves out.
    const s = await getNoticeSettings(tx);
    const date = input.date ?? todayShanghai();
    const content = composeNotice(facts, {
      office: input.office ?? s.office,
      issuingOffice: input.issuingOffice ?? s.issuingOffice,
      addressees: input.addressees ?? s.addressees,
      copyTo: input.copyTo ?? s.copyTo,
      date,
      requirements: s.requirements,
      mark: s.mark,
      printedBy: s.printedBy,
    });
    // No number given: the next of the settings' sequence for the year of the date (null = explicitly none).
    const docNumber = input.docNumber !== undefined ? input.docNumber : await nextDocNumber(tx, s, Number(date.slice(0, 4)));
    const at = now();
    const p = input.period;
    const [row] = await tx
      .insert(notices)
      .values({
        kind: p.kind,
        year: p.year,
        month: p.kind === 'monthly' ? p.month : null,
        docNumber,
        content,
        refreshedAt: at,
        createdById: actor.id,
        createdAt: at,
        updatedById: actor.id,
        updatedAt: at,
      })
      .returning({ id: notices.id });
    await writeAudit(tx, { actor, action: 'notice.generate', targetType: 'notice', targetId: row!.id, ip, outcome: 'ok', details: { period: p } });
    return row!.id;
  });
}

/** Locks a draft for a change; a released notice or a stale version is refused. */
async function lockDraft(tx: DbOrTx, id: number, rowVersion: number): Promise<Row> {
  const [r] = await tx.select().from(notices).where(eq(notices.id, id)).for('update');
  if (!r) throw notFound();
  if (r.state === 'released') throw new AppError('NOTICE_RELEASED', 409, {}, { state: r.state, rowVersion: r.rowVersion });
  if (r.rowVersion !== rowVersion) {
    throw new AppError('NOTICE_CONFLICT', 409, { state: NOTICE_STATE_LABELS_ZH[r.state as TNoticeState] }, { state: r.state, rowVersion: r.rowVersion });
  }
  return r;
}

/** The editor's words: each paragraph's text may change, but only with the placeholders of its own figures. */
export function applyParagraphEdits(content: TNoticeContent, edits: { section: string; id: string; text: string }[]): TNoticeContent {
  const key = (section: string, id: string) => `${section}/${id}`;
  const byId = new Map(edits.map((e) => [key(e.section, e.id), e.text]));
  const known = new Set(content.sections.flatMap((s) => s.paragraphs.map((p) => key(s.id, p.id))));
  for (const k of byId.keys()) if (!known.has(k)) throw new AppError('NOTICE_UNKNOWN_PARAGRAPH', 400, { id: k });
  return {
    ...content,
    sections: content.sections.map((s) => ({
      ...s,
      paragraphs: s.paragraphs.map((p) => {
        const text = byId.get(key(s.id, p.id));
        if (text === undefined || text === p.text) return p;
        for (const name of noticePlaceholders(text)) if (!(name in p.figures)) throw new AppError('NOTICE_UNKNOWN_FIGURE', 400, { name });
        return { ...p, text, edited: true };
      }),
    })),
  };
}

export async function updateNotice(database: Database, actor: Actor, id: number, input: TNoticeUpdateInput, ip?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const r = await lockDraft(tx, id, input.rowVersion);
    let content: TNoticeContent = {
      ...r.content,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.addressees !== undefined ? { addressees: input.addressees } : {}),
      ...(input.issuingOffice !== undefined ? { issuingOffice: input.issuingOffice } : {}),
      ...(input.copyTo !== undefined ? { copyTo: input.copyTo } : {}),
      ...(input.mark !== undefined ? { mark: input.mark } : {}),
      ...(input.printedBy !== undefined ? { printedBy: input.printedBy } : {}),
      ...(input.date !== undefined ? { date: input.date } : {}),
    };
    if (input.paragraphs) content = applyParagraphEdits(content, input.paragraphs);
    const docNumber = input.docNumber !== undefined ? input.docNumber : r.docNumber;
    await tx
      .update(notices)
      .set({ content, docNumber, updatedById: actor.id, updatedAt: now(), rowVersion: sql`${notices.rowVersion} + 1` })
      .where(eq(notices.id, id));
    await writeAudit(tx, {
      actor,
      action: 'notice.update',
      targetType: 'notice',
      targetId: id,
      ip,
      outcome: 'ok',
      details: { paragraphs: input.paragraphs?.map((p) => `${p.section}/${p.id}`) ?? [], docNumber: docNumber ? formatDocNumber(docNumber) : null },
    });
  });
}

/** Recomputes every figure of a draft from the records; the words stay as the editor left them. */
export async function refreshNoticeFigures(database: Database, actor: Actor, id: number, rowVersion: number, ip?: string): Promise<void> {
  const [pre] = await database.db.select({ kind: notices.kind, year: notices.year, month: notices.month }).from(notices).where(eq(notices.id, id));
  const honours = pre ? await noticeHonours(database, periodOf(pre)) : null;
  await database.db.transaction(async (tx) => {
    const r = await lockDraft(tx, id, rowVersion);
    const content = refreshNotice(r.content, await noticeFacts(tx, periodOf(r), honours));
    const at = now();
    await tx
      .update(notices)
      .set({ content, refreshedAt: at, updatedById: actor.id, updatedAt: at, rowVersion: sql`${notices.rowVersion} + 1` })
      .where(eq(notices.id, id));
    await writeAudit(tx, { actor, action: 'notice.refresh', targetType: 'notice', targetId: id, ip, outcome: 'ok' });
  });
}

/** Releases a draft to all units: it becomes read-only and every unit's people are told. */
export async function releaseNotice(database: Database, actor: Actor, id: number, rowVersion: number, ip?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const r = await lockDraft(tx, id, rowVersion);
    await assertNumberFree(tx, r.docNumber, id);
    const at = now();
    await tx
      .update(notices)
      .set({ state: 'released', releasedById: actor.id, releasedAt: at, updatedById: actor.id, updatedAt: at, rowVersion: sql`${notices.rowVersion} + 1` })
      .where(eq(notices.id, id));
    // Released notices are searchable (a few paragraphs: segmented here).
    await writeSearchEntries(tx, [prepareSearchEntry(noticeSearchEntry({ id, content: r.content, docNumber: r.docNumber, releasedAt: at }))]);
    const unitIds = (await tx.select({ id: units.id }).from(units).where(eq(units.active, true))).map((u) => u.id);
    const people = await unitPeople(tx, unitIds);
    await notifyUsers(
      tx,
      people.map((p) => p.id),
      { kind: 'notice.released', title: `通报：${r.content.title}`, body: r.docNumber ? formatDocNumber(r.docNumber) : null },
    );
    await writeAudit(tx, { actor, action: 'notice.release', targetType: 'notice', targetId: id, ip, outcome: 'ok', details: { notified: people.length } });
  });
}

/** The GB/T 9704 .docx of a notice the actor may see. */
export async function noticeDocx(db: DbOrTx, actor: Actor, id: number): Promise<{ data: Buffer; filename: string }> {
  const r = await visibleRow(db, actor, id);
  const data = await renderNoticeDocx({ content: r.content, docNumber: r.docNumber ?? null, mark: r.content.mark ?? null, printedBy: r.content.printedBy ?? null });
  const p = periodOf(r);
  const label = p.kind === 'annual' ? `${p.year}` : `${p.year}-${String(p.month).padStart(2, '0')}`;
  return { data, filename: `${r.content.title || '通报'}_${label}${r.state === 'draft' ? '_草稿' : ''}.docx` };
}
