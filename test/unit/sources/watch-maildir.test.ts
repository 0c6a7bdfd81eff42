import { mkdtemp, readdir, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureMaildir } from '../../../src/ingest/maildir/maildir.ts';
import { watchMaildir, type MaildirWatcher } from '../../../src/ingest/maildir/watch-maildir.ts';
import type { MessageSink } from '../../../src/ingest/store-outcome.ts';
import { memorySink } from './memory-sink.ts';

let dir: string;
let watcher: MaildirWatcher | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-watch-'));
  await ensureMaildir(dir);
});
afterEach(async () => {
  await watcher?.stop();
  watcher = null;
  await rm(dir, { recursive: true, force: true });
});

/** Delivers like a Maildir deliverer: write in tmp/, then rename into new/ (atomic). */
async function deliver(name: string, body: string, mtime?: number): Promise<void> {
  const tmp = path.join(dir, 'tmp', name);
  await writeFile(tmp, `Subject: ${body}\r\n\r\n${body}\r\n`);
  if (mtime !== undefined) await utimes(tmp, mtime, mtime);
  await rename(tmp, path.join(dir, 'new', name));
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const names = (folder: string): Promise<string[]> => readdir(path.join(dir, folder)).then((n) => n.sort());

describe('watchMaildir', () => {
  it('hands what new/ already holds, in delivery order, then moves each to cur/ with :2,S', async () => {
    await deliver('1700000002.b.host', 'second', 1700000002);
    await deliver('1700000001.a.host', 'first', 1700000001);
    const memory = memorySink();
    const errors: unknown[] = [];
    watcher = watchMaildir({ dir, sink: memory.sink, onError: (e) => errors.push(e) });
    await waitFor(async () => (await names('cur')).length === 2, 2000);
    expect(memory.handed.map((m) => m.raw.toString().split('\r\n')[0])).toEqual(['Subject: first', 'Subject: second']);
    expect(memory.handed[0]).toMatchObject({
      receivedAt: new Date(1700000001_000),
      origin: { kind: 'maildir', path: path.join(dir, 'new', '1700000001.a.host') },
    });
    expect(await names('cur')).toEqual(['1700000001.a.host:2,S', '1700000002.b.host:2,S']);
    expect(await names('new')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('picks up a file dropped into new/ while watching within 2 s (fs.watch, not the poll)', async () => {
    const memory = memorySink();
    const errors: unknown[] = [];
    watcher = watchMaildir({ dir, sink: memory.sink, onError: (e) => errors.push(e), pollIntervalMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await deliver('1700000005.c.host', 'late');
    await waitFor(async () => (await names('cur')).includes('1700000005.c.host:2,S'), 2000);
    expect(memory.stored).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('leaves a message in new/ when the sink fails, reports it, and retries it on the next pass', async () => {
    await deliver('1700000001.a.host', 'first', 1700000001);
    await deliver('1700000002.b.host', 'second', 1700000002);
    const memory = memorySink();
    memory.failNext(1);
    const errors: { error: unknown; file: string | undefined }[] = [];
    watcher = watchMaildir({ dir, sink: memory.sink, onError: (error, file) => errors.push({ error, file }), pollIntervalMs: 300 });
    await waitFor(() => errors.length === 1, 2000);
    expect(errors[0]?.file).toBe(path.join(dir, 'new', '1700000001.a.host'));
    // The pass stopped at the failure: the second message did not overtake the first.
    expect(memory.handed).toEqual([]);
    expect(await names('new')).toEqual(['1700000001.a.host', '1700000002.b.host']);
    await waitFor(async () => (await names('cur')).length === 2, 2000);
    expect(memory.stored.map((m) => m.raw.toString().split('\r\n')[0])).toEqual(['Subject: first', 'Subject: second']);
  });

  it('skips a file that disappears between listing and reading', async () => {
    await deliver('1700000001.a.host', 'first', 1700000001);
    await deliver('1700000002.b.host', 'second', 1700000002);
    await deliver('1700000003.c.host', 'third', 1700000003);
    const memory = memorySink();
    const sink: MessageSink = async (message) => {
      if (memory.handed.length === 0) await unlink(path.join(dir, 'new', '1700000002.b.host'));
      return memory.sink(message);
    };
    const errors: unknown[] = [];
    watcher = watchMaildir({ dir, sink, onError: (e) => errors.push(e) });
    await waitFor(async () => (await names('cur')).length === 2, 2000);
    expect(await names('cur')).toEqual(['1700000001.a.host:2,S', '1700000003.c.host:2,S']);
    expect(errors).toEqual([]);
  });

  it('hands one message at a time, and stop() waits for the one in flight', async () => {
    for (let i = 1; i <= 3; i++) await deliver(`170000000${i}.m.host`, `m${i}`, 1700000000 + i);
    const memory = memorySink();
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => {};
    const sink: MessageSink = async (message) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => (release = resolve));
      inFlight--;
      return memory.sink(message);
    };
    const errors: unknown[] = [];
    watcher = watchMaildir({ dir, sink, onError: (e) => errors.push(e) });
    await waitFor(() => inFlight === 1, 2000);
    let stopped = false;
    const stopping = watcher.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    watcher = null;
    expect(maxInFlight).toBe(1);
    expect(errors).toEqual([]);
    expect(memory.stored).toHaveLength(1);
    expect(await names('cur')).toEqual(['1700000001.m.host:2,S']);
    expect(await names('new')).toEqual(['1700000002.m.host', '1700000003.m.host']);
  });
});
