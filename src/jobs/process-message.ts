import type { PgBoss } from 'pg-boss';
import { addMessageToCase, casesByMessageIds, casesByRefs, openCase, openCasesOf, type CaseCategory } from '../cases/case-store.ts';
import { findCaseRefs } from '../cases/case-ref.ts';
import { appendCaseEvent } from '../cases/case-events.ts';
import { resolveCustomer } from '../cases/customers.ts';
import { answerDeadline, complaintLimit, isOutOfTime, type ProcedureSettings } from '../cases/procedure.ts';
import { parseEventDate } from '../ingest/classify/event-date.ts';
import { queueMail, type MailDeps } from '../outbox/queue-mail.ts';
import { reopenCase, reopenPolicy } from '../lifecycle/reopen.ts';
import { detectLanguage } from '../cases/language.ts';
import type { Database, Queryable } from '../db/port.ts';
import { categoryFromLabel, suggestCategory } from '../ingest/classify/category.ts';
import { classifyMessage, type Classification } from '../ingest/classify/classify-message.ts';
import { customerOf } from '../ingest/classify/customer-of.ts';
import type { Address } from '../ingest/parsed-message.ts';
import type { MessageFacts } from '../ingest/classify/message-facts.ts';
import { decideThread, type ThreadingDecision } from '../ingest/threading/decide-thread.ts';
import { extractNewText } from '../ingest/threading/text/new-text.ts';
import type { Logger } from '../log/logger.ts';
import { QUEUES, type ProcessMessageJob } from './queues.ts';

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

type MessageRow = {
  id: string;
  arrival_seq: string;
  received_at: Date;
  processed_at: Date | null;
  send_mail: boolean;
  quarantine_code: string | null;
  subject: string | null;
  addresses: { from?: Address[]; replyTo?: Address[] };
  return_path: string | null;
  headers: Record<string, string[]>;
  content_type: string | null;
  delivery_status: string | null;
  auto_submitted: string | null;
  precedence: string | null;
  text_body: string | null;
  in_reply_to: string[];
  references: string[];
};

/**
 * Threads one stored message (DESIGN 3.2) in one transaction: classify it, find its customer,
 * attach it to its case or open a new one, and mark it processed. The message row is locked
 * first and `processed_at` checked, so a retried or duplicated job changes nothing.
 */
export async function processMessage(db: Database, messageId: string, settings: ProcessingSettings, mail: MailDeps | null): Promise<ProcessOutcome> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<MessageRow>(
      `SELECT id, arrival_seq, received_at, processed_at, send_mail, quarantine_code, subject, addresses, return_path, headers, content_type,
              delivery_status, auto_submitted, precedence, text_body, in_reply_to, "references"
         FROM messages WHERE id = $1 FOR UPDATE`,
      [messageId],
    );
    const m = rows[0];
    if (!m || m.processed_at) return { status: 'already-processed' };
    const facts = await loadFacts(tx, m);
    const classification = classifyMessage(facts, settings);
    const customer = customerOf(classification, facts);

    let customerId: string | null = null;
    let newText: string | null = null;
    if (customer) {
      customerId = await resolveCustomer(tx, customer);
      newText = classification.kind === 'contact-form' ? classification.form.description : extractNewText(facts.text);
    } else if (classification.kind === 'customer' || classification.kind === 'contact-form') {
      return finish(tx, m.id, classification.kind, null, { status: 'unmatched', reason: 'no customer address in the message' });
    }

    const referenced = [...m.in_reply_to, ...[...m.references].reverse()];
    const decision: ThreadingDecision = decideThread({
      kind: classification.kind === 'contact-form' ? 'customer' : classification.kind,
      customerId,
      subject: m.subject,
      newText,
      byReference: await casesByMessageIds(tx, referenced),
      byCaseRef: await casesByRefs(tx, findCaseRefs(`${m.subject ?? ''}\n${facts.text ?? ''}`, settings.caseRefPrefix)),
      byBouncedMessage: classification.kind === 'bounce' && classification.originalMessageId ? await casesByMessageIds(tx, [classification.originalMessageId]) : [],
      customerOpenCases: customerId ? await openCasesOf(tx, customerId) : [],
    });

    if (classification.kind === 'bounce' && classification.reason === 'failed' && classification.originalMessageId) {
      await markBounced(tx, classification.originalMessageId, classification.failedRecipients, classification.status);
    }
    if (decision.action === 'unmatched') return finish(tx, m.id, classification.kind, customerId, { status: 'unmatched', reason: decision.reason });
    let followsCaseId: string | null = null;
    if (decision.action === 'attach') {
      // A customer writing to a closed case reopens it at its original place, or — long after
      // the closure — opens a new case linked to it (REOPEN_WITHIN_DAYS).
      const closedAt = decision.kind === 'follow-up' ? await closedAtOf(tx, decision.caseId) : null;
      if (closedAt && reopenPolicy(closedAt, m.received_at, settings.procedure) === 'new-linked-case') {
        followsCaseId = decision.caseId;
      } else {
        await addMessageToCase(tx, decision.caseId, m.id, decision);
        if (closedAt) await reopenCase(tx, decision.caseId, 'system', { at: m.received_at, procedure: settings.procedure, messageId: m.id });
        if (decision.kind === 'repeat' && m.send_mail && mail) await noticeRepeat(tx, mail, settings, decision.caseId, m.received_at);
        return finish(tx, m.id, classification.kind, customerId, { status: 'attached', caseId: decision.caseId, kind: decision.kind });
      }
    }
    if (customerId === null) throw new Error('a new case needs a customer');
    const { category, source } = categoryOf(classification, m.subject, facts.text);
    const eventDate = eventDateOf(classification, category, newText ?? facts.text);
    const outOfTime = eventDate !== null && isOutOfTime(eventDate.date, m.received_at, settings.procedure);
    const deadlineAt = answerDeadline(m.received_at, settings.procedure);
    const opened = await openCase(tx, settings.caseRefPrefix, {
      messageId: m.id,
      arrivalSeq: m.arrival_seq,
      receivedAt: m.received_at,
      customerId,
      category,
      categorySource: source,
      subject: m.subject,
      firstText: newText,
      language: detectLanguage(`${m.subject ?? ''}\n${newText ?? facts.text ?? ''}`),
      eventDate,
      outOfTime,
      deadlineAt,
      // Imported history (no mail) gets no interim updates either.
      nextUpdateAt: category.kind === 'complaint' && m.send_mail ? deadlineAt : null,
      followsCaseId,
    });
    if (m.send_mail && mail) {
      if (outOfTime && eventDate) {
        await queueMail(tx, mail, {
          caseId: opened.id,
          template: 'out-of-time',
          data: { receivedOn: m.received_at, eventDate: eventDate.date, limitDate: complaintLimit(eventDate.date, settings.procedure) },
          automatic: true,
          cause: 'case-opened',
        });
      } else {
        const accounts = await tx.query<{ n: string }>('SELECT count(*) AS n FROM customer_accounts WHERE customer_id = $1', [customerId]);
        await queueMail(tx, mail, {
          caseId: opened.id,
          template: 'acknowledgement',
          data: { receivedAt: m.received_at, deadline: deadlineAt, ground: category.kind === 'complaint' ? category.ground : null, needsIdentification: accounts.rows[0]?.n === '0' },
          automatic: true,
          cause: 'case-opened',
        });
      }
    }
    return finish(tx, m.id, classification.kind, customerId, { status: 'new-case', caseId: opened.id, ref: opened.ref });
  });
}

async function finish(tx: Queryable, id: string, classification: string, customerId: string | null, outcome: ProcessOutcome): Promise<ProcessOutcome> {
  await tx.query('UPDATE messages SET processed_at = now(), classification = $2, customer_id = $3, unmatched_reason = $4 WHERE id = $1', [
    id,
    classification,
    customerId,
    outcome.status === 'unmatched' ? outcome.reason : null,
  ]);
  return outcome;
}

/** The facts classification works on, from the stored columns (and a bounce's returned message). */
async function loadFacts(tx: Queryable, m: MessageRow): Promise<MessageFacts> {
  // The first 64 KiB, as factsFromParsed keeps at ingest, so both see the same facts.
  const returned = await tx.query<{ content: Buffer }>(
    `SELECT substring(b.content FROM 1 FOR 65536) AS content FROM message_attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256
      WHERE a.message_id = $1 AND a.content_type IN ('message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers')
      ORDER BY a.position LIMIT 1`,
    [m.id],
  );
  return {
    from: m.addresses.from ?? [],
    replyTo: m.addresses.replyTo ?? [],
    returnPath: m.return_path,
    subject: m.subject,
    text: m.text_body,
    headers: m.headers,
    contentType: m.content_type,
    deliveryStatus: m.delivery_status,
    autoSubmitted: m.auto_submitted,
    precedence: m.precedence,
    returnedMessage: returned.rows[0] ? returned.rows[0].content.toString('utf8') : null,
  };
}

/** When the case was closed, or null when it is not closed. */
async function closedAtOf(tx: Queryable, caseId: string): Promise<Date | null> {
  const { rows } = await tx.query<{ closed_at: Date | null; status: string }>('SELECT status, closed_at FROM cases WHERE id = $1', [caseId]);
  const row = rows[0];
  return row?.status === 'closed' ? (row.closed_at ?? new Date(0)) : null;
}

/** The complaint's event date: the form's field, else a date in the customer's text. */
function eventDateOf(c: Classification, category: CaseCategory, text: string | null): { date: Date; source: 'form' | 'text' } | null {
  if (category.kind !== 'complaint') return null;
  if (c.kind === 'contact-form' && c.form.eventDate) return { date: c.form.eventDate, source: 'form' };
  const found = parseEventDate(text);
  return found ? { date: found, source: 'text' } : null;
}

/** A "repeat received" notice, at most one per case per REPEAT_NOTICE_INTERVAL_HOURS. */
async function noticeRepeat(tx: Queryable, mail: MailDeps, settings: ProcessingSettings, caseId: string, receivedAt: Date): Promise<void> {
  const recent = await tx.query<{ n: string }>(
    `SELECT count(*) AS n FROM outbox WHERE case_id = $1 AND template = 'repeat-received' AND created_at > $2::timestamptz - make_interval(hours => $3)`,
    [caseId, mail.clock.now(), settings.repeatNoticeIntervalHours],
  );
  if (Number(recent.rows[0]?.n) > 0) return;
  const c = await tx.query<{ received_at: Date; repeats: string }>(
    `SELECT c.received_at, (SELECT count(*) FROM case_messages WHERE case_id = c.id AND kind = 'repeat') AS repeats FROM cases c WHERE c.id = $1`,
    [caseId],
  );
  const row = c.rows[0];
  if (!row) return;
  await queueMail(tx, mail, {
    caseId,
    template: 'repeat-received',
    data: { receivedAt, openedAt: row.received_at, repeatCount: Math.max(1, Number(row.repeats)) },
    automatic: true,
    cause: 'repeat',
  });
}

/** A delivery failure report marks the outbound message it names (RFC 3464) and records it on the case. */
async function markBounced(tx: Queryable, originalMessageId: string, recipients: string[], status: string | null): Promise<void> {
  const { rows } = await tx.query<{ id: string; case_id: string }>(
    `UPDATE outbox o SET status = 'bounced', last_error = $2 FROM messages m
      WHERE m.id = o.message_id AND m.message_id_header = $1 AND o.status <> 'bounced'
      RETURNING o.id, o.case_id`,
    [originalMessageId, `bounced${status ? ` (${status})` : ''}${recipients.length ? `: ${recipients.join(', ')}` : ''}`],
  );
  for (const r of rows) await appendCaseEvent(tx, r.case_id, 'mail-bounced', 'system', { outboxId: r.id, messageId: originalMessageId, recipients, status });
}

function categoryOf(c: Classification, subject: string | null, text: string | null): { category: CaseCategory; source: 'form' | 'classifier' } {
  if (c.kind === 'contact-form') {
    const fromForm = categoryFromLabel(c.form.categoryLabel);
    if (fromForm) return { category: fromForm, source: 'form' };
  }
  return { category: suggestCategory(subject, text).category, source: 'classifier' };
}

/**
 * Registers the `process-message` worker. The queue is FIFO per customer (`key_strict_fifo`), so
 * a customer's messages are threaded one after another — a repeat always sees the case its
 * predecessor opened — while different customers' messages run in parallel (DESIGN 3.3).
 */
export async function workProcessMessage(boss: PgBoss, db: Database, settings: ProcessingSettings, mail: MailDeps | null, logger: Logger): Promise<void> {
  await boss.work<ProcessMessageJob>(QUEUES.processMessage, {
      batchSize: 20,
      localConcurrency: 2,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 0.5,
      // NOTIFY wakes the worker when a job is created, but not when a customer's next job becomes
      // ready because the one before it completed (key_strict_fifo): poll briskly for those.
      notifyPollingIntervalSeconds: 0.5,
    }, async (jobs) => {
    // A batch holds at most one job per customer (the head of each key), so they can run together.
    await Promise.all(
      jobs.map(async (job) => {
        const outcome = await processMessage(db, job.data.messageId, settings, mail);
        logger.debug({ messageId: job.data.messageId, outcome: outcome.status }, 'message processed');
      }),
    );
  });
}
