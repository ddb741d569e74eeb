import type { TSolicitationStatus } from '@baosong/contract';

/** Article states that count as an answer: it left the unit and was not withdrawn or reopened as a draft. */
export const ANSWERED_STATES = ['submitted', 'in_review', 'adopted', 'not_adopted', 'returned', 'reserved'];

/**
 * A target's status, computed from the records at a moment: the first answer's time against the deadline, a
 * decline, or the deadline having passed without either. Nothing stores it, so it can never go stale.
 */
export function targetStatus(t: { deadline: Date; answeredAt: Date | null; declinedAt: Date | null }, at: Date): TSolicitationStatus {
  if (t.answeredAt) return t.answeredAt.getTime() <= t.deadline.getTime() ? 'answered_on_time' : 'answered_late';
  if (t.declinedAt) return 'declined';
  return at.getTime() > t.deadline.getTime() ? 'missing' : 'pending';
}
