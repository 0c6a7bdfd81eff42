import { addressOfTypedValue } from './email-address.ts';

/**
 * Reading the machine-readable part of a report (RFC 6522 multipart/report): the RFC 3464
 * delivery-status fields of a DSN (per-message fields, then one block per recipient), and
 * enough of RFC 5965 (feedback reports) and RFC 8098 (disposition notifications) to tell them
 * apart. The text may hold several reports one after another; fields are matched by name in
 * any case, continuation lines unfolded (RFC 5322 section 2.2.3).
 */

/** One per-recipient block of a DSN (RFC 3464 section 2.3). */
export interface RecipientStatus {
  /** Final-Recipient, else Original-Recipient, lower-cased; null when neither has an address. */
  recipient: string | null;
  /** Action (section 2.3.3): failed, delayed, delivered, relayed, expanded; lower-cased. */
  action: string | null;
  /** Status (section 2.3.4): the RFC 3463 enhanced code, e.g. `5.1.1`, without comments. */
  status: string | null;
}

/** What a report part says. */
export interface ReportFields {
  recipients: RecipientStatus[];
  /** RFC 5965 Feedback-Type, lower-cased, when the part is an abuse/feedback report. */
  feedbackType: string | null;
  /** RFC 8098 Disposition, lower-cased, when the part is a message disposition notification. */
  disposition: string | null;
  /** An Original-Message-ID or X-Original-Message-ID field (Exchange, RFC 8098), without brackets. */
  originalMessageId: string | null;
}

type Block = Map<string, string>;

/** The blocks of header-like fields, separated by empty lines. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block = new Map();
  let last: string | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) out.push(current);
      current = new Map();
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && last !== null) {
      current.set(last, `${current.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:(.*)$/.exec(line);
    if (!m) {
      last = null;
      continue;
    }
    last = (m[1] ?? '').toLowerCase();
    if (!current.has(last)) current.set(last, (m[2] ?? '').trim());
  }
  if (current.size > 0) out.push(current);
  return out;
}

/** An RFC 3463 enhanced status code (`class.subject.detail`) at the start of a Status value. */
export function statusCode(value: string | null | undefined): string | null {
  const m = /^\s*([245]\.\d{1,3}\.\d{1,3})(?!\.?\d)/.exec(value ?? '');
  return m?.[1] ?? null;
}

function withoutBrackets(value: string): string | null {
  const m = /<([^<>\s]+)>/.exec(value) ?? /([^<>\s]+@[^<>\s]+)/.exec(value);
  return m?.[1] ?? null;
}

/**
 * The fields of a report text. A block is a recipient's when it has a Final-Recipient,
 * Original-Recipient or Action field; text without such fields gives no recipients.
 */
export function readReport(text: string): ReportFields {
  const fields: ReportFields = { recipients: [], feedbackType: null, disposition: null, originalMessageId: null };
  for (const block of blocks(text)) {
    if (block.has('final-recipient') || block.has('original-recipient') || block.has('action')) {
      const typed = block.get('final-recipient') ?? block.get('original-recipient') ?? '';
      const recipient = addressOfTypedValue(typed) ?? (block.has('original-recipient') ? addressOfTypedValue(block.get('original-recipient') ?? '') : null);
      const action = (block.get('action') ?? '').trim().toLowerCase().split(/[\s(;]/)[0] || null;
      fields.recipients.push({ recipient, action, status: statusCode(block.get('status')) });
    }
    fields.feedbackType ??= block.get('feedback-type')?.trim().toLowerCase() || null;
    fields.disposition ??= block.get('disposition')?.trim().toLowerCase() || null;
    const original = block.get('original-message-id') ?? block.get('x-original-message-id');
    if (original && fields.originalMessageId === null) fields.originalMessageId = withoutBrackets(original);
  }
  return fields;
}

/** The Message-ID of a returned original: the first Message-ID field of its header block, without brackets. */
export function messageIdOfHeaders(headersOrMessage: string): string | null {
  const head = headersOrMessage.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').split(/\n[ \t]*\n/)[0] ?? '';
  const block = blocks(head)[0];
  const value = block?.get('message-id');
  return value ? withoutBrackets(value) : null;
}
