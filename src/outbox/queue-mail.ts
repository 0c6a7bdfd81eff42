import { createHash, randomBytes } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { appendCaseEvent } from '../cases/case-events.ts';
import type { Clock } from '../clock.ts';
import type { Queryable } from '../db/port.ts';
import { pgText } from '../db/text.ts';
import { bossDb } from '../jobs/boss.ts';
import { QUEUES, type SendMailJob } from '../jobs/queues.ts';
import { detectLocale } from '../templates/locale.ts';
import type { TemplateSet } from '../templates/render.ts';
import type { TemplateData, TemplateName } from '../templates/template-data.ts';
import { composeMail } from './compose-mail.ts';
import { isNoReplyAddress, type OutboundSettings } from './outbound-settings.ts';

/** What queueing mail needs. */
export interface MailDeps {
  boss: PgBoss;
  templates: TemplateSet;
  clock: Clock;
  settings: OutboundSettings;
}

/** The fields every template gets, which queueMail fills from the case and the settings. */
type CommonField = 'caseRef' | 'customerName' | 'subject' | 'deskName' | 'supportAddress' | 'links' | 'automatic' | 'isComplaint' | 'agentName';

/** One message to a case's customer. */
export interface MailRequest<N extends TemplateName> {
  caseId: string;
  template: N;
  /** The template's own fields; the common ones come from the case. */
  data: Omit<TemplateData<N>, CommonField>;
  /** Automatic mail is rate-limited and marked Auto-Submitted; an agent's mail is neither. */
  automatic: boolean;
  agentName?: string | null;
  /** What caused it (kept on the outbox row and the case's events). */
  cause: string;
}

/** What queueing did: queued for sending, or suppressed by loop protection (and why). */
export type QueueMailResult = { status: 'queued'; outboxId: string; messageId: string } | { status: 'suppressed'; reason: string };

type CaseRow = { ref: string; category: string; language: string | null; subject: string | null; email: string; display_name: string | null };

/**
 * Writes one outbound message to the outbox inside the caller's transaction (DESIGN 3.5): the
 * template rendered in the customer's language, the exact bytes composed with a Message-ID on
 * the desk's domain chosen now, archived in `messages`, linked to the case, and a `send-mail`
 * job — all committed with the event that causes it, or not at all. Sending happens later, in
 * the job, from the stored bytes.
 *
 * Loop protection: nothing goes to no-reply or mail-system addresses; automatic mail to one
 * address is capped per 24 hours.
 */
export async function queueMail<N extends TemplateName>(tx: Queryable, deps: MailDeps, request: MailRequest<N>): Promise<QueueMailResult> {
  const c = await loadCase(tx, request.caseId);
  const now = deps.clock.now();
  const to = c.email.toLowerCase();
  const suppressed = await suppression(tx, deps.settings, to, request.automatic, now);
  if (suppressed) {
    await appendCaseEvent(tx, request.caseId, 'mail-suppressed', 'system', { template: request.template, to, reason: suppressed, cause: request.cause });
    return { status: 'suppressed', reason: suppressed };
  }
  const locale = detectLocale({ stored: c.language === 'en' || c.language === 'fr' ? c.language : null });
  const data = {
    ...request.data,
    caseRef: c.ref,
    customerName: c.display_name,
    subject: c.subject,
    deskName: deps.settings.deskName,
    supportAddress: deps.settings.supportAddress,
    links: deps.settings.links,
    automatic: request.automatic,
    isComplaint: c.category === 'complaint',
    agentName: request.agentName ?? null,
  } as TemplateData<N>;
  const rendered = deps.templates.render(request.template, locale, data);
  const thread = await threadOf(tx, request.caseId);
  const domain = deps.settings.supportAddress.split('@')[1] ?? 'guichet.localhost';
  const messageId = `${c.ref.toLowerCase()}.${randomBytes(6).toString('hex')}@${domain}`;
  const raw = await composeMail({
    from: { name: deps.settings.deskName, address: deps.settings.supportAddress },
    to: { name: c.display_name, address: to },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    automatic: request.automatic,
    date: now,
    caseRef: c.ref,
  });
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const stored = await tx.query<{ id: string }>(
    `INSERT INTO messages (direction, sha256, size, raw, received_at, source, message_id_header, subject, from_address, from_name,
        addresses, in_reply_to, "references", auto_submitted, text_body, html_body, processed_at, send_mail)
     VALUES ('outbound', $1, $2, $3, $4, 'outbox', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $4, false) RETURNING id`,
    [
      sha256,
      raw.length,
      raw,
      now,
      messageId,
      pgText(rendered.subject),
      deps.settings.supportAddress,
      deps.settings.deskName,
      JSON.stringify({ from: [{ name: deps.settings.deskName, address: deps.settings.supportAddress }], to: [{ name: c.display_name ?? '', address: to }] }),
      thread.inReplyTo ? [thread.inReplyTo] : [],
      thread.references,
      request.automatic ? 'auto-replied' : null,
      pgText(rendered.text),
      pgText(rendered.html),
    ],
  );
  const storedId = stored.rows[0]?.id;
  if (!storedId) throw new Error('outbound message insert returned nothing');
  await tx.query("INSERT INTO case_messages (message_id, case_id, kind, matched_by) VALUES ($1, $2, 'outbound', 'sent')", [storedId, request.caseId]);
  const outbox = await tx.query<{ id: string }>(
    `INSERT INTO outbox (case_id, message_id, template, locale, to_address, automatic, status, cause, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) RETURNING id`,
    [request.caseId, storedId, request.template, locale, to, request.automatic, request.cause, now],
  );
  const outboxId = outbox.rows[0]?.id;
  if (!outboxId) throw new Error('outbox insert returned nothing');
  await appendCaseEvent(tx, request.caseId, 'mail-queued', request.agentName ?? 'system', { outboxId, template: request.template, locale, to, messageId, cause: request.cause });
  const job: SendMailJob = { outboxId };
  await deps.boss.send(QUEUES.sendMail, job, { db: bossDb(tx), singletonKey: `outbox:${outboxId}` });
  return { status: 'queued', outboxId, messageId };
}

async function loadCase(tx: Queryable, caseId: string): Promise<CaseRow> {
  const { rows } = await tx.query<CaseRow>(
    `SELECT c.ref, c.category, c.language, c.subject, cu.email, cu.display_name FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = $1`,
    [caseId],
  );
  const row = rows[0];
  if (!row) throw new Error(`no case ${caseId}`);
  return row;
}

/** Why automatic mail to this address must not go, or null. */
async function suppression(tx: Queryable, settings: OutboundSettings, to: string, automatic: boolean, now: Date): Promise<string | null> {
  if (isNoReplyAddress(to)) return 'no-reply or mail-system address';
  if (!automatic) return null;
  const { rows } = await tx.query<{ n: string }>(
    `SELECT count(*) AS n FROM outbox WHERE automatic AND to_address = $1 AND created_at > $2::timestamptz - interval '24 hours'`,
    [to, now],
  );
  if (Number(rows[0]?.n ?? 0) >= settings.autoMailMaxPerDay) return `rate limit: ${settings.autoMailMaxPerDay} automatic messages in 24 hours`;
  return null;
}

/**
 * Threads the reply in the customer's client: In-Reply-To the case's latest inbound customer
 * message, References its references plus it (RFC 5322 3.6.4), capped to the last 20 ids.
 */
async function threadOf(tx: Queryable, caseId: string): Promise<{ inReplyTo: string | null; references: string[] }> {
  const { rows } = await tx.query<{ message_id_header: string | null; references: string[] }>(
    `SELECT m.message_id_header, m."references" FROM case_messages cm JOIN messages m ON m.id = cm.message_id
      WHERE cm.case_id = $1 AND m.direction = 'inbound' AND cm.kind IN ('new', 'repeat', 'follow-up') AND m.message_id_header IS NOT NULL
      ORDER BY m.arrival_seq DESC LIMIT 1`,
    [caseId],
  );
  const last = rows[0];
  if (!last?.message_id_header) return { inReplyTo: null, references: [] };
  const references = [...last.references.filter((id) => id !== last.message_id_header), last.message_id_header].slice(-20);
  return { inReplyTo: last.message_id_header, references };
}
