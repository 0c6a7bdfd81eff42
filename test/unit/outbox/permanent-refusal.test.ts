import { describe, expect, it } from 'vitest';
import { isPermanentRefusal } from '../../../src/outbox/send-mail.ts';

/** Which SMTP failures end an outbox row at once (RFC 5321 4.2.1), as nodemailer reports them. */
const smtpError = (responseCode: number | undefined, command: string | undefined) => Object.assign(new Error('smtp'), { responseCode, command });

describe('isPermanentRefusal', () => {
  it.each([
    [550, 'RCPT TO', true], // unknown mailbox
    [501, 'RCPT TO', true], // bad address syntax
    [553, 'RCPT TO', true],
    [552, 'DATA', true], // message too big
    [554, 'DATA', true], // content refused
    [450, 'RCPT TO', false], // mailbox busy: later
    [451, 'DATA', false], // local error: later
    [421, 'DATA', false], // service closing
    [550, 'MAIL FROM', false], // the desk's own sender refused: its configuration, fixed by an operator
    [535, 'AUTH PLAIN', false], // the desk's login refused: the same
    [undefined, 'CONN', false], // connection lost
    [600, 'DATA', false],
  ])('%s at %s → %s', (code, command, permanent) => {
    expect(isPermanentRefusal(smtpError(code, command))).toBe(permanent);
  });

  it('is false for anything that is not an SMTP error', () => {
    expect(isPermanentRefusal(new Error('ECONNREFUSED'))).toBe(false);
    expect(isPermanentRefusal('550')).toBe(false);
    expect(isPermanentRefusal(null)).toBe(false);
    expect(isPermanentRefusal({ responseCode: '550', command: 'RCPT TO' })).toBe(false);
  });
});
