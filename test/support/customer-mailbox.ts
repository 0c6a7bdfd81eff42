/**
 * Reading a customer's mailbox the way their mail client would: log in to the test Dovecot over
 * IMAP as the customer, fetch the INBOX and parse each message with mailparser. The user name for
 * an address is `mailboxUserFor(address)` from smtp-relay.ts (the rule the relay delivers by).
 */
import { simpleParser } from 'mailparser';
import { withImap, type DovecotEndpoint } from './dovecot.ts';

type ImapEndpoint = Pick<DovecotEndpoint, 'host' | 'imapPort'>;

/** One message in a customer's INBOX, as a mail client would show it. */
export interface CustomerMail {
  uid: number;
  /** With angle brackets (`<id@host>`), as in the header; null if the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  /** The References header's message IDs in order (empty if absent). */
  references: string[];
  subject: string;
  /** The From header as text (`"Name" <addr>`), '' if absent. */
  from: string;
  /** The Auto-Submitted header (`auto-replied`, `auto-generated`, …), null if absent. */
  autoSubmitted: string | null;
  text: string;
  html: string | null;
  /** The Date header; null if absent or unparseable (mailparser alone would say "now"). */
  date: Date | null;
  /** The stored message as IMAP returns it, including what LMTP prepended (Return-Path, Delivered-To, Received). */
  raw: Buffer;
}

/** Every message in `user`'s INBOX, by ascending UID (an INBOX never written to is simply empty). */
export async function readInbox(dovecot: ImapEndpoint, user: string): Promise<CustomerMail[]> {
  const sources = await withImap(dovecot, user, async (client) => {
    const opened = await client.mailboxOpen('INBOX', { readOnly: true });
    const found: { uid: number; raw: Buffer }[] = [];
    if (opened.exists === 0) return found; // FETCH 1:* on an empty mailbox is an error
    for await (const message of client.fetch('1:*', { uid: true, source: true })) {
      if (!message.source) throw new Error(`IMAP returned no source for UID ${message.uid} of ${user}'s INBOX`);
      found.push({ uid: message.uid, raw: message.source });
    }
    return found;
  });
  sources.sort((a, b) => a.uid - b.uid);
  return Promise.all(sources.map(({ uid, raw }) => parseCustomerMail(uid, raw)));
}

async function parseCustomerMail(uid: number, raw: Buffer): Promise<CustomerMail> {
  const parsed = await simpleParser(raw);
  const references = parsed.references === undefined ? [] : [parsed.references].flat();
  const autoSubmitted = parsed.headers.get('auto-submitted');
  const dateLine = parsed.headerLines.find((line) => line.key === 'date');
  const date = dateLine ? new Date(dateLine.line.slice(dateLine.line.indexOf(':') + 1).trim()) : null;
  return {
    uid,
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: references.flatMap((value) => value.split(/\s+/)).filter(Boolean),
    subject: parsed.subject ?? '',
    from: parsed.from?.text ?? '',
    autoSubmitted: typeof autoSubmitted === 'string' ? autoSubmitted : autoSubmitted === undefined ? null : headerText(autoSubmitted),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    raw,
  };
}

/** mailparser turns some headers into `{ value, params }`; Auto-Submitted may carry parameters. */
function headerText(value: unknown): string {
  if (value && typeof value === 'object' && 'value' in value) {
    const { value: main, params } = value as { value: unknown; params?: Record<string, string> };
    const extra = Object.entries(params ?? {}).map(([key, param]) => `; ${key}=${param}`).join('');
    return `${String(main)}${extra}`;
  }
  return String(value);
}

/**
 * Polls `user`'s INBOX every 100 ms until `predicate` holds, returning what was read then. On
 * timeout the error lists what the INBOX does hold (UID, Message-ID, From, Subject), or the
 * last IMAP error, so a failing test says what arrived instead.
 */
export async function waitForInbox(
  dovecot: ImapEndpoint, user: string, predicate: (mails: CustomerMail[]) => boolean, timeoutMs = 10_000,
): Promise<CustomerMail[]> {
  const deadline = Date.now() + timeoutMs;
  let last: CustomerMail[] | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await readInbox(dovecot, user);
      lastError = undefined;
      if (predicate(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = last === undefined
        ? 'nothing could be read'
        : last.length === 0
          ? 'the INBOX is empty'
          : `the INBOX holds ${last.length} message(s):\n${last.map(describe).join('\n')}`;
      const error = lastError === undefined ? '' : `\nlast IMAP error: ${(lastError as Error).message ?? String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${user}'s INBOX to match; ${seen}${error}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function describe(mail: CustomerMail): string {
  return `  UID ${mail.uid}  ${mail.messageId ?? '(no Message-ID)'}  from ${JSON.stringify(mail.from)}  subject ${JSON.stringify(mail.subject)}`;
}

/**
 * What a mail client that hides duplicates shows: the first message (lowest UID) for each
 * Message-ID; messages without a Message-ID are all kept, as no client can tell them apart.
 *
 * Why it matters: after a crash between "the SMTP server accepted the mail" and "Guichet recorded
 * it as sent", Guichet sends the message again — with the SAME Message-ID (the bytes are composed
 * once and stored). The customer's mailbox may then physically hold two copies, but clients that
 * deduplicate on Message-ID (Gmail does, Thunderbird can) show one, and threading treats them
 * as one message. So "no second visible message" means: `distinctByMessageId(inbox)` has one
 * entry per intended message, even when `inbox` itself has more.
 */
export function distinctByMessageId(mails: CustomerMail[]): CustomerMail[] {
  const seen = new Set<string>();
  return mails.filter((mail) => {
    if (mail.messageId === null) return true;
    if (seen.has(mail.messageId)) return false;
    seen.add(mail.messageId);
    return true;
  });
}
