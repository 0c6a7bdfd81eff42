import type { AutoReplyStyle, CaseEventType, CasePlan } from './case-plan.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, offsetMinutes } from './dates.ts';
import type { Random } from './random.ts';

/**
 * When each message arrives. Cases open over the span (more by day than by night), repeats come
 * hours to days later, follow-ups minutes to hours later, auto-replies and bounces minutes after
 * the acknowledgement of a case's first message; a customer's second problem comes after their
 * first. Arrival times are whole seconds (IMAP INTERNALDATE) and strictly increasing.
 */

export type EventKind = 'first' | CaseEventType | AutoReplyStyle | 'bounce';

export interface TimedEvent {
  /** Arrival, ms since the epoch, whole seconds. */
  at: number;
  kind: EventKind;
  caseIndex: number;
}

/** How long the mailbox runs: two weeks for the default 320 messages, at least three days. */
export function spanMs(messages: number): number {
  return Math.max(3, (messages / 320) * 14) * DAY_MS;
}

/** Relative arrival rate by hour of the day in Paris. */
function hourWeight(at: number): number {
  const hour = new Date(at + offsetMinutes(new Date(at), 'fr') * MINUTE_MS).getUTCHours();
  if (hour < 7) return 0.12;
  if (hour < 9) return 0.6;
  return hour === 23 ? 0.5 : 1;
}

function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random.next()) * mean;
}

function delayOf(random: Random, kind: EventKind): number {
  switch (kind) {
    case 'follow-up-outlook':
    case 'follow-up-gmail':
      return 15 * MINUTE_MS + Math.min(exponential(random, 5 * HOUR_MS), 2 * DAY_MS);
    case 'repeat-prefixed-subject':
    case 'repeat-similar-body':
    case 'repeat-contact-form':
      return 8 * HOUR_MS + Math.min(exponential(random, 2 * DAY_MS), 9 * DAY_MS);
    case 'bounce':
      return random.int(5, 240) * 1000;
    case 'first':
      return 0;
    default:
      return random.int(40, 1200) * 1000;
  }
}

export function scheduleMailbox(random: Random, plan: CasePlan, start: Date, messages: number): TimedEvent[] {
  const span = spanMs(messages);
  const sampleOpening = (): number => {
    for (;;) {
      const at = start.getTime() + MINUTE_MS + random.next() * span * 0.8;
      if (random.next() < hourWeight(at)) return at;
    }
  };
  const starts: number[] = [];
  const events: (TimedEvent & { seq: number })[] = [];
  const push = (at: number, kind: EventKind, caseIndex: number): void => {
    events.push({ at, kind, caseIndex, seq: events.length });
  };
  for (const c of plan.cases) {
    let at: number;
    if (c.pairedWith !== null) at = (starts[c.pairedWith] ?? 0) + random.int(20, 30 * 60) * MINUTE_MS;
    else if (c.after !== null) at = (starts[c.after] ?? 0) + 6 * HOUR_MS + random.next() * 5 * DAY_MS;
    else at = sampleOpening();
    starts[c.index] = at;
    push(at, 'first', c.index);
    for (const kind of c.events) push(at + delayOf(random, kind), kind, c.index);
  }
  for (const a of plan.autoReplies) push((starts[a.caseIndex] ?? 0) + delayOf(random, a.style), a.style, a.caseIndex);
  for (const b of plan.bounces) push((starts[b.caseIndex] ?? 0) + delayOf(random, 'bounce'), 'bounce', b.caseIndex);

  events.sort((x, y) => x.at - y.at || x.seq - y.seq);
  let previous = -Infinity;
  return events.map(({ at, kind, caseIndex }) => {
    let second = Math.floor(at / 1000) * 1000;
    if (second <= previous) second = previous + 1000;
    previous = second;
    return { at: second, kind, caseIndex };
  });
}
