import type { IncomingMessage } from './incoming-message.ts';
import type { MessageSink, StoreOutcome } from './store-outcome.ts';

/**
 * A message made ready for its transaction: hashed, looked up, parsed, its processing key
 * computed. Nothing is written yet: dropping it stores nothing, and the message is simply
 * fetched again next time.
 */
export interface PreparedMessage {
  /** Runs the message's one transaction. Commits happen in the order `commit` is called. */
  commit(): Promise<StoreOutcome>;
}

/**
 * A sink whose work splits in two, so that a source can prepare message k+1 while message k's
 * transaction runs. Calling the sink itself is `prepare` then `commit`.
 */
export interface PreparingMessageSink extends MessageSink {
  prepare(message: IncomingMessage): Promise<PreparedMessage>;
}

/**
 * The two-step form of any sink. A plain sink (a test double) does all of its work in `commit`,
 * so overlapping a `prepare` with another message's `commit` is always safe.
 */
export function preparerOf(sink: MessageSink): (message: IncomingMessage) => Promise<PreparedMessage> {
  if ('prepare' in sink && typeof sink.prepare === 'function') return (sink as PreparingMessageSink).prepare;
  return async (message) => ({ commit: () => sink(message) });
}
