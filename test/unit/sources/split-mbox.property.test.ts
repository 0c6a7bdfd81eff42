import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../../../src/ingest/mbox/split-mbox.ts';

/**
 * Round trip: messages written as an mboxrd file (what any mboxrd writer does: separator line,
 * `>`-escaping of `>*From ` lines, one blank line after each message) come back byte for byte,
 * whatever chunk sizes the file is read in.
 */

const lineText = fc.oneof(
  fc.constantFrom('From ', '>From ', '>>From x', 'From a@b Fri Jul  8 12:08:34 2011', '', 'Subject: hi', '>', 'Fromage', ' From '),
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')),
);
const eol = fc.constantFrom('\n', '\r\n');
/** A message: lines, each with its ending (messages end with a newline, as RFC 5322 requires). */
const message = fc.array(fc.tuple(lineText, eol), { maxLength: 8 }).map((lines) => lines.map(([text, end]) => text + end).join(''));

function escapeMboxrd(raw: string): string {
  return raw.replace(/^(>*From )/gm, '>$1');
}

describe('splitMbox round trip (property)', () => {
  it('joining messages into an mboxrd file and splitting gives them back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }), async (messages, sizes) => {
        const file = Buffer.from(messages.map((m, i) => `From sender${i}@example.org Fri Jul  8 12:08:${String(i).padStart(2, '0')} 2011\n${escapeMboxrd(m)}\n`).join(''));
        async function* chunks(): AsyncGenerator<Buffer> {
          let pos = 0;
          for (let i = 0; pos < file.length; i++) {
            const size = sizes[i % sizes.length] ?? 1;
            yield Buffer.from(file.subarray(pos, pos + size));
            pos += size;
          }
        }
        const got: { raw: string; index: number; second: number | undefined }[] = [];
        for await (const m of splitMbox(chunks())) got.push({ raw: m.raw.toString(), index: m.index, second: m.receivedAt?.getUTCSeconds() });
        expect(got).toEqual(messages.map((raw, index) => ({ raw, index, second: index })));
      }),
      { numRuns: 300 },
    );
  });
});
