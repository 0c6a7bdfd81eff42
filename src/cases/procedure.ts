/**
 * The procedure's dates (DESIGN 1), as pure functions of the receipt and the settings. Months
 * are calendar months (31 January + 1 month = 28/29 February, the last day of the shorter month),
 * as a customer reading "within one month" understands them.
 */

/** The procedure's durations (settings, DESIGN 1 defaults: 1 month, 14 days, 3 months, 30 days). */
export interface ProcedureSettings {
  answerDeadlineMonths: number;
  interimUpdateEveryDays: number;
  complaintWindowMonths: number;
  reopenWithinDays: number;
}

/** `date` plus whole calendar months, clamped to the end of the target month. */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** `date` plus days. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The answer deadline: receipt + ANSWER_DEADLINE_MONTHS. */
export function answerDeadline(receivedAt: Date, settings: ProcedureSettings): Date {
  return addMonths(receivedAt, settings.answerDeadlineMonths);
}

/** The last day a complaint about an event may be made: event + COMPLAINT_WINDOW_MONTHS. */
export function complaintLimit(eventDate: Date, settings: ProcedureSettings): Date {
  return addMonths(eventDate, settings.complaintWindowMonths);
}

/**
 * A complaint is out of time when it was received after the window following its event
 * (compared by calendar day: a complaint on the last day is in time).
 */
export function isOutOfTime(eventDate: Date, receivedAt: Date, settings: ProcedureSettings): boolean {
  const limit = complaintLimit(eventDate, settings).toISOString().slice(0, 10);
  return receivedAt.toISOString().slice(0, 10) > limit;
}
