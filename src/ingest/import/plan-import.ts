import { constants, type Stats } from 'node:fs';
import { access, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { listMaildir } from '../maildir/maildir.ts';

/**
 * Looks at one `guichet import` argument and decides, before any message is handed to the store,
 * what it is and which files it covers — so that a path that cannot be read fails as a whole,
 * with nothing half-imported:
 *
 * - a directory with cur/ or new/ is a Maildir: new/ and cur/ in delivery order;
 * - any other directory is a directory of `.eml` files (top level only, natural name order:
 *   `2.eml` before `10.eml`), other files being ignored;
 * - a file whose first bytes are `From ` is an mbox (no extension is trusted: exports are named
 *   anything);
 * - any other file is one message (`.eml` or not).
 */

/** One message file to import, with the date the store records as its receipt. */
export interface PlannedFile {
  /** Absolute path. */
  path: string;
  size: number;
  /** The file's mtime: when it was delivered or saved (the best receipt date a lone file has). */
  receivedAt: Date;
  /** For Maildir messages: where to look if another reader moves the file while we import. */
  maildir: { dir: string; name: string } | null;
}

/** What importing a path means. */
export type ImportPlan =
  | { kind: 'mbox'; path: string; size: number; mtime: Date }
  | { kind: 'files'; source: 'eml' | 'maildir' | 'eml-directory'; path: string; files: PlannedFile[] };

/** A path that cannot be imported, with a reason meant for the operator. */
export class ImportPathError extends Error {
  readonly path: string;
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ImportPathError';
    this.path = file;
  }
}

const naturalOrder = new Intl.Collator('en', { numeric: true });

/** Plans the import of one path (made absolute); throws ImportPathError when it cannot be read. */
export async function planImport(given: string): Promise<ImportPlan> {
  const root = path.resolve(given);
  const info = await fsCall(root, () => stat(root));
  if (info.isDirectory()) {
    if ((await isDirectory(path.join(root, 'cur'))) || (await isDirectory(path.join(root, 'new')))) {
      const entries = await fsCall(root, () => listMaildir(root, { include: 'all' }));
      const files = entries.map((e) => ({ path: e.path, size: 0, receivedAt: e.receivedAt, maildir: { dir: root, name: e.name } }));
      return { kind: 'files', source: 'maildir', path: root, files: await checkedFiles(files) };
    }
    return { kind: 'files', source: 'eml-directory', path: root, files: await checkedFiles(await emlFiles(root)) };
  }
  if (!info.isFile()) throw new ImportPathError(root, 'neither a file nor a directory');
  const head = await fsCall(root, () => readHead(root, 5));
  if (head.length === 0) throw new ImportPathError(root, 'empty file');
  if (head.toString('latin1') === 'From ') return { kind: 'mbox', path: root, size: info.size, mtime: info.mtime };
  return { kind: 'files', source: 'eml', path: root, files: [{ path: root, size: info.size, receivedAt: info.mtime, maildir: null }] };
}

/** The `.eml` files of a directory, in natural name order (ties broken by code units, for a total order). */
async function emlFiles(dir: string): Promise<PlannedFile[]> {
  const names = await fsCall(dir, () => readdir(dir));
  const files: PlannedFile[] = [];
  let others = 0;
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const file = path.join(dir, name);
    const info = await fsCall(file, () => stat(file));
    if (!info.isFile()) continue;
    if (!name.toLowerCase().endsWith('.eml')) {
      others++;
      continue;
    }
    files.push({ path: file, size: info.size, receivedAt: info.mtime, maildir: null });
  }
  if (files.length === 0 && others > 0) {
    throw new ImportPathError(dir, `no .eml files here (${others} other files); a Maildir needs cur/ or new/`);
  }
  return files.sort((a, b) => naturalOrder.compare(a.path, b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Checks up front that every file can be read and is not empty, so that a path fails before its
 * first message rather than halfway (an import stops at its first failure to keep file order).
 */
async function checkedFiles(files: PlannedFile[]): Promise<PlannedFile[]> {
  const checked: PlannedFile[] = [];
  for (const file of files) {
    await fsCall(file.path, () => access(file.path, constants.R_OK));
    const info: Stats = await fsCall(file.path, () => stat(file.path));
    if (info.size === 0) throw new ImportPathError(file.path, 'empty file');
    checked.push({ ...file, size: info.size });
  }
  return checked;
}

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** Runs a file-system call, turning its failure into an ImportPathError naming `file`. */
async function fsCall<T>(file: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new ImportPathError(file, describeFsError(error));
  }
}

/** A short reason for a file-system error ("permission denied"), without repeating the path. */
export function describeFsError(error: unknown): string {
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a component of the path is not a directory',
    ELOOP: 'too many symbolic links',
    EIO: 'input/output error',
  };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && reasons[code] !== undefined) return reasons[code];
  return error instanceof Error ? error.message : String(error);
}
