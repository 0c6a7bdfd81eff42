import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as MailParserModule from 'mailparser';
import type { ParsedMessage } from '../../../src/ingest/parsed-message.ts';
import { parseMessage } from '../../../src/ingest/parse/parse-message.ts';

// Counts MailParser instances, to show which messages never reach mailparser.
const parsers = vi.hoisted(() => ({ created: 0 }));
vi.mock('mailparser', async (importOriginal) => {
  const mod = await importOriginal<typeof MailParserModule>();
  class CountingMailParser extends mod.MailParser {
    constructor(...args: ConstructorParameters<typeof mod.MailParser>) {
      super(...args);
      parsers.created++;
    }
  }
  return { ...mod, MailParser: CountingMailParser };
});

const LIMITS = { maxMessageBytes: 10 * 1024 * 1024, maxMimeDepth: 20, maxParts: 500 };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A message from lines written with \n; bytes above 0x7f in `latin1` strings are raw 8-bit bytes. */
const mail = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

async function parsed(raw: Buffer): Promise<ParsedMessage> {
  const outcome = await parseMessage(raw, LIMITS);
  if (!outcome.ok) throw new Error(`quarantined: ${outcome.reason.code} ${outcome.reason.detail}`);
  return outcome.message;
}

beforeEach(() => {
  parsers.created = 0;
});

describe('limits', () => {
  it('TOO_LARGE is decided on the length alone, before any parsing', async () => {
    const outcome = await parseMessage(Buffer.alloc(2048), { ...LIMITS, maxMessageBytes: 1024 });
    expect(outcome).toMatchObject({ ok: false, reason: { code: 'TOO_LARGE' } });
    expect(parsers.created).toBe(0);
  });

  it('a normal message does reach mailparser (the counter works)', async () => {
    await parsed(mail('From: a@x.fr\n\nx\n'));
    expect(parsers.created).toBe(1);
  });

  it('a hostile 10,000-part message never reaches mailparser', async () => {
    let s = 'From: a@x.fr\nContent-Type: multipart/mixed; boundary=b\n\n';
    for (let i = 0; i < 10_000; i++) s += '--b\n\nx\n';
    expect(await parseMessage(mail(s), LIMITS)).toMatchObject({ ok: false, reason: { code: 'TOO_MANY_PARTS' } });
    expect(parsers.created).toBe(0);
  });

  it('too deep a nesting never reaches mailparser', async () => {
    let s = 'From: a@x.fr\n';
    for (let i = 0; i < 50; i++) s += `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n`;
    expect(await parseMessage(mail(s + '\nx\n'), LIMITS)).toMatchObject({ ok: false, reason: { code: 'TOO_DEEP' } });
    expect(parsers.created).toBe(0);
  });

  it.each([
    ['empty input', Buffer.alloc(0)],
    ['NUL-filled garbage', Buffer.alloc(10_000)],
    ['random bytes', randomBytes(10_000)],
    ['text without a header', mail('Bonjour,\nje voudrais un remboursement.\n')],
  ])('%s is UNPARSEABLE', async (_name, raw) => {
    expect(await parseMessage(raw, LIMITS)).toMatchObject({ ok: false, reason: { code: 'UNPARSEABLE' } });
  });

  it('never throws, whatever the bytes', async () => {
    const base = 'From: a@x.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nQm9uam91cg==\n--b--\n';
    const mutated = fc.tuple(fc.nat(base.length), fc.uint8Array({ maxLength: 40 })).map(([at, bytes]) =>
      Buffer.concat([Buffer.from(base.slice(0, at)), Buffer.from(bytes), Buffer.from(base.slice(at))]),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), async (raw) => {
        const outcome = await parseMessage(raw, LIMITS);
        expect(outcome.ok || ['TOO_DEEP', 'TOO_MANY_PARTS', 'UNPARSEABLE'].includes(outcome.reason.code)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('charsets', () => {
  it('UTF-8, 8bit', async () => {
    const m = await parsed(mail(`From: a@x.fr\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${utf8("Ma commande n°42 n'est pas arrivée.")}\n`));
    expect(m.text).toBe("Ma commande n°42 n'est pas arrivée.\n");
  });

  it('Windows-1252, with the characters ISO-8859-1 lacks (€ – ’)', async () => {
    const body = iconv.encode('Remboursement de 50 € – c’est urgent', 'windows-1252').toString('latin1');
    const m = await parsed(mail(`From: a@x.fr\nContent-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: 8bit\n\n${body}\n`));
    expect(m.text).toBe('Remboursement de 50 € – c’est urgent\n');
  });

  it('ISO-8859-1, quoted-printable', async () => {
    const m = await parsed(mail('From: a@x.fr\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nD=E9lai d=E9pass=E9, r=E9ponse attendue =\nd\'ici lundi.\n'));
    expect(m.text).toBe("Délai dépassé, réponse attendue d'ici lundi.\n");
  });

  it('ISO-2022-JP body and subject (RFC 1468)', async () => {
    // "こんにちは" in ISO-2022-JP: ESC $ B switches to JIS X 0208, ESC ( B back to ASCII.
    const m = await parsed(mail('From: a@x.fr\nSubject: =?ISO-2022-JP?B?GyRCJUQhPCVrGyhC?=\nContent-Type: text/plain; charset=iso-2022-jp\nContent-Transfer-Encoding: 7bit\n\n\x1b$B$3$s$K$A$O\x1b(B\n'));
    expect(m.subject).toBe('ツール');
    expect(m.text).toBe('こんにちは\n');
  });

  it('a missing charset falls back as mailparser does: UTF-8, invalid bytes replaced', async () => {
    expect((await parsed(mail(`From: a@x.fr\n\n${utf8('Réclamation')}\n`))).text).toBe('Réclamation\n');
    expect((await parsed(mail('From: a@x.fr\n\nR\xe9clamation\n'))).text).toBe('R\ufffdclamation\n');
  });
});

describe('French subjects and names (RFC 2047)', () => {
  it.each([
    ['=?UTF-8?Q?R=C3=A9clamation_:_pr=C3=A9l=C3=A8vement_non_autoris=C3=A9?=', 'Réclamation : prélèvement non autorisé'],
    ['=?ISO-8859-1?Q?Re=3A_Demande_d=27acc=E8s_=E0_mon_compte?=', "Re: Demande d'accès à mon compte"],
    ['=?utf-8?B?VFIgOiBQbGFpbnRlIGNvbmNlcm5hbnQgbGEgZMOpY2lzaW9uIGR1IDEyLzA5?=', 'TR : Plainte concernant la décision du 12/09'],
    ['Relance : =?utf-8?Q?dossier_n=C2=B0?=\n =?utf-8?Q?_SC-2026-000042?=', 'Relance : dossier n° SC-2026-000042'],
    [utf8('Réclamation envoyée en UTF-8 brut'), 'Réclamation envoyée en UTF-8 brut'], // RFC 6532
  ])('%j', async (subject, expected) => {
    const m = await parsed(mail(`From: =?utf-8?Q?C=C3=A9dric_L=C3=A9v=C3=AAque?= <Cedric@Example.FR>\nSubject: ${subject}\n\nx\n`));
    expect(m.subject).toBe(expected);
    expect(m.from).toEqual([{ name: 'Cédric Lévêque', address: 'Cedric@example.fr' }]);
  });
});

describe('attachments', () => {
  const pdf = randomBytes(150_000);
  const png = randomBytes(3000);
  const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\n');
  const raw = mail(`From: a@x.fr
Subject: pieces jointes
Content-Type: multipart/mixed; boundary="mixed"

--mixed
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>Voir la capture :</p><img src="cid:capture@x.fr">
--rel
Content-Type: image/png
Content-ID: <capture@x.fr>
Content-Disposition: inline
Content-Transfer-Encoding: base64

${b64(png)}
--rel--
--mixed
Content-Type: application/pdf
Content-Disposition: attachment; filename*=utf-8''r%C3%A9clamation%20sign%C3%A9e.pdf
Content-Transfer-Encoding: base64

${b64(pdf)}
--mixed--
`);

  it('hashes each attachment with sha256 and keeps its bytes, name and type', async () => {
    const m = await parsed(raw);
    expect(m.attachments).toHaveLength(2);
    const [image, doc] = m.attachments;
    expect(doc).toMatchObject({ contentType: 'application/pdf', filename: 'réclamation signée.pdf', disposition: 'attachment', size: pdf.length, sha256: sha256(pdf) });
    expect(doc?.content.equals(pdf)).toBe(true);
    expect(image).toMatchObject({ contentType: 'image/png', contentId: 'capture@x.fr', disposition: 'inline', sha256: sha256(png) });
  });

  it('leaves cid: links in the HTML as received (no data: URL inlining)', async () => {
    const m = await parsed(raw);
    expect(m.html).toContain('src="cid:capture@x.fr"');
    expect(m.html).not.toContain('data:');
    expect(m.text).toContain('Voir la capture');
    expect(m.contentType).toBe('multipart/mixed');
  });

  it('collects a large attachment intact', async () => {
    const big = randomBytes(3 * 1024 * 1024);
    const m = await parsed(mail(`From: a@x.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nci-joint\n--b\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n${b64(big)}\n--b--\n`));
    expect(m.attachments[0]?.sha256).toBe(sha256(big));
    expect(m.text).toBe('ci-joint');
  });
});

describe('delivery status notifications (RFC 3464)', () => {
  const dsn = (returned: string) =>
    mail(`From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: support@guichet.example
Subject: Undelivered Mail Returned to Sender
Return-Path: <>
Auto-Submitted: auto-replied
Content-Type: multipart/report; report-type=delivery-status; boundary="r"

--r
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered.
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; camille@example.fr
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown
--r
${returned}
--r--
`);

  it('keeps the status as deliveryStatus and the returned message as an attachment', async () => {
    const m = await parsed(dsn('Content-Type: message/rfc822\nContent-Disposition: inline\n\nFrom: support@guichet.example\nTo: camille@example.fr\nSubject: [SC-2026-000042] Accuse de reception\nMessage-ID: <ack-42@guichet.example>\n\nVotre demande est enregistree.'));
    expect(m.deliveryStatus).toContain('Status: 5.1.1');
    expect(m.deliveryStatus).toContain('Final-Recipient: rfc822; camille@example.fr');
    expect(m.text).toBe('Your message could not be delivered.');
    expect(m.text).not.toContain('Status:');
    expect(m.attachments.map((a) => a.contentType)).toEqual(['message/rfc822']);
    expect(m.attachments[0]?.content.toString()).toContain('Message-ID: <ack-42@guichet.example>');
    expect(m).toMatchObject({ returnPath: '', autoSubmitted: 'auto-replied', contentType: 'multipart/report' });
  });

  it('keeps returned headers only (text/rfc822-headers) as an attachment too', async () => {
    const m = await parsed(dsn('Content-Type: text/rfc822-headers\n\nMessage-ID: <ack-42@guichet.example>\nSubject: x'));
    expect(m.attachments.map((a) => a.contentType)).toEqual(['text/rfc822-headers']);
    expect(m.deliveryStatus).toContain('Action: failed');
  });
});

describe('bodies and header fields', () => {
  it('derives the text of HTML-only mail from the HTML', async () => {
    const m = await parsed(mail('From: a@x.fr\nContent-Type: text/html; charset=utf-8\n\n<p>Bonjour <b>Camille</b>,</p><p>Merci.</p>\n'));
    expect(m.html).toBe('<p>Bonjour <b>Camille</b>,</p><p>Merci.</p>\n');
    expect(m.text).toBe('Bonjour Camille,\n\nMerci.');
  });

  it('removes NUL characters from every string (PostgreSQL text cannot hold them)', async () => {
    const m = await parsed(mail('From: Ca\x00mille <c@x.fr>\nSubject: Re\x00clamation =?utf-8?Q?n=00=C2=B0_1?=\nX-Test: a\x00b\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nCorps\x00 du message\n--b\nContent-Type: text/html\n\n<p>a\x00b</p>\n--b--\n'));
    expect(m.subject).toBe('Reclamation n° 1');
    expect(m.from).toEqual([{ name: 'Camille', address: 'c@x.fr' }]);
    expect(m.headers['x-test']).toEqual(['ab']);
    expect(m.text).toContain('Corps du message');
    expect(JSON.stringify(m)).not.toContain('\\u0000');
  });

  it('normalises the threading and classification fields', async () => {
    const m = await parsed(mail(`Message-ID: <msg-2@client.example>
In-Reply-To: <ack-42@guichet.example>
References: <ack-42@guichet.example>
Date: a day in September
Precedence: Bulk
From: Camille <camille@example.fr>
To: support@guichet.example

Re.
`));
    expect(m).toMatchObject({
      messageId: 'msg-2@client.example',
      inReplyTo: ['ack-42@guichet.example'],
      references: ['ack-42@guichet.example'],
      date: null,
      precedence: 'bulk',
      autoSubmitted: null,
      returnPath: null,
      contentType: null,
      deliveryStatus: null,
      attachments: [],
    });
    expect(m.headers['precedence']).toEqual(['Bulk']);
  });
});
