import iconv from 'iconv-lite';
import type { Charset } from './types.ts';

/**
 * The encodings a mail client applies on the way out: charsets, transfer encodings (RFC 2045),
 * RFC 2047 encoded words, header folding and address formatting. Written by hand (rather than
 * with nodemailer) so each client style can be reproduced exactly: its charset label, Q or B
 * words, quoted-printable or base64, Windows-1252.
 */

export type TransferEncoding = '8bit' | 'quoted-printable' | 'base64';

/** Text (lines ending in '\n') as CRLF bytes in the charset; throws if a character has no Windows-1252 byte. */
export function encodeText(text: string, charset: Charset): Buffer {
  const crlf = text.replace(/\r?\n/g, '\r\n');
  if (charset === 'utf-8') return Buffer.from(crlf, 'utf8');
  const bytes = iconv.encode(crlf, 'windows-1252');
  if (iconv.decode(bytes, 'windows-1252') !== crlf) {
    throw new Error(`text not representable in windows-1252: ${JSON.stringify(crlf.slice(0, 80))}`);
  }
  return bytes;
}

function hexByte(b: number): string {
  return '=' + b.toString(16).toUpperCase().padStart(2, '0');
}

/** Quoted-printable (RFC 2045 section 6.7) of CRLF-separated bytes, lines at most 76 characters. */
export function quotedPrintable(bytes: Buffer): string {
  const out: string[] = [];
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const end = i === bytes.length || (bytes[i] === 0x0d && bytes[i + 1] === 0x0a);
    if (!end) continue;
    const line = bytes.subarray(lineStart, i);
    const tokens: string[] = [];
    line.forEach((b, k) => {
      const last = k === line.length - 1;
      if ((b === 0x20 || b === 0x09) && !last) tokens.push(String.fromCharCode(b));
      else if (b >= 33 && b <= 126 && b !== 61) tokens.push(String.fromCharCode(b));
      else tokens.push(hexByte(b));
    });
    let current = '';
    for (const token of tokens) {
      if (current.length + token.length > 75) {
        out.push(current + '=');
        current = '';
      }
      current += token;
    }
    out.push(current);
    i++;
    lineStart = i + 1;
  }
  // A trailing CRLF in the input makes an empty last line; keep the text ending with one CRLF.
  if (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out.join('\r\n') + '\r\n';
}

/** Base64 in 76-character lines. */
export function base64Lines(bytes: Buffer): string {
  return bytes.toString('base64').replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '') + '\r\n';
}

/** The body bytes in the transfer encoding. */
export function transferEncode(bytes: Buffer, encoding: TransferEncoding): Buffer {
  if (encoding === '8bit') return bytes;
  return Buffer.from(encoding === 'base64' ? base64Lines(bytes) : quotedPrintable(bytes), 'ascii');
}

/** Characters a Q encoded word may carry as themselves anywhere, phrases included (RFC 2047 5(3)). */
const Q_SAFE = /[A-Za-z0-9!*+\-/]/;

/**
 * RFC 2047 encoded words for the text, each at most 75 characters, never splitting a character
 * across two words. `label` is the charset name as the client writes it ('UTF-8', 'utf-8',
 * 'Windows-1252'...).
 */
export function encodedWords(text: string, charset: Charset, label: string, mode: 'Q' | 'B'): string[] {
  const prefix = `=?${label}?${mode}?`;
  const room = 75 - prefix.length - 2;
  const words: string[] = [];
  let bytes: number[] = [];
  let q = '';
  const flush = (): void => {
    const payload = mode === 'B' ? Buffer.from(bytes).toString('base64') : q;
    if (payload) words.push(`${prefix}${payload}?=`);
    bytes = [];
    q = '';
  };
  for (const ch of text) {
    const chBytes = [...encodeText(ch, charset)];
    if (mode === 'B') {
      if (Math.ceil((bytes.length + chBytes.length) / 3) * 4 > room) flush();
      bytes.push(...chBytes);
    } else {
      const encoded = ch === ' ' ? '_' : chBytes.map((b) => (Q_SAFE.test(String.fromCharCode(b)) && b < 128 ? String.fromCharCode(b) : hexByte(b))).join('');
      if (q.length + encoded.length > room) flush();
      q += encoded;
    }
  }
  flush();
  return words;
}

// eslint-disable-next-line no-control-regex -- the test is for characters outside ASCII
const NON_ASCII = /[^\x00-\x7f]/;

/** An unstructured value (Subject): as is when ASCII, else encoded words separated by spaces. */
export function encodeUnstructured(text: string, charset: Charset, label: string, mode: 'Q' | 'B'): string {
  if (!NON_ASCII.test(text) && !text.includes('=?')) return text;
  return encodedWords(text, charset, label, mode).join(' ');
}

/** A mailbox `Name <address>`: the name encoded, quoted or bare as needed; `<address>` alone without a name. */
export function formatAddress(name: string, address: string, charset: Charset, label: string, alwaysQuote = false): string {
  if (!name) return `<${address}>`;
  if (NON_ASCII.test(name)) return `${encodedWords(name, charset, label, 'Q').join(' ')} <${address}>`;
  const atomsOnly = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name);
  return atomsOnly && !alwaysQuote ? `${name} <${address}>` : `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}

/** One header field, folded at spaces so that lines stay within 78 characters where possible. */
export function headerField(name: string, value: string): string {
  const tokens = value.split(' ');
  const lines: string[] = [];
  let current = `${name}:`;
  let first = true;
  for (const token of tokens) {
    if (!first && current.length + 1 + token.length > 78) {
      lines.push(current);
      current = ` ${token}`;
    } else {
      current += ` ${token}`;
    }
    first = false;
  }
  lines.push(current);
  return lines.join('\r\n');
}
