/**
 * Diagnostics behind bench:ingest (not part of it):
 *
 *   node bench/profile-ingest.ts [--messages N] [--only guichet|bare|all]
 *   node bench/profile-ingest.ts --only guichet --cpu-prof-out /tmp/guichet.cpuprofile
 *     (V8 CPU profile of the timed runs only), then: node bench/cpuprofile-summary.ts /tmp/guichet.cpuprofile
 *
 * On the same corpus as the benchmark it measures:
 * 1. CPU-only costs per message, no I/O: sha256, Guichet's parseMessage (MIME pre-scan and
 *    MailParser separately) and the bare loop's simpleParser;
 * 2. IMAP transfer alone: one streamed FETCH 1:* vs one UID FETCH round trip per message;
 * 3. Guichet's real ingest (startIngest) and the bare loop with every pg statement, every
 *    imapflow fetchOne and flag STORE timed (by patching pg.Client and ImapFlow prototypes here),
 *    plus CPU time of this process, of the PostgreSQL backends and of Dovecot during the run.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { parseMessage } from '../src/ingest/parse/parse-message.ts';
import { readMimeContent } from '../src/ingest/parse/mime-content.ts';
import { ignoresEmbeddedMessages, scanMimeStructure } from '../src/ingest/parse/mime-structure.ts';
import type { TestDatabase } from '../test/support/database.ts';
import { appendMessages, withImap, type DovecotServer } from '../test/support/dovecot.ts';
import { createScratchTable, runBareLoop } from './bare-loop.ts';
import { benchDatabase, benchDovecot, runScript } from './cleanup.ts';
import { buildCorpus } from './corpus.ts';
import { runGuichet } from './guichet-run.ts';

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '2000' }, only: { type: 'string', default: 'all' }, 'cpu-prof-out': { type: 'string' } } });
const N = Number(args.messages);
const only = args.only;
const LIMITS = { maxMessageBytes: 40 * 1024 * 1024, maxMimeDepth: 20, maxParts: 500 };
const USER = 'profile';

// ---------------------------------------------------------------------------------------------
// Timers patched into pg and imapflow

interface Bucket { n: number; ms: number }
const buckets = new Map<string, Bucket>();
let recording = false;
function record(key: string, ms: number): void {
  if (!recording) return;
  const b = buckets.get(key) ?? { n: 0, ms: 0 };
  b.n++;
  b.ms += ms;
  buckets.set(key, b);
}

function sqlKey(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.includes('pgboss.')) return `pg-boss: ${t.slice(0, 50)}`;
  return t.slice(0, 60);
}

type AnyFn = (...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: AnyFn; connectionParameters?: unknown };
const originalQuery = clientProto.query;
clientProto.query = function (this: { connectionParameters?: { application_name?: string } }, ...qargs: unknown[]) {
  const first = qargs[0];
  const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '?');
  const key = this.connectionParameters?.application_name === 'bench-poll' ? '(bench poll, excluded)' : sqlKey(text);
  const t0 = performance.now();
  const last = qargs.at(-1);
  if (typeof last === 'function') {
    qargs[qargs.length - 1] = (...cbArgs: unknown[]) => {
      record(key, performance.now() - t0);
      return (last as AnyFn)(...cbArgs);
    };
    return originalQuery.apply(this, qargs);
  }
  const result = originalQuery.apply(this, qargs);
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(() => record(key, performance.now() - t0), () => {});
  }
  return result;
};
const poolProto = pg.Pool.prototype as unknown as { connect: AnyFn };
const originalConnect = poolProto.connect;
poolProto.connect = function (this: unknown, ...cargs: unknown[]) {
  if (cargs.length > 0) return originalConnect.apply(this, cargs);
  const t0 = performance.now();
  const p = originalConnect.apply(this, cargs) as Promise<unknown>;
  p.then(() => record('(pool.connect for a transaction)', performance.now() - t0), () => {});
  return p;
};
for (const method of ['fetchOne', 'messageFlagsAdd', 'noop'] as const) {
  const proto = ImapFlow.prototype as unknown as Record<string, AnyFn>;
  const original = proto[method] as AnyFn;
  proto[method] = function (this: unknown, ...margs: unknown[]) {
    const t0 = performance.now();
    const p = original.apply(this, margs) as Promise<unknown>;
    p.then(() => record(`imap ${method}`, performance.now() - t0), () => {});
    return p;
  };
}

function printBuckets(totalMs: number, messages: number): void {
  const rows = [...buckets.entries()].sort((a, b) => b[1].ms - a[1].ms);
  let accounted = 0;
  for (const [key, b] of rows) {
    if (!key.startsWith('(bench poll')) accounted += b.ms;
    console.log(`  ${(b.ms / 1000).toFixed(2).padStart(7)} s  ${((b.ms / totalMs) * 100).toFixed(1).padStart(5)} %  ${String(b.n).padStart(6)} x ${(b.ms / b.n).toFixed(3).padStart(7)} ms  ${(b.ms / messages).toFixed(3).padStart(7)} ms/msg  ${key}`);
  }
  const rest = totalMs - accounted;
  console.log(`  ${(rest / 1000).toFixed(2).padStart(7)} s  ${((rest / totalMs) * 100).toFixed(1).padStart(5)} %  ${''.padStart(22)} ${(rest / messages).toFixed(3).padStart(7)} ms/msg  (rest: JS between awaits — sha256, parse, building params — and scheduling)`);
  buckets.clear();
}

// ---------------------------------------------------------------------------------------------
// CPU time of other processes, from /proc (clock ticks: 100 Hz)

const TICK_MS = 10;
function procTicks(pid: string): { ticks: number; pgrp: number; comm: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(f[11]) + Number(f[12]), pgrp: Number(f[2]), comm };
  } catch {
    return null;
  }
}
function pids(): string[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e));
}
function dovecotGroup(server: DovecotServer): number | null {
  for (const pid of pids()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${server.dir}/dovecot.conf`)) return procTicks(pid)?.pgrp ?? null;
    } catch {
      // gone
    }
  }
  return null;
}
/** pid → ticks of Dovecot's processes and of PostgreSQL's auxiliary (non-backend) processes. */
function snapshot(dovecotPgrp: number | null): Map<string, { ticks: number; kind: 'dovecot' | 'pg-aux' }> {
  const out = new Map<string, { ticks: number; kind: 'dovecot' | 'pg-aux' }>();
  for (const pid of pids()) {
    const p = procTicks(pid);
    if (!p) continue;
    if (dovecotPgrp !== null && p.pgrp === dovecotPgrp) out.set(pid, { ticks: p.ticks, kind: 'dovecot' });
    else if (p.comm === 'postgres') {
      let cmd: string;
      try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
      if (/checkpointer|background writer|walwriter|autovacuum|logical replication|stats/.test(cmd)) out.set(pid, { ticks: p.ticks, kind: 'pg-aux' });
    }
  }
  return out;
}
function deltaMs(before: Map<string, { ticks: number; kind: string }>, after: Map<string, { ticks: number; kind: string }>, kind: string): number {
  let ticks = 0;
  for (const [pid, a] of after) if (a.kind === kind) ticks += a.ticks - (before.get(pid)?.ticks ?? 0);
  return ticks * TICK_MS;
}
/** CPU of the backends connected to `database` right now (they were all started by the run), minus the poller's. */
async function backendCpuMs(database: string): Promise<number> {
  const client = new pg.Client({ connectionString: (await import('../test/support/database.ts')).ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name <> 'bench-poll'", [database]);
    return rows.reduce((sum, r) => sum + (procTicks(String(r.pid))?.ticks ?? 0), 0) * TICK_MS;
  } finally {
    await client.end();
  }
}

/** Runs `work` and reports wall time and CPU of node, the pg backends of `db`, pg aux processes and Dovecot. */
async function measured<T extends { ms: number; messages: number }>(label: string, server: DovecotServer, db: TestDatabase, work: (beforeStop: () => Promise<void>) => Promise<T>): Promise<T> {
  const pgrp = dovecotGroup(server);
  const before = snapshot(pgrp);
  const cpu0 = process.cpuUsage();
  let backendMs = 0;
  let after = before;
  let nodeMs = 0;
  recording = true;
  const session = args['cpu-prof-out'] ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const result = await work(async () => {
    recording = false;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      const out = (args['cpu-prof-out'] as string).replace(/(\.cpuprofile)?$/, `-${label.replace(/\W+/g, '_')}.cpuprofile`);
      writeFileSync(out, JSON.stringify(profile));
      console.log(`  (CPU profile of this run: ${out})`);
      session.disconnect();
    }
    backendMs = await backendCpuMs(db.name);
    after = snapshot(pgrp);
    const c = process.cpuUsage(cpu0);
    nodeMs = (c.user + c.system) / 1000;
  });
  recording = false;
  if (after === before) {
    backendMs = await backendCpuMs(db.name);
    after = snapshot(pgrp);
    const c = process.cpuUsage(cpu0);
    nodeMs = (c.user + c.system) / 1000;
  }
  const per = (ms: number) => `${(ms / 1000).toFixed(2)} s = ${(ms / result.messages).toFixed(2)} ms/msg`;
  console.log(`\n${label}: ${result.messages} msgs in ${(result.ms / 1000).toFixed(2)} s = ${((result.messages * 1000) / result.ms).toFixed(0)} msg/s (${(result.ms / result.messages).toFixed(2)} ms/msg wall)`);
  console.log(`  CPU: node ${per(nodeMs)} | pg backends ${per(backendMs)} | pg aux (wal/ckpt) ${per(deltaMs(before, after, 'pg-aux'))} | dovecot ${per(deltaMs(before, after, 'dovecot'))}`);
  console.log('  wall time by awaited operation (sequential, so they add up to the run):');
  printBuckets(result.ms, result.messages);
  return result;
}

// ---------------------------------------------------------------------------------------------

function cpuOnly(raws: Buffer[]): Promise<void> {
  const time = async (label: string, fn: (raw: Buffer) => unknown) => {
    const t0 = performance.now();
    for (const raw of raws) await fn(raw);
    const ms = performance.now() - t0;
    console.log(`  ${label.padEnd(52)} ${(ms / 1000).toFixed(2).padStart(6)} s = ${(ms / raws.length).toFixed(3)} ms/msg`);
  };
  return (async () => {
    console.log('\nCPU only (no I/O), over the whole corpus, after one warm-up pass of each:');
    for (const raw of raws.slice(0, 200)) {
      await parseMessage(raw, LIMITS);
      await simpleParser(raw);
    }
    await time('sha256 of the raw bytes (Guichet)', (raw) => createHash('sha256').update(raw).digest('hex'));
    await time('scanMimeStructure — MIME pre-scan (Guichet)', (raw) => scanMimeStructure(raw, { maxDepth: 20, maxParts: 500 }));
    await time('readMimeContent — MailParser + collect (Guichet)', (raw) => {
      const s = scanMimeStructure(raw, { maxDepth: 20, maxParts: 500 });
      if (!s.ok) throw new Error('refused');
      return readMimeContent(raw, { ignoreEmbedded: ignoresEmbeddedMessages(s.contentType), maxParts: 500, sizeHints: s.sizeHints });
    });
    await time('parseMessage — all of it (Guichet)', (raw) => parseMessage(raw, LIMITS));
    await time('simpleParser (bare loop)', (raw) => simpleParser(raw));
  })();
}

async function imapOnly(server: DovecotServer): Promise<void> {
  console.log('\nIMAP transfer only (sources discarded):');
  await withImap(server, USER, async (client) => {
    await client.mailboxOpen('INBOX', { readOnly: true });
    let t0 = performance.now();
    let n = 0;
    for await (const msg of client.fetch('1:*', { uid: true, source: true, internalDate: true }, { uid: true })) if (msg.source) n++;
    let ms = performance.now() - t0;
    console.log(`  one streamed FETCH 1:*            ${(ms / 1000).toFixed(2)} s = ${(ms / n).toFixed(3)} ms/msg`);
    const uids = (await client.search({ all: true }, { uid: true })) || [];
    t0 = performance.now();
    for (const uid of uids) await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
    ms = performance.now() - t0;
    console.log(`  one UID FETCH per message         ${(ms / 1000).toFixed(2)} s = ${(ms / uids.length).toFixed(3)} ms/msg`);
  });
}

async function main(): Promise<void> {
  const server = await benchDovecot('profile');
  const { raws, stats } = buildCorpus(N);
  console.log(`corpus: ${stats.messages} messages, ${(stats.totalBytes / 1024 / 1024).toFixed(0)} MiB, ${stats.withAttachment} with attachments`);
  await appendMessages(server, USER, 'INBOX', raws);
  if (only === 'all') {
    await cpuOnly(raws);
    await imapOnly(server);
  } else {
    await withImap(server, USER, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      for await (const msg of client.fetch('1:*', { source: true })) void msg;
    });
  }
  if (only !== 'guichet') {
    for (const mode of ['stream', 'fetchone'] as const) {
      const db = await benchDatabase();
      await createScratchTable(db.url);
      await measured(`bare loop (${mode})`, server, db, (beforeStop) => runBareLoop(server, USER, db.url, { mode, beforeClose: beforeStop }));
      await db.drop();
    }
  }
  if (only !== 'bare') {
    for (const afterIngest of ['flag', 'none'] as const) {
      if (only === 'guichet' && afterIngest === 'none') continue;
      const db = await benchDatabase();
      await measured(`guichet (IMAP_AFTER_INGEST=${afterIngest})`, server, db, (beforeStop) =>
        runGuichet({ databaseUrl: db.url, imapUrl: server.imapUrl(USER), expected: N, env: { IMAP_AFTER_INGEST: afterIngest }, beforeStop }),
      );
      await db.drop();
      await withImap(server, USER, async (client) => {
        await client.mailboxOpen('INBOX');
        await client.messageFlagsRemove('1:*', ['\\Seen']);
      });
    }
  }
}

await runScript('profile-ingest', main);
