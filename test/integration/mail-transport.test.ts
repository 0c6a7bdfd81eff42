import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { smtpTransport } from '../../src/outbox/mail-transport.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { makeMail } from '../support/mail-factory.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The SMTP transport over real SMTP servers on loopback: a counting server that accepts and
 * discards (to see the connections), and the test relay delivering into Dovecot.
 */
const SUPPORT = 'support@guichet.example';
const dovecot = sharedDovecot();

/** An SMTP server that accepts everything, counting connections opened and closed and messages. */
async function startCountingServer(): Promise<{ url: string; opened: () => number; closed: () => number; messages: () => number; stop: () => Promise<void> }> {
  let opened = 0;
  let closed = 0;
  let messages = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      opened++;
      callback();
    },
    onClose() {
      closed++;
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.once('end', () => {
        messages++;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    opened: () => opened,
    closed: () => closed,
    messages: () => messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const rawMail = (n: number) => ({
  from: SUPPORT,
  to: `customer${n}@example.fr`,
  raw: Buffer.from(`From: ${SUPPORT}\r\nTo: customer${n}@example.fr\r\nMessage-ID: <pool-${n}@guichet.example>\r\nSubject: ${n}\r\n\r\nBody ${n}\r\n`),
  messageId: `pool-${n}@guichet.example`,
});

describe('smtpTransport', () => {
  it('sends over a pool of at most 4 connections, reused from one batch to the next, and close() closes them', async () => {
    const server = await startCountingServer();
    const transport = smtpTransport(server.url);
    try {
      await Promise.all(Array.from({ length: 20 }, (_, n) => transport.send(rawMail(n))));
      expect(server.messages()).toBe(20);
      const opened = server.opened();
      expect(opened).toBeGreaterThanOrEqual(1);
      expect(opened).toBeLessThanOrEqual(4); // not one connection per message
      const { response } = await transport.send(rawMail(20));
      expect(response).toMatch(/^250/);
      expect(server.opened()).toBe(opened); // the next message goes over an open connection
      expect(server.closed()).toBe(0);
      transport.close();
      await waitFor('the pool’s connections closed', async () => server.closed() === opened || undefined, 5_000);
      await expect(transport.send(rawMail(21))).rejects.toThrow(/closed/);
    } finally {
      transport.close();
      await server.stop();
    }
  });

  describe('with the relay', () => {
    let relay: SmtpRelay;
    beforeAll(async () => {
      relay = await startSmtpRelay(dovecot);
    });
    afterAll(async () => {
      await relay?.stop();
    });

    it('reports a reply lost after the server took the message as an error, without sending it again itself', async () => {
      const transport = smtpTransport(relay.url);
      try {
        const to = `${uniqueUser('lost-reply')}@example.fr`;
        await transport.send({ from: SUPPORT, to, raw: makeMail(1, { from: SUPPORT, to, subject: 'warm-up' }), messageId: 'warm-up' }); // the connection is open and reused
        const before = relay.received.length;
        relay.dropConnectionAfterAccept(1);
        const raw = makeMail(2, { from: SUPPORT, to, subject: 'lost reply' });
        await expect(transport.send({ from: SUPPORT, to, raw, messageId: 'lost' })).rejects.toThrow();
        // Delivered once, and the pool did not re-queue it onto another connection: resending is
        // send-mail's decision (same bytes, same Message-ID), not the transport's.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(relay.received.length - before).toBe(1);
        // The pool replaces the dropped connection.
        await transport.send({ from: SUPPORT, to, raw: makeMail(3, { from: SUPPORT, to, subject: 'after' }), messageId: 'after' });
        expect(relay.received.length - before).toBe(2);
      } finally {
        transport.close();
      }
    });
  });
});
