import { isUtf8 } from 'node:buffer';
import libmime from 'libmime';
import { parseAddressHeader } from 'mailparser';
import type { Address, ParsedMessage } from '../parsed-message.ts';
import { parseDateHeader } from './date-header.ts';
import type { RawHeaderField } from './header-block.ts';

/**
 * Normalisation of the top-level header fields into the shapes later stages decide on: pure
 * functions over the raw fields, so threading and classification see the same values whatever
 * mailparser's quirks (a References string for one id and an array for several, "now" for an
 * unreadable date).
 */

/** The header-derived part of a ParsedMessage. */
export type NormalisedHeaders = Pick<
  ParsedMessage,
  'messageId' | 'subject' | 'from' | 'to' | 'cc' | 'replyTo' | 'returnPath' | 'date' | 'inReplyTo' | 'references' | 'autoSubmitted' | 'precedence' | 'headers'
>;

const windows1252 = new TextDecoder('windows-1252');

/**
 * Turns a raw value (one character per byte) into text. Raw 8-bit bytes are UTF-8 when they are
 * valid UTF-8 (RFC 6532), else taken as Windows-1252, the usual legacy charset of unlabelled mail
 * here (a superset of ISO-8859-1 for printable text). No RFC 2047 decoding.
 */
export function bytesToText(value: string): string {
  // eslint-disable-next-line no-control-regex -- the test is for non-ASCII bytes
  if (!/[^\x00-\x7f]/.test(value)) return withoutNul(value);
  const bytes = Buffer.from(value, 'latin1');
  return withoutNul(isUtf8(bytes) ? bytes.toString('utf8') : windows1252.decode(bytes));
}

/**
 * The string without NUL characters. RFC 5322 never allows them, mail still carries some, and
 * PostgreSQL text cannot store them: every string parsing returns goes through this.
 */
export function withoutNul(value: string): string {
  return value.includes('\0') ? value.replaceAll('\0', '') : value;
}

/**
 * Raw 8-bit bytes inside a Q encoded word (`=?iso-8859-1?Q?Fr\xf6sche?=`, which RFC 2047
 * forbids but old clients wrote) as `=XX` escapes, so they are decoded in the word's own charset
 * rather than guessed at with the text around them.
 */
function escapeRawBytesInWords(value: string): string {
  // eslint-disable-next-line no-control-regex -- the test is for non-ASCII bytes
  if (!/[^\x00-\x7f]/.test(value)) return value;
  return value.replace(/=\?([^?\s]+)\?([qQ])\?([^?\s]*)\?=/g, (_word, charset: string, q: string, text: string) => {
    const escaped = text.replace(/[\x80-\xff]/g, (c) => '=' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
    return `=?${charset}?${q}?${escaped}?=`;
  });
}

/** A raw value as display text: bytes decoded, RFC 2047 encoded words decoded, trimmed. */
export function decodeHeaderText(value: string): string {
  const text = bytesToText(escapeRawBytesInWords(value));
  try {
    return withoutNul(libmime.decodeWords(text)).trim();
  } catch {
    return text.trim();
  }
}

/**
 * The message ids in a References / In-Reply-To / Message-ID value, without angle brackets
 * (RFC 5322 section 3.6.4), in order, duplicates removed. Tolerates what real mail carries:
 * comments, quoted text ("your message of ..."), commas, ids folded across lines (whitespace
 * inside the brackets is dropped) and bare ids. A bare token counts only with an `@` unless
 * `bareWithoutAt` is set, so the words around an id are not taken for ids.
 */
export function extractMessageIds(value: string, bareWithoutAt = false): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  const add = (id: string): void => {
    if (id && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  let bare = '';
  const endBare = (): void => {
    if (bare && (bareWithoutAt || bare.includes('@'))) add(bare);
    bare = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '(' || c === '"') {
      endBare();
      i = skipCommentOrQuote(value, i);
    } else if (c === '<') {
      endBare();
      const close = value.indexOf('>', i + 1);
      const inner = value.slice(i + 1, close < 0 ? value.length : close).replace(/^<+/, '').replace(/\s+/g, '');
      if (close >= 0 || inner.includes('@')) add(inner);
      i = close < 0 ? value.length : close;
    } else if (/[\s,;>)]/.test(c)) {
      endBare();
    } else {
      bare += c;
    }
  }
  endBare();
  return ids;
}

/** Index of the character that closes the comment (nesting, RFC 5322 section 3.2.2) or quoted string opened at `start`. */
function skipCommentOrQuote(value: string, start: number): number {
  const quote = value[start] === '"';
  let level = 0;
  for (let i = start; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (quote && c === '"' && i > start) return i;
    else if (!quote && c === '(') level++;
    else if (!quote && c === ')' && --level === 0) return i;
  }
  return value.length;
}

/** A Message-ID value as an id without angle brackets, or null when there is none (`<>`, empty). */
export function parseMessageId(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return extractMessageIds(value, true)[0] ?? null;
}

/**
 * The keyword of an `Auto-Submitted` (RFC 3834 section 5) or `Precedence` value, lower-cased,
 * without comments or parameters (`auto-replied; owner-email=...`); null when empty.
 */
export function parseKeyword(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const noComments = value.replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  const keyword = (noComments.split(';')[0] ?? '').trim().split(/\s+/)[0] ?? '';
  return keyword ? keyword.toLowerCase() : null;
}

/**
 * An address with its domain lower-cased: domains are case-insensitive (RFC 5321 section 2.4),
 * local parts are not, so the local part is kept as written. Matching on customers compares
 * case-insensitively later; replies go to the address as the customer wrote it.
 */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : trimmed.slice(0, at) + trimmed.slice(at).toLowerCase();
}

/**
 * The `Return-Path` (RFC 5321 section 4.4) as an address: `''` for the null reverse-path `<>`
 * that bounces carry, null for an empty value. A source route (`<@relay:user@host>`) is dropped.
 */
export function parseReturnPath(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(/\((?:[^()\\]|\\.)*\)/g, ' ').trim();
  if (!text) return null;
  const bracketed = /<([^>]*)>?/.exec(text);
  let path = bracketed ? (bracketed[1] ?? '') : (text.split(/\s+/)[0] ?? '');
  path = path.replace(/\s+/g, '');
  if (path.startsWith('@')) path = path.slice(path.indexOf(':') + 1);
  return normaliseAddress(path);
}

/**
 * The mailboxes of address fields (RFC 5322 section 3.4), groups flattened, display names
 * RFC 2047-decoded (by mailparser's own address parser), domains lower-cased. An entry with
 * only a name (`From: MAILER-DAEMON`) is kept with an empty address.
 */
export function parseAddresses(values: string[]): Address[] {
  const out: Address[] = [];
  for (const value of values) {
    for (const a of parseAddressHeader(bytesToText(value), { flatten: true }).value) {
      const address = normaliseAddress(withoutNul(a.address ?? ''));
      const name = withoutNul(a.name ?? '').trim();
      if (address || name) out.push({ name, address });
    }
  }
  return out;
}

/**
 * Every field as lower-cased name → decoded values in header order. The object has no
 * prototype, so a field named `__proto__` or `constructor` is only data.
 */
export function headerMap(fields: RawHeaderField[]): Record<string, string[]> {
  const map = Object.create(null) as Record<string, string[]>;
  for (const f of fields) (map[f.name] ??= []).push(decodeHeaderText(f.value));
  return map;
}

/** Normalises the top-level header fields of a message. */
export function normaliseHeaders(fields: RawHeaderField[]): NormalisedHeaders {
  const all = (name: string): string[] => fields.filter((f) => f.name === name).map((f) => f.value);
  const raw = (name: string): string | null => fields.find((f) => f.name === name)?.value ?? null;
  const first = (name: string): string | null => {
    const value = raw(name);
    return value === null ? null : bytesToText(value);
  };
  const subject = raw('subject');
  // From and Reply-To: one field, the first that holds an address (a broken client may put a
  // garbage From before the real one), as mail clients show it; a second From is not a second
  // author. To and Cc: every occurrence.
  const firstWithAddress = (name: string): Address[] => {
    const parsed = all(name).map((value) => parseAddresses([value]));
    return parsed.find((list) => list.some((a) => a.address !== '')) ?? parsed[0] ?? [];
  };
  const idsOf = (name: string): string[] => extractMessageIds(all(name).map(bytesToText).join(' '));
  return {
    messageId: parseMessageId(first('message-id')),
    subject: subject === null ? null : decodeHeaderText(subject),
    from: firstWithAddress('from'),
    to: parseAddresses(all('to')),
    cc: parseAddresses(all('cc')),
    replyTo: firstWithAddress('reply-to'),
    // The topmost Return-Path is the one the final delivery added (RFC 5321 section 4.4).
    returnPath: parseReturnPath(first('return-path')),
    date: parseDateHeader(first('date')),
    inReplyTo: idsOf('in-reply-to'),
    references: idsOf('references'),
    autoSubmitted: parseKeyword(first('auto-submitted')),
    precedence: parseKeyword(first('precedence')),
    headers: headerMap(fields),
  };
}
