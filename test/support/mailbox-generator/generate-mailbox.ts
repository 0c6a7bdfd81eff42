import { autoReply } from './automatic-replies.ts';
import { bounce } from './bounces.ts';
import { openCase, repeatThroughForm } from './case-openings.ts';
import { followUp } from './case-follow-ups.ts';
import { planCases, type PlannedCase } from './case-plan.ts';
import { repeatWithPrefix, repeatWithSimilarBody } from './case-repeats.ts';
import type { CaseState, Composed } from './case-state.ts';
import { caseVars, createFacts } from './catalogue.ts';
import type { MailboxContext } from './envelope.ts';
import { createCustomers } from './people.ts';
import { DEFAULT_MESSAGES, planQuotas } from './quotas.ts';
import { Random } from './random.ts';
import { scheduleMailbox, type TimedEvent } from './timeline.ts';
import type { GeneratedMailbox, GeneratedMessage, GenerateMailboxOptions, MessageTruth } from './types.ts';

/**
 * A realistic, deterministic support mailbox with its ground truth: customers of a French
 * online gaming and betting operator writing in French and English, directly and through the
 * contact form, opening cases, repeating themselves with and without threading headers, adding
 * information, plus out-of-office replies and bounces. Same options, same bytes.
 *
 * Steps: quotas (quotas.ts) → customers (people.ts) → who writes about what (case-plan.ts) →
 * when (timeline.ts) → each message written in arrival order, so repeats and follow-ups can
 * quote and reference what the customer really sent before.
 */
export function generateMailbox(options: GenerateMailboxOptions): GeneratedMailbox {
  for (const [name, address] of [['supportAddress', options.supportAddress], ['contactFormSender', options.contactFormSender]] as const) {
    if (!/^[^@\s<>]+@[^@\s<>]+$/.test(address)) throw new RangeError(`${name} must be a bare address, got ${JSON.stringify(address)}`);
  }
  if (Number.isNaN(options.start.getTime())) throw new RangeError('start must be a valid date');
  const messageCount = options.messages ?? DEFAULT_MESSAGES;
  const quotas = planQuotas(messageCount, options.customers);
  const random = new Random(options.seed);
  const customers = createCustomers(random, quotas.customers);
  const plan = planCases(random, quotas, customers);
  const timeline = scheduleMailbox(random, plan, options.start, messageCount);

  const keys = new Map<number, string>();
  for (const event of timeline) if (event.kind === 'first') keys.set(event.caseIndex, `case-${String(keys.size + 1).padStart(3, '0')}`);

  const ctx: MailboxContext = {
    random,
    supportAddress: options.supportAddress,
    deskDomain: options.supportAddress.slice(options.supportAddress.indexOf('@') + 1).toLowerCase(),
    contactFormSender: options.contactFormSender,
    ids: new Set(),
  };
  const states = new Map<number, CaseState>();
  const messages: GeneratedMessage[] = [];
  const cases: GeneratedMailbox['cases'] = new Map();

  for (const event of timeline) {
    const planned = plan.cases[event.caseIndex];
    if (!planned) throw new Error(`no planned case ${event.caseIndex}`);
    const arrival = new Date(event.at);
    if (event.kind === 'first') {
      const key = keys.get(planned.index) ?? '';
      states.set(planned.index, newState(random, planned, key, arrival));
      cases.set(key, { customer: planned.customer.email, firstIndex: messages.length });
    }
    const state = states.get(planned.index);
    if (!state) throw new Error(`message for case ${planned.index} before its first message`);
    messages.push(write(ctx, state, event, arrival));
  }
  return { messages, cases };
}

function newState(random: Random, planned: PlannedCase, key: string, arrival: Date): CaseState {
  const c = planned.customer;
  const facts = createFacts(random, planned.problem, c, arrival);
  return {
    planned, key, facts, vars: caseVars(facts, c, c.language), text: planned.problem[c.language],
    firstDate: arrival, subject: '', description: '', sent: [], prefixedSubject: null, greeting: null,
  };
}

function write(ctx: MailboxContext, state: CaseState, event: TimedEvent, arrival: Date): GeneratedMessage {
  const p = state.planned;
  const caseTruth = (kind: MessageTruth['kind'], composed: Composed, via: MessageTruth['via']): MessageTruth => ({
    caseKey: state.key, customer: p.customer.email, kind, via, language: p.customer.language, charset: composed.charset,
    category: p.problem.category, ground: p.problem.ground,
  });
  const noCase = (kind: MessageTruth['kind'], composed: Composed, language: MessageTruth['language']): MessageTruth => ({
    caseKey: null, customer: null, kind, via: 'direct', language, charset: composed.charset, category: 'request', ground: null,
  });
  let composed: Composed;
  let truth: MessageTruth;
  switch (event.kind) {
    case 'first':
      composed = openCase(ctx, state, arrival);
      truth = caseTruth('new', composed, p.via);
      break;
    case 'repeat-prefixed-subject':
      composed = repeatWithPrefix(ctx, state, arrival);
      truth = caseTruth('repeat', composed, 'direct');
      break;
    case 'repeat-similar-body':
      composed = repeatWithSimilarBody(ctx, state, arrival);
      truth = caseTruth('repeat', composed, 'direct');
      break;
    case 'repeat-contact-form':
      composed = repeatThroughForm(ctx, state, arrival);
      truth = caseTruth('repeat', composed, 'contact-form');
      break;
    case 'follow-up-outlook':
    case 'follow-up-gmail':
      composed = followUp(ctx, state, arrival);
      if (composed.scenario !== event.kind) throw new Error(`planned ${event.kind}, wrote ${composed.scenario}`);
      truth = caseTruth('follow-up', composed, 'direct');
      break;
    case 'bounce': {
      const b = bounce(ctx, state, arrival);
      composed = b;
      truth = noCase('bounce', b, b.language);
      break;
    }
    default:
      composed = autoReply(ctx, state, event.kind, arrival);
      truth = noCase('auto-reply', composed, p.customer.language);
  }
  return {
    raw: composed.raw,
    messageId: composed.messageId,
    internalDate: arrival,
    truth,
    detail: {
      scenario: composed.scenario, subject: composed.subject, from: composed.from, fromName: composed.fromName, replyTo: composed.replyTo, text: composed.text,
      inReplyTo: composed.inReplyTo, references: composed.references, date: composed.date, attachments: composed.attachments.length,
    },
  };
}
