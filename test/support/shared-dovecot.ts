/**
 * The Dovecot instance shared by all test files of a run (started by global-setup.ts).
 * Use a user name of your own (`uniqueUser()`) so your mailboxes don't meet other files'.
 * Tests that must stop or restart Dovecot start a private one with `startDovecot()` instead.
 */
import { inject } from 'vitest';
import {
  appendMessages, createMailbox, deleteMailbox, fetchFlags, imapUrl, listUids, mailboxStatus, readLogTail,
  type DovecotEndpoint,
} from './dovecot.ts';

/** The shared instance's address plus the mailbox helpers bound to it. */
export interface SharedDovecot extends DovecotEndpoint {
  imapUrl(user: string, mailbox?: string): string;
  appendMessages(user: string, mailbox: string, raws: Buffer[], options?: { internalDate?: Date[]; flags?: string[] }): Promise<number[]>;
  createMailbox(user: string, name: string): Promise<void>;
  deleteMailbox(user: string, name: string): Promise<void>;
  listUids(user: string, mailbox: string): Promise<number[]>;
  mailboxStatus(user: string, mailbox: string): Promise<{ uidValidity: bigint; uidNext: number; messages: number }>;
  fetchFlags(user: string, mailbox: string): Promise<Map<number, string[]>>;
  logTail(lines?: number): Promise<string>;
}

/** The shared Dovecot, for use inside test files (not in globalSetup). */
export function sharedDovecot(): SharedDovecot {
  const endpoint = inject('dovecot');
  return {
    ...endpoint,
    imapUrl: (user, mailbox) => imapUrl(endpoint, user, mailbox),
    appendMessages: (user, mailbox, raws, options) => appendMessages(endpoint, user, mailbox, raws, options),
    createMailbox: (user, name) => createMailbox(endpoint, user, name),
    deleteMailbox: (user, name) => deleteMailbox(endpoint, user, name),
    listUids: (user, mailbox) => listUids(endpoint, user, mailbox),
    mailboxStatus: (user, mailbox) => mailboxStatus(endpoint, user, mailbox),
    fetchFlags: (user, mailbox) => fetchFlags(endpoint, user, mailbox),
    logTail: (lines) => readLogTail(endpoint.dir, lines),
  };
}
