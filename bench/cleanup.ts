/**
 * Cleanup for the bench scripts: everything started (Dovecot instances, test databases, a running
 * ingester) is registered here and undone in reverse order when the script ends, fails, is
 * interrupted (Ctrl-C, SIGTERM) or its output pipe closes (`... | head`).
 */
import { createTestDatabase, type TestDatabase } from '../test/support/database.ts';
import { startDovecot, type DovecotServer } from '../test/support/dovecot.ts';

const cleanups: (() => Promise<unknown>)[] = [];
/** Undos of things registered after the cleanup had started (the interrupted work went on a bit). */
const late: Promise<unknown>[] = [];
let cleaning: Promise<void> | null = null;

/**
 * Registers `undo`; returns a function that runs it now (once) and unregisters it. Once the
 * cleanup has started, runs `undo` at once and throws, so interrupted work stops there.
 */
export function onCleanup(undo: () => Promise<unknown>): () => Promise<void> {
  if (cleaning) {
    late.push(undo().catch(() => {}));
    throw new Error('interrupted: cleaning up');
  }
  cleanups.push(undo);
  return async () => {
    const index = cleanups.indexOf(undo);
    if (index < 0) return;
    cleanups.splice(index, 1);
    await undo();
  };
}

/** Undoes everything registered, once: a second caller waits for the same run. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const undo = cleanups.pop();
      await undo?.().catch((error: unknown) => console.error('cleanup failed:', error));
    }
  })();
  return cleaning.then(() => Promise.all(late)).then(() => {});
}

/** A private Dovecot, disposed at the end. */
export async function benchDovecot(name: string): Promise<DovecotServer> {
  const server = await startDovecot({ name });
  onCleanup(() => server.dispose());
  return server;
}

/** A fresh test database, dropped at the end unless `drop()` ran before. */
export async function benchDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const drop = onCleanup(() => db.drop());
  return { ...db, drop };
}

/**
 * Runs `main`, cleans up whatever happens, exits 0 on success, 1 on failure, 130 when
 * interrupted. On Ctrl-C the resources are released at once (so the interrupted work fails
 * fast) and the script exits when `main` has unwound; a second Ctrl-C exits immediately.
 */
export async function runScript(name: string, main: () => Promise<void>): Promise<never> {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${name}: ${signal}, cleaning up (again to quit at once)`);
    // The interrupted work fails in all sorts of ways while its resources go away: keep cleaning.
    process.on('uncaughtException', (error) => console.error(`${name}: ignored during cleanup:`, error.message));
    process.on('unhandledRejection', () => {});
    void cleanUp();
    setTimeout(() => void cleanUp().finally(() => process.exit(130)), 20_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A reader that went away (`| head`) must not kill us before the cleanup: drop further output.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  let failed = false;
  try {
    await main();
  } catch (error) {
    failed = true;
    if (!interrupted) console.error(`${name} failed:`, error);
  } finally {
    await cleanUp();
  }
  // Leftover handles (pg-boss timers, sockets closing) must not keep a finished script alive.
  process.exit(interrupted ? 130 : failed ? 1 : 0);
}
