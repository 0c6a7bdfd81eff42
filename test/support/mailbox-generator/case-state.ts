import { wrapText } from './body-text.ts';
import type { PlannedCase } from './case-plan.ts';
import { fill, plainTypography, type CaseFacts, type ProblemText } from './catalogue.ts';
import { HOUR_MS } from './dates.ts';
import type { MailboxContext } from './envelope.ts';
import { CLIENTS, type ClientStyle } from './mail-clients.ts';
import type { Attachment } from './mime-parts.ts';
import { signatureName, type Customer } from './people.ts';
import { ACCOUNT_INLINE, ACCOUNT_SIGNATURE, CLOSINGS, GREETINGS } from './phrasing.ts';
import type { Random } from './random.ts';
import type { Charset, Scenario } from './types.ts';

/**
 * What the generator remembers of a case while writing its messages in arrival order, and the
 * pieces every customer message is made of (greeting, problem sentences, sign-off).
 */

/** A message the customer sent directly, as their own client keeps it (to quote and to reply to). */
export interface SentMessage {
  messageId: string;
  subject: string;
  text: string;
  /** Its Date field. */
  date: Date;
  references: string[];
}

export interface CaseState {
  planned: PlannedCase;
  key: string;
  facts: CaseFacts;
  vars: Record<string, string>;
  text: ProblemText;
  /** The first message's Date field. */
  firstDate: Date;
  /** The first message's subject (the form's own subject for form cases). */
  subject: string;
  /** The problem as first described, without greeting or signature. */
  description: string;
  sent: SentMessage[];
  /** The latest subject with a repeat prefix, to stack prefixes ("Relance : RE: …"). */
  prefixedSubject: string | null;
  /** The greeting of the first direct message, which a reworded repeat changes. */
  greeting: string | null;
}

/** One composed customer message, whatever the channel. */
export interface Composed {
  raw: Buffer;
  messageId: string;
  scenario: Scenario;
  subject: string;
  from: string;
  fromName: string;
  replyTo: string | null;
  text: string;
  inReplyTo: string | null;
  references: string[];
  date: Date;
  attachments: Attachment[];
  charset: Charset;
}

/** The sender's Date: a little before arrival, or hours off for a wrong clock or a message stuck in an outbox. */
export function senderDate(random: Random, arrival: Date): Date {
  if (random.chance(0.03)) return new Date(arrival.getTime() + (random.chance(0.5) ? -1 : 1) * random.int(2, 9) * HOUR_MS);
  return new Date(arrival.getTime() - random.int(2, 150) * 1000);
}

/** The client for a message: the customer's own, sometimes their phone for a repeat. */
export function clientFor(random: Random, customer: Customer, allowPhone: boolean): ClientStyle {
  return allowPhone && random.chance(0.12) ? CLIENTS['apple-mail'] : CLIENTS[customer.client];
}

/** The problem's sentences with the chosen alternatives, filled in. */
export function sentences(state: CaseState, choices: readonly number[]): string[] {
  return state.text.sentences.map((alternatives, i) => fill(alternatives[choices[i] ?? 0] ?? alternatives[0] ?? '', state.vars));
}

/** Sentences as one to three paragraphs. */
export function paragraphs(random: Random, lines: readonly string[]): string {
  const out: string[] = [];
  let current: string[] = [];
  lines.forEach((line, i) => {
    current.push(line);
    if (i < lines.length - 1 && random.chance(0.4)) {
      out.push(current.join(' '));
      current = [];
    }
  });
  if (current.length > 0) out.push(current.join(' '));
  return out.join('\n\n');
}

export interface OwnTextParts {
  /** `different`: a greeting other than the first message's; `{ text }`: that greeting. */
  greeting: boolean | 'different' | { text: string };
  /** Paragraphs between greeting and sign-off. */
  middle: string[];
  closing: boolean;
}

/** Greeting, the middle, sign-off with name (and sometimes the account id), client footer; typography and wrapping of the writer. */
export function ownText(ctx: MailboxContext, state: CaseState, style: ClientStyle, parts: OwnTextParts): string {
  const { random } = ctx;
  const c = state.planned.customer;
  const lines: string[] = [];
  if (parts.greeting) {
    const greeting = typeof parts.greeting === 'object' ? parts.greeting.text : random.pick(GREETINGS[c.language].filter((g) => parts.greeting !== 'different' || g !== state.greeting));
    state.greeting ??= greeting;
    lines.push(greeting, '');
  }
  lines.push(...parts.middle.flatMap((p) => [p, '']));
  if (random.chance(c.mentionsAccount / 2)) lines.push(fill(random.pick(ACCOUNT_INLINE[c.language]), state.vars), '');
  if (parts.closing) lines.push(random.pick(CLOSINGS[c.language]));
  lines.push(signatureName(random, c));
  if (random.chance(c.mentionsAccount)) lines.push(fill(random.pick(ACCOUNT_SIGNATURE[c.language]), state.vars));
  if (style.footer) lines.push('', style.footer[c.language]);
  let text = lines.join('\n');
  if (!c.typographic) text = plainTypography(text);
  return style.wrap ? wrapText(text, style.wrap) : text;
}
