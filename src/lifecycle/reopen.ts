/**
 * A customer writing to a closed case (DESIGN 3.3: "reopenings never move it forward"): within
 * REOPEN_WITHIN_DAYS of its closure the case is reopened, in the queue at its original place;
 * later, processing opens a new case linked to it (`follows_case_id`).
 */
import { addDays, answerDeadline, type ProcedureSettings } from '../cases/procedure.ts';
import type { Queryable } from '../db/port.ts';
import { appendLifecycleEvent } from './lifecycle-events.ts';
import { lockCaseById } from './locked-case.ts';

/**
 * What to do with a message for a case closed at `closedAt`, arriving at `now`: `reopen` up to
 * and including exactly REOPEN_WITHIN_DAYS days after the closure, `new-linked-case` after.
 * A clock that puts `now` before the closure (skew between machines) reopens.
 */
export function reopenPolicy(closedAt: Date, now: Date, procedure: Pick<ProcedureSettings, 'reopenWithinDays'>): 'reopen' | 'new-linked-case' {
  return now.getTime() <= addDays(closedAt, procedure.reopenWithinDays).getTime() ? 'reopen' : 'new-linked-case';
}

export type ReopenResult =
  | { status: 'reopened'; deadlineAt: Date; nextUpdateAt: Date | null }
  /** The case was not closed (already reopened by an earlier message, say): nothing changed. */
  | { status: 'not-closed' };

/**
 * Reopens a closed case inside the caller's transaction (processing's, with the message that
 * reopens it). The row is locked and re-checked, so a retried or duplicated job reopens once.
 *
 * - Back in the queue: `open`, no agent, `closed_at` cleared; `arrival_seq` and `department`
 *   untouched, so it returns to its original place in the queue of the department that decided it.
 * - The decision is cleared from the case (outcome, reasons, decided_at): it is no longer the
 *   answer, a new decision is expected. Nothing is lost: the `decided` event keeps it, and the
 *   `reopened` event repeats it with the closure it undoes.
 * - The customer's new message is a new contact: the answer deadline runs again from `at` (its
 *   arrival), and a complaint's next interim update is due at that new deadline — not at the old
 *   one, long passed, which would send "still being examined" right after the final answer.
 *   `interim_updates` keeps counting the updates the case has had.
 */
export async function reopenCase(
  tx: Queryable,
  caseId: string,
  actor: string,
  options: { at: Date; procedure: ProcedureSettings; messageId?: string | null },
): Promise<ReopenResult> {
  const c = await lockCaseById(tx, caseId);
  if (!c) throw new Error(`no case ${caseId}`);
  if (c.status !== 'closed') return { status: 'not-closed' };
  const deadlineAt = answerDeadline(options.at, options.procedure);
  const nextUpdateAt = c.category === 'complaint' ? deadlineAt : null;
  await tx.query(
    `UPDATE cases SET status = 'open', agent = NULL, closed_at = NULL, outcome = NULL, reasons = NULL, decided_at = NULL,
            deadline_at = $2, next_update_at = $3
      WHERE id = $1`,
    [caseId, deadlineAt, nextUpdateAt],
  );
  await appendLifecycleEvent(tx, caseId, 'reopened', actor, {
    messageId: options.messageId ?? null,
    closedAt: c.closed_at?.toISOString() ?? null,
    outcome: c.outcome,
    reasons: c.reasons,
    decidedAt: c.decided_at?.toISOString() ?? null,
    previousDeadlineAt: c.deadline_at?.toISOString() ?? null,
    deadlineAt: deadlineAt.toISOString(),
    nextUpdateAt: nextUpdateAt?.toISOString() ?? null,
  });
  return { status: 'reopened', deadlineAt, nextUpdateAt };
}
