import type { Queryable } from '../../db/port.ts';
import { BOSS_SCHEMA } from '../../jobs/boss.ts';
import { printJson, println, printTable, type CliIo } from '../io.ts';

/** The `guichet status --json` document (README documents it). */
export interface StatusReport {
  database: 'postgres' | 'pglite';
  /** Inbound messages (outbound ones are counted in `outbox`). */
  messages: { stored: number; quarantined: number; awaitingProcessing: number; lastArrivalSeq: string | null };
  /** Outbound mail by state. */
  outbox: { pending: number; sending: number; sent: number; failed: number; bounced: number };
  mailboxes: {
    account: string;
    name: string;
    uidValidity: string | null;
    lastUid: number;
    lastPollAt: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
  }[];
  /** Cases by status. */
  cases: { open: number; assigned: number; closed: number };
  /** Per pg-boss queue: jobs waiting (created/retry), running (active), failed. */
  jobs: Record<string, { pending: number; active: number; failed: number }>;
}

/** Gathers what an operator checks first. Reads only; works on a database where pg-boss never started. */
export async function readStatus(db: Queryable, kind: StatusReport['database']): Promise<StatusReport> {
  const counts = await db.query<{ stored: string; quarantined: string; awaiting: string; last_seq: string | null }>(
    `SELECT count(*) AS stored,
            count(*) FILTER (WHERE quarantine_code IS NOT NULL) AS quarantined,
            count(*) FILTER (WHERE processed_at IS NULL AND direction = 'inbound') AS awaiting,
            max(arrival_seq)::text AS last_seq
       FROM messages WHERE direction = 'inbound'`,
  );
  const c = counts.rows[0];
  const boxes = await db.query<{
    account: string;
    name: string;
    uid_validity: string | null;
    last_uid: string;
    last_poll_at: Date | null;
    last_error: string | null;
    last_error_at: Date | null;
  }>('SELECT account, name, uid_validity, last_uid, last_poll_at, last_error, last_error_at FROM mailboxes ORDER BY account, name');
  const outboxCounts = await db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM outbox GROUP BY status');
  const outbox = { pending: 0, sending: 0, sent: 0, failed: 0, bounced: 0 };
  for (const r of outboxCounts.rows) if (r.status in outbox) outbox[r.status as keyof typeof outbox] = Number(r.n);
  const caseCounts = await db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM cases GROUP BY status');
  const cases = { open: 0, assigned: 0, closed: 0 };
  for (const r of caseCounts.rows) if (r.status in cases) cases[r.status as keyof typeof cases] = Number(r.n);
  const jobs: StatusReport['jobs'] = {};
  const bossInstalled = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [`${BOSS_SCHEMA}.job`]);
  if (bossInstalled.rows[0]?.present) {
    const rows = await db.query<{ name: string; state: string; n: string }>(
      `SELECT name, state::text AS state, count(*) AS n FROM ${BOSS_SCHEMA}.job
        WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY name, state`,
    );
    for (const r of rows.rows) {
      const entry = (jobs[r.name] ??= { pending: 0, active: 0, failed: 0 });
      if (r.state === 'active') entry.active += Number(r.n);
      else if (r.state === 'failed') entry.failed += Number(r.n);
      else entry.pending += Number(r.n);
    }
  }
  return {
    database: kind,
    messages: {
      stored: Number(c?.stored ?? 0),
      quarantined: Number(c?.quarantined ?? 0),
      awaitingProcessing: Number(c?.awaiting ?? 0),
      lastArrivalSeq: c?.last_seq ?? null,
    },
    mailboxes: boxes.rows.map((b) => ({
      account: b.account,
      name: b.name,
      uidValidity: b.uid_validity,
      lastUid: Number(b.last_uid),
      lastPollAt: b.last_poll_at?.toISOString() ?? null,
      lastError: b.last_error,
      lastErrorAt: b.last_error_at?.toISOString() ?? null,
    })),
    outbox,
    cases,
    jobs,
  };
}

/** Prints the report for a person, or as JSON. */
export function printStatus(io: CliIo, report: StatusReport, json: boolean): void {
  if (json) return printJson(io.stdout, report);
  const m = report.messages;
  println(io.stdout, `database: ${report.database}`);
  println(io.stdout, `messages: ${m.stored} stored, ${m.quarantined} quarantined, ${m.awaitingProcessing} awaiting processing`);
  println(io.stdout, `cases: ${report.cases.open} open, ${report.cases.assigned} assigned, ${report.cases.closed} closed`);
  const o = report.outbox;
  println(io.stdout, `outbox: ${o.pending} pending, ${o.sending} sending, ${o.sent} sent, ${o.failed} failed, ${o.bounced} bounced`);
  println(io.stdout);
  if (report.mailboxes.length === 0) println(io.stdout, 'mailboxes: none synced yet');
  else
    printTable(
      io.stdout,
      ['MAILBOX', 'UIDVALIDITY', 'LAST UID', 'LAST POLL', 'LAST ERROR'],
      report.mailboxes.map((b) => [`${b.account}/${b.name}`, b.uidValidity ?? '-', String(b.lastUid), b.lastPollAt ?? 'never', b.lastError ?? '']),
    );
  println(io.stdout);
  const queues = Object.entries(report.jobs);
  if (queues.length === 0) println(io.stdout, 'jobs: none pending');
  else printTable(io.stdout, ['QUEUE', 'PENDING', 'ACTIVE', 'FAILED'], queues.map(([name, j]) => [name, String(j.pending), String(j.active), String(j.failed)]));
}
