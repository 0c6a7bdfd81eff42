/**
 * Child process of bench/ingest.ts: ingests a prepared mailbox (a ~25 MB message between two
 * small ones) with either Guichet or the bare loop, in a fresh process, and reports its memory:
 *
 *   node bench/rss-25mb.ts guichet|bare
 *   env: BENCH_DATABASE_URL, BENCH_IMAP_HOST, BENCH_IMAP_PORT, BENCH_IMAP_USER, BENCH_EXPECT
 *
 * Prints one line `RSS-RESULT {json}` with the baseline RSS (modules loaded, nothing ingested),
 * the highest `process.memoryUsage().rss` sampled every 50 ms, and VmHWM (the kernel's peak RSS
 * of the process, which also catches peaks between samples while the event loop is busy).
 */
import { readFileSync } from 'node:fs';

export interface RssReport {
  mode: 'guichet' | 'bare';
  baselineRss: number;
  sampledPeakRss: number;
  vmHwm: number;
  samples: number;
  ms: number;
  messages: number;
}

function vmHwmBytes(): number {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (this script is started by bench/ingest.ts)`);
  return value;
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'guichet' && mode !== 'bare') throw new Error('usage: node bench/rss-25mb.ts guichet|bare');
  const databaseUrl = env('BENCH_DATABASE_URL');
  const server = { host: env('BENCH_IMAP_HOST'), imapPort: Number(env('BENCH_IMAP_PORT')) };
  const user = env('BENCH_IMAP_USER');
  const expected = Number(env('BENCH_EXPECT'));

  // Load only the code this contender runs, then take the baseline.
  const run =
    mode === 'guichet'
      ? await import('./guichet-run.ts').then(async ({ runGuichet }) => {
          const { imapUrl } = await import('../test/support/dovecot.ts');
          return () => runGuichet({ databaseUrl, imapUrl: imapUrl(server, user), expected, pollMs: 20 });
        })
      : await import('./bare-loop.ts').then(({ runBareLoop }) => () => runBareLoop(server, user, databaseUrl));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const baselineRss = process.memoryUsage().rss;

  let sampledPeakRss = baselineRss;
  let samples = 0;
  const sampler = setInterval(() => {
    samples++;
    sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  }, 50);
  const result = await run();
  clearInterval(sampler);
  sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  const report: RssReport = { mode, baselineRss, sampledPeakRss, vmHwm: vmHwmBytes(), samples, ms: result.ms, messages: result.messages };
  process.stdout.write(`RSS-RESULT ${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
