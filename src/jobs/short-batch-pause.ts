/**
 * How long a batch worker waits after a batch shorter than its batch size before it fetches
 * again (returned from its handler, so pg-boss's loop waits with it).
 *
 * Why: NOTIFY wakes a worker for every job created, so under steady load each fetch would find
 * one or two jobs and each transaction would pay its fixed cost (fetch, look-ups, inserts,
 * commit, complete) for one or two messages. Waiting a moment after a short batch lets the next
 * fetch find a fuller one. It adds at most this much to the time from arrival to
 * acknowledgement, and only to mail that arrives during the pause.
 */
export const SHORT_BATCH_PAUSE_MS = 100;

/** Waits SHORT_BATCH_PAUSE_MS when `fetched` jobs were fewer than `batchSize`. */
export async function pauseAfterShortBatch(fetched: number, batchSize: number): Promise<void> {
  if (fetched < batchSize) await new Promise((resolve) => setTimeout(resolve, SHORT_BATCH_PAUSE_MS));
}
