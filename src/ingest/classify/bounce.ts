import {
  hasDelayPhrase,
  hasFailurePhrase,
  isBounceSubject,
  isDelaySubject,
  messageIdFromText,
  recipientsFromText,
  singleOriginalRecipient,
  statusFromText,
} from './bounce-text.ts';
import { messageIdOfHeaders, readReport, type RecipientStatus } from './delivery-status.ts';
import { findAddresses, isDaemonAddress, isDaemonName, isNoReplyAddress, isPostmasterAddress } from './email-address.ts';
import { headerParameter, headerValue, headerValues, type MessageFacts } from './message-facts.ts';
import { outOfOfficeFirstLine, outOfOfficeSubject } from './out-of-office-text.ts';

/**
 * Delivery notices: a mail system telling us a message we sent failed, is delayed, or (rarely)
 * was delivered — and abuse feedback reports about a message we sent. None opens a case or is
 * answered; a failure marks the outbound message it reports (DESIGN 3.2).
 *
 * Evidence, strongest first:
 * 1. An RFC 3464 delivery-status part (`deliveryStatus`, from RFC 6522 `multipart/report;
 *    report-type=delivery-status`) with per-recipient `Action` fields, or the same fields written
 *    into the text by MTAs that send no report part. The actions decide the reason. Outside a
 *    top-level multipart/report the fields count only with a machine sign (4 or 5): a person
 *    forwarding a bounce inline carries them too.
 * 2. `multipart/report; report-type=delivery-status` whose part could not be read.
 * 3. An RFC 5965 feedback report (report-type=feedback-report, or a `Feedback-Type` field), or
 *    Microsoft's older JMRP form (subject "complaint about message from <IP>").
 * 4. A mail system's own sender address: `MAILER-DAEMON@…`, `Mail.Delivery.System@…`, Exchange
 *    Online's `MicrosoftExchange<hex>@…` — people do not write from those.
 * 5. A weaker machine sign — a `postmaster@` or `no-reply@` sender, a "Mail Delivery System"
 *    name, no sender address (`From: <>`), an empty Return-Path (the null reverse-path `<>` RFC 5321 section 4.5.5 requires of
 *    notices) or one naming MAILER-DAEMON, an Amazon SES/SNS sender — together with a notice's
 *    subject, a failure sentence in the text, or a returned original, and not an out-of-office
 *    wording (responders send with `<>` too).
 * A person forwarding a bounce ("Fwd: Returned mail…") is a person writing: subject and text
 * alone never make a bounce. An out-of-office reply is not a bounce.
 */

/**
 * What a notice reports: `failed` (RFC 3464 Action: failed — the only one that marks an
 * outbound message failed), `delayed` (Action: delayed: the MTA is still trying), `delivered`
 * (Action: delivered, relayed or expanded: a success notice), `feedback-report` (RFC 5965: a
 * recipient reported the message as abuse).
 */
export type BounceReason = 'failed' | 'delayed' | 'delivered' | 'feedback-report';

/** A delivery notice as read from a message. */
export interface Bounce {
  reason: BounceReason;
  /** Which evidence made it a notice, for the agents and the logs. */
  evidence: string;
  /**
   * The recipients the notice is about, lower-cased: the failed ones for `failed`, the delayed
   * ones for `delayed`, the delivered ones for `delivered`; empty when the notice names none
   * we can read, and always for `feedback-report` (nothing failed). Only `failed` ones are
   * undeliverable.
   */
  failedRecipients: string[];
  /** The Message-ID of the message the notice is about, without angle brackets. */
  originalMessageId: string | null;
  /** RFC 3463 enhanced status code (`5.1.1`) of the first recipient reported, if any. */
  status: string | null;
}

/** Microsoft JMRP complaints (Hotmail/Outlook.com feedback loop): the subject names the sending IP address. */
const JMRP_SUBJECT = /^\s*complaint about message from (?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+)\s*$/i;

const DSN_REPORT_TYPES = new Set(['delivery-status', 'global-delivery-status']);
const FEEDBACK_REPORT_TYPES = new Set(['feedback-report']);

/** RFC 3464 actions in the order a notice's reason is chosen: any failure wins. */
const ACTION_REASON: [string[], BounceReason][] = [
  [['failed'], 'failed'],
  [['delayed'], 'delayed'],
  [['delivered', 'relayed', 'expanded', 'deliverable'], 'delivered'], // deliverable: Postfix address verification
];

/** The reason of a DSN and the recipient blocks that gave it, or null without actions. */
function reasonFromActions(recipients: RecipientStatus[]): { reason: BounceReason; blocks: RecipientStatus[] } | null {
  for (const [actions, reason] of ACTION_REASON) {
    const blocks = recipients.filter((r) => r.action !== null && actions.includes(r.action));
    if (blocks.length > 0) return { reason, blocks };
  }
  return null;
}

/** Delivery-status fields written into a notice's text (Exim, mail.ru, some gateways). */
function reportInText(text: string | null): RecipientStatus[] {
  if (!text || !/^\s*(?:final-recipient|original-recipient)\s*:/im.test(text) || !/^\s*action\s*:/im.test(text)) return [];
  return readReport(text).recipients;
}

/** The addresses that are never a failed recipient: the notice's own sender and recipients, and the original's sender. */
function ownAddresses(facts: MessageFacts): Set<string> {
  const own = new Set<string>();
  for (const a of facts.from) if (a.address) own.add(a.address.toLowerCase());
  for (const name of ['to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to', 'return-path']) {
    for (const value of headerValues(facts, name)) for (const a of findAddresses(value)) own.add(a);
  }
  if (facts.returnedMessage) {
    const head = facts.returnedMessage.replace(/\r\n?/g, '\n').split(/\n\s*\n/)[0] ?? '';
    for (const m of head.matchAll(/^(?:from|sender|return-path|reply-to):(.*(?:\n[ \t].*)*)/gim)) for (const a of findAddresses(m[1] ?? '')) own.add(a);
  }
  return own;
}

/** The recipients a notice without delivery-status fields names: in its text, else the original's single recipient. */
function recipientsOfNotice(facts: MessageFacts): string[] {
  const named = recipientsFromText(facts.text, ownAddresses(facts));
  if (named.length > 0) return named;
  const single = singleOriginalRecipient(facts.returnedMessage, facts.text);
  return single ? [single] : [];
}

/** The recipients of an Amazon SES notification delivered by SNS ("notificationType":"Bounce"). */
function sesNotification(facts: MessageFacts): { reason: BounceReason; recipients: string[]; status: string | null } | null {
  const text = facts.text ?? '';
  const type = /"notificationType"\s*:\s*"(Bounce|Complaint|Delivery)"/.exec(text)?.[1];
  if (!type) return null;
  const listed = /"(?:bouncedRecipients|complainedRecipients|recipients)"\s*:\s*\[([^\]]*)\]/.exec(text)?.[1] ?? '';
  const recipients = findAddresses(listed);
  const status = /"status"\s*:\s*"([245]\.\d{1,3}\.\d{1,3})"/.exec(text)?.[1] ?? null;
  const reason: BounceReason = type === 'Complaint' ? 'feedback-report' : type === 'Delivery' ? 'delivered' : /"bounceType"\s*:\s*"Transient"/.test(text) ? 'delayed' : 'failed';
  return { reason, recipients, status };
}

/** The first of the strong signs that a mail system sent the message, described, or null. */
function daemonSender(facts: MessageFacts): string | null {
  for (const a of facts.from) {
    if (a.address && isDaemonAddress(a.address)) return `sender ${a.address}`;
    if (!a.address && isDaemonAddress(a.name)) return `sender ${a.name}`;
  }
  return null;
}

/** The first of the weaker machine signs, described, or null. */
function machineSign(facts: MessageFacts): string | null {
  for (const a of facts.from) {
    if (a.address && isPostmasterAddress(a.address)) return `sender ${a.address}`;
    if (a.name && isDaemonName(a.name)) return `sender name "${a.name}"`;
    if (a.address && (isNoReplyAddress(a.address) || /@(?:sns\.amazonaws\.com|amazonses\.com)$/i.test(a.address))) return `sender ${a.address}`;
  }
  // `From: <>` (some gateways) leaves no sender address at all; people always have one.
  if (!facts.from.some((a) => a.address)) return 'no sender address';
  if (facts.returnPath === '') return 'empty Return-Path (<>)';
  if (facts.returnPath !== null && isDaemonAddress(facts.returnPath)) return `Return-Path ${facts.returnPath}`;
  return null;
}

/** What the notice's text says when it has no delivery-status fields: delayed or failed. */
function reasonFromText(facts: MessageFacts): BounceReason {
  return isDelaySubject(facts.subject) || (!isBounceSubject(facts.subject) && hasDelayPhrase(facts.text)) ? 'delayed' : 'failed';
}

/** The original's Message-ID: from the returned original, a quoted `Message-ID:` line, the report's fields, In-Reply-To. */
function originalMessageId(facts: MessageFacts, reported: string | null): string | null {
  const fromReturned = facts.returnedMessage ? messageIdOfHeaders(facts.returnedMessage) : null;
  if (fromReturned) return fromReturned;
  // A copy quoted in the text, or (broken reports) the original pasted after the report fields.
  const quoted = messageIdFromText(facts.text) ?? messageIdFromText(facts.deliveryStatus);
  if (quoted) return quoted;
  if (reported) return reported;
  // Gmail and Exchange notices name the original in In-Reply-To/References (RFC 5322 3.6.4).
  const inReplyTo = headerValue(facts, 'in-reply-to');
  return inReplyTo ? (/<([^<>\s]+)>/.exec(inReplyTo)?.[1] ?? null) : null;
}

/**
 * Whether a message is a delivery notice (see the module comment for the evidence), with what
 * it reports: the reason (`failed`, `delayed`, `delivered`, `feedback-report`), the
 * recipients it names, the original's Message-ID and the RFC 3463 status. Null for anything else.
 */
export function detectBounce(facts: MessageFacts): Bounce | null {
  const reportType = facts.contentType === 'multipart/report' ? headerParameter(headerValue(facts, 'content-type'), 'report-type') : null;
  const report = facts.deliveryStatus !== null ? readReport(facts.deliveryStatus) : null;
  // Recipients and status come from the structured fields when there are some, else from the text.
  const make = (reason: BounceReason, evidence: string, structured: { recipients: string[]; status: string | null } | null, reportedId: string | null = null): Bounce => ({
    reason,
    evidence,
    failedRecipients: structured ? structured.recipients : reason === 'feedback-report' ? [] : recipientsOfNotice(facts),
    originalMessageId: originalMessageId(facts, reportedId),
    status: structured?.status ?? (reason === 'failed' || reason === 'delayed' ? statusFromText(facts.text) : null),
  });

  // Who sent it: a mail system's own address, or a weaker machine sign. A top-level RFC 6522
  // report is machine-made too. Delivery-status fields count only from a machine: a person
  // forwarding a bounce inline carries the same fields.
  const daemon = daemonSender(facts);
  const sign = daemon ?? machineSign(facts);

  // 1. RFC 3464 per-recipient fields, in the report part or written into the text.
  const fromPart = report && (reportType !== null || sign !== null) ? reasonFromActions(report.recipients) : null;
  const fromFields = fromPart ?? (sign !== null ? reasonFromActions(reportInText(facts.text)) : null);
  if (fromFields) {
    const recipients = [...new Set(fromFields.blocks.map((b) => b.recipient).filter((r): r is string => r !== null))];
    const evidence = fromPart ? `delivery-status report (RFC 3464), Action: ${fromFields.blocks[0]?.action}` : `delivery-status fields in the text, Action: ${fromFields.blocks[0]?.action}`;
    const status = fromFields.blocks.find((b) => b.status)?.status ?? null;
    return make(fromFields.reason, evidence, recipients.length > 0 ? { recipients, status } : null, report?.originalMessageId ?? null);
  }
  // 2. A delivery report whose fields could not be read.
  if (reportType !== null && DSN_REPORT_TYPES.has(reportType)) return make(reasonFromText(facts), `multipart/report; report-type=${reportType}`, null);
  // 3. Abuse feedback: RFC 5965, or Microsoft JMRP's subject.
  if ((reportType !== null && FEEDBACK_REPORT_TYPES.has(reportType)) || (report?.feedbackType && sign !== null)) {
    return make('feedback-report', `feedback report (RFC 5965)${report?.feedbackType ? `, Feedback-Type: ${report.feedbackType}` : ''}`, null, report?.originalMessageId ?? null);
  }
  if (facts.subject && JMRP_SUBJECT.test(facts.subject)) return make('feedback-report', 'feedback report (Microsoft JMRP)', null);
  const ses = sesNotification(facts);
  if (ses && sign !== null) return make(ses.reason, 'Amazon SES notification', { recipients: ses.recipients, status: ses.status });
  // A read receipt (RFC 8098) or another report is not a delivery notice: auto-reply.ts has them.
  if (reportType !== null || report?.disposition) return null;

  // 4. A mail system's own address.
  if (daemon) return make(reasonFromText(facts), daemon, null);
  // 5. A weaker machine sign with a notice's subject or text, and not an out-of-office reply.
  if (sign === null) return null;
  if (outOfOfficeSubject(facts.subject) !== null || outOfOfficeFirstLine(facts.text) !== null) return null;
  const corroboration = isBounceSubject(facts.subject)
    ? `subject "${facts.subject}"`
    : hasFailurePhrase(facts.text)
      ? 'a delivery-failure sentence'
      : facts.returnedMessage !== null
        ? 'a returned message'
        : null;
  return corroboration ? make(reasonFromText(facts), `${sign} and ${corroboration}`, null) : null;
}
