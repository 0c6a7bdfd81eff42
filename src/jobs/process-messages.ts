import { addMessagesToCases, candidateCases, openCases, type CandidateCases, type CaseAddition, type CaseCategory, type NewCase } from '../cases/case-store.ts';
import { findCaseRefs } from '../cases/case-ref.ts';
import { appendCaseEvents } from '../cases/case-events.ts';
import { resolveCustomers } from '../cases/customers.ts';
import { answerDeadline, complaintLimit, isOutOfTime, type ProcedureSettings } from '../cases/procedure.ts';
import { detectLanguage } from '../cases/language.ts';
import type { Database, Queryable } from '../db/port.ts';
import { valuesRows } from '../db/values-rows.ts';
import { categoryFromLabel, suggestCategory } from '../ingest/classify/category.ts';
import { classifyMessage, type Classification } from '../ingest/classify/classify-message.ts';
import { customerOf, type CustomerIdentity } from '../ingest/classify/customer-of.ts';
import { parseEventDate } from '../ingest/classify/event-date.ts';
import { decideThread, type CandidateCase, type ThreadingDecision } from '../ingest/threading/decide-thread.ts';
import { extractNewText } from '../ingest/threading/text/new-text.ts';
import { reopenCase, reopenPolicy } from '../lifecycle/reopen.ts';
import { queueMails, type AnyMailRequest, type MailDeps } from '../outbox/queue-mail.ts';
import { lockInboundMessages, type InboundMessage } from './inbound-messages.ts';

/** The settings processing needs (from Config). */
export interface ProcessingSettings {
  contactFormSenders: string[];
  supportAddress: string;
  caseRefPrefix: string;
  procedure: ProcedureSettings;
  repeatNoticeIntervalHours: number;
}

/** What processing one message did. */
export type ProcessOutcome =
  | { status: 'already-processed' }
  | { status: 'new-case'; caseId: string; ref: string }
  | { status: 'attached'; caseId: string; kind: string }
  | { status: 'unmatched'; reason: string };

/** A message classified and its customer resolved, waiting for its threading decision. */
interface Classified {
  message: InboundMessage;
  classification: Classification;
  customer: CustomerIdentity | null;
  customerId: string | null;
  hasAccount: boolean;
  /** What the customer wrote (quotes and signature removed), or the form's description. */
  newText: string | null;
}

/** The row update that marks a message processed. */
type Finished = { id: string; classification: string; customerId: string | null; outcome: ProcessOutcome };

/**
 * Threads stored messages (DESIGN 3.2) in ONE transaction, with the same result as processing
 * them one after another in arrival order: classify each, find its customer, attach it to its
 * case or open a new one, queue the mail that follows, and mark it processed. The rows are locked
 * first and `processed_at` checked, so a retried or duplicated job changes nothing.
 *
 * Why a batch: each step is one set-based statement for all the messages instead of one per
 * message (a new case with its acknowledgement took ~22 round trips alone, ~25 for a batch now).
 * Messages that depend on one another — the same customer twice, or one replying to another of
 * the batch — are threaded in successive rounds, each seeing what the previous one wrote.
 *
 * A message another transaction holds (a duplicated job still running, say) does not hold the
 * batch back: it is left out of the batch and processed afterwards on its own, waiting for it.
 */
export async function processMessages(db: Database, messageIds: readonly string[], settings: ProcessingSettings, mail: MailDeps | null): Promise<ProcessOutcome[]> {
  const outcomes = await processBatch(db, messageIds, settings, mail, { skipLocked: messageIds.length > 1 });
  for (const [i, id] of messageIds.entries()) {
    if (outcomes[i] === null) outcomes[i] = (await processBatch(db, [id], settings, mail, { skipLocked: false }))[0] ?? null;
  }
  return outcomes.map((o) => o ?? { status: 'already-processed' });
}

/** One transaction over the batch; null for the messages it left out (locked elsewhere, or unknown). */
async function processBatch(
  db: Database,
  messageIds: readonly string[],
  settings: ProcessingSettings,
  mail: MailDeps | null,
  options: { skipLocked: boolean },
): Promise<(ProcessOutcome | null)[]> {
  return db.transaction(async (tx) => {
    const messages = await lockInboundMessages(tx, messageIds, options);
    const locked = new Set(messages.map((m) => m.id));
    const finished: Finished[] = [];
    const waiting: Classified[] = [];
    for (const message of messages) {
      if (message.processed) continue;
      const classification = classifyMessage(message.facts, settings);
      const customer = customerOf(classification, message.facts);
      if (!customer && (classification.kind === 'customer' || classification.kind === 'contact-form')) {
        finished.push({ id: message.id, classification: classification.kind, customerId: null, outcome: { status: 'unmatched', reason: 'no customer address in the message' } });
        continue;
      }
      const newText = !customer ? null : classification.kind === 'contact-form' ? classification.form.description : extractNewText(message.facts.text);
      waiting.push({ message, classification, customer, customerId: null, hasAccount: false, newText });
    }
    const withCustomer = waiting.filter((w) => w.customer);
    const resolved = await resolveCustomers(tx, withCustomer.map((w) => w.customer as CustomerIdentity));
    for (const [i, w] of withCustomer.entries()) {
      w.customerId = resolved[i]?.id ?? null;
      w.hasAccount = resolved[i]?.hasAccount ?? false;
    }
    for (const round of intoRounds(waiting)) finished.push(...(await threadRound(tx, round, settings, mail)));
    await markProcessed(tx, finished);
    const outcomes = new Map(finished.map((f) => [f.id, f.outcome]));
    return messageIds.map((id) => outcomes.get(id) ?? (locked.has(id) ? { status: 'already-processed' } : null));
  });
}

/**
 * Splits arrival-ordered messages into rounds in which no message depends on another: a message
 * goes after every earlier one of the same customer (a repeat must see the case its predecessor
 * opened) and after every earlier one it references.
 */
export function intoRounds<T extends { customerId: string | null; message: { messageIdHeader: string | null; inReplyTo: string[]; references: string[] } }>(items: readonly T[]): T[][] {
  const roundOf: number[] = [];
  const rounds: T[][] = [];
  for (const [i, item] of items.entries()) {
    let round = 0;
    const referenced = new Set([...item.message.inReplyTo, ...item.message.references]);
    for (let j = 0; j < i; j++) {
      const earlier = items[j] as T;
      const sameCustomer = item.customerId !== null && earlier.customerId === item.customerId;
      const replies = earlier.message.messageIdHeader !== null && referenced.has(earlier.message.messageIdHeader);
      if (sameCustomer || replies) round = Math.max(round, (roundOf[j] as number) + 1);
    }
    roundOf.push(round);
    (rounds[round] ??= []).push(item);
  }
  return rounds;
}

/** Threads messages that do not depend on one another: one look-up, then the writes, each set-based. */
async function threadRound(tx: Queryable, round: Classified[], settings: ProcessingSettings, mail: MailDeps | null): Promise<Finished[]> {
  const refsOf = new Map(round.map((w) => [w, findCaseRefs(`${w.message.subject ?? ''}\n${w.message.facts.text ?? ''}`, settings.caseRefPrefix)]));
  const bouncedIdOf = (w: Classified) => (w.classification.kind === 'bounce' ? w.classification.originalMessageId : null);
  const candidates = await candidateCases(tx, {
    messageIds: [...new Set(round.flatMap((w) => [...w.message.inReplyTo, ...w.message.references, ...(bouncedIdOf(w) ? [bouncedIdOf(w) as string] : [])]))],
    refs: [...new Set([...refsOf.values()].flat())],
    customerIds: [...new Set(round.flatMap((w) => (w.customerId ? [w.customerId] : [])))],
  });

  const finished: Finished[] = [];
  const additions: CaseAddition[] = [];
  const reopens: { w: Classified; caseId: string }[] = [];
  const repeats: { caseId: string; receivedAt: Date }[] = [];
  const opening: { w: Classified; newCase: NewCase }[] = [];
  for (const w of round) {
    const { message: m, classification } = w;
    const decision: ThreadingDecision = decideThread({
      kind: classification.kind === 'contact-form' ? 'customer' : classification.kind,
      customerId: w.customerId,
      subject: m.subject,
      newText: w.newText,
      byReference: referencedCases(candidates, [...m.inReplyTo, ...[...m.references].reverse()]),
      byCaseRef: [...candidates.byRef].filter(([ref]) => refsOf.get(w)?.includes(ref)).map(([, c]) => c),
      byBouncedMessage: bouncedIdOf(w) ? (candidates.byMessageId.get(bouncedIdOf(w) as string) ?? []) : [],
      customerOpenCases: w.customerId ? (candidates.openByCustomer.get(w.customerId) ?? []) : [],
    });
    if (classification.kind === 'bounce' && classification.reason === 'failed' && classification.originalMessageId) {
      await markBounced(tx, classification.originalMessageId, classification.failedRecipients, classification.status);
    }
    const finish = (outcome: ProcessOutcome) => finished.push({ id: m.id, classification: classification.kind, customerId: w.customerId, outcome });
    if (decision.action === 'unmatched') {
      finish({ status: 'unmatched', reason: decision.reason });
      continue;
    }
    let followsCaseId: string | null = null;
    if (decision.action === 'attach') {
      // A customer writing to a closed case reopens it at its original place, or — long after
      // the closure — opens a new case linked to it (REOPEN_WITHIN_DAYS).
      const closedAt = decision.kind === 'follow-up' ? (candidates.closedAt.get(decision.caseId) ?? null) : null;
      if (closedAt && reopenPolicy(closedAt, m.receivedAt, settings.procedure) === 'new-linked-case') {
        followsCaseId = decision.caseId;
      } else {
        additions.push({ caseId: decision.caseId, messageId: m.id, kind: decision.kind, matchedBy: decision.matchedBy, score: decision.score });
        if (closedAt) reopens.push({ w, caseId: decision.caseId });
        if (decision.kind === 'repeat' && m.sendMail && mail) repeats.push({ caseId: decision.caseId, receivedAt: m.receivedAt });
        finish({ status: 'attached', caseId: decision.caseId, kind: decision.kind });
        continue;
      }
    }
    if (w.customerId === null) throw new Error('a new case needs a customer');
    opening.push({ w, newCase: newCaseOf(w, w.customerId, settings, followsCaseId) });
  }

  await addMessagesToCases(tx, additions);
  for (const { w, caseId } of reopens) {
    await reopenCase(tx, caseId, 'system', { at: w.message.receivedAt, procedure: settings.procedure, messageId: w.message.id });
  }
  const opened = await openCases(tx, settings.caseRefPrefix, opening.map((o) => o.newCase));
  const requests: AnyMailRequest[] = [];
  for (const [i, { w, newCase }] of opening.entries()) {
    const c = opened[i] as { id: string; ref: string };
    finished.push({ id: w.message.id, classification: w.classification.kind, customerId: w.customerId, outcome: { status: 'new-case', caseId: c.id, ref: c.ref } });
    if (w.message.sendMail && mail) requests.push(firstMail(c.id, newCase, w.hasAccount, settings.procedure));
  }
  if (mail) {
    requests.push(...(await repeatNotices(tx, mail, settings, repeats)));
    await queueMails(tx, mail, requests);
  }
  return finished;
}

/** The cases of these Message-IDs, nearest reference first, each case once. */
function referencedCases(candidates: CandidateCases, messageIds: string[]): CandidateCase[] {
  const found: CandidateCase[] = [];
  for (const id of messageIds) for (const c of candidates.byMessageId.get(id) ?? []) if (!found.some((f) => f.id === c.id)) found.push(c);
  return found;
}

/** What a new case is made of: category, event date, deadline and language from its first message. */
function newCaseOf(w: Classified, customerId: string, settings: ProcessingSettings, followsCaseId: string | null): NewCase {
  const { message: m } = w;
  const { category, source } = categoryOf(w.classification, m.subject, m.facts.text);
  const eventDate = eventDateOf(w.classification, category, w.newText ?? m.facts.text);
  const deadlineAt = answerDeadline(m.receivedAt, settings.procedure);
  return {
    messageId: m.id,
    arrivalSeq: m.arrivalSeq,
    receivedAt: m.receivedAt,
    customerId,
    category,
    categorySource: source,
    subject: m.subject,
    firstText: w.newText,
    language: detectLanguage(`${m.subject ?? ''}\n${w.newText ?? m.facts.text ?? ''}`),
    eventDate,
    outOfTime: eventDate !== null && isOutOfTime(eventDate.date, m.receivedAt, settings.procedure),
    deadlineAt,
    // Imported history (no mail) gets no interim updates either.
    nextUpdateAt: category.kind === 'complaint' && m.sendMail ? deadlineAt : null,
    followsCaseId,
  };
}

/** A new case's first mail: the out-of-time answer, else the acknowledgement. */
function firstMail(caseId: string, c: NewCase, hasAccount: boolean, procedure: ProcedureSettings): AnyMailRequest {
  if (c.outOfTime && c.eventDate) {
    return {
      caseId,
      template: 'out-of-time',
      data: { receivedOn: c.receivedAt, eventDate: c.eventDate.date, limitDate: complaintLimit(c.eventDate.date, procedure) },
      automatic: true,
      cause: 'case-opened',
    };
  }
  return {
    caseId,
    template: 'acknowledgement',
    data: { receivedAt: c.receivedAt, deadline: c.deadlineAt, ground: c.category.kind === 'complaint' ? c.category.ground : null, needsIdentification: !hasAccount },
    automatic: true,
    cause: 'case-opened',
  };
}

/** "Repeat received" notices, at most one per case per REPEAT_NOTICE_INTERVAL_HOURS. */
async function repeatNotices(tx: Queryable, mail: MailDeps, settings: ProcessingSettings, repeats: { caseId: string; receivedAt: Date }[]): Promise<AnyMailRequest[]> {
  if (repeats.length === 0) return [];
  const { rows } = await tx.query<{ id: string; received_at: Date; repeats: string; recent: boolean }>(
    `SELECT c.id, c.received_at,
            (SELECT count(*) FROM case_messages WHERE case_id = c.id AND kind = 'repeat') AS repeats,
            EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id AND o.template = 'repeat-received'
                     AND o.created_at > $2::timestamptz - make_interval(hours => $3)) AS recent
       FROM cases c WHERE c.id = ANY($1::int8[])`,
    [repeats.map((r) => r.caseId), mail.clock.now(), settings.repeatNoticeIntervalHours],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return repeats.flatMap(({ caseId, receivedAt }) => {
    const row = byId.get(caseId);
    if (!row || row.recent) return [];
    return [{ caseId, template: 'repeat-received', data: { receivedAt, openedAt: row.received_at, repeatCount: Math.max(1, Number(row.repeats)) }, automatic: true, cause: 'repeat' }];
  });
}

/** Marks the messages processed, with their classification, customer and why unmatched. */
async function markProcessed(tx: Queryable, finished: Finished[]): Promise<void> {
  if (finished.length === 0) return;
  const list = valuesRows(
    finished.map((f) => [f.id, f.classification, f.customerId, f.outcome.status === 'unmatched' ? f.outcome.reason : null]),
    ['int8', 'text', 'int8', 'text'],
  );
  await tx.query(
    `UPDATE messages m SET processed_at = now(), classification = v.classification, customer_id = v.customer_id, unmatched_reason = v.reason
       FROM (VALUES ${list.text}) AS v(id, classification, customer_id, reason) WHERE m.id = v.id`,
    list.values,
  );
}

/** The complaint's event date: the form's field, else a date in the customer's text. */
function eventDateOf(c: Classification, category: CaseCategory, text: string | null): { date: Date; source: 'form' | 'text' } | null {
  if (category.kind !== 'complaint') return null;
  if (c.kind === 'contact-form' && c.form.eventDate) return { date: c.form.eventDate, source: 'form' };
  const found = parseEventDate(text);
  return found ? { date: found, source: 'text' } : null;
}

/** A delivery failure report marks the outbound message it names (RFC 3464) and records it on the case. */
async function markBounced(tx: Queryable, originalMessageId: string, recipients: string[], status: string | null): Promise<void> {
  const { rows } = await tx.query<{ id: string; case_id: string }>(
    `UPDATE outbox o SET status = 'bounced', last_error = $2 FROM messages m
      WHERE m.id = o.message_id AND m.message_id_header = $1 AND o.status <> 'bounced'
      RETURNING o.id, o.case_id`,
    [originalMessageId, `bounced${status ? ` (${status})` : ''}${recipients.length ? `: ${recipients.join(', ')}` : ''}`],
  );
  await appendCaseEvents(
    tx,
    rows.map((r) => ({ caseId: r.case_id, type: 'mail-bounced', actor: 'system', data: { outboxId: r.id, messageId: originalMessageId, recipients, status } })),
  );
}

function categoryOf(c: Classification, subject: string | null, text: string | null): { category: CaseCategory; source: 'form' | 'classifier' } {
  if (c.kind === 'contact-form') {
    const fromForm = categoryFromLabel(c.form.categoryLabel);
    if (fromForm) return { category: fromForm, source: 'form' };
  }
  return { category: suggestCategory(subject, text).category, source: 'classifier' };
}
