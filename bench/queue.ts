/**
 * `npm run bench:queue`: how long handing out the next case takes as the queue grows.
 *
 * For 1k, 10k and 100k open cases (filled directly with SQL: the pipeline that makes them is
 * measured by bench:ingest), times `nextCase` — the department lock, the oldest open case by
 * first arrival, the check that no earlier message is unprocessed, the assignment and its
 * event — over a run of hand-outs, and prints the median and p99 per size and the ratio to the
 * 1k baseline measured in the same run. Flat growth means ratios near 1.
 */
import { parseArgs } from 'node:util';
import { nextCase } from '../src/cases/queue.ts';
import { createTestDatabase } from '../test/support/database.ts';

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, handouts: { type: 'string', default: '300' } } });
const sizes = args.sizes.split(',').map(Number);
const handouts = Number(args.handouts);

/** Fills the database with `n` open cases, each with one processed message and a customer. */
async function fill(db: Awaited<ReturnType<typeof createTestDatabase>>, n: number): Promise<void> {
  const conn = db.open();
  await conn.query(
    `INSERT INTO messages (arrival_seq, sha256, size, raw, received_at, source, subject, processed_at)
     SELECT g, md5(g::text) || md5((g * 7)::text), 10, 'x'::bytea, now() - interval '1 second' * ($1 - g), 'import', 'bench ' || g, now()
       FROM generate_series(1, $1) g`,
    [n],
  );
  await conn.query("SELECT setval('message_arrival_seq', $1)", [n]);
  await conn.query(`INSERT INTO customers (email) SELECT 'c' || g || '@example.fr' FROM generate_series(1, $1) g`, [n]);
  await conn.query(
    `INSERT INTO cases (ref, customer_id, category, category_source, status, arrival_seq, received_at, subject)
     SELECT 'SC-2026-' || lpad(g::text, 6, '0'), cu.id, 'request', 'classifier', 'open', g, now(), 'bench ' || g
       FROM generate_series(1, $1) g JOIN customers cu ON cu.email = 'c' || g || '@example.fr'`,
    [n],
  );
  await conn.query(`INSERT INTO case_messages (message_id, case_id, kind, matched_by) SELECT m.id, c.id, 'new', 'new' FROM messages m JOIN cases c ON c.arrival_seq = m.arrival_seq`);
  await conn.query('ANALYZE');
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

const results: { size: number; median: number; p99: number }[] = [];
for (const size of sizes) {
  const testDb = await createTestDatabase();
  try {
    await fill(testDb, size);
    const db = testDb.open();
    for (let i = 0; i < 20; i++) await nextCase(db, 'warmup'); // warm caches and plans
    const times: number[] = [];
    for (let i = 0; i < handouts; i++) {
      const start = process.hrtime.bigint();
      const r = await nextCase(db, 'bench');
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (r.status !== 'assigned') throw new Error(`expected a case, got ${r.status}`);
    }
    times.sort((a, b) => a - b);
    results.push({ size, median: percentile(times, 0.5), p99: percentile(times, 0.99) });
  } finally {
    await testDb.drop();
  }
}
const base = results[0];
console.log(`next-case latency over ${handouts} hand-outs per size (PostgreSQL, one agent):`);
for (const r of results) {
  console.log(
    `  ${String(r.size).padStart(7)} open cases: median ${r.median.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms` +
      (base ? `  (median x${(r.median / base.median).toFixed(2)} vs ${base.size})` : ''),
  );
}
process.exit(0);
