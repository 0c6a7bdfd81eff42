import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectStream, ContentSink } from '../../../src/ingest/parse/attachment-collector.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const chunksOf = (b: Buffer, size: number) => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));

describe('ContentSink', () => {
  const data = randomBytes(200_000);

  it.each([
    ['no bound', undefined],
    ['an exact bound', data.length],
    ['a bound a little too high', data.length + 2],
    ['a bound far too high', data.length * 3],
    ['a bound too low', 1000],
  ])('collects and hashes with %s', (_name, bound) => {
    const sink = new ContentSink(bound);
    for (const chunk of chunksOf(data, 16_384)) sink.write(chunk);
    const out = sink.finish();
    expect(out.size).toBe(data.length);
    expect(out.sha256).toBe(sha256(data));
    expect(out.content.equals(data)).toBe(true);
  });

  it('writes into the preallocated buffer instead of copying at the end', () => {
    const sink = new ContentSink(data.length + 2);
    for (const chunk of chunksOf(data, 65_536)) sink.write(chunk);
    const out = sink.finish();
    // one allocation: the content is a view of the bounded buffer, its unused tail zeroed
    expect(out.content.buffer.byteLength).toBe(data.length + 2);
    expect(Buffer.from(out.content.buffer, out.content.byteOffset + out.size, 2)).toEqual(Buffer.alloc(2));
  });

  it('collects an empty stream', () => {
    const out = new ContentSink(100).finish();
    expect(out.size).toBe(0);
    expect(out.sha256).toBe(sha256(Buffer.alloc(0)));
  });
});

describe('collectStream', () => {
  it('reads a stream to its end', async () => {
    const data = randomBytes(100_000);
    const out = await collectStream(Readable.from(chunksOf(data, 7000)), data.length);
    expect(out.content.equals(data)).toBe(true);
  });

  it('rejects when the stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('boom'));
      },
    });
    await expect(collectStream(failing)).rejects.toThrow('boom');
  });
});
