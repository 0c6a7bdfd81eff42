/**
 * The outbound-mail test relay: a plain SMTP server on loopback standing in for the provider's
 * submission server. Guichet sends to it; every accepted message is delivered, byte for byte,
 * into the customers' mailboxes on a test Dovecot over LMTP, where tests read it back over IMAP
 * like the customer's mail client would (see customer-mailbox.ts).
 *
 * The relay answers the SMTP client only once Dovecot has taken the message, so "250" really
 * means "in the customer's INBOX". Recipients whose local part starts with `unknown-` are refused
 * at RCPT TO as a real server refuses a mailbox that does not exist (`550 5.1.1 … User unknown`),
 * and those starting with `relay-denied-` as a relay refuses a client it does not trust
 * (`554 5.7.1 … Relay access denied`, what a misconfigured desk gets). Two failure modes can
 * be simulated:
 * - `failNext(n)`: the next n messages are answered `451` and NOT delivered (a retry must follow);
 * - `dropConnectionAfterAccept(n)`: the next n messages ARE delivered, then the connection is cut
 *   before the `250` reply, so the client sees an error for a message the customer already has
 *   (what a crash between "server accepted" and "we recorded it" looks like to the sender).
 *
 * Recipient mapping ({@link mailboxUserFor}): `local@domain` goes to the Dovecot user `local`
 * (lower-cased, the domain ignored), e.g. `camille.martin@example.fr` → `camille.martin`. On the
 * shared Dovecot, give each test file its own local parts (e.g. `${uniqueUser('camille')}@example.fr`)
 * so files running at the same time don't read each other's mail.
 */
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** Where the relay delivers: any Dovecot with an LMTP listener (the shared one or a private one). */
export interface LmtpTarget {
  host: string;
  lmtpPort: number;
}

/** One message the relay accepted and delivered. */
export interface RelayedMessage {
  /** SMTP envelope sender (MAIL FROM); '' for the null sender `<>`. */
  from: string;
  /** SMTP envelope recipients (RCPT TO) as the client gave them, before the mailbox mapping. */
  to: string[];
  /** The message exactly as received (and as delivered over LMTP). */
  raw: Buffer;
  /** The Message-ID header with its angle brackets, as mailparser reports it; null if absent. */
  messageId: string | null;
  /** When the relay finished delivering it. */
  at: Date;
}

export interface SmtpRelay {
  port: number;
  /** `smtp://127.0.0.1:PORT`, usable as Guichet's SMTP URL or with `nodemailer.createTransport`. */
  url: string;
  /**
   * Every message delivered to Dovecot, in order, including those whose reply was dropped by
   * `dropConnectionAfterAccept`. Messages refused (failNext, LMTP failure, too big) are not here.
   */
  received: RelayedMessage[];
  /** The next `n` messages are answered `451 4.3.0` without being delivered (adds to any pending count). */
  failNext(n: number): void;
  /**
   * The next `n` messages are delivered, then the connection is destroyed before the `250` reply
   * is sent: the client gets a connection error although the customer has the message.
   */
  dropConnectionAfterAccept(n: number): void;
  /** Stops listening and closes open connections (at most ~1 s for a client that doesn't QUIT). */
  stop(): Promise<void>;
}

export interface SmtpRelayOptions {
  /** Same as calling `failNext(n)` right after start. */
  failNext?: number;
  /** Same as calling `dropConnectionAfterAccept(n)` right after start. */
  dropConnectionAfterAccept?: number;
}

const HOST = '127.0.0.1';
/** Largest message accepted (SIZE extension); bigger ones get `552`. */
const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

/** Bytes kept as they are in a Dovecot user name; everything else is escaped as `_XX`. */
const PLAIN_BYTE = /^[a-z0-9._-]$/;

/**
 * The Dovecot user whose INBOX receives mail for `address` — the one rule the relay and the
 * tests share. `local@domain` → `local`:
 * - the domain is dropped (so `john@example.co.uk` and `john@example.com` share user `john`),
 *   and `Name <addr>` or a quoted local part (`"j doe"@x`) are accepted;
 * - the local part is lower-cased: Dovecot lower-cases user names anyway (the test userdb keys the
 *   home on `%Ln`), so this is the canonical spelling, and `Camille.Martin@…` is the same mailbox;
 * - Dovecot only accepts `a-z 0-9 . - _` (and `@`) in user names, so every other byte of the
 *   UTF-8 local part is written `_` + two lower-case hex digits (`o'brien` → `o_27brien`,
 *   `camille+shop` → `camille_2bshop`, `josé` → `jos_c3_a9`), as is a leading dot (`.` or `..`
 *   would name the parent of the home directory). `+detail` is NOT stripped: each distinct
 *   address keeps its own mailbox. (A literal `_` is kept, so `a+b` and `a_2bb` would share
 *   a mailbox: readable names were preferred over a strictly one-to-one mapping.)
 * Throws for anything that is not `local@domain`.
 */
export function mailboxUserFor(address: string): string {
  let addr = address.trim();
  const bracketed = /<([^<>]*)>$/.exec(addr);
  if (bracketed) addr = bracketed[1]!.trim();
  const at = addr.lastIndexOf('@');
  if (at <= 0 || at === addr.length - 1) throw new Error(`not an email address (local@domain): ${JSON.stringify(address)}`);
  let local = addr.slice(0, at);
  if (local.length >= 2 && local.startsWith('"') && local.endsWith('"')) local = local.slice(1, -1).replace(/\\(.)/g, '$1');
  if (local === '') throw new Error(`empty local part in ${JSON.stringify(address)}`);
  let user = '';
  for (const byte of Buffer.from(local.toLowerCase(), 'utf8')) {
    const char = String.fromCharCode(byte);
    const plain = byte < 0x80 && PLAIN_BYTE.test(char) && !(user === '' && char === '.');
    user += plain ? char : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return user;
}

/** An SMTP error reply: smtp-server sends `responseCode` and the message to the client. */
function smtpError(responseCode: number, message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { responseCode });
}

/** The first Message-ID header of a raw message (unfolded, trimmed), or null. */
function messageIdOf(raw: Buffer): string | null {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const header = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(.*)$/im.exec(header);
  const value = match?.[1]?.trim();
  return value ? value : null;
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Starts the relay on 127.0.0.1 on a free port: no AUTH, no STARTTLS, 50 MB size limit. Each
 * message is delivered over LMTP to `dovecot` for every recipient (one copy per distinct Dovecot
 * user) before the client gets `250`; an LMTP failure is answered `451` so the client retries.
 */
export async function startSmtpRelay(dovecot: LmtpTarget, options: SmtpRelayOptions = {}): Promise<SmtpRelay> {
  let failCount = options.failNext ?? 0;
  let dropCount = options.dropConnectionAfterAccept ?? 0;
  const received: RelayedMessage[] = [];
  // Not pooled: every delivery is its own LMTP connection (LHLO … QUIT), nothing to keep alive.
  const lmtp = nodemailer.createTransport({
    host: dovecot.host, port: dovecot.lmtpPort, lmtp: true, secure: false, ignoreTLS: true,
    connectionTimeout: 10_000, socketTimeout: 60_000,
  });

  async function deliver(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    const users = [...new Set(to.map((address) => mailboxUserFor(address)))];
    const lmtpRecipients = users.map((user) => `${user}@localhost`);
    let info: { accepted: unknown[]; rejected: unknown[]; response: string };
    try {
      info = await lmtp.sendMail({ envelope: { from, to: lmtpRecipients }, raw });
    } catch (error) {
      throw smtpError(451, `4.4.0 delivery to the test Dovecot failed, try again later: ${(error as Error).message}`, error);
    }
    // With LMTP, nodemailer reports recipients refused after DATA in `rejected`, not as an error.
    if (info.rejected.length > 0 || info.accepted.length !== lmtpRecipients.length) {
      throw smtpError(451, `4.4.0 the test Dovecot refused ${info.rejected.map(String).join(', ') || 'some recipients'}: ${info.response}`);
    }
    received.push({ from, to, raw, messageId: messageIdOf(raw), at: new Date() });
    return `OK: delivered to ${users.join(', ')}`;
  }

  const server: SMTPServer = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: MAX_MESSAGE_BYTES,
    banner: 'Guichet test relay',
    logger: false,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      const local = address.address.slice(0, address.address.lastIndexOf('@')).toLowerCase();
      if (local.startsWith('unknown-')) return callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
      if (local.startsWith('relay-denied-')) return callback(smtpError(554, `5.7.1 <${address.address}>: Relay access denied`));
      try {
        mailboxUserFor(address.address);
        callback();
      } catch (error) {
        callback(smtpError(550, `5.1.3 ${(error as Error).message}`));
      }
    },
    onData(stream, session, callback) {
      void (async () => {
        let raw: Buffer;
        try {
          raw = await readAll(stream);
        } catch (error) {
          callback(error as Error);
          return;
        }
        if (stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 message exceeds fixed maximum message size ${MAX_MESSAGE_BYTES}`));
          return;
        }
        if (failCount > 0) {
          failCount--;
          callback(smtpError(451, '4.3.0 simulated temporary failure (failNext), message not delivered'));
          return;
        }
        let reply: string;
        try {
          reply = await deliver(raw, session);
        } catch (error) {
          callback(error as Error);
          return;
        }
        if (dropCount > 0) {
          dropCount--;
          const connection = [...server.connections].find((candidate) => candidate.id === session.id);
          const socket = connection?._socket;
          if (socket && !socket.destroyed) {
            // The reply is only written to an open socket, so answering after 'close' sends nothing
            // but lets smtp-server finish the transaction cleanly.
            socket.once('close', () => callback(null, reply));
            socket.destroy();
            return;
          }
        }
        callback(null, reply);
      })();
    },
  });
  // Connection-level errors (a client resetting the connection, our own dropped sockets) are
  // emitted here; without a listener they would crash the test process.
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  let stopped: Promise<void> | undefined;
  return {
    port,
    url: `smtp://${HOST}:${port}`,
    received,
    failNext(n) {
      failCount += n;
    },
    dropConnectionAfterAccept(n) {
      dropCount += n;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve())).finally(() => lmtp.close());
      return stopped;
    },
  };
}
