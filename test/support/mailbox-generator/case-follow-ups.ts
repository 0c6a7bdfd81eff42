import { makeAttachment } from './attachments.ts';
import { ownText, senderDate, type CaseState, type Composed } from './case-state.ts';
import { fill } from './catalogue.ts';
import { offsetMinutes } from './dates.ts';
import { buildDirectMail } from './direct-mail.ts';
import type { MailboxContext } from './envelope.ts';
import { CLIENTS } from './mail-clients.ts';
import { ATTACHMENT_LINES, FOLLOW_UP_OPENERS } from './phrasing.ts';

/**
 * A follow-up: the customer answers their own latest message to add information, with
 * In-Reply-To and References naming it, quoting it as their client does (Outlook's
 * "De : … Envoyé : …" block or Gmail's "Le … a écrit :" and "> " lines).
 */

const SEPARATORS = {
  'outlook-365': () => '________________________________',
  'outlook-legacy': (fr: boolean) => (fr ? "-----Message d'origine-----" : '-----Original Message-----'),
};

export function followUp(ctx: MailboxContext, state: CaseState, arrival: Date): Composed {
  const { random } = ctx;
  const c = state.planned.customer;
  const style = CLIENTS[c.client];
  const parent = state.sent[state.sent.length - 1];
  if (!parent) throw new Error(`follow-up in case ${state.key} without an earlier direct message`);
  const prefix = style.replyPrefix[c.language];
  const subject = parent.subject.toLowerCase().startsWith(prefix.trim().toLowerCase()) ? parent.subject : `${prefix}${parent.subject}`;

  const additions = random.shuffle(state.text.additions).slice(0, random.int(1, 2)).map((a) => fill(a, state.vars));
  const date = senderDate(random, arrival);
  const attach = random.chance(0.3);
  if (attach) additions.push(random.pick(ATTACHMENT_LINES[c.language]));
  const opener = random.pick(FOLLOW_UP_OPENERS[c.language]);
  const middle = [additions.join(' ')];
  const own = ownText(ctx, state, style, { greeting: false, middle: opener ? [opener, ...middle] : middle, closing: random.chance(0.6) });
  const separator = style.kind === 'outlook-365' ? SEPARATORS['outlook-365']() : style.kind === 'outlook-legacy' ? SEPARATORS['outlook-legacy'](c.language === 'fr') : null;
  const references = [...parent.references, parent.messageId];
  const attachments = attach ? [makeAttachment(random, c.language, date)] : [];
  const built = buildDirectMail(ctx, {
    customer: c,
    style,
    subject,
    body: {
      own,
      quoted: {
        style: style.quoteStyle, forward: false, language: c.language, fromName: c.displayName, fromAddress: c.fromAddress, to: ctx.supportAddress,
        date: parent.date, offset: offsetMinutes(parent.date, c.language), subject: parent.subject, text: parent.text, separator,
      },
    },
    inReplyTo: parent.messageId,
    references,
    attachments,
    arrival,
    date,
  });
  state.sent.push({ messageId: built.messageId, subject, text: built.text, date, references });
  return {
    raw: built.raw, messageId: built.messageId, scenario: style.quoteStyle === 'outlook' ? 'follow-up-outlook' : 'follow-up-gmail', subject, from: c.fromAddress, fromName: c.displayName,
    replyTo: null, text: built.text, inReplyTo: parent.messageId, references, date, attachments, charset: style.charset,
  };
}
