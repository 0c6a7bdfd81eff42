import { createHash } from 'node:crypto';
import type { IncomingMessage } from '../../../src/ingest/incoming-message.ts';
import type { MessageSink, StoreOutcome } from '../../../src/ingest/store-outcome.ts';

/** An in-memory stand-in for the store: records what it stored, `duplicate` for bytes it has seen. */
export interface MemorySink {
  sink: MessageSink;
  /** Every message handed over, in order (duplicates included). */
  handed: IncomingMessage[];
  /** The messages stored (first time their sha256 was seen), in order. */
  stored: IncomingMessage[];
  /** Makes the next `n` calls throw (a store that is down). */
  failNext(n: number): void;
}

/** Builds a MemorySink. */
export function memorySink(): MemorySink {
  const seen = new Map<string, string>();
  const handed: IncomingMessage[] = [];
  const stored: IncomingMessage[] = [];
  let failures = 0;
  const sink: MessageSink = async (message): Promise<StoreOutcome> => {
    await Promise.resolve();
    if (failures > 0) {
      failures--;
      throw new Error('store unavailable');
    }
    handed.push(message);
    const sha = createHash('sha256').update(message.raw).digest('hex');
    const known = seen.get(sha);
    if (known !== undefined) return { status: 'duplicate', id: known };
    const id = String(seen.size + 1);
    seen.set(sha, id);
    stored.push(message);
    return { status: 'stored', id, arrivalSeq: id };
  };
  return { sink, handed, stored, failNext: (n) => void (failures = n) };
}
