/**
 * The final decision (DESIGN 1, 3.4): one of the procedure's five conclusions, with its reasons,
 * sent to the customer and closing the case — or, when refused, nothing at all.
 */
import type { Database } from '../db/port.ts';
import { queueMail, type MailDeps } from '../outbox/queue-mail.ts';
import { CaseActionError, requireValue } from './case-action-error.ts';
import { appendLifecycleEvent } from './lifecycle-events.ts';
import { lockCaseByRef } from './locked-case.ts';

/** The procedure's conclusions: the decision confirmed or cancelled (with reasons), a clarification, a solution or provisional information. */
export const OUTCOMES = ['confirmed', 'cancelled', 'clarification', 'solution', 'provisional'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes whose mail must give reasons ("motivées"); a solution or provisional information may go without. */
export const OUTCOMES_NEEDING_REASONS: readonly Outcome[] = ['confirmed', 'cancelled', 'clarification'];

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

export interface DecideInput {
  ref: string;
  outcome: Outcome | string;
  reasons: string | null;
  agent: string;
}

export interface DecideResult {
  ref: string;
  outcome: Outcome;
  /** `queued`, or `suppressed` when the customer's address may not receive mail (the decision still stands). */
  outboxStatus: 'queued' | 'suppressed';
}

/**
 * Records the decision of case `ref` and closes it, in one transaction: the decision mail
 * (`decision-<outcome>`, signed by the agent) queued, outcome, reasons and `decided_at` set, the
 * case closed, its interim updates stopped, events `decided` and `closed`. Refused with a
 * CaseActionError, changing nothing: an unknown case, a closed one (a case is decided once;
 * a customer writing back reopens it, reopen.ts), an unknown outcome, missing reasons where the
 * outcome needs them. Blank reasons count as none.
 */
export async function decideCase(db: Database, mail: MailDeps, input: DecideInput): Promise<DecideResult> {
  const ref = requireValue(input.ref, 'the case reference');
  const agent = requireValue(input.agent, 'the agent');
  const { outcome } = input;
  if (!isOutcome(outcome)) throw new CaseActionError('UNKNOWN_OUTCOME', `unknown outcome "${String(outcome)}": one of ${OUTCOMES.join(', ')}`);
  const reasons = typeof input.reasons === 'string' && input.reasons.trim() !== '' ? input.reasons : null;
  if (reasons === null && OUTCOMES_NEEDING_REASONS.includes(outcome)) {
    throw new CaseActionError('REASONS_REQUIRED', `a decision "${outcome}" must give its reasons`);
  }
  return db.transaction(async (tx) => {
    const c = await lockCaseByRef(tx, ref);
    const now = mail.clock.now();
    const sent = await queueMail(tx, mail, {
      caseId: c.id,
      template: `decision-${outcome}`,
      data: { reasons },
      automatic: false,
      agentName: agent,
      cause: 'decision',
    });
    await tx.query(
      `UPDATE cases SET outcome = $2, reasons = $3, decided_at = $4, status = 'closed', closed_at = $4, next_update_at = NULL WHERE id = $1`,
      [c.id, outcome, reasons, now],
    );
    await appendLifecycleEvent(tx, c.id, 'decided', agent, {
      outcome,
      reasons,
      previousStatus: c.status,
      interimUpdates: c.interim_updates,
      deadlineAt: c.deadline_at?.toISOString() ?? null,
      outboxId: sent.status === 'queued' ? sent.outboxId : null,
      outboxStatus: sent.status,
    });
    await appendLifecycleEvent(tx, c.id, 'closed', agent, { reason: 'decided', outcome });
    return { ref: c.ref, outcome, outboxStatus: sent.status };
  });
}
