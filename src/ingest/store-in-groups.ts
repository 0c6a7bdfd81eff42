import type { IncomingMessage } from './incoming-message.ts';
import type { PreparedMessage, SinkSteps } from './prepared-message.ts';
import type { StoreOutcome } from './store-outcome.ts';

/**
 * Prepared messages waiting for their turn at most: the look-ahead, and the largest group. With
 * a group committing and one message being prepared, up to 2 × GROUP_MAX + 1 are prepared but
 * not yet committed — all from one fetched batch (≤ 50 messages, ≤ 32 MiB), already in memory.
 */
export const GROUP_MAX = 16;

/**
 * Stores `items` in order with group commit: the lot is looked up first (one statement: which are
 * already stored), then one side prepares messages (hash, parse — CPU) ahead of the other, which
 * commits whatever is prepared — at most GROUP_MAX — in one go (`commitGroup`: one transaction
 * for the lot, see store-message.ts) and immediately takes the next lot. Alone, a message is committed as soon as it is prepared, so an idle mailbox
 * gets no extra latency; under load the groups grow by themselves while a commit runs, and each
 * message stops paying its own BEGIN, COMMIT and job insert.
 *
 * Commits are strictly in `items` order (arrival order follows it). `onCommitted` hears each
 * message once its transaction has committed. When `shouldStop` turns true, prepared messages
 * are dropped before their transaction (nothing written; the next pass fetches them again). A
 * failed prepare is thrown once everything prepared before it is committed; a failed commit
 * is thrown at once. Either way no prepare is left running.
 */
export async function storeInGroups<T>(
  items: readonly T[],
  toMessage: (item: T) => IncomingMessage,
  steps: SinkSteps,
  options: { shouldStop: () => boolean; onCommitted: (item: T, outcome: StoreOutcome) => void },
): Promise<void> {
  const ready: Array<{ item: T; prepared: PreparedMessage }> = [];
  let finished = false; // the preparing side is done (all prepared, stopped or failed)
  let failure: { error: unknown } | null = null;
  let abandoned = false; // the committing side gave up: prepare nothing more
  let wakeCommitter: (() => void) | null = null;
  let wakePreparer: (() => void) | null = null;
  const notify = (which: 'committer' | 'preparer') => {
    const wake = which === 'committer' ? wakeCommitter : wakePreparer;
    if (which === 'committer') wakeCommitter = null;
    else wakePreparer = null;
    wake?.();
  };

  const preparing = (async () => {
    try {
      const messages = items.map(toMessage);
      const lookUps = await steps.lookUp(messages);
      for (const [i, item] of items.entries()) {
        while (ready.length >= GROUP_MAX && !abandoned) await new Promise<void>((resolve) => (wakePreparer = resolve));
        if (abandoned || options.shouldStop()) break;
        ready.push({ item, prepared: await steps.prepare(messages[i] as IncomingMessage, lookUps[i]) });
        notify('committer');
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      notify('committer');
    }
  })();

  try {
    for (;;) {
      if (ready.length === 0) {
        if (finished) break;
        await new Promise<void>((resolve) => (wakeCommitter = resolve));
        continue;
      }
      if (options.shouldStop()) break;
      const group = ready.splice(0, GROUP_MAX);
      notify('preparer');
      // Each message is reported as soon as its transaction committed: a group may take several,
      // and a later one failing must not hide the ones already stored (their cursor has moved).
      await steps.commitGroup(
        group.map((g) => g.prepared),
        (index, outcome) => options.onCommitted((group[index] as { item: T }).item, outcome),
      );
    }
  } finally {
    abandoned = true;
    notify('preparer');
    await preparing;
  }
  if (failure) throw (failure as { error: unknown }).error;
}
