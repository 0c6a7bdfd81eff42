import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The embedded database belongs to one process at a time; this file says which. */
export const LOCK_FILE = 'guichet.lock';

/** The lock, held: release it on shutdown. */
export interface DataDirLock {
  release(): Promise<void>;
}

/** Result of trying to take the data-dir lock. */
export type LockAttempt = { ok: true; lock: DataDirLock } | { ok: false; heldBy: number };

/**
 * Takes DATA_DIR's lock for this process. PGlite is PostgreSQL inside one process: two processes
 * opening the same data directory would corrupt it, so whoever holds the lock owns the embedded
 * database and everyone else goes through the holder (see control-server.ts). A lock left by a
 * dead process (kill -9) is taken over.
 */
export async function tryLockDataDir(dataDir: string): Promise<LockAttempt> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return {
        ok: true,
        lock: {
          async release() {
            const holder = await readHolder(file);
            if (holder === process.pid) await unlink(file).catch(() => {});
          },
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readHolder(file);
      if (holder !== null && holder !== process.pid && isAlive(holder)) return { ok: false, heldBy: holder };
      await unlink(file).catch(() => {}); // stale: its process is gone
    }
  }
  const holder = await readHolder(file);
  return { ok: false, heldBy: holder ?? -1 };
}

/** The pid of a live process holding DATA_DIR's lock, or null when nobody does. */
export async function dataDirHolder(dataDir: string): Promise<number | null> {
  const holder = await readHolder(path.join(dataDir, LOCK_FILE));
  return holder !== null && isAlive(holder) ? holder : null;
}

async function readHolder(file: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
