import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

const fail = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('gives the embedded default with no configuration at all', () => {
    const c = loadConfig({}, '/srv');
    expect(c.databaseUrl).toBeNull();
    expect(c.imap).toBeNull();
    expect(c.smtpUrl).toBeNull();
    expect(c.dataDir).toBe('/srv/data');
    expect(c.maildirPath).toBe('/srv/data/mail');
    expect(c.limits).toEqual({ maxMessageBytes: 40 * 1024 * 1024, maxMimeDepth: 20, maxParts: 500 });
  });

  it('parses IMAP_URL with URL-encoded credentials and the default ports', () => {
    const c = loadConfig({ IMAP_URL: 'imaps://support%40desk.fr:p%40ss%3Aw0rd@mail.desk.fr' }, '/srv');
    expect(c.imap).toMatchObject({ host: 'mail.desk.fr', port: 993, secure: true, user: 'support@desk.fr', password: 'p@ss:w0rd', mailbox: 'INBOX', afterIngest: 'flag' });
    expect(loadConfig({ IMAP_URL: 'imap://u:p@127.0.0.1:1143' }).imap).toMatchObject({ port: 1143, secure: false });
    // With IMAP configured, the local Maildir is not watched unless asked.
    expect(loadConfig({ IMAP_URL: 'imap://u:p@h' }).maildirPath).toBeNull();
    expect(loadConfig({ IMAP_URL: 'imap://u:p@h', MAILDIR_WATCH: 'true' }, '/srv').maildirPath).toBe(path.resolve('/srv/data/mail'));
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', IMAP_URL: '' }).databaseUrl).toBeNull();
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ IMAP_URL: 'http://u:p@h' }, 'IMAP_URL'],
    [{ IMAP_URL: 'imap://user@h' }, 'IMAP_URL'],
    [{ IMAP_AFTER_INGEST: 'delete' }, 'IMAP_AFTER_INGEST'],
    [{ IMAP_URL: 'imap://u:p@h', IMAP_AFTER_INGEST: 'move', IMAP_MOVE_TO: 'INBOX' }, 'IMAP_MOVE_TO'],
    [{ IMAP_POLL_INTERVAL_MS: '-5' }, 'IMAP_POLL_INTERVAL_MS'],
    [{ MAX_MESSAGE_BYTES: 'lots' }, 'MAX_MESSAGE_BYTES'],
    [{ SMTP_URL: 'ftp://x' }, 'SMTP_URL'],
    [{ SUPPORT_ADDRESS: 'not an address' }, 'SUPPORT_ADDRESS'],
    [{ CONTACT_FORM_SENDERS: 'form@site.fr, nope' }, 'CONTACT_FORM_SENDERS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('names the variable at fault: %j', (env, variable) => {
    const error = fail(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never puts the IMAP password in an error message', () => {
    const error = fail({ IMAP_URL: 'imap://user:hunter2@h', IMAP_AFTER_INGEST: 'move', IMAP_MOVE_TO: 'INBOX' });
    expect(error.message).not.toContain('hunter2');
  });
});
