/**
 * Test helpers: MessageFacts from a raw message written out in a test (through the real parser,
 * so header shapes are those real mail has), or from a few fields.
 */
import { factsFromParsed, type MessageFacts } from '../../../src/ingest/classify/message-facts.ts';
import { parseMessage } from '../../../src/ingest/parse/parse-message.ts';

const LIMITS = { maxMessageBytes: 50e6, maxMimeDepth: 50, maxParts: 5000 };

/**
 * The facts of a raw message: bytes as they are (corpus files), or text written in a test with
 * LF line ends, sent as UTF-8 with CRLF unless `lf`.
 */
export async function factsOf(raw: string | Buffer, lf = false): Promise<MessageFacts> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(lf ? raw : raw.replace(/\r?\n/g, '\r\n'), 'utf8');
  const outcome = await parseMessage(bytes, LIMITS);
  if (!outcome.ok) throw new Error(`test message does not parse: ${outcome.reason.code} ${outcome.reason.detail}`);
  return factsFromParsed(outcome.message);
}

/** Facts with every field empty but those given. */
export function facts(partial: Partial<MessageFacts>): MessageFacts {
  return {
    from: [],
    replyTo: [],
    returnPath: null,
    subject: null,
    text: null,
    headers: {},
    contentType: null,
    deliveryStatus: null,
    autoSubmitted: null,
    precedence: null,
    returnedMessage: null,
    ...partial,
  };
}

/** A plain customer-looking message with extra header lines and a body. */
export function mail(headers: string, body: string, from = 'Camille Martin <camille.martin@example.fr>'): string {
  return [
    `From: ${from}`,
    'To: Support <support@guichet.example>',
    'Date: Mon, 14 Sep 2026 09:12:00 +0200',
    'Message-ID: <m1@example.fr>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...headers.split('\n').filter((l) => l.trim() !== ''),
    '',
    body,
  ].join('\n');
}
