/**
 * What the bench scripts do between timed runs, and how they print figures.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { ADMIN_URL } from '../test/support/database.ts';

// A full GC between runs, so no run pays for the previous one's garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function checkpoint(): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/** Settles the machine before a timed run: PostgreSQL's dirty pages flushed, our garbage collected. */
export async function settle(): Promise<void> {
  await checkpoint();
  gc();
  await sleep(300);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const MiB = 1024 * 1024;

export const mib = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const rate = (messages: number, ms: number) => (messages * 1000) / ms;
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Nearest-rank percentile (p in (0, 1]) of `xs`: the smallest value with at least p of them at or below it. */
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
};

/** `label: N msgs in T s = R msg/s (M MiB/s)extra`, as bench:ingest prints its runs. */
export function runLine(label: string, messages: number, bytes: number, ms: number, extra = ''): string {
  return `${label}: ${messages} msgs in ${secs(ms)} = ${rate(messages, ms).toFixed(0)} msg/s (${((bytes / MiB) * 1000 / ms).toFixed(1)} MiB/s)${extra}`;
}
