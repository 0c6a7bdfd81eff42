import type { PgBoss } from 'pg-boss';
import { addMessageToCase, casesByMessageIds, casesByRefs, openCase, openCasesOf, type CaseCategory } from '../cases/case-store.ts';
import { findCaseRefs } from '../cases/case-ref.ts';
import { resolveCustomer } from '../cases/customers.ts';
import { detectLanguage } from '../cases/language.ts';
import type { Database, Queryable } from '../db/port.ts';
import { categoryFromLabel, suggestCategory } from '../ingest/classify/category.ts';
import { classifyMessage, type Classification } from '../ingest/classify/classify-message.ts';
import { extractAccountIds } from '../ingest/classify/customer-identity.ts';
import type { MessageFacts } from '../ingest/classify/message-facts.ts';
import type { Address } from '../ingest/parsed-message.ts';
import { decideThread, type ThreadingDecision } from '../ingest/threading/decide-thread.ts';
import { extractNewText } from '../ingest/threading/text/new-text.ts';
import type { Logger } from '../log/logger.ts';
import { QUEUES, type ProcessMessageJob } from './queues.ts';

/** The settings processing needs (from Config). */
export interface ProcessingSettings {
  contactFormSenders: string[];
  supportAddress: string;
  caseRefPrefix: string;
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
export async function processMessage(db: Database, messageId: string, settings: ProcessingSettings): Promise<ProcessOutcome> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<MessageRow>(
      `SELECT id, arrival_seq, received_at, processed_at, quarantine_code, subject, addresses, return_path, headers, content_type,
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

    if (decision.action === 'unmatched') return finish(tx, m.id, classification.kind, customerId, { status: 'unmatched', reason: decision.reason });
    if (decision.action === 'attach') {
      await addMessageToCase(tx, decision.caseId, m.id, decision);
      return finish(tx, m.id, classification.kind, customerId, { status: 'attached', caseId: decision.caseId, kind: decision.kind });
    }
    if (customerId === null) throw new Error('a new case needs a customer');
    const { category, source } = categoryOf(classification, m.subject, facts.text);
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
    });
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

/** Who the customer is: the form's fields for a contact-form message, else the sender. */
function customerOf(c: Classification, facts: MessageFacts): { email: string; displayName: string | null; accountIds: string[] } | null {
  if (c.kind === 'contact-form') {
    const email = c.form.customerEmail ?? facts.replyTo.find((a: Address) => a.address)?.address ?? null;
    if (!email) return null;
    return { email, displayName: c.form.customerName, accountIds: c.form.accountId ? [c.form.accountId] : [] };
  }
  if (c.kind !== 'customer') return null;
  const sender = facts.from.find((a: Address) => a.address);
  if (!sender) return null;
  return { email: sender.address, displayName: sender.name || null, accountIds: extractAccountIds(facts.text ?? '') };
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
export async function workProcessMessage(boss: PgBoss, db: Database, settings: ProcessingSettings, logger: Logger): Promise<void> {
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
        const outcome = await processMessage(db, job.data.messageId, settings);
        logger.debug({ messageId: job.data.messageId, outcome: outcome.status }, 'message processed');
      }),
    );
  });
}
