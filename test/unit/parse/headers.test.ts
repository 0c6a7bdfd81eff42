import { describe, expect, it } from 'vitest';
import { parseHeaderFields } from '../../../src/ingest/parse/header-block.ts';
import {
  bytesToText,
  decodeHeaderText,
  extractMessageIds,
  headerMap,
  normaliseAddress,
  normaliseHeaders,
  parseAddresses,
  parseKeyword,
  parseMessageId,
  parseReturnPath,
} from '../../../src/ingest/parse/headers.ts';

const fields = (text: string) => {
  const buf = Buffer.from(text, 'latin1');
  return parseHeaderFields(buf, 0, buf.length);
};

describe('extractMessageIds (References, In-Reply-To)', () => {
  it.each([
    ['<a@x>', ['a@x']],
    ['<a@x> <b@y>', ['a@x', 'b@y']],
    ['<a@x>,<b@y>', ['a@x', 'b@y']],
    ['  <a@x>\t<b@y>  <a@x>', ['a@x', 'b@y']], // duplicates removed, first order kept
    ['<a@x> (comment <c@z>) <b@y>', ['a@x', 'b@y']], // comments are not ids
    ['Your message of "Tue, 1 Jul <q@z>" <a@x>', ['a@x']], // quoted text is not an id
    ['bare@id.example', ['bare@id.example']],
    ['bare@id.example, <a@x>', ['bare@id.example', 'a@x']],
    ['Re: your mail of Tuesday', []], // words without @ are not ids
    ['<B00-root>', ['B00-root']], // an id without @ in brackets is still an id
    ['<1234@local.machine\n .example>', ['1234@local.machine.example']], // folded inside the brackets
    ['<<double@x>>', ['double@x']],
    ['<>', []],
    ['<unterminated@x', ['unterminated@x']],
    ['', []],
    ['(((unbalanced', []],
  ])('%j → %j', (value, expected) => {
    expect(extractMessageIds(value)).toEqual(expected);
  });

  it('is always an array, also for one id (mailparser gives a string then)', () => {
    const h = normaliseHeaders(fields('References: <only@x>\r\nIn-Reply-To: <only@x>\r\n'));
    expect(h.references).toEqual(['only@x']);
    expect(h.inReplyTo).toEqual(['only@x']);
  });

  it('joins repeated References fields in order', () => {
    const h = normaliseHeaders(fields('References: <a@x>\r\n <b@x>\r\nReferences: <c@x> <a@x>\r\n'));
    expect(h.references).toEqual(['a@x', 'b@x', 'c@x']);
    expect(normaliseHeaders(fields('Subject: x\r\n')).references).toEqual([]);
  });
});

describe('parseMessageId', () => {
  it.each([
    ['<1234@local.machine.example>', '1234@local.machine.example'],
    ['   <testabcd.1234@silly.test>  ', 'testabcd.1234@silly.test'],
    ['malformed@id.machine.example', 'malformed@id.machine.example'],
    ['   m ', 'm'], // a bare token without @ is still the id the message gives itself
    ['<>', null],
    ['', null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(parseMessageId(value)).toBe(expected);
  });
});

describe('parseKeyword (Auto-Submitted, RFC 3834; Precedence)', () => {
  it.each([
    ['auto-replied', 'auto-replied'],
    ['Auto-Replied', 'auto-replied'],
    [' auto-generated (by the ticket system)', 'auto-generated'],
    ['auto-replied; owner-email="me@example.com"', 'auto-replied'],
    ['(comment) no', 'no'],
    ['BULK', 'bulk'],
    ['  ', null],
    ['(only a comment)', null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(parseKeyword(value)).toBe(expected);
  });
});

describe('parseReturnPath', () => {
  it.each([
    ['<>', ''],
    ['< >', ''],
    ['<Bounce@Example.COM>', 'Bounce@example.com'],
    ['bounce@example.com', 'bounce@example.com'],
    ['<@relay.example:user@Host.Example>', 'user@host.example'], // source route dropped (RFC 5321 4.1.2)
    ['<user@example.com> (added by MTA)', 'user@example.com'],
    ['', null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(parseReturnPath(value)).toBe(expected);
  });
});

describe('addresses', () => {
  it('lower-cases the domain only: local parts may be case-sensitive (RFC 5321 2.4)', () => {
    expect(normaliseAddress('  John.Doe@EXAMPLE.Com ')).toBe('John.Doe@example.com');
    expect(normaliseAddress('MAILER-DAEMON')).toBe('MAILER-DAEMON');
  });

  it.each([
    ['"Doe, John" <John.Doe@EXAMPLE.com>', [{ name: 'Doe, John', address: 'John.Doe@example.com' }]],
    ['=?UTF-8?Q?Fran=C3=A7ois_Lef=C3=A8vre?= <f@x.fr>', [{ name: 'François Lefèvre', address: 'f@x.fr' }]],
    ['=?iso-8859-1?Q?Ren=E9e?= <r@x.fr>, bob@y.fr', [{ name: 'Renée', address: 'r@x.fr' }, { name: '', address: 'bob@y.fr' }]],
    ['équipe: a@b.fr, c@d.fr;', [{ name: '', address: 'a@b.fr' }, { name: '', address: 'c@d.fr' }]], // group flattened
    ['undisclosed-recipients:;', []],
    ['MAILER-DAEMON', [{ name: 'MAILER-DAEMON', address: '' }]],
    // an encoded word cannot smuggle an address into the name (RFC 2047 section 5)
    ['=?utf-8?Q?=22ceo=40bank=2Ecom=22_=3Cceo=40bank=2Ecom=3E?= <evil@x.com>', [{ name: '"ceo@bank.com" <ceo@bank.com>', address: 'evil@x.com' }]],
  ])('%j', (value, expected) => {
    expect(parseAddresses([value])).toEqual(expected);
  });

  it('reads raw UTF-8 and Windows-1252 display names', () => {
    expect(parseAddresses([Buffer.from('Cédric <c@x.fr>', 'utf8').toString('latin1')])).toEqual([{ name: 'Cédric', address: 'c@x.fr' }]);
    expect(parseAddresses([Buffer.from('Cédric <c@x.fr>', 'latin1').toString('latin1')])).toEqual([{ name: 'Cédric', address: 'c@x.fr' }]);
  });

  it('takes the first From that holds an address: a broken client may put a garbage one first', () => {
    expect(normaliseHeaders(fields('From: [??????]\r\nFrom: =?utf-8?B?6YO955C5?= <g@x.cn>\r\n')).from).toEqual([{ name: '都琹', address: 'g@x.cn' }]);
    expect(normaliseHeaders(fields('From: MAILER-DAEMON (Mail Delivery System)\r\n')).from).toEqual([{ name: 'MAILER-DAEMON', address: '' }]);
  });

  it('takes the first From and Reply-To, every To and Cc', () => {
    const h = normaliseHeaders(fields('From: a@x.fr\r\nFrom: spoof@y.fr\r\nTo: t1@x.fr\r\nTo: t2@x.fr\r\nCc: c@x.fr\r\nReply-To: r@x.fr\r\n'));
    expect(h.from).toEqual([{ name: '', address: 'a@x.fr' }]);
    expect(h.to.map((a) => a.address)).toEqual(['t1@x.fr', 't2@x.fr']);
    expect(h.cc.map((a) => a.address)).toEqual(['c@x.fr']);
    expect(h.replyTo.map((a) => a.address)).toEqual(['r@x.fr']);
  });
});

describe('decoding header text', () => {
  it.each([
    ['=?UTF-8?Q?R=C3=A9clamation_:_commande_n=C2=B0_42?=', 'Réclamation : commande n° 42'],
    ['=?ISO-8859-1?Q?Re=3A_D=E9l=E9gation?=', 'Re: Délégation'],
    ['=?utf-8?B?UsOpY2xhbWF0aW9u?= =?utf-8?B?IGVuIGNvdXJz?=', 'Réclamation en cours'], // whitespace between words dropped
    ['=?windows-1252?Q?=80_rembours=E9?=', '€ remboursé'],
    ['=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=', 'café'], // a character split across two encoded words
    ['=?ISO-2022-JP?B?GyRCJUQhPCVrGyhC?=', 'ツール'],
    ['=?utf-8*fr?Q?Fran=C3=A7ais?=', 'Français'], // RFC 2231 section 5 language tag
    ['Plain text', 'Plain text'],
    ['=?bogus?Q?broken', '=?bogus?Q?broken'],
  ])('%j → %j', (value, expected) => {
    expect(decodeHeaderText(value)).toBe(expected);
  });

  it('takes raw 8-bit bytes as UTF-8 when valid, else Windows-1252', () => {
    expect(bytesToText(Buffer.from('Délai dépassé', 'utf8').toString('latin1'))).toBe('Délai dépassé');
    expect(bytesToText(Buffer.from([0x44, 0xe9, 0x6c, 0x61, 0x69, 0x20, 0x80]).toString('latin1'))).toBe('Délai €');
  });

  it('decodes raw 8-bit bytes inside an encoded word in the word\'s charset', () => {
    expect(decodeHeaderText('=?iso-8859-1?Q?Die_Fr\xf6sche?=')).toBe('Die Frösche');
    expect(decodeHeaderText('=?utf-8?Q?Die_Fr\xc3\xb6sche?= \xe0 vous')).toBe('Die Frösche à vous');
  });

  it('unfolds before decoding (RFC 5322 2.2.3)', () => {
    const h = normaliseHeaders(fields('Subject: =?UTF-8?Q?Demande_de?=\r\n =?UTF-8?Q?_remboursement?=\r\n  suite\r\n'));
    expect(h.subject).toBe('Demande de remboursement  suite');
  });
});

describe('headerMap', () => {
  it('lists every field under its lower-cased name, values decoded and in order', () => {
    const map = headerMap(fields('Received: a\r\nX-Mailer: =?utf-8?Q?M=C3=A9l?=\r\nRECEIVED: b\r\n'));
    expect(map['received']).toEqual(['a', 'b']);
    expect(map['x-mailer']).toEqual(['Mél']);
  });

  it('keeps __proto__ and constructor as plain data', () => {
    const map = headerMap(fields('__proto__: x\r\nconstructor: y\r\n'));
    expect(map['__proto__']).toEqual(['x']);
    expect(map['constructor']).toEqual(['y']);
    expect(Object.getPrototypeOf(map)).toBeNull();
  });
});

describe('normaliseHeaders', () => {
  it('gives null or empty arrays for what the message lacks', () => {
    const h = normaliseHeaders(fields('X-Only: 1\r\n'));
    expect(h).toMatchObject({
      messageId: null, subject: null, from: [], to: [], cc: [], replyTo: [], returnPath: null,
      date: null, inReplyTo: [], references: [], autoSubmitted: null, precedence: null,
    });
  });

  it('reads the date itself: an unreadable Date is null, not now', () => {
    expect(normaliseHeaders(fields('Date: not a date\r\n')).date).toBeNull();
    expect(normaliseHeaders(fields('Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n')).date?.toISOString()).toBe('2003-07-01T08:52:37.000Z');
  });

  it('keeps an empty Subject as an empty string', () => {
    expect(normaliseHeaders(fields('Subject: \r\n')).subject).toBe('');
  });
});
