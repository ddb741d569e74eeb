import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import { solicitations } from '../db/schema.js';
import type { Database, DbOrTx } from '../db/connect.js';
import { now } from '../lib/clock.js';
import { notifyUsers } from '../features/notifications/service.js';
import { formatDeadline, targetsOf, unitPeople } from '../features/solicitations/service.js';
import type { DeliverySettings } from './delivery.js';
import { enqueue, type NewMessage } from './outbox.js';

type Sol = typeof solicitations.$inferSelect;

/** In-app notices, e-mail to the unit's people with an address, and one webhook message per unit (for SMS). */
async function tellUnits(tx: DbOrTx, s: Sol, unitIds: number[], kind: 'remind' | 'missing', title: string, text: string, d: DeliverySettings) {
  const people = await unitPeople(tx, unitIds);
  await notifyUsers(tx, people.map((p) => p.id), { kind: `solicitation.${kind}`, title, body: text });
  const messages: NewMessage[] = [];
  if (d.smtp) {
    for (const p of people) {
      if (p.email) messages.push({ channel: 'email', recipient: p.email, subject: title, body: `${p.displayName}：\n\n${text}\n`, dedupeKey: `solicitation:${s.id}:${kind}:user:${p.id}:email` });
    }
  }
  if (d.webhook) {
    for (const unitId of unitIds) {
      messages.push({
        channel: 'webhook',
        recipient: d.webhook.url,
        subject: title,
        body: text,
        // The gateway needs numbers: every person of the unit who has one.
        payload: {
          kind: `solicitation.${kind}`,
          solicitationId: s.id,
          unitId,
          recipients: people.filter((p) => p.unitId === unitId && p.phone).map((p) => ({ userId: p.id, name: p.displayName, phone: p.phone })),
        },
        dedupeKey: `solicitation:${s.id}:${kind}:unit:${unitId}:webhook`,
      });
    }
  }
  await enqueue(tx, messages);
}

/**
 * Reminds the targets that have neither answered nor declined, `remindBeforeMs` before the deadline. The
 * solicitation row is claimed with FOR UPDATE SKIP LOCKED and stamped in the same transaction, so with several app
 * processes exactly one reminds.
 */
export async function sweepReminders(database: Database, remindBeforeMs: number, d: DeliverySettings): Promise<number> {
  const at = now();
  return database.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(solicitations)
      .where(and(eq(solicitations.state, 'open'), isNull(solicitations.remindedAt), gt(solicitations.deadline, at), lte(solicitations.deadline, new Date(at.getTime() + remindBeforeMs))))
      .limit(20)
      .for('update', { skipLocked: true });
    for (const s of due) {
      const targets = (await targetsOf(tx, [s])).get(s.id) ?? [];
      const waiting = targets.filter((t) => t.status === 'pending').map((t) => t.unitId);
      const title = `约稿提醒：${s.topic}（${formatDeadline(s.deadline)} 截止）`;
      if (waiting.length) await tellUnits(tx, s, waiting, 'remind', title, `约稿“${s.topic}”将于 ${formatDeadline(s.deadline)} 截止，本单位尚未报送，请抓紧报送。\n\n要求：${s.requirements}`, d);
      await tx.update(solicitations).set({ remindedAt: at }).where(eq(solicitations.id, s.id));
    }
    return due.length;
  });
}

/** After the deadline: tells each unit without an answer that it is recorded as missing, and the editor who asked. */
export async function sweepMissing(database: Database, d: DeliverySettings): Promise<number> {
  const at = now();
  return database.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(solicitations)
      .where(and(isNull(solicitations.sweptAt), lte(solicitations.deadline, at)))
      .limit(20)
      .for('update', { skipLocked: true });
    for (const s of due) {
      const targets = (await targetsOf(tx, [s])).get(s.id) ?? [];
      const missing = targets.filter((t) => t.status === 'missing');
      if (missing.length) {
        const title = `约稿未按时报送：${s.topic}`;
        await tellUnits(tx, s, missing.map((t) => t.unitId), 'missing', title, `约稿“${s.topic}”已于 ${formatDeadline(s.deadline)} 截止，本单位未报送，已记为未报送。`, d);
        await notifyUsers(tx, [s.createdById], { kind: 'solicitation.missing', title: `约稿“${s.topic}”已截止，${missing.length} 个单位未报送：${missing.map((t) => t.unitName).join('、')}`.slice(0, 300) });
      }
      await tx.update(solicitations).set({ sweptAt: at }).where(eq(solicitations.id, s.id));
    }
    return due.length;
  });
}
