import { eq } from 'drizzle-orm';
import { renderNoticeParagraph, type TNoticeContent, type TNoticeDrift, type TNoticeParagraph, type TNoticePeriod } from '@baosong/contract';
import { notices } from '../../db/schema.js';
import type { Database } from '../../db/connect.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { policy, type Actor } from '../../lib/policy.js';
import { composeNotice } from '../../notices/compose.js';
import { noticeFacts, noticeHonours } from '../../notices/facts.js';
import { getNoticeSettings } from './settings.js';

const COMPARED = ['situation', 'problems'] as const;

/** The drift between a stored draft and a fresh composition (pure). */
export function noticeDrift(stored: TNoticeContent, fresh: TNoticeContent): TNoticeDrift {
  const out: TNoticeDrift = { added: [], gone: [], reworded: [] };
  const item = (section: (typeof COMPARED)[number], p: TNoticeParagraph) => ({ section, id: p.id, text: renderNoticeParagraph(p) });
  for (const section of COMPARED) {
    const mine = stored.sections.find((s) => s.id === section)?.paragraphs ?? [];
    const now = fresh.sections.find((s) => s.id === section)?.paragraphs ?? [];
    for (const p of now) {
      const old = mine.find((x) => x.id === p.id);
      if (!old) out.added.push(item(section, p));
      else if (!old.edited ? old.text !== p.text : Object.keys(p.figures).some((name) => !(name in old.figures))) out.reworded.push(item(section, p));
    }
    for (const p of mine) if (!now.some((x) => x.id === p.id)) out.gone.push(item(section, p));
  }
  return out;
}

/** How the notice differs from what generating it now would give; for the desk. */
export async function driftOfNotice(database: Database, actor: Actor, id: number): Promise<TNoticeDrift> {
  const { db } = database;
  if (policy.noticeScope(actor) !== 'all') throw forbidden();
  const [r] = await db.select().from(notices).where(eq(notices.id, id));
  if (!r) throw notFound();
  const period: TNoticePeriod = r.kind === 'monthly' ? { kind: 'monthly', year: r.year, month: r.month! } : { kind: 'annual', year: r.year };
  const s = await getNoticeSettings(db);
  const c = r.content;
  const fresh = composeNotice(await noticeFacts(db, period, await noticeHonours(database, period)), {
    office: s.office,
    issuingOffice: c.issuingOffice,
    addressees: c.addressees,
    copyTo: c.copyTo,
    date: c.date,
  });
  return noticeDrift(c, fresh);
}
