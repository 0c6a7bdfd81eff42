import { describe, expect, it } from 'vitest';
import { MboxSplitter, splitMbox, type MboxMessage } from '../../../src/ingest/mbox/split-mbox.ts';

/** Splits `text` fed in chunks of the given sizes (cycled), returning the messages as strings. */
async function split(text: string | Buffer, chunkSizes: number[] = [1 << 16]): Promise<{ raw: string; receivedAt: string | null; index: number }[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  async function* chunks(): AsyncGenerator<Buffer> {
    let pos = 0;
    for (let i = 0; pos < bytes.length; i++) {
      const size = chunkSizes[i % chunkSizes.length] ?? 1;
      // A copy per chunk, as a stream would hand out: the splitter must not rely on one big buffer.
      yield Buffer.from(bytes.subarray(pos, pos + size));
      pos += size;
    }
  }
  const out: MboxMessage[] = [];
  for await (const message of splitMbox(chunks())) out.push(message);
  return out.map((m) => ({ raw: m.raw.toString('utf8'), receivedAt: m.receivedAt?.toISOString() ?? null, index: m.index }));
}

const SEP1 = 'From alice@example.org Fri Jul  8 12:08:34 2011';
const SEP2 = 'From bob@example.org Sat Jul  9 08:00:00 2011';

describe('splitMbox', () => {
  it('yields nothing for an empty file', async () => {
    expect(await split('')).toEqual([]);
  });

  it('splits two LF messages, dating each from its separator', async () => {
    const mbox = `${SEP1}\nSubject: one\n\nbody one\n\n${SEP2}\nSubject: two\n\nbody two\n\n`;
    expect(await split(mbox)).toEqual([
      { raw: 'Subject: one\n\nbody one\n', receivedAt: '2011-07-08T12:08:34.000Z', index: 0 },
      { raw: 'Subject: two\n\nbody two\n', receivedAt: '2011-07-09T08:00:00.000Z', index: 1 },
    ]);
  });

  it('keeps CRLF line endings and strips the CRLF blank line before a separator', async () => {
    const mbox = `${SEP1}\r\nSubject: one\r\n\r\nbody\r\n\r\n${SEP2}\r\nSubject: two\r\n\r\nbody\r\n\r\n`;
    expect((await split(mbox)).map((m) => m.raw)).toEqual(['Subject: one\r\n\r\nbody\r\n', 'Subject: two\r\n\r\nbody\r\n']);
  });

  it('returns a final message without trailing newline as it is', async () => {
    expect((await split(`${SEP1}\nSubject: x\n\nno newline at the end`)).map((m) => m.raw)).toEqual(['Subject: x\n\nno newline at the end']);
  });

  it('strips only one blank line: a message ending in a blank line keeps it', async () => {
    expect((await split(`${SEP1}\nSubject: x\n\nbody\n\n\n${SEP2}\nSubject: y\n\n`)).map((m) => m.raw)).toEqual([
      'Subject: x\n\nbody\n\n',
      'Subject: y\n',
    ]);
  });

  it('unescapes mboxrd: any >+From line loses exactly one >', async () => {
    const mbox = `${SEP1}\nSubject: x\n\n>From here\n>>From there\n>>>From afar\n> From not escaped\n>Fromage\n`;
    expect((await split(mbox))[0]?.raw).toBe('Subject: x\n\nFrom here\n>From there\n>>From afar\n> From not escaped\n>Fromage\n');
  });

  describe('separator rule: shape, not blank line', () => {
    it('splits at a well-formed From line even without a blank line before it', async () => {
      expect((await split(`${SEP1}\nSubject: a\n\nbody a\n${SEP2}\nSubject: b\n\nbody b\n`)).map((m) => m.raw)).toEqual([
        'Subject: a\n\nbody a\n',
        'Subject: b\n\nbody b\n',
      ]);
    });

    it('keeps an unescaped prose From line in the body, even after a blank line', async () => {
      const mbox = `${SEP1}\nSubject: a\n\nHello,\n\nFrom what I can see, it never left.\nFrom me too\n`;
      expect(await split(mbox)).toEqual([
        { raw: 'Subject: a\n\nHello,\n\nFrom what I can see, it never left.\nFrom me too\n', receivedAt: '2011-07-08T12:08:34.000Z', index: 0 },
      ]);
    });

    it('takes the first line as a separator whatever its date, with a null date', async () => {
      expect(await split(`From someone without a date\nSubject: a\n\nx\n`)).toEqual([{ raw: 'Subject: a\n\nx\n', receivedAt: null, index: 0 }]);
    });

    it('splits at a well-formed line whose zone is unknown, with a null date', async () => {
      const mbox = `${SEP1}\nSubject: a\n\n\nFrom c@d Fri Jul  8 12:08:34 XYZ 2011\nSubject: b\n\n`;
      expect((await split(mbox)).map((m) => m.receivedAt)).toEqual(['2011-07-08T12:08:34.000Z', null]);
    });
  });

  it('yields an empty message for back-to-back separators, keeping indexes aligned', async () => {
    expect((await split(`${SEP1}\n${SEP2}\nSubject: b\n`)).map((m) => [m.index, m.raw])).toEqual([
      [0, ''],
      [1, 'Subject: b\n'],
    ]);
  });

  it('ignores leading blank lines but keeps other text before the first separator', async () => {
    expect((await split(`\n\n${SEP1}\nSubject: a\n`)).map((m) => m.raw)).toEqual(['Subject: a\n']);
    expect(await split(`stray text\n\n${SEP1}\nSubject: a\n`)).toEqual([
      { raw: 'stray text\n', receivedAt: null, index: 0 },
      { raw: 'Subject: a\n', receivedAt: '2011-07-08T12:08:34.000Z', index: 1 },
    ]);
  });

  it('gives the same result for every chunking, down to one byte, CR and LF split apart', async () => {
    const mbox = `${SEP1}\r\nSubject: a\r\n\r\n>From x\r\n\r\n${SEP2}\r\nSubject: b\r\n\r\nend`;
    const whole = await split(mbox);
    for (const sizes of [[1], [2], [3, 1, 7], [5, 64]]) expect(await split(mbox, sizes)).toEqual(whole);
  });

  it('leaves non-UTF-8 bytes untouched', async () => {
    const body = Buffer.from([0x53, 0x3a, 0x20, 0xe9, 0xff, 0x0a]);
    const mbox = Buffer.concat([Buffer.from(`${SEP1}\n`), body, Buffer.from('\n')]);
    const out: Buffer[] = [];
    for await (const m of splitMbox((async function* () { yield mbox; })())) out.push(m.raw);
    expect(out).toEqual([body]);
  });

  it('rejects pushes after end (MboxSplitter used directly)', () => {
    const splitter = new MboxSplitter();
    expect(splitter.push(Buffer.from(`${SEP1}\nx\n`))).toEqual([]);
    expect(splitter.end().map((m) => m.raw.toString())).toEqual(['x\n']);
    expect(() => splitter.push(Buffer.from('y'))).toThrow(/after end/);
  });

  it('splits many messages read in small random chunk sizes', async () => {
    const count = 3000;
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(`From s@x Fri Jul  8 12:08:34 2011\nSubject: ${i}\n\n${'line\n'.repeat(i % 7)}>From ${i}\n\n`);
    let seed = 42;
    const sizes = Array.from({ length: 97 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 300 + 1);
    const got = await split(parts.join(''), sizes);
    expect(got).toHaveLength(count);
    got.forEach((m, i) => expect(m.raw).toBe(`Subject: ${i}\n\n${'line\n'.repeat(i % 7)}From ${i}\n`));
  });

  it('streams: a message is yielded before the rest of the file is read', async () => {
    let produced = 0;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield Buffer.from(`From a@b Fri Jul  8 12:08:34 2011\nSubject: ${i}\n\n`);
      }
    }
    for await (const message of splitMbox(chunks())) {
      expect(message.index).toBe(0);
      break;
    }
    expect(produced).toBeLessThan(5);
  });
});
