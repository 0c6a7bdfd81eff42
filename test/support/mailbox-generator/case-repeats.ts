import type { BodyModel } from './body-text.ts';
import { clientFor, ownText, paragraphs, senderDate, sentences, type CaseState, type Composed } from './case-state.ts';
import { fill, plainTypography } from './catalogue.ts';
import { dayMonth, offsetMinutes } from './dates.ts';
import { buildDirectMail } from './direct-mail.ts';
import type { MailboxContext } from './envelope.ts';
import { CLIENTS, type ClientStyle } from './mail-clients.ts';
import { signatureName } from './people.ts';
import { CLOSINGS, FORWARD_NOTES, GENERIC_SUBJECTS, NUDGES, PRESSURE, REMINDERS, REPEAT_PREFIXES, waited } from './phrasing.ts';

/**
 * Repeats sent as new mail, with no In-Reply-To or References: the same subject behind a prefix
 * with a rewritten body (or the first message forwarded again), or a generic subject over the
 * same body reworded slightly.
 */

function direct(ctx: MailboxContext, state: CaseState, arrival: Date, subject: string, body: BodyModel, scenario: Composed['scenario'], style: ClientStyle): Composed {
  const c = state.planned.customer;
  const date = senderDate(ctx.random, arrival);
  const built = buildDirectMail(ctx, { customer: c, style, subject, body, inReplyTo: null, references: [], attachments: [], arrival, date });
  state.sent.push({ messageId: built.messageId, subject, text: built.text, date, references: [] });
  return {
    raw: built.raw, messageId: built.messageId, scenario, subject, from: c.fromAddress, fromName: c.displayName, replyTo: null, text: built.text,
    inReplyTo: null, references: [], date, attachments: [], charset: style.charset,
  };
}

/** Same subject behind "Relance :", "RE:", "URGENT -"… (sometimes stacked), body rewritten; or "TR :"/"Fwd:" forwarding the first message. */
export function repeatWithPrefix(ctx: MailboxContext, state: CaseState, arrival: Date): Composed {
  const { random } = ctx;
  const c = state.planned.customer;
  const style = CLIENTS[c.client];
  const base = state.prefixedSubject !== null && random.chance(0.3) ? state.prefixedSubject : state.subject;
  const first = state.sent[0];
  if (first && random.chance(0.25)) {
    const subject = `${style.forwardPrefix[c.language]}${state.subject}`;
    let note = `${random.pick(FORWARD_NOTES[c.language])}\n\n${random.pick(CLOSINGS[c.language])}\n${signatureName(random, c)}`;
    if (!c.typographic) note = plainTypography(note);
    const body: BodyModel = {
      own: note,
      quoted: {
        style: style.quoteStyle, forward: true, language: c.language, fromName: c.displayName, fromAddress: c.fromAddress, to: ctx.supportAddress,
        date: first.date, offset: offsetMinutes(first.date, c.language), subject: first.subject, text: first.text, separator: null,
      },
    };
    state.prefixedSubject = subject;
    return direct(ctx, state, arrival, subject, body, 'repeat-prefixed-subject', style);
  }
  const subject = `${random.pick(REPEAT_PREFIXES[c.language])}${base}`;
  const days = Math.max(1, Math.round((arrival.getTime() - state.firstDate.getTime()) / 86_400_000));
  const vars = {
    ...state.vars,
    firstDate: dayMonth(state.firstDate, offsetMinutes(state.firstDate, c.language), c.language),
    summary: fill(state.text.summary, state.vars),
    waited: waited(days, c.language),
  };
  // The core fact again, in the other wording.
  const core = sentences(state, state.planned.wording.choices.map((k, i) => (i === 0 ? k + 1 : k)))[0] ?? '';
  const middle = [`${fill(random.pick(REMINDERS[c.language]), vars)} ${core}`, random.pick(PRESSURE[state.planned.problem.category][c.language])];
  const own = ownText(ctx, state, style, { greeting: random.chance(0.8), middle, closing: random.chance(0.8) });
  state.prefixedSubject = subject;
  return direct(ctx, state, arrival, subject, { own, quoted: null }, 'repeat-prefixed-subject', style);
}

/** A generic or different subject over the same body, reworded slightly, with a new greeting and sign-off and often a nudge. */
export function repeatWithSimilarBody(ctx: MailboxContext, state: CaseState, arrival: Date): Composed {
  const { random } = ctx;
  const c = state.planned.customer;
  const subject = fill(random.pick(GENERIC_SUBJECTS[c.language]), state.vars);
  const choices = [...state.planned.wording.choices];
  if (random.chance(0.6)) {
    const flip = random.int(0, choices.length - 1);
    choices[flip] = (choices[flip] ?? 0) + 1;
  }
  const lines = sentences(state, choices.map((k, i) => k % (state.text.sentences[i]?.length ?? 1)));
  const middle = [paragraphs(random, lines)];
  if (random.chance(0.75)) {
    const nudge = random.pick(NUDGES[c.language]);
    if (random.chance(0.6)) middle.unshift(nudge);
    else middle.push(nudge);
  }
  const style = clientFor(random, c, true);
  const own = ownText(ctx, state, style, { greeting: 'different', middle, closing: random.chance(0.9) });
  return direct(ctx, state, arrival, subject, { own, quoted: null }, 'repeat-similar-body', style);
}
