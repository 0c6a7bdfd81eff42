import type { Stats } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareDelivery, isMessageName, parseMaildirName, seenName } from './maildir-name.ts';

/**
 * File-system operations on a Maildir: create it, list its messages in delivery order, and move a
 * message from new/ to cur/ once it is safely stored. The naming rules are in maildir-name.ts.
 */

/** The Maildir subfolders that hold messages. */
export type MaildirFolder = 'new' | 'cur';

/** One message file of a Maildir. */
export interface MaildirEntry {
  /** Absolute path of the file. */
  path: string;
  folder: MaildirFolder;
  /** The file name (in `folder`). */
  name: string;
  /**
   * The file's mtime. Deliverers write the file at delivery, and Dovecot deliberately keeps a
   * message's received date (its IMAP INTERNALDATE) in the mtime, so this is the same instant an
   * IMAP client of that Maildir would see. The name's leading time only has whole seconds and is
   * the time of the write, not of the original receipt, for messages APPENDed with a date.
   */
  receivedAt: Date;
}

/** Creates `dir` and its tmp/, new/ and cur/ subfolders if missing (idempotent). */
export async function ensureMaildir(dir: string): Promise<void> {
  for (const sub of ['tmp', 'new', 'cur']) await mkdir(path.join(dir, sub), { recursive: true });
}

/**
 * The messages of a Maildir in delivery order (see compareDelivery): new/ only, or new/ and cur/
 * together. Names starting with `.` and anything that is not a regular file are left out; a file
 * that disappears while being listed (another reader moved it) is simply not listed. A missing
 * folder counts as empty so that a Maildir holding only cur/ (or only new/) can be read.
 */
export async function listMaildir(dir: string, options: { include: 'new' | 'all' }): Promise<MaildirEntry[]> {
  const root = path.resolve(dir);
  const folders: MaildirFolder[] = options.include === 'new' ? ['new'] : ['new', 'cur'];
  const entries: (MaildirEntry & { mtimeMs: number })[] = [];
  for (const folder of folders) {
    for (const name of await readNames(path.join(root, folder))) {
      if (!isMessageName(name)) continue;
      const file = path.join(root, folder, name);
      const info = await statOrNull(file);
      if (!info?.isFile()) continue;
      entries.push({ path: file, folder, name, receivedAt: info.mtime, mtimeMs: info.mtimeMs });
    }
  }
  entries.sort(compareDelivery);
  return entries.map(({ mtimeMs: _mtimeMs, ...entry }) => entry);
}

/**
 * Marks a message as taken: moves new/NAME to cur/NAME:2,S (keeping any flags it had). `file` is
 * the name in new/ or a path to it. Safe to repeat and to race: when new/NAME is already gone
 * (moved by an earlier call or by another process) nothing happens. Returns the path in cur/, or
 * null when the file was no longer in new/.
 */
export async function markDelivered(dir: string, file: string): Promise<string | null> {
  const name = path.basename(file);
  const target = path.join(path.resolve(dir), 'cur', seenName(name));
  try {
    await rename(path.join(path.resolve(dir), 'new', name), target);
    return target;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * Finds where a message whose file vanished now lives: another Maildir reader may have moved it
 * from new/ to cur/ (adding flags) between our listing and our read. Matches on the name's base,
 * which the spec keeps stable across moves. Returns null when it is in neither folder.
 */
export async function locateMessage(dir: string, name: string): Promise<string | null> {
  const { base } = parseMaildirName(name);
  for (const folder of ['new', 'cur'] as const) {
    const found = (await readNames(path.join(path.resolve(dir), folder))).find((n) => parseMaildirName(n).base === base);
    if (found !== undefined) return path.join(path.resolve(dir), folder, found);
  }
  return null;
}

async function readNames(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** True for the error a file system raises when a path is gone. */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
