import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureMaildir, listMaildir, locateMessage, markDelivered } from '../../../src/ingest/maildir/maildir.ts';
import { compareDelivery, parseMaildirName, seenName } from '../../../src/ingest/maildir/maildir-name.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-maildir-'));
  await ensureMaildir(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a message file with the given mtime (seconds since the epoch). */
async function put(folder: 'new' | 'cur', name: string, mtime: number, body = name): Promise<void> {
  const file = path.join(dir, folder, name);
  await writeFile(file, `Subject: ${body}\n\n`);
  await utimes(file, mtime, mtime);
}

describe('Maildir names', () => {
  it('parses time, base and info', () => {
    expect(parseMaildirName('1700000000.M1P2.host:2,RS')).toEqual({ base: '1700000000.M1P2.host', info: '2,RS', time: 1700000000 });
    expect(parseMaildirName('message.eml')).toEqual({ base: 'message.eml', info: null, time: null });
  });

  it.each([
    ['1.a.h', '1.a.h:2,S'],
    ['1.a.h:2,', '1.a.h:2,S'],
    ['1.a.h:2,RF', '1.a.h:2,FRS'],
    ['1.a.h:2,S', '1.a.h:2,S'],
    ['1.a.h:1,x', '1.a.h:1,x'],
  ])('seenName(%s) = %s', (name, seen) => {
    expect(seenName(name)).toBe(seen);
  });

  it('orders by name time, then mtime, then name', () => {
    const keys = [
      { name: '200.b.h', mtimeMs: 100_000 },
      { name: '100.z.h', mtimeMs: 300_000 },
      { name: '100.a.h', mtimeMs: 300_000 },
      { name: '100.y.h', mtimeMs: 100_500 },
      { name: 'foreign', mtimeMs: 150_000 },
    ];
    expect(keys.sort(compareDelivery).map((k) => k.name)).toEqual(['100.y.h', '100.a.h', '100.z.h', 'foreign', '200.b.h']);
  });
});

describe('ensureMaildir / listMaildir', () => {
  it('creates tmp, new and cur, idempotently', async () => {
    await ensureMaildir(dir);
    expect((await readdir(dir)).sort()).toEqual(['cur', 'new', 'tmp']);
  });

  it('lists new/ in delivery order, skipping dot files and directories, with mtime as receivedAt', async () => {
    await put('new', '1700000002.b.host', 1700000002);
    await put('new', '1700000001.z.host', 1700000009); // name time wins over mtime
    await put('new', '.1700000000.tmp', 1700000000);
    await put('cur', '1700000000.a.host:2,S', 1700000000);
    const listed = await listMaildir(dir, { include: 'new' });
    expect(listed.map((e) => e.name)).toEqual(['1700000001.z.host', '1700000002.b.host']);
    expect(listed[0]).toMatchObject({ folder: 'new', path: path.join(dir, 'new', '1700000001.z.host'), receivedAt: new Date(1700000009_000) });
  });

  it("with include 'all', merges new/ and cur/ in one delivery order", async () => {
    await put('new', '1700000002.b.host', 1700000002);
    await put('cur', '1700000001.a.host:2,S', 1700000001);
    await put('cur', '1700000003.c.host:2,RS', 1700000003);
    expect((await listMaildir(dir, { include: 'all' })).map((e) => e.name)).toEqual(['1700000001.a.host:2,S', '1700000002.b.host', '1700000003.c.host:2,RS']);
  });

  it('treats a missing folder as empty', async () => {
    await rm(path.join(dir, 'new'), { recursive: true });
    expect(await listMaildir(dir, { include: 'new' })).toEqual([]);
  });
});

describe('markDelivered', () => {
  it('moves new/NAME to cur/NAME:2,S and is idempotent', async () => {
    await put('new', '1700000001.a.host', 1700000001);
    expect(await markDelivered(dir, '1700000001.a.host')).toBe(path.join(dir, 'cur', '1700000001.a.host:2,S'));
    expect(await markDelivered(dir, path.join(dir, 'new', '1700000001.a.host'))).toBeNull();
    expect(await readdir(path.join(dir, 'new'))).toEqual([]);
    expect(await readdir(path.join(dir, 'cur'))).toEqual(['1700000001.a.host:2,S']);
  });

  it('keeps flags a file already had', async () => {
    await put('new', '1700000001.a.host:2,F', 1700000001);
    await markDelivered(dir, '1700000001.a.host:2,F');
    expect(await readdir(path.join(dir, 'cur'))).toEqual(['1700000001.a.host:2,FS']);
  });

  it('locates a message another reader moved to cur/', async () => {
    await put('cur', '1700000001.a.host:2,RS', 1700000001);
    expect(await locateMessage(dir, '1700000001.a.host')).toBe(path.join(dir, 'cur', '1700000001.a.host:2,RS'));
    expect(await locateMessage(dir, '1700000009.x.host')).toBeNull();
  });
});
