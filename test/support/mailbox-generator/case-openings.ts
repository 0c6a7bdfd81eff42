import { makeAttachment } from './attachments.ts';
import { fill, plainTypography } from './catalogue.ts';
import { buildFormMail } from './contact-form.ts';
import { buildDirectMail } from './direct-mail.ts';
import type { MailboxContext } from './envelope.ts';
import { CLIENTS } from './mail-clients.ts';
import { CLOSINGS, COMPLAINT_OPENERS, FORM_AGAIN, GREETINGS } from './phrasing.ts';
import { ownText, paragraphs, senderDate, sentences, type CaseState, type Composed } from './case-state.ts';

/** A case's first message (direct or through the form), and the form sent again for a case. */

export function openCase(ctx: MailboxContext, state: CaseState, arrival: Date): Composed {
  const { random } = ctx;
  const p = state.planned;
  const c = p.customer;
  const body = sentences(state, p.wording.choices);
  const opener = p.wording.complaintOpener === null ? undefined : COMPLAINT_OPENERS[c.language][p.wording.complaintOpener];
  if (opener) body.unshift(opener);
  state.description = paragraphs(random, body);
  if (!c.typographic) state.description = plainTypography(state.description);
  if (p.via === 'contact-form') {
    const description = [
      ...(random.chance(0.4) ? [random.pick(GREETINGS[c.language]), ''] : []),
      state.description,
      ...(random.chance(0.3) ? ['', random.pick(CLOSINGS[c.language])] : []),
    ].join('\n');
    const composed = formMessage(ctx, state, arrival, description, 'new');
    state.subject = composed.subject;
    state.firstDate = composed.date;
    return { ...composed, scenario: p.scenario };
  }
  const style = CLIENTS[c.client];
  const subject = fill(state.text.subjects[p.wording.subjectIndex] ?? '', state.vars);
  const date = senderDate(random, arrival);
  const attachments = p.problem.category === 'complaint' && random.chance(0.12) ? [makeAttachment(random, c.language, date)] : [];
  // The two customers of a same-subject pair write the same words, greeting included.
  const greeting = p.scenario === 'new-same-subject' || random.chance(0.92) ? { text: GREETINGS[c.language][p.wording.greeting] ?? '' } : false;
  const own = ownText(ctx, state, style, { greeting, middle: [state.description], closing: random.chance(0.85) });
  const built = buildDirectMail(ctx, { customer: c, style, subject, body: { own, quoted: null }, inReplyTo: null, references: [], attachments, arrival, date });
  state.subject = subject;
  state.firstDate = date;
  state.sent.push({ messageId: built.messageId, subject, text: built.text, date, references: [] });
  return {
    raw: built.raw, messageId: built.messageId, scenario: p.scenario, subject, from: c.fromAddress, fromName: c.displayName, replyTo: null, text: built.text,
    inReplyTo: null, references: [], date, attachments, charset: style.charset,
  };
}

/** The form sent again with the same description (sometimes with a line saying so). */
export function repeatThroughForm(ctx: MailboxContext, state: CaseState, arrival: Date): Composed {
  const { random } = ctx;
  const c = state.planned.customer;
  const again = random.chance(0.5) ? `${random.pick(FORM_AGAIN[c.language])}\n\n` : '';
  // A form case's customer pastes their first description; a direct one types the same problem into the form.
  const description = `${again}${state.description}`;
  return formMessage(ctx, state, arrival, description, 'repeat-contact-form');
}

function formMessage(ctx: MailboxContext, state: CaseState, arrival: Date, description: string, scenario: Composed['scenario']): Composed {
  const p = state.planned;
  const date = new Date(arrival.getTime() - ctx.random.int(1, 4) * 1000);
  const built = buildFormMail(ctx, {
    customer: p.customer,
    problem: p.problem,
    description,
    eventDate: p.problem.category === 'complaint' ? state.facts.eventDate : null,
    arrival,
    date,
  });
  return {
    raw: built.raw, messageId: built.messageId, scenario, subject: built.subject, from: ctx.contactFormSender, fromName: built.fromName, replyTo: built.typedEmail,
    text: built.text, inReplyTo: null, references: [], date, attachments: [], charset: 'utf-8',
  };
}
