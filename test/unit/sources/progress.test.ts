import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emptySummary, type ImportSummary } from '../../../src/ingest/import/import-summary.ts';
import { createImportProgress, formatBytes } from '../../../src/ingest/import/progress.ts';

/** A PassThrough that keeps everything written to it. */
function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (isTTY) stream.isTTY = true;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

/** Feeds `count` stored messages to a progress, counting the summary as importPaths does. */
function run(progress: ReturnType<typeof createImportProgress>, summary: ImportSummary, count: number, tick: () => void): void {
  for (let i = 1; i <= count; i++) {
    tick();
    summary.messages++;
    summary.stored++;
    summary.bytes += 100;
    progress.message('stored', i, summary);
  }
}

describe('createImportProgress without a TTY', () => {
  it('writes plain lines: start, every N messages, path end, errors and a summary, with no escape codes', async () => {
    let clock = 0;
    const out = capture(false);
    const progress = createImportProgress(out.stream, { everyMessages: 100, everyMs: 2000, now: () => clock });
    const summary = emptySummary();
    progress.beginPath('/data/a', 'messages', 250);
    run(progress, summary, 250, () => (clock += 1));
    progress.endPath(summary);
    progress.error({ path: '/data/missing', index: null, message: '/data/missing: no such file or directory' });
    summary.failed++;
    clock += 500;
    progress.end(summary);
    await new Promise((resolve) => setImmediate(resolve));
    const text = out.text();
    expect(text.includes('\u001b') || text.includes('\r')).toBe(false);
    expect(text.split('\n')).toEqual([
      'importing /data/a (250 messages)',
      '  a: 100/250 messages (40%), 100 stored, 0 duplicate, 0 quarantined, 1000 msg/s',
      '  a: 200/250 messages (80%), 200 stored, 0 duplicate, 0 quarantined, 1000 msg/s',
      '  a: 250/250 messages (100%), 250 stored, 0 duplicate, 0 quarantined, 1000 msg/s',
      'error: /data/missing: no such file or directory',
      'imported 250 messages (24.4 KiB) in 0.8 s: 250 stored, 0 duplicate, 0 quarantined, 1 failed',
      '',
    ]);
  });

  it('writes a line every 2 s even when messages are slow, measuring an mbox in bytes', async () => {
    let clock = 0;
    const out = capture(false);
    const progress = createImportProgress(out.stream, { now: () => clock });
    const summary = emptySummary();
    progress.beginPath('/data/big.mbox', 'bytes', 4 * 1024 * 1024);
    run(progress, summary, 3, () => (clock += 1500));
    progress.end(summary);
    await new Promise((resolve) => setImmediate(resolve));
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toBe('importing /data/big.mbox (4.0 MiB)');
    // Lines at 3.0 s (2 messages) and the path's end (3 messages).
    expect(lines.slice(1, 3)).toEqual([
      '  big.mbox: 2 B/4.0 MiB, 2 messages (0%), 2 stored, 0 duplicate, 0 quarantined, 1 msg/s',
      '  big.mbox: 3 B/4.0 MiB, 3 messages (0%), 3 stored, 0 duplicate, 0 quarantined, 1 msg/s',
    ]);
    expect(lines).toHaveLength(4);
  });
});

describe('createImportProgress on a TTY', () => {
  it('draws a cli-progress bar and ends with the summary line', async () => {
    const out = capture(true);
    const progress = createImportProgress(out.stream);
    const summary = emptySummary();
    progress.beginPath('/data/a', 'messages', 2);
    run(progress, summary, 2, () => {});
    progress.endPath(summary);
    progress.end(summary);
    await new Promise((resolve) => setImmediate(resolve));
    const text = out.text();
    expect(text).toContain('a [');
    expect(text).toContain('2/2 msg');
    expect(text).toMatch(/imported 2 messages \(200 B\) in [\d.]+ s: 2 stored, 0 duplicate, 0 quarantined, 0 failed\n$/);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [1024 ** 3, '1.0 GiB'],
  ])('%d -> %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
