import { describe, expect, it } from 'vitest';
import { isPermanentRefusal } from '../../../src/outbox/send-mail.ts';

/**
 * Which SMTP failures end an outbox row at once (RFC 5321 4.2.1, RFC 3463 enhanced codes), as
 * nodemailer reports them: `responseCode`, `response` (the server's reply) and `command`.
 */
const smtpError = (response: string | undefined, command: string | undefined) =>
  Object.assign(new Error('smtp'), { response, command, responseCode: response ? Number(/^\d+/.exec(response)?.[0]) : undefined });

describe('isPermanentRefusal', () => {
  it.each([
    ['550 5.1.1 <x@example.fr>: Recipient address rejected: User unknown', 'RCPT TO', true],
    ['501 5.1.3 Error: Bad recipient address syntax', 'RCPT TO', true],
    ['550 5.2.1 Mailbox disabled', 'RCPT TO', true],
    ['552 5.2.2 Mailbox full', 'DATA', true],
    ['552 5.3.4 Message size exceeds fixed limit', 'DATA', true],
    ['554 5.6.0 Message content rejected', 'DATA', true],
    // The desk's own configuration, reported at RCPT TO or DATA by many relays: retried.
    ['554 5.7.1 <x@example.fr>: Relay access denied', 'RCPT TO', false],
    ['553 5.7.1 <desk@example.fr>: Sender address rejected: not owned by user', 'RCPT TO', false],
    ['550 5.7.60 SMTP; Client does not have permissions to send as this sender', 'DATA', false],
    ['503 5.5.1 Error: need MAIL command', 'RCPT TO', false],
    ['550 5.4.1 Recipient address rejected: Access denied', 'RCPT TO', false],
    ['550 Requested action not taken', 'RCPT TO', false], // no enhanced code: whose fault is unknown
    ['450 4.2.1 Mailbox busy', 'RCPT TO', false],
    ['451 4.3.0 Local error', 'DATA', false],
    ['550 5.1.1 sender unknown', 'MAIL FROM', false],
    ['535 5.7.8 Authentication credentials invalid', 'AUTH PLAIN', false],
    [undefined, 'CONN', false],
  ])('%s at %s → %s', (response, command, permanent) => {
    expect(isPermanentRefusal(smtpError(response, command))).toBe(permanent);
  });

  it('is false for anything that is not an SMTP error', () => {
    expect(isPermanentRefusal(new Error('ECONNREFUSED'))).toBe(false);
    expect(isPermanentRefusal('550 5.1.1')).toBe(false);
    expect(isPermanentRefusal(null)).toBe(false);
    expect(isPermanentRefusal({ responseCode: '550', command: 'RCPT TO', response: '550 5.1.1 x' })).toBe(false);
  });
});
