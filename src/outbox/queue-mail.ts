import { randomBytes } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { appendCaseEvents, type NewCaseEvent } from '../cases/case-events.ts';
import type { Clock } from '../clock.ts';
import type { Queryable } from '../db/port.ts';
import { sha256Of } from '../db/sha256.ts';
import { pgText } from '../db/text.ts';
import { valuesRows } from '../db/values-rows.ts';
import { bossDb } from '../jobs/boss.ts';
import { QUEUES, type SendMailJob } from '../jobs/queues.ts';
import { detectLocale } from '../templates/locale.ts';
import type { RenderedMessage, TemplateSet } from '../templates/render.ts';
import type { Locale, TemplateData, TemplateName } from '../templates/template-data.ts';
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
  // A MailRequest<N> for one N is one member of the AnyMailRequest union; TypeScript cannot see
  // that for a generic N.
  const [result] = await queueMails(tx, deps, [request as unknown as AnyMailRequest]);
  if (!result) throw new Error('queueMails returned nothing');
  return result;
}

/** One request of a batch: a MailRequest of any one template, its data checked against that template. */
export type AnyMailRequest = { [N in TemplateName]: MailRequest<N> }[TemplateName];

/**
 * queueMail for several messages at once, with the same result as queueing them one after
 * another in the order given (the per-address cap counts the earlier ones of the list), in a
 * fixed number of statements: three look-ups, four inserts and the jobs.
 */
export async function queueMails(tx: Queryable, deps: MailDeps, requests: readonly AnyMailRequest[]): Promise<QueueMailResult[]> {
  if (requests.length === 0) return [];
  const now = deps.clock.now();
  const caseIds = [...new Set(requests.map((r) => r.caseId))];
  const cases = await loadCases(tx, caseIds);
  const threads = await threadsOf(tx, caseIds);
  const caseOf = (id: string): CaseRow => {
    const c = cases.get(id);
    if (!c) throw new Error(`no case ${id}`);
    return c;
  };
  const automaticTo = [...new Set(requests.filter((r) => r.automatic).map((r) => caseOf(r.caseId).email.toLowerCase()))];
  const sentToday = await automaticCounts(tx, automaticTo, now);

  const results: (QueueMailResult | null)[] = [];
  const events: { index: number; event: NewCaseEvent }[] = [];
  const outgoing: { index: number; request: AnyMailRequest; to: string; locale: Locale; messageId: string; raw: Buffer; rendered: RenderedMessage; thread: Thread; c: CaseRow }[] = [];
  const domain = deps.settings.supportAddress.split('@')[1] ?? 'guichet.localhost';
  for (const [index, request] of requests.entries()) {
    const c = caseOf(request.caseId);
    const to = c.email.toLowerCase();
    const suppressed = suppression(deps.settings, to, request.automatic, sentToday.get(to) ?? 0);
    if (suppressed) {
      events.push({ index, event: { caseId: request.caseId, type: 'mail-suppressed', actor: 'system', data: { template: request.template, to, reason: suppressed, cause: request.cause } } });
      results.push({ status: 'suppressed', reason: suppressed });
      continue;
    }
    if (request.automatic) sentToday.set(to, (sentToday.get(to) ?? 0) + 1);
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
    } as TemplateData<TemplateName>;
    const rendered = deps.templates.render(request.template, locale, data);
    const thread = threads.get(request.caseId) ?? { inReplyTo: null, references: [] };
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
    outgoing.push({ index, request, to, locale, messageId, raw, rendered, thread, c });
    results.push(null);
  }

  if (outgoing.length > 0) {
    const stored = valuesRows(
      outgoing.map((o) => [
        'outbound',
        sha256Of(o.raw),
        o.raw.length,
        o.raw,
        now,
        'outbox',
        o.messageId,
        pgText(o.rendered.subject),
        deps.settings.supportAddress,
        deps.settings.deskName,
        JSON.stringify({ from: [{ name: deps.settings.deskName, address: deps.settings.supportAddress }], to: [{ name: o.c.display_name ?? '', address: o.to }] }),
        o.thread.inReplyTo ? [o.thread.inReplyTo] : [],
        o.thread.references,
        o.request.automatic ? 'auto-replied' : null,
        pgText(o.rendered.text),
        pgText(o.rendered.html),
        now,
        false,
      ]),
    );
    const messages = await tx.query<{ id: string; message_id_header: string }>(
      `INSERT INTO messages (direction, sha256, size, raw, received_at, source, message_id_header, subject, from_address, from_name,
          addresses, in_reply_to, "references", auto_submitted, text_body, html_body, processed_at, send_mail)
       VALUES ${stored.text} RETURNING id, message_id_header`,
      stored.values,
    );
    const storedIds = new Map(messages.rows.map((r) => [r.message_id_header, r.id]));
    const storedId = (messageId: string): string => {
      const id = storedIds.get(messageId);
      if (!id) throw new Error('outbound message insert returned nothing');
      return id;
    };
    const links = valuesRows(outgoing.map((o) => [storedId(o.messageId), o.request.caseId, 'outbound', 'sent']));
    await tx.query(`INSERT INTO case_messages (message_id, case_id, kind, matched_by) VALUES ${links.text}`, links.values);
    const rows = valuesRows(outgoing.map((o) => [o.request.caseId, storedId(o.messageId), o.request.template, o.locale, o.to, o.request.automatic, 'pending', o.request.cause, now]));
    const outbox = await tx.query<{ id: string; message_id: string }>(
      `INSERT INTO outbox (case_id, message_id, template, locale, to_address, automatic, status, cause, created_at) VALUES ${rows.text} RETURNING id, message_id`,
      rows.values,
    );
    const outboxIds = new Map(outbox.rows.map((r) => [r.message_id, r.id]));
    for (const o of outgoing) {
      const outboxId = outboxIds.get(storedId(o.messageId));
      if (!outboxId) throw new Error('outbox insert returned nothing');
      results[o.index] = { status: 'queued', outboxId, messageId: o.messageId };
      events.push({
        index: o.index,
        event: {
          caseId: o.request.caseId,
          type: 'mail-queued',
          actor: o.request.agentName ?? 'system',
          data: { outboxId, template: o.request.template, locale: o.locale, to: o.to, messageId: o.messageId, cause: o.request.cause },
        },
      });
    }
  }
  // Events in request order, as one-by-one queueing would have logged them.
  await appendCaseEvents(tx, events.sort((a, b) => a.index - b.index).map((e) => e.event));
  const jobs = results.flatMap((r) => (r?.status === 'queued' ? [{ data: { outboxId: r.outboxId } satisfies SendMailJob, singletonKey: `outbox:${r.outboxId}` }] : []));
  if (jobs.length > 0) await deps.boss.insert(QUEUES.sendMail, jobs, { db: bossDb(tx) });
  return results.map((r) => {
    if (!r) throw new Error('mail request left without a result');
    return r;
  });
}

type Thread = { inReplyTo: string | null; references: string[] };

async function loadCases(tx: Queryable, caseIds: string[]): Promise<Map<string, CaseRow>> {
  const { rows } = await tx.query<CaseRow & { id: string }>(
    `SELECT c.id, c.ref, c.category, c.language, c.subject, cu.email, cu.display_name FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ANY($1::int8[])`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** How many automatic messages went to each address in the last 24 hours. */
async function automaticCounts(tx: Queryable, addresses: string[], now: Date): Promise<Map<string, number>> {
  if (addresses.length === 0) return new Map();
  const { rows } = await tx.query<{ to_address: string; n: string }>(
    `SELECT to_address, count(*) AS n FROM outbox WHERE automatic AND to_address = ANY($1) AND created_at > $2::timestamptz - interval '24 hours' GROUP BY to_address`,
    [addresses, now],
  );
  return new Map(rows.map((r) => [r.to_address, Number(r.n)]));
}

/** Why automatic mail to this address must not go, or null. */
function suppression(settings: OutboundSettings, to: string, automatic: boolean, sentToday: number): string | null {
  if (isNoReplyAddress(to)) return 'no-reply or mail-system address';
  if (!automatic) return null;
  if (sentToday >= settings.autoMailMaxPerDay) return `rate limit: ${settings.autoMailMaxPerDay} automatic messages in 24 hours`;
  return null;
}

/**
 * Threads each reply in the customer's client: In-Reply-To the case's latest inbound customer
 * message, References its references plus it (RFC 5322 3.6.4), capped to the last 20 ids.
 */
async function threadsOf(tx: Queryable, caseIds: string[]): Promise<Map<string, Thread>> {
  const { rows } = await tx.query<{ case_id: string; message_id_header: string | null; references: string[] }>(
    `SELECT DISTINCT ON (cm.case_id) cm.case_id, m.message_id_header, m."references" FROM case_messages cm JOIN messages m ON m.id = cm.message_id
      WHERE cm.case_id = ANY($1::int8[]) AND m.direction = 'inbound' AND cm.kind IN ('new', 'repeat', 'follow-up') AND m.message_id_header IS NOT NULL
      ORDER BY cm.case_id, m.arrival_seq DESC`,
    [caseIds],
  );
  const threads = new Map<string, Thread>();
  for (const last of rows) {
    if (!last.message_id_header) continue;
    const references = [...last.references.filter((id) => id !== last.message_id_header), last.message_id_header].slice(-20);
    threads.set(last.case_id, { inReplyTo: last.message_id_header, references });
  }
  return threads;
}
