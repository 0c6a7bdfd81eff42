import type { Address, ParsedMessage } from '../parsed-message.ts';

/**
 * The facts every classifier of this folder works on: the few header fields and bodies that
 * decide whether a message is a bounce, an auto-reply, a contact-form message or a customer
 * writing. A plain data record, built from a ParsedMessage at ingest or from the stored columns
 * later, so the classifiers stay pure functions tested without I/O.
 */
export interface MessageFacts {
  from: Address[];
  replyTo: Address[];
  /** Return-Path as found, `''` for the null reverse-path `<>` (RFC 5321 section 4.5.5: bounces), null when absent. */
  returnPath: string | null;
  subject: string | null;
  text: string | null;
  /** Every header field: lower-cased name → decoded values in order. */
  headers: Record<string, string[]>;
  /** Top-level content type, lower-cased, without parameters (e.g. `multipart/report`). */
  contentType: string | null;
  /** Text of the RFC 3464 delivery-status (and other RFC 6522 report) parts, when present. */
  deliveryStatus: string | null;
  /** RFC 3834 Auto-Submitted value, lower-cased, or null. */
  autoSubmitted: string | null;
  /** Precedence value, lower-cased, or null. */
  precedence: string | null;
  /** Headers (or the whole message) of a returned original inside a bounce: text of the message/rfc822 or text/rfc822-headers part, when present. */
  returnedMessage: string | null;
}

/**
 * Content types of a returned original: RFC 6522 section 3 (message/rfc822 or
 * text/rfc822-headers as the third part of a report), RFC 6532/6533 (their UTF-8 forms), and
 * `text/rfc822-header`, a misspelling some MTAs send.
 */
export const RETURNED_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'message/rfc822',
  'text/rfc822-headers',
  'text/rfc822-header',
  'message/global',
  'message/global-headers',
]);

/**
 * How much of a returned original is kept: its header block and the start of its body, which
 * is all the classifiers read. A bounce may return a 25 MB message; this keeps facts small.
 */
export const RETURNED_MESSAGE_MAX_BYTES = 64 * 1024;

/**
 * The facts of a parsed message. `returnedMessage` is the UTF-8 text of the first attachment
 * whose type is a returned original (see RETURNED_MESSAGE_TYPES), cut at
 * RETURNED_MESSAGE_MAX_BYTES.
 */
export function factsFromParsed(p: ParsedMessage): MessageFacts {
  const returned = p.attachments.find((a) => RETURNED_MESSAGE_TYPES.has(baseType(a.contentType)));
  return {
    from: p.from,
    replyTo: p.replyTo,
    returnPath: p.returnPath,
    subject: p.subject,
    text: p.text,
    headers: p.headers,
    contentType: p.contentType,
    deliveryStatus: p.deliveryStatus,
    autoSubmitted: p.autoSubmitted,
    precedence: p.precedence,
    returnedMessage: returned ? returned.content.subarray(0, RETURNED_MESSAGE_MAX_BYTES).toString('utf8') : null,
  };
}

/** A content type without its parameters, lower-cased. */
function baseType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Every value of a header field (`name` in any case), trimmed; empty when absent. */
export function headerValues(facts: Pick<MessageFacts, 'headers'>, name: string): string[] {
  const key = name.toLowerCase();
  // Own properties only: stored headers come back from JSON as plain objects with a prototype.
  const values = Object.hasOwn(facts.headers, key) ? facts.headers[key] : undefined;
  return Array.isArray(values) ? values.map((v) => String(v).trim()) : [];
}

/** The first value of a header field (`name` in any case), trimmed, or null when absent. */
export function headerValue(facts: Pick<MessageFacts, 'headers'>, name: string): string | null {
  return headerValues(facts, name)[0] ?? null;
}

/**
 * A parameter of a structured header value such as Content-Type (RFC 2045 section 5.1):
 * `parameter('multipart/report; report-type="delivery-status"', 'report-type')` is
 * `delivery-status`, lower-cased. Null when absent.
 */
export function headerParameter(value: string | null, parameter: string): string | null {
  if (!value) return null;
  const re = new RegExp(`;\\s*${parameter.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i');
  const m = re.exec(value);
  const found = m?.[1] ?? m?.[2];
  return found === undefined ? null : found.trim().toLowerCase();
}

/** The first mailbox address of an address list, lower-cased, or null. */
export function firstAddress(list: Address[]): string | null {
  const found = list.find((a) => a.address.trim() !== '');
  return found ? found.address.trim().toLowerCase() : null;
}
