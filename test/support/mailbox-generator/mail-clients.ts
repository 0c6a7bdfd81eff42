import type { TransferEncoding } from './mime-encoding.ts';
import type { Random } from './random.ts';
import type { Charset, Language } from './types.ts';

/**
 * How each mail client writes a message: charset and its label, transfer encoding, encoded-word
 * flavour, HTML alternative, quoting style, reply and forward prefixes, Message-ID shape, MIME
 * boundaries, its own header fields and the relay it sends through.
 */

export type ClientKind = 'gmail' | 'outlook-365' | 'outlook-legacy' | 'apple-mail' | 'thunderbird' | 'webmail-fr' | 'windows-mail';
export type QuoteStyle = 'outlook' | 'gmail';

export interface ClientStyle {
  kind: ClientKind;
  charset: Charset;
  /** The charset name as the client writes it in Content-Type and encoded words. */
  label: string;
  subjectMode: 'Q' | 'B';
  transfer(random: Random): TransferEncoding;
  /** Adds a text/html alternative in this style. */
  html: QuoteStyle | null;
  /** Outlook: "De : … Envoyé : …" header block; Gmail: "Le … a écrit :" and "> " lines. */
  quoteStyle: QuoteStyle;
  /** Hard-wraps own text at this width. */
  wrap: number | null;
  footer: Record<Language, string> | null;
  replyPrefix: Record<Language, string>;
  forwardPrefix: Record<Language, string>;
  messageId(random: Random, domain: string): string;
  boundary(random: Random): string;
  /** The client's own header fields (X-Mailer, User-Agent, Thread-Index…), already formatted. */
  headers(random: Random, language: Language): string[];
  /** The host the message leaves from, and its IP (documentation ranges). */
  relay(random: Random, domain: string): { host: string; ip: string };
}

const uuid = (random: Random, upper = false): string => {
  const h = (n: number): string => random.hex(n, upper);
  const variant = random.pick(['8', '9', 'a', 'b']);
  return `${h(8)}-${h(4)}-4${h(3)}-${upper ? variant.toUpperCase() : variant}${h(3)}-${h(12)}`;
};
const ip = (random: Random): string => `${random.pick(['192.0.2', '198.51.100', '203.0.113'])}.${random.int(2, 250)}`;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const outlookRe = { fr: 'RE : ', en: 'RE: ' };
const outlookFw = { fr: 'TR : ', en: 'FW: ' };
const plainRe = { fr: 'Re: ', en: 'Re: ' };
const plainFwd = { fr: 'Fwd: ', en: 'Fwd: ' };
const ispRelay = (random: Random, domain: string): { host: string; ip: string } => ({ host: `smtp${random.int(1, 9)}.${domain}`, ip: ip(random) });
const threadIndex = (random: Random): string => `Thread-Index: A${random.chars(29, B64 + '+/')}==`;

const exchangeHeaders = (random: Random, language: Language): string[] => [
  threadIndex(random),
  `Accept-Language: ${language === 'fr' ? 'fr-FR' : 'en-GB'}, en-US`,
  `Content-Language: ${language === 'fr' ? 'fr-FR' : 'en-GB'}`,
];

export const CLIENTS: Record<ClientKind, ClientStyle> = {
  gmail: {
    kind: 'gmail', charset: 'utf-8', label: 'UTF-8', subjectMode: 'B',
    transfer: (r) => (r.chance(0.6) ? 'quoted-printable' : 'base64'),
    html: 'gmail', quoteStyle: 'gmail', wrap: null, footer: null, replyPrefix: plainRe, forwardPrefix: plainFwd,
    messageId: (r) => `CA${r.chars(1, 'ABCDEFGHJKLMNPRSTUVWXYZ+')}${r.chars(44, B64 + '_-')}@mail.gmail.com`,
    boundary: (r) => `000000000000${r.hex(12)}`,
    headers: () => [],
    relay: (r) => ({ host: `mail-${r.pick(['wr1', 'wm1', 'ej1', 'lf1'])}-f${r.int(41, 199)}.google.com`, ip: ip(r) }),
  },
  'outlook-365': {
    kind: 'outlook-365', charset: 'utf-8', label: 'utf-8', subjectMode: 'B',
    transfer: () => 'quoted-printable',
    html: 'outlook', quoteStyle: 'outlook', wrap: null, footer: null, replyPrefix: outlookRe, forwardPrefix: outlookFw,
    messageId: (r) => {
      const host = `PAXPR0${r.int(1, 9)}MB${r.digits(4)}`;
      return `${host}${r.hex(12, true)}${r.hex(8, true)}@${host}.eurprd0${r.int(1, 9)}.prod.outlook.com`;
    },
    boundary: (r) => `_000_PAXPR0${r.int(1, 9)}MB${r.digits(4)}${r.hex(16, true)}_`,
    headers: exchangeHeaders,
    relay: (r) => ({ host: `EUR0${r.int(1, 5)}-${r.pick(['AM6', 'DB8', 'VI1', 'HE1'])}-obe.outbound.protection.outlook.com`, ip: ip(r) }),
  },
  'outlook-legacy': {
    kind: 'outlook-legacy', charset: 'windows-1252', label: 'Windows-1252', subjectMode: 'Q',
    transfer: () => 'quoted-printable',
    html: 'outlook', quoteStyle: 'outlook', wrap: null, footer: null, replyPrefix: outlookRe, forwardPrefix: outlookFw,
    messageId: (r, domain) => `00${r.hex(2)}01d${r.hex(5)}$${r.hex(8)}$${r.hex(8)}$@${domain}`,
    boundary: (r) => `----=_NextPart_000_00${r.hex(2, true)}_01D${r.hex(5, true)}.${r.hex(8, true)}`,
    headers: (r, language) => ['X-Mailer: Microsoft Outlook 16.0', threadIndex(r), `Content-Language: ${language === 'fr' ? 'fr' : 'en-gb'}`],
    relay: ispRelay,
  },
  'apple-mail': {
    kind: 'apple-mail', charset: 'utf-8', label: 'utf-8', subjectMode: 'Q',
    transfer: () => 'quoted-printable',
    html: null, quoteStyle: 'gmail', wrap: null,
    footer: { fr: 'Envoyé de mon iPhone', en: 'Sent from my iPhone' },
    replyPrefix: plainRe, forwardPrefix: plainFwd,
    messageId: (r, domain) => `${uuid(r, true)}@${domain}`,
    boundary: (r) => `Apple-Mail-${uuid(r, true)}`,
    headers: (r) => [`X-Mailer: iPhone Mail (${r.pick(['21G93', '22B83', '22D72'])})`],
    relay: ispRelay,
  },
  thunderbird: {
    kind: 'thunderbird', charset: 'utf-8', label: 'UTF-8', subjectMode: 'B',
    transfer: () => '8bit',
    html: null, quoteStyle: 'gmail', wrap: 72, footer: null, replyPrefix: plainRe, forwardPrefix: plainFwd,
    messageId: (r, domain) => `${uuid(r)}@${domain}`,
    boundary: (r) => `------------${r.chars(24, B64)}`,
    headers: (_r, language) => ['User-Agent: Mozilla Thunderbird', `Content-Language: ${language === 'fr' ? 'fr' : 'en-GB'}`],
    relay: ispRelay,
  },
  'webmail-fr': {
    kind: 'webmail-fr', charset: 'windows-1252', label: 'windows-1252', subjectMode: 'Q',
    transfer: () => '8bit',
    html: null, quoteStyle: 'gmail', wrap: null, footer: null,
    replyPrefix: plainRe, forwardPrefix: { fr: 'Tr: ', en: 'Tr: ' },
    messageId: (r) => `${r.digits(9)}.${r.digits(5)}.${r.digits(13)}.JavaMail.www@wwinf${r.digits(4)}`,
    boundary: (r) => `----=_Part_${r.int(10000, 99999)}_${r.digits(9)}.${r.digits(13)}`,
    headers: (r) => [`X-Originating-IP: [${ip(r)}]`, 'X-WUM-FROM: |~|', 'X-Mailer: Open-Xchange Mailer v7.10.6-Rev48'],
    relay: ispRelay,
  },
  'windows-mail': {
    kind: 'windows-mail', charset: 'utf-8', label: 'utf-8', subjectMode: 'B',
    transfer: () => 'base64',
    html: null, quoteStyle: 'outlook', wrap: null,
    footer: { fr: 'Envoyé à partir de Courrier pour Windows', en: 'Sent from Mail for Windows' },
    replyPrefix: outlookRe, forwardPrefix: outlookFw,
    messageId: (r, domain) => `${uuid(r).toUpperCase()}@${domain}`,
    boundary: (r) => `_${uuid(r, true)}_`,
    headers: () => [],
    relay: ispRelay,
  },
};
