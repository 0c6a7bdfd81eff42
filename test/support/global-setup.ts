/**
 * vitest globalSetup: makes sure Dovecot is installed, starts ONE shared private instance for the
 * whole run and hands its address to test files via `inject('dovecot')` (see shared-dovecot.ts).
 * Test files isolate themselves by using their own user name on it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startDovecot, type DovecotEndpoint } from './dovecot.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dovecot: { host: string; imapPort: number; lmtpPort: number; dir: string };
  }
}

const ENSURE_SCRIPT = fileURLToPath(new URL('../../scripts/ensure-dovecot.sh', import.meta.url));

/** Starts the shared Dovecot; the returned teardown stops it (set KEEP_DOVECOT=1 to keep its directory). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    // Installs dovecot-imapd/-lmtpd on a fresh CI machine; a no-op when already present.
    execFileSync(ENSURE_SCRIPT, { stdio: 'inherit' });
  } catch (error) {
    throw new Error(`scripts/ensure-dovecot.sh failed; Dovecot is required for the integration tests`, { cause: error });
  }
  const server = await startDovecot({ name: 'shared' });
  const endpoint: DovecotEndpoint = { host: server.host, imapPort: server.imapPort, lmtpPort: server.lmtpPort, dir: server.dir };
  project.provide('dovecot', endpoint);
  return async () => {
    if (process.env.KEEP_DOVECOT) await server.stop();
    else await server.dispose();
  };
}
