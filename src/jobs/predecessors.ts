import type { Queryable } from '../db/port.ts';
import { lockInboundMessages, type InboundMessage } from './inbound-messages.ts';

/** Rounds of pulling in predecessors of predecessors before giving up (a batch then fails and is retried). */
const MAX_ROUNDS = 10;

/**
 * Completes a locked batch with the messages it must be threaded after: every EARLIER message,
 * still unprocessed, that shares an order key with one of the batch's unprocessed messages
 * (the same address, an account identifier, a Message-ID it replies to — ProcessingKeys
 * orderKeys), and theirs in turn. pg-boss serialises processing by address only, so without this
 * a customer known under two addresses (or a reply and its original from another address) could
 * be threaded out of arrival order, or by two batches at once: two cases instead of a repeat.
 *
 * Each predecessor is locked `FOR UPDATE` in arrival order: one that another batch is threading
 * is waited for, then — processed by then — left out; the others are threaded in this batch,
 * before the messages that depend on them (intoRounds), and their own jobs later find them
 * processed. Returns the batch and the pulled-in messages, in arrival order.
 */
export async function withPredecessors(tx: Queryable, batch: readonly InboundMessage[]): Promise<InboundMessage[]> {
  const all = [...batch];
  let dependents = batch.filter((m) => !m.processed && m.orderKeys.length > 0);
  for (let round = 0; dependents.length > 0; round++) {
    if (round === MAX_ROUNDS) throw new Error(`more than ${MAX_ROUNDS} rounds of earlier unprocessed messages to thread first`);
    const ids = await lockPredecessors(tx, dependents, all.map((m) => m.id));
    if (ids.length === 0) break;
    const pulled = await lockInboundMessages(tx, ids, { skipLocked: false });
    all.push(...pulled);
    dependents = pulled.filter((m) => !m.processed && m.orderKeys.length > 0);
  }
  return all.sort((a, b) => (BigInt(a.arrivalSeq) < BigInt(b.arrivalSeq) ? -1 : 1));
}

/**
 * The unprocessed messages that arrived before one of `dependents` and share one of its order
 * keys, not already among `known`, locked in arrival order. The union of the keys lets the
 * partial GIN index (migration 006) find the candidates; EXISTS keeps only true predecessors.
 * After waiting for a row another transaction holds, PostgreSQL re-checks it: one processed
 * meanwhile is not returned.
 */
async function lockPredecessors(tx: Queryable, dependents: readonly InboundMessage[], known: readonly string[]): Promise<string[]> {
  const keys = [...new Set(dependents.flatMap((m) => m.orderKeys))];
  const latest = dependents.reduce((max, m) => (BigInt(m.arrivalSeq) > max ? BigInt(m.arrivalSeq) : max), 0n);
  const { rows } = await tx.query<{ id: string }>(
    `SELECT p.id FROM messages p
      WHERE p.processed_at IS NULL AND p.order_keys && $1::text[] AND p.arrival_seq < $2::bigint
        AND NOT (p.id = ANY($3::bigint[]))
        AND EXISTS (SELECT 1 FROM messages d WHERE d.id = ANY($4::bigint[]) AND d.order_keys && p.order_keys AND p.arrival_seq < d.arrival_seq)
      ORDER BY p.arrival_seq
        FOR UPDATE OF p`,
    [keys, latest.toString(), known, dependents.map((m) => m.id)],
  );
  return rows.map((r) => r.id);
}
