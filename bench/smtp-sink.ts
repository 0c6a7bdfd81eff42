/**
 * The benchmark's SMTP server: a plain SMTP listener on loopback that accepts every message and
 * throws it away, keeping only what the benchmark measures — how many arrived, and when each one
 * whose headers name a Message-ID / In-Reply-To arrived. (test/support/smtp-relay.ts delivers to
 * Dovecot over LMTP before answering, which would put Dovecot's delivery time into the figures.)
 *
 * "Arrived" is the moment the whole DATA section has been read, just before the `250` reply.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

const HOST = '127.0.0.1';

/** One message the sink accepted. */
export interface SinkArrival {
  /** performance.now() when its DATA had been read in full. */
  at: number;
  /** Message-ID without angle brackets, or null. */
  messageId: string | null;
  /** In-Reply-To without angle brackets, or null. */
  inReplyTo: string | null;
  bytes: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:PORT`, for Guichet's smtpTransport. */
  url: string;
  /** Messages accepted since start or the last reset. */
  readonly count: number;
  /** performance.now() of the last arrival since the last reset, or null. */
  readonly lastAt: number | null;
  /** Arrivals since the last reset, in order. */
  readonly arrivals: readonly SinkArrival[];
  /** Resolves with the arrival whose In-Reply-To is `messageId` (already arrived or future). */
  replyTo(messageId: string): Promise<SinkArrival>;
  /** Forgets everything received (between runs). */
  reset(): void;
  stop(): Promise<void>;
}

/** `<id>` → `id`; the first `<...>` of a header value, else the trimmed value. */
function bareId(value: string | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>]+)>/.exec(value);
  const id = (bracketed ? bracketed[1] : value)?.trim();
  return id ? id : null;
}

/** Message-ID and In-Reply-To of a header section (folded lines joined). */
function headerIds(header: string): { messageId: string | null; inReplyTo: string | null } {
  const unfolded = header.replace(/\r?\n[ \t]+/g, ' ');
  return {
    messageId: bareId(/^message-id:[ \t]*(.*)$/im.exec(unfolded)?.[1]),
    inReplyTo: bareId(/^in-reply-to:[ \t]*(.*)$/im.exec(unfolded)?.[1]),
  };
}

/** Reads the stream to its end, keeping only the header section (and counting bytes). */
function readHeader(stream: SMTPServerDataStream): Promise<{ header: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    let head = '';
    let complete = false;
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (complete) return;
      head += chunk.toString('latin1');
      const end = head.search(/\r?\n\r?\n/);
      if (end >= 0) {
        head = head.slice(0, end);
        complete = true;
      }
    });
    stream.once('error', reject);
    stream.once('end', () => resolve({ header: head, bytes }));
  });
}

/** The part of a sink that keeps what arrived: counts, order, and who waits for which reply. */
export type ArrivalLog = Omit<SmtpSink, 'url' | 'stop'> & { record(arrival: SinkArrival): void };

/** An empty ArrivalLog. */
export function arrivalLog(): ArrivalLog {
  let arrivals: SinkArrival[] = [];
  let byInReplyTo = new Map<string, SinkArrival>();
  let waiting = new Map<string, ((arrival: SinkArrival) => void)[]>();
  return {
    record(arrival) {
      arrivals.push(arrival);
      if (arrival.inReplyTo) {
        byInReplyTo.set(arrival.inReplyTo, arrival);
        for (const wake of waiting.get(arrival.inReplyTo) ?? []) wake(arrival);
        waiting.delete(arrival.inReplyTo);
      }
    },
    get count() {
      return arrivals.length;
    },
    get lastAt() {
      return arrivals.at(-1)?.at ?? null;
    },
    get arrivals() {
      return arrivals;
    },
    replyTo(messageId) {
      const known = byInReplyTo.get(messageId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => waiting.set(messageId, [...(waiting.get(messageId) ?? []), resolve]));
    },
    reset() {
      arrivals = [];
      byInReplyTo = new Map();
      waiting = new Map();
    },
  };
}

/**
 * Starts the sink in this process on a free loopback port: no AUTH, no STARTTLS, no size limit,
 * never refuses. bench:pipeline runs it in a child process of its own (smtp-sink-process.ts).
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const log = arrivalLog();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    banner: 'Guichet bench sink',
    logger: false,
    closeTimeout: 1_000,
    onData(stream, _session, callback) {
      readHeader(stream).then(
        ({ header, bytes }) => {
          log.record({ at: performance.now(), ...headerIds(header), bytes });
          callback(null, 'accepted and discarded');
        },
        (error: Error) => callback(error),
      );
    },
  });
  server.on('error', () => undefined); // a client resetting its connection must not crash the bench

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return Object.assign(log, {
    url: `smtp://${HOST}:${port}`,
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  });
}
