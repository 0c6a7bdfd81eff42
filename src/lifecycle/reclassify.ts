/**
 * An agent's reclassification (DESIGN 3.4): request or complaint, the complaint's ground, the
 * date of the event at its origin. Audited: the event `reclassified` keeps before and after.
 */
import { answerDeadline, isOutOfTime, type ProcedureSettings } from '../cases/procedure.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/port.ts';
import { COMPLAINT_GROUNDS, type ComplaintGround } from '../templates/template-data.ts';
import { CaseActionError, requireValue } from './case-action-error.ts';
import { appendLifecycleEvent } from './lifecycle-events.ts';
import { lockCaseByRef, type LockedCase } from './locked-case.ts';

export const CATEGORIES = ['request', 'complaint'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface ReclassifyInput {
  ref: string;
  category: Category | string;
  /** A complaint's ground; omitted keeps the current one; null clears it. Only for complaints. */
  ground?: ComplaintGround | string | null;
  /** The date of the decision or event at the origin of a complaint (its UTC calendar day counts). Only for complaints. */
  eventDate?: Date;
  agent: string;
  procedure: ProcedureSettings;
  clock: Clock;
}

/** What the case says after the reclassification. */
export interface Classification {
  category: Category;
  ground: ComplaintGround | null;
  eventDate: string | null;
  outOfTime: boolean;
  nextUpdateAt: string | null;
}

export interface ReclassifyResult extends Classification {
  ref: string;
}

/**
 * Reclassifies case `ref` (not closed) in one transaction; `category_source` becomes `agent`, and
 * `event_date_source` too when a date is given. `out_of_time` is recomputed (only a complaint
 * with an event date can be out of time). The interim-update schedule follows the category:
 * - a request becoming a complaint is due its first update at its deadline (receipt + the answer
 *   deadline), or, when that has already passed, now — the sweep sends it within a minute: the
 *   customer has waited beyond the deadline without a word, which is what interim updates are for;
 * - a complaint staying a complaint keeps its schedule (updates already sent stay sent);
 * - a complaint becoming a request has none.
 * An event date after the case was received is refused, as is a ground or an event date for a request.
 */
export async function reclassifyCase(db: Database, input: ReclassifyInput): Promise<ReclassifyResult> {
  const ref = requireValue(input.ref, 'the case reference');
  const agent = requireValue(input.agent, 'the agent');
  const { category } = input;
  if (!isCategory(category)) throw new CaseActionError('INVALID_INPUT', `unknown category "${String(category)}": one of ${CATEGORIES.join(', ')}`);
  const ground = input.ground;
  if (ground !== undefined && ground !== null && !isGround(ground)) {
    throw new CaseActionError('INVALID_INPUT', `unknown complaint ground "${ground}": one of ${COMPLAINT_GROUNDS.join(', ')}`);
  }
  if (category === 'request' && ground) throw new CaseActionError('INVALID_INPUT', 'a request has no complaint ground');
  const eventDay = input.eventDate === undefined ? undefined : calendarDay(input.eventDate);
  if (category === 'request' && eventDay !== undefined) throw new CaseActionError('INVALID_INPUT', 'an event date is only for a complaint');

  return db.transaction(async (tx) => {
    const c = await lockCaseByRef(tx, ref);
    if (eventDay !== undefined && eventDay > calendarDay(c.received_at)) {
      throw new CaseActionError('INVALID_INPUT', `the event date ${eventDay} is after the case was received (${calendarDay(c.received_at)})`);
    }
    const now = input.clock.now();
    const after = classify(c, category, ground, eventDay, input.procedure, now);
    const before: Classification = {
      category: c.category,
      ground: c.ground,
      eventDate: c.event_date,
      outOfTime: c.out_of_time,
      nextUpdateAt: c.next_update_at?.toISOString() ?? null,
    };
    const dateChanged = eventDay !== undefined;
    await tx.query(
      `UPDATE cases SET category = $2, ground = $3, category_source = 'agent', out_of_time = $4, next_update_at = $5,
              event_date = CASE WHEN $6 THEN $7::date ELSE event_date END,
              event_date_source = CASE WHEN $6 THEN 'agent' ELSE event_date_source END
        WHERE id = $1`,
      [c.id, after.category, after.ground, after.outOfTime, after.nextUpdateAt, dateChanged, eventDay ?? null],
    );
    await appendLifecycleEvent(tx, c.id, 'reclassified', agent, {
      before: { ...before, categorySource: c.category_source, eventDateSource: c.event_date_source },
      after: { ...after, categorySource: 'agent', eventDateSource: dateChanged ? 'agent' : c.event_date_source },
    });
    return { ref: c.ref, ...after };
  });
}

/** The case's classification once the agent's choice is applied (pure). */
function classify(c: LockedCase, category: Category, ground: ComplaintGround | null | undefined, eventDay: string | undefined, procedure: ProcedureSettings, now: Date): Classification {
  if (category === 'request') return { category, ground: null, eventDate: c.event_date, outOfTime: false, nextUpdateAt: null };
  const newGround = ground === undefined ? (c.category === 'complaint' ? c.ground : null) : ground;
  const eventDate = eventDay ?? c.event_date;
  const outOfTime = eventDate !== null && isOutOfTime(new Date(`${eventDate}T00:00:00Z`), c.received_at, procedure);
  let nextUpdateAt: Date | null;
  if (c.category === 'complaint') nextUpdateAt = c.next_update_at;
  else {
    const deadline = c.deadline_at ?? answerDeadline(c.received_at, procedure);
    nextUpdateAt = deadline > now ? deadline : now;
  }
  return { category, ground: newGround, eventDate, outOfTime, nextUpdateAt: nextUpdateAt?.toISOString() ?? null };
}

function isCategory(value: unknown): value is Category {
  return value === 'request' || value === 'complaint';
}

function isGround(value: unknown): value is ComplaintGround {
  return typeof value === 'string' && (COMPLAINT_GROUNDS as readonly string[]).includes(value);
}

/** A valid date's UTC calendar day, `YYYY-MM-DD`. */
function calendarDay(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new CaseActionError('INVALID_INPUT', 'the event date is not a valid date');
  return date.toISOString().slice(0, 10);
}
