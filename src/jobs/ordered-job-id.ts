import { randomBytes } from 'node:crypto';

/**
 * Makes pg-boss job ids that sort in the order they were made. pg-boss orders a key's jobs
 * (`key_strict_fifo`) by `created_on` — the enqueuing transaction's start — then by id, and
 * `created_on` ties: jobs enqueued in one transaction share it, and PGlite's clock advances by
 * whole milliseconds, so consecutive transactions often share it too. With random ids such a tie
 * is broken at random, and a customer's later message could be threaded before an earlier one.
 *
 * The ids are UUIDv7 (RFC 9562 5.7): 48 bits of Unix milliseconds, then a 12-bit counter
 * (`rand_a`, used as RFC 9562 6.2 method 1 allows), then random bits; PostgreSQL compares uuids
 * byte by byte, so they sort by time, then counter. Monotonic per generator even when the clock
 * stands still or steps back: the counter increments, and its overflow moves the time forward.
 */
export function orderedJobIds(now: () => number = Date.now): () => string {
  let lastMs = 0;
  let counter = 0;
  return () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
    } else if (++counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    const bytes = randomBytes(16);
    bytes.writeUIntBE(lastMs, 0, 6);
    bytes[6] = 0x70 | (counter >> 8); // version 7, counter's high bits
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f); // RFC 9562 variant
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
