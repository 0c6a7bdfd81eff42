import { describe, expect, it } from 'vitest';
import { readHeaderBlock } from '../../../src/ingest/parse/header-block.ts';
import { delimiterKind, scanMimeStructure } from '../../../src/ingest/parse/mime-structure.ts';
import type { MimeStructure } from '../../../src/ingest/parse/mime-structure.ts';

const LIMITS = { maxDepth: 20, maxParts: 500 };
const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');

function scanOk(raw: Buffer, limits = LIMITS): MimeStructure {
  const r = scanMimeStructure(raw, limits);
  if (!r.ok) throw new Error(`refused: ${r.code} ${r.detail}`);
  return r;
}

/** A multipart/mixed with `n` text parts. */
function manyParts(n: number): Buffer {
  let s = 'From: a@x.fr\nContent-Type: multipart/mixed; boundary="b"\n\npreamble\n';
  for (let i = 0; i < n; i++) s += `--b\nContent-Type: text/plain\n\npart ${i}\n`;
  return crlf(s + '--b--\n');
}

/** Multiparts nested `levels` deep around one text part. */
function nested(levels: number): Buffer {
  let head = 'From: a@x.fr\n';
  let tail = '';
  for (let i = 0; i < levels; i++) {
    head += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
    tail = `\n--b${i}--\n` + tail;
  }
  return crlf(head + 'Content-Type: text/plain\n\ndeep' + tail);
}

describe('scanMimeStructure: counting', () => {
  it('a single-part message is one part at depth 0', () => {
    const r = scanOk(crlf('From: a@x.fr\nSubject: hi\n\nbody\n'));
    expect(r).toMatchObject({ parts: 1, depth: 0, contentType: null });
  });

  it('counts containers and the top level (RFC 2046 5.1)', () => {
    const raw = crlf(`From: a@x.fr
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain

text
--inner
Content-Type: text/html

<p>html</p>
--inner--
--outer
Content-Type: application/pdf

pdf
--outer--
epilogue
--outer
not a part: the outer multipart is closed
`);
    expect(scanOk(raw)).toMatchObject({ parts: 5, depth: 2, contentType: 'multipart/mixed' });
  });

  it('accepts exactly maxParts parts and refuses one more', () => {
    expect(scanOk(manyParts(9), { maxDepth: 20, maxParts: 10 }).parts).toBe(10);
    expect(scanMimeStructure(manyParts(10), { maxDepth: 20, maxParts: 10 })).toMatchObject({ ok: false, code: 'TOO_MANY_PARTS' });
  });

  it('accepts exactly maxDepth levels and refuses one more', () => {
    expect(scanOk(nested(5), { maxDepth: 5, maxParts: 500 }).depth).toBe(5);
    expect(scanMimeStructure(nested(6), { maxDepth: 5, maxParts: 500 })).toMatchObject({ ok: false, code: 'TOO_DEEP' });
  });

  it('turns a hostile 10,000-part or 10,000-deep message away in one cheap pass', () => {
    const wide = manyParts(10_000);
    const deep = nested(10_000);
    const start = performance.now();
    expect(scanMimeStructure(wide, LIMITS)).toMatchObject({ ok: false, code: 'TOO_MANY_PARTS' });
    expect(scanMimeStructure(deep, LIMITS)).toMatchObject({ ok: false, code: 'TOO_DEEP' });
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('scanMimeStructure: malformed boundaries', () => {
  it('an outer delimiter ends an inner multipart that was never closed', () => {
    const raw = crlf(`From: a@x.fr
Content-Type: multipart/mixed; boundary="ab"

--ab
Content-Type: multipart/mixed; boundary="a"

--a
Content-Type: text/plain

inner
--ab
Content-Type: text/plain

second outer part
--ab--
`);
    // "--ab" is not a delimiter of "a": the boundary must be followed by "--", padding or the line end
    expect(scanOk(raw)).toMatchObject({ parts: 4, depth: 2 });
  });

  it('the same boundary reused by a nested multipart belongs to the innermost one', () => {
    const raw = crlf('From: a@x.fr\nContent-Type: multipart/mixed; boundary="a"\n\n--a\nContent-Type: multipart/mixed; boundary="a"\n\n--a\n\nx\n--a--\n--a--\n');
    expect(scanOk(raw)).toMatchObject({ parts: 3, depth: 2 });
  });

  it('a multipart without boundary parameter is a single part', () => {
    expect(scanOk(crlf('From: a@x.fr\nContent-Type: multipart/mixed\n\n--x\n\nbody\n'))).toMatchObject({ parts: 1, depth: 0 });
  });

  it('a message without the closing delimiter still counts its parts', () => {
    expect(scanOk(crlf('From: a@x.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo\n')).parts).toBe(3);
  });

  it('reads quoted, folded, commented and RFC 2231 boundary parameters', () => {
    for (const ct of ['multipart/mixed;\n\tboundary="a b:c"', 'multipart/mixed; boundary="a b:c" (comment)', "multipart/mixed; boundary*0=\"a b\"; boundary*1=\":c\""]) {
      const raw = crlf(`From: a@x.fr\nContent-Type: ${ct}\n\n--a b:c\n\none\n--a b:c--\n`);
      expect(scanOk(raw).parts).toBe(2);
    }
  });

  it.each([
    ['--b', 1],
    ['--b--', 2],
    ['--b  \t', 1], // transport padding (RFC 2046 5.1.1)
    ['--b--\r\r', 2], // CR runs from a second CRLF conversion
    ['--bc', 0],
    ['-- b', 0],
    ['--B', 0], // boundaries are case-sensitive
    ['b', 0],
  ])('delimiterKind(%j) = %i', (line, kind) => {
    const buf = Buffer.from(line, 'latin1');
    expect(delimiterKind(buf, 0, buf.length, Buffer.from('b'))).toBe(kind);
  });
});

describe('scanMimeStructure: embedded messages', () => {
  const embedded = (disposition: string, top = 'multipart/mixed') =>
    crlf(`From: a@x.fr
Content-Type: ${top}; boundary="o"

--o
Content-Type: text/plain

report
--o
Content-Type: message/rfc822${disposition}

From: b@y.fr
Content-Type: multipart/alternative; boundary="i"

--i
Content-Type: text/plain

a
--i
Content-Type: text/html

b
--i--
--o--
`);

  it('walks into an inline message/rfc822, as mailparser parses it', () => {
    expect(scanOk(embedded('\nContent-Disposition: inline'))).toMatchObject({ parts: 6, depth: 3 });
  });

  it('leaves an attached message/rfc822 as one leaf, as mailparser does', () => {
    expect(scanOk(embedded(''))).toMatchObject({ parts: 3, depth: 1 });
  });

  it('never walks into the returned message of a multipart/report', () => {
    expect(scanOk(embedded('\nContent-Disposition: inline', 'multipart/report'))).toMatchObject({ parts: 3, contentType: 'multipart/report' });
  });
});

describe('scanMimeStructure: no header section is UNPARSEABLE', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['NUL bytes', Buffer.alloc(4096)],
    ['text without header', crlf('Lorem ipsum dolor sit amet,\nconsectetur adipisicing elit.\n\nMore text.\n')],
    ['binary garbage', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46])],
    ['a leading empty line', crlf('\nFrom: a@x.fr\n\nbody\n')],
    ['more junk than fields', crlf('junk line\nmore junk\nFrom: a@x.fr\n\nbody\n')],
  ])('%s', (_name, raw) => {
    expect(scanMimeStructure(raw, LIMITS)).toMatchObject({ ok: false, code: 'UNPARSEABLE' });
  });

  it('refuses a part header over 1 MiB', () => {
    const raw = crlf(`From: a@x.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b\n${'X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(20_000)}\nbody\n--b--\n`);
    expect(scanMimeStructure(raw, LIMITS)).toMatchObject({ ok: false, code: 'UNPARSEABLE' });
  });

  it.each([
    ['a header without body', crlf('From: a@x.fr\nSubject: only a header\n')],
    ['an mbox From_ line first (RFC 4155)', crlf('From sender@x.fr Mon Jan  5 09:00:00 2026\nFrom: a@x.fr\n\nbody\n')],
    ['one stray line among real fields', crlf('---- Original message ----\nReturn-Path: <a@x.fr>\nFrom: a@x.fr\nSubject: s\n\nbody\n')],
    ['bare LF line endings', Buffer.from('From: a@x.fr\nSubject: s\n\nbody\n')],
    ['obsolete space before the colon (RFC 5322 4.5)', crlf('From : a@x.fr\n\nbody\n')],
    ['a stray NUL byte in a field (removed from the result later)', crlf('From: a@x.fr\nSubject: a\u0000b\n\nbody\n')],
  ])('accepts %s', (_name, raw) => {
    expect(scanMimeStructure(raw, LIMITS).ok).toBe(true);
  });
});

describe('readHeaderBlock', () => {
  it('unfolds fields, lower-cases names and finds the body', () => {
    const raw = crlf('Subject: a\n  b\nX-Test:\tc\n\nbody');
    const block = readHeaderBlock(raw);
    expect(block.fields).toEqual([
      { name: 'subject', value: ' a  b' },
      { name: 'x-test', value: '\tc' },
    ]);
    expect(raw.toString('latin1', block.bodyStart)).toBe('body');
    expect(block.terminated).toBe(true);
  });
});

describe('size hints', () => {
  it('bounds the decoded size of a large base64 part, keyed like mailparser part ids', () => {
    const data = Buffer.alloc(300_000, 7);
    const b64 = data.toString('base64').replace(/.{76}/g, '$&\n');
    const raw = crlf(`From: a@x.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\ntext\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${b64}\n--b--\n`);
    const hint = scanOk(raw).sizeHints.get('2');
    expect(hint).toBeGreaterThanOrEqual(data.length);
    expect(hint).toBeLessThan(data.length + 4);
  });
});
