// Tests of the real-Dovecot harness itself (test/support/dovecot.ts, shared-dovecot.ts).
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { appendMessages, connectImap, listUids, mailboxStatus, startDovecot, uniqueUser, withImap, type DovecotServer } from '../support/dovecot.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';

const dovecot = sharedDovecot();

function message(subject: string, body = `Body of ${subject}\r\n`): Buffer {
  return Buffer.from(`From: customer@example.com\r\nTo: support@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${uniqueUser('m')}@example.com>\r\n\r\n${body}`);
}

describe('shared Dovecot', () => {
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => console.error(`Dovecot log:\n${await dovecot.logTail(40)}`));
  });

  test('appends messages and reads them back unchanged, UIDs ascending', async () => {
    const user = uniqueUser('harness');
    const raws = [message('one'), message('two'), message('three')];
    const internalDate = [new Date('2024-01-01T10:00:00Z'), new Date('2024-01-02T10:00:00Z'), new Date('2024-01-03T10:00:00Z')];
    const uids = await dovecot.appendMessages(user, 'INBOX', raws, { internalDate, flags: ['\\Seen'] });

    expect(uids).toHaveLength(3);
    expect(uids).toEqual([...uids].sort((a, b) => a - b));
    expect(new Set(uids).size).toBe(3);
    expect(await dovecot.listUids(user, 'INBOX')).toEqual(uids);

    const fetched = await withImap(dovecot, user, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const out: { uid: number; source: Buffer; internalDate: Date }[] = [];
      for await (const m of client.fetch('1:*', { uid: true, source: true, internalDate: true })) {
        out.push({ uid: m.uid, source: m.source!, internalDate: new Date(m.internalDate!) });
      }
      return out;
    });
    expect(fetched.map((m) => m.uid)).toEqual(uids);
    fetched.forEach((m, i) => {
      expect(m.source.equals(raws[i]!)).toBe(true);
      expect(m.internalDate.toISOString()).toBe(internalDate[i]!.toISOString());
    });
    const flags = await dovecot.fetchFlags(user, 'INBOX');
    expect([...flags.values()]).toEqual([['\\Seen'], ['\\Seen'], ['\\Seen']]);
  });

  test('IDLE pushes EXISTS within 2 s of an APPEND from another connection', async () => {
    const user = uniqueUser('idle');
    const watcher = await connectImap(dovecot, user);
    try {
      await watcher.mailboxOpen('INBOX');
      const exists = new Promise<number>((resolve) => watcher.once('exists', (event) => resolve(event.count)));
      const idle = watcher.idle(); // resolves once IDLE ends (at logout)
      // Make sure IDLE is really in progress, so the EXISTS can only come from a server push.
      await expect.poll(() => watcher.idling, { timeout: 5_000, interval: 20 }).toBe(true);

      await dovecot.appendMessages(user, 'INBOX', [message('pushed')]);
      const appendedAt = Date.now();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2_000));
      expect(await Promise.race([exists, timeout])).toBe(1);
      expect(Date.now() - appendedAt).toBeLessThan(2_000);
      await watcher.logout();
      await idle;
    } finally {
      watcher.close(); // no-op after a clean logout
    }
  });

  test('deleting and recreating a mailbox changes its UIDVALIDITY', async () => {
    const user = uniqueUser('uidvalidity');
    await dovecot.appendMessages(user, 'Cases/Done', [message('first life')]);
    const before = await dovecot.mailboxStatus(user, 'Cases/Done');
    expect(before.messages).toBe(1);

    await dovecot.deleteMailbox(user, 'Cases/Done');
    await dovecot.createMailbox(user, 'Cases/Done');
    const after = await dovecot.mailboxStatus(user, 'Cases/Done');
    expect(after.messages).toBe(0);
    expect(after.uidValidity).not.toBe(before.uidValidity);
  });

  test('LMTP delivers to user@localhost, visible in that user\'s INBOX', async () => {
    const user = uniqueUser('lmtp');
    const transport = nodemailer.createTransport({ host: dovecot.host, port: dovecot.lmtpPort, lmtp: true, secure: false, ignoreTLS: true });
    try {
      const info = await transport.sendMail({
        envelope: { from: 'customer@example.com', to: [`${user}@localhost`] },
        raw: message('via lmtp', 'Delivered over LMTP\r\n'),
      });
      expect(info.accepted).toEqual([`${user}@localhost`]);
    } finally {
      transport.close();
    }
    const uids = await dovecot.listUids(user, 'INBOX');
    expect(uids).toHaveLength(1);
    const source = await withImap(dovecot, user, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const fetched = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
      return fetched ? fetched.source?.toString('utf8') : undefined;
    });
    expect(source).toContain('Subject: via lmtp');
    expect(source).toContain('Delivered over LMTP');
  });

  test('accepts a 30 MB message', async () => {
    const user = uniqueUser('big');
    const line = `${'x'.repeat(998)}\r\n`;
    const raw = message('big', line.repeat(Math.ceil((30 * 1024 * 1024) / line.length)));
    const [uid] = await dovecot.appendMessages(user, 'INBOX', [raw]);
    const size = await withImap(dovecot, user, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const fetched = await client.fetchOne(String(uid), { size: true }, { uid: true });
      return fetched ? fetched.size : undefined;
    });
    expect(size).toBe(raw.length);
  });
});

describe('private Dovecot', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ name: 'harness' });
  });
  afterAll(async () => {
    await server?.dispose();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => console.error(`Dovecot log:\n${await server.logTail(40)}`));
  });

  test('restart() keeps the ports and the mail', async () => {
    const user = uniqueUser('restart');
    const uids = await appendMessages(server, user, 'INBOX', [message('a'), message('b')]);
    const before = await mailboxStatus(server, user, 'INBOX');
    const { imapPort, lmtpPort } = server;
    expect(server.imapUrl(user)).toBe(`imap://${user}:secret@127.0.0.1:${imapPort}`);

    await server.restart();

    expect([server.imapPort, server.lmtpPort]).toEqual([imapPort, lmtpPort]);
    expect(await listUids(server, user, 'INBOX')).toEqual(uids);
    expect(await mailboxStatus(server, user, 'INBOX')).toEqual(before);
    const [next] = await appendMessages(server, user, 'INBOX', [message('c')]);
    expect(next).toBe(before.uidNext);
  });

  test('stop() closes the ports', async () => {
    await server.stop();
    await expect(connectImap(server, uniqueUser('closed'))).rejects.toThrow();
    await server.restart(); // restart from stopped works too, and leaves it running for afterAll
    expect(await listUids(server, uniqueUser('again'), 'INBOX')).toEqual([]);
  });
});
