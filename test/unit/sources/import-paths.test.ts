import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../src/ingest/import/import-paths.ts';
import type { ImportError, ImportProgress, ProgressUnit } from '../../../src/ingest/import/import-summary.ts';
import { ensureMaildir } from '../../../src/ingest/maildir/maildir.ts';
import { memorySink } from './memory-sink.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'guichet-import-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A progress that records the calls it gets. */
function recordingProgress(): ImportProgress & { begun: [string, ProgressUnit, number][]; errors: ImportError[]; done: number[]; ended: number } {
  const rec = {
    begun: [] as [string, ProgressUnit, number][],
    errors: [] as ImportError[],
    done: [] as number[],
    ended: 0,
    beginPath: (p: string, unit: ProgressUnit, total: number) => void rec.begun.push([p, unit, total]),
    message: (_o: unknown, done: number) => void rec.done.push(done),
    endPath: () => {},
    error: (e: ImportError) => void rec.errors.push(e),
    end: () => void rec.ended++,
  };
  return rec;
}

async function file(rel: string, content: string, mtime = 1700000000): Promise<string> {
  const full = path.join(root, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
  await utimes(full, mtime, mtime);
  return full;
}

const eml = (subject: string): string => `From: a@example.org\r\nSubject: ${subject}\r\n\r\nbody ${subject}\r\n`;
const subjects = (messages: { raw: Buffer }[]): string[] => messages.map((m) => /Subject: (.*)/.exec(m.raw.toString())?.[1] ?? '?');

describe('importPaths', () => {
  it('imports a directory of .eml files in natural name order, dated by mtime', async () => {
    await file('emls/10.eml', eml('ten'), 1700000010);
    await file('emls/2.eml', eml('two'), 1700000002);
    await file('emls/1.EML', eml('one'), 1700000001);
    await file('emls/notes.txt', 'not mail');
    await file('emls/.hidden.eml', eml('hidden'));
    const memory = memorySink();
    const progress = recordingProgress();
    const summary = await importPaths([path.join(root, 'emls')], memory.sink, progress);
    expect(subjects(memory.stored)).toEqual(['one', 'two', 'ten']);
    expect(memory.stored[0]).toMatchObject({ receivedAt: new Date(1700000001_000), origin: { kind: 'import', path: path.join(root, 'emls', '1.EML'), index: 0 } });
    expect(summary).toMatchObject({ messages: 3, stored: 3, duplicate: 0, quarantined: 0, failed: 0, errors: [] });
    expect(summary.bytes).toBe(eml('one').length + eml('two').length + eml('ten').length);
    expect(progress.begun).toEqual([[path.join(root, 'emls'), 'messages', 3]]);
    expect(progress.done).toEqual([1, 2, 3]);
    expect(progress.ended).toBe(1);
  });

  it('imports a single file given by a relative path, recording its absolute path', async () => {
    const full = await file('one.msg', eml('single'));
    const memory = memorySink();
    await importPaths([path.relative(process.cwd(), full)], memory.sink, recordingProgress());
    expect(memory.stored[0]?.origin).toEqual({ kind: 'import', path: full, index: 0 });
  });

  it('streams an mbox, dating messages by separator and falling back to the mtime', async () => {
    const mbox = [
      'From nobody-knows-when',
      eml('first'),
      'From b@example.org Sat Jul  9 08:00:00 2011',
      eml('second'),
      'From c@example.org Sun Jul 10 09:30:00 2011 +0200',
      eml('third'),
    ].join('\n');
    const full = await file('export.mbox.txt', mbox, 1700000000);
    const memory = memorySink();
    const progress = recordingProgress();
    const summary = await importPaths([full], memory.sink, progress);
    expect(subjects(memory.stored)).toEqual(['first', 'second', 'third']);
    expect(memory.stored.map((m) => m.receivedAt.toISOString())).toEqual(['2023-11-14T22:13:20.000Z', '2011-07-09T08:00:00.000Z', '2011-07-10T07:30:00.000Z']);
    expect(memory.stored.map((m) => m.origin)).toEqual([0, 1, 2].map((index) => ({ kind: 'import', path: full, index })));
    expect(memory.stored[1]?.raw.toString()).toBe(eml('second'));
    expect(progress.begun).toEqual([[full, 'bytes', Buffer.byteLength(mbox)]]);
    expect(progress.done.at(-1)).toBe(Buffer.byteLength(mbox));
    expect(summary.stored).toBe(3);
  });

  it('imports a Maildir from new/ and cur/ in delivery order without moving anything', async () => {
    const dir = path.join(root, 'Maildir');
    await ensureMaildir(dir);
    await file('Maildir/cur/1700000001.a.host:2,S', eml('seen'), 1700000001);
    await file('Maildir/new/1700000002.b.host', eml('unseen'), 1700000002);
    const memory = memorySink();
    const summary = await importPaths([dir], memory.sink, recordingProgress());
    expect(subjects(memory.stored)).toEqual(['seen', 'unseen']);
    expect(memory.stored[1]?.origin).toEqual({ kind: 'import', path: path.join(dir, 'new', '1700000002.b.host'), index: 0 });
    expect(summary.stored).toBe(2);
    expect(await readdir(path.join(dir, 'new'))).toEqual(['1700000002.b.host']);
  });

  it('is idempotent: importing again stores nothing', async () => {
    await file('emls/a.eml', eml('a'));
    await file('box', `From x Fri Jul  8 12:08:34 2011\n${eml('m1')}\nFrom x Fri Jul  8 12:08:35 2011\n${eml('m2')}`);
    const memory = memorySink();
    const paths = [path.join(root, 'emls'), path.join(root, 'box')];
    expect(await importPaths(paths, memory.sink, recordingProgress())).toMatchObject({ stored: 3, duplicate: 0 });
    expect(await importPaths(paths, memory.sink, recordingProgress())).toMatchObject({ messages: 3, stored: 0, duplicate: 3, failed: 0 });
  });

  it('reports an unreadable path by name and goes on with the next one', async () => {
    const missing = path.join(root, 'nope.eml');
    const good = await file('good.eml', eml('good'));
    const memory = memorySink();
    const progress = recordingProgress();
    const summary = await importPaths([missing, good], memory.sink, progress);
    expect(summary).toMatchObject({ stored: 1, failed: 1 });
    expect(summary.errors).toEqual([{ path: missing, index: null, message: `${missing}: no such file or directory` }]);
    expect(progress.errors).toEqual(summary.errors);
  });

  it.each([
    ['an empty file', async () => file('empty.eml', ''), 'empty file'],
    ['a directory without .eml files', async () => (await file('docs/readme.txt', 'hi'), path.join(root, 'docs')), 'no .eml files here'],
    ['a directory holding an empty .eml', async () => (await file('d/a.eml', eml('a')), await file('d/b.eml', ''), path.join(root, 'd')), 'empty file'],
  ])('fails %s as a whole, before storing anything', async (_what, make, reason) => {
    const target = await make();
    const memory = memorySink();
    const summary = await importPaths([target], memory.sink, recordingProgress());
    expect(summary.failed).toBe(1);
    expect(summary.errors[0]?.message).toContain(reason);
    expect(memory.handed).toEqual([]);
  });

  it('stops a path at the first message the store refuses, keeping file order, and goes on', async () => {
    const box = await file('box', ['a', 'b', 'c'].map((s, i) => `From x Fri Jul  8 12:08:3${i} 2011\n${eml(s)}`).join('\n'));
    const after = await file('after.eml', eml('after'));
    const memory = memorySink();
    const sink = async (message: Parameters<typeof memory.sink>[0]) => {
      if (message.origin.kind === 'import' && message.origin.index === 1 && message.origin.path === box) throw new Error('disk full');
      return memory.sink(message);
    };
    const summary = await importPaths([box, after], sink, recordingProgress());
    expect(subjects(memory.stored)).toEqual(['a', 'after']);
    expect(summary).toMatchObject({ stored: 2, failed: 1 });
    expect(summary.errors[0]).toMatchObject({ path: box, index: 1 });
    expect(summary.errors[0]?.message).toMatch(/message 1 was not stored \(disk full\)/);
  });
});
