import type { Database } from '../db/port.ts';
import { appendCaseEvent } from './case-events.ts';

/** Result of asking for the next case. */
export type NextCaseResult =
  | { status: 'assigned'; caseId: string; ref: string; arrivalSeq: string; handout: string }
  | { status: 'waiting'; reason: string; blockingArrivalSeq: string }
  | { status: 'empty' };

/** The default department: the customer service's own queue. */
export const DEFAULT_DEPARTMENT = 'support';

/**
 * Hands the oldest open case of a department to an agent (DESIGN 3.3). Strictly oldest-first:
 * - the case's place is the arrival of its first message (cases.arrival_seq), never its last
 *   activity, so repeats and follow-ups do not move it;
 * - a transaction-level lock per department serialises hand-outs, so with many agents and many
 *   processes the hand-out order (handout_seq) is the arrival order, not a race between commits;
 * - while an inbound message that arrived before that case is still unprocessed, nothing is
 *   handed out: that message may open an older case. Arrival order is commit order (see the
 *   store), so "every earlier arrival is processed" is a complete check.
 *
 * pg-boss's own fetch is not used for this: it orders by the enqueuing transaction's start
 * time, which is not arrival order (DESIGN 3.3).
 */
export async function nextCase(db: Database, agent: string, department = DEFAULT_DEPARTMENT): Promise<NextCaseResult> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('guichet.queue:' || $1, 0))", [department]);
    // One statement, so one snapshot: the oldest case and the earliest unprocessed message are
    // seen at the same instant. With two statements, a message processed (and its older case
    // opened) between them would let a younger case through.
    const { rows } = await tx.query<{ id: string | null; ref: string | null; arrival_seq: string | null; blocking: string | null }>(
      `WITH candidate AS (
         SELECT id, ref, arrival_seq FROM cases WHERE status = 'open' AND department = $1 ORDER BY arrival_seq LIMIT 1
       ), blocking AS (
         SELECT min(arrival_seq) AS seq FROM messages
          WHERE processed_at IS NULL AND direction = 'inbound'
            AND arrival_seq < COALESCE((SELECT arrival_seq FROM candidate), 9223372036854775807)
       )
       SELECT c.id, c.ref, c.arrival_seq, b.seq AS blocking FROM blocking b LEFT JOIN candidate c ON true`,
      [department],
    );
    const row = rows[0];
    if (row?.blocking) return { status: 'waiting', reason: `message arrived as #${row.blocking} is still being processed`, blockingArrivalSeq: row.blocking };
    if (!row?.id || !row.ref || !row.arrival_seq) return { status: 'empty' };
    const claimed = await tx.query("UPDATE cases SET status = 'assigned', agent = $2 WHERE id = $1 AND status = 'open'", [row.id, agent]);
    if (claimed.rowCount !== 1) throw new Error(`case ${row.ref} changed while being handed out`);
    const handout = await tx.query<{ n: string }>("SELECT nextval('handout_seq') AS n");
    const handoutSeq = handout.rows[0]?.n ?? '0';
    await appendCaseEvent(tx, row.id, 'assigned', agent, { agent, department, handout: handoutSeq });
    return { status: 'assigned', caseId: row.id, ref: row.ref, arrivalSeq: row.arrival_seq, handout: handoutSeq };
  });
}

/** Why a release was refused. */
export class CaseStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseStateError';
  }
}

/**
 * Puts an assigned case back in the queue. It returns to its original place, because the place is
 * its first message's arrival and nothing else.
 */
export async function releaseCase(db: Database, ref: string, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; status: string; agent: string | null }>('SELECT id, status, agent FROM cases WHERE ref = $1 FOR UPDATE', [ref]);
    const c = rows[0];
    if (!c) throw new CaseStateError(`no case ${ref}`);
    if (c.status !== 'assigned') throw new CaseStateError(`case ${ref} is ${c.status}, not assigned to an agent`);
    await tx.query("UPDATE cases SET status = 'open', agent = NULL WHERE id = $1", [c.id]);
    await appendCaseEvent(tx, c.id, 'released', actor, { previousAgent: c.agent });
  });
}
