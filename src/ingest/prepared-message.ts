import type { IncomingMessage } from './incoming-message.ts';
import type { MessageSink, StoreOutcome } from './store-outcome.ts';
import type { StoredLookUp } from './stored-look-up.ts';

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

/** Hears that the message at `index` of a group is committed, with what storing it did. */
export type CommitListener = (index: number, outcome: StoreOutcome) => void;

/**
 * A preparing sink that also looks up a batch of messages at once (what is already stored: each
 * result goes to that message's `prepare`) and stores several prepared messages together, in
 * order, in as few transactions as it may (createMessageStore).
 */
export interface GroupCommittingMessageSink extends PreparingMessageSink {
  lookUp(messages: readonly IncomingMessage[]): Promise<StoredLookUp[]>;
  prepare(message: IncomingMessage, lookUp?: StoredLookUp): Promise<PreparedMessage>;
  /** Commits in order; `onCommitted` hears each message as soon as its transaction committed. */
  commitGroup(prepared: readonly PreparedMessage[], onCommitted?: CommitListener): Promise<StoreOutcome[]>;
}

/** How a source drives any sink: look a batch up, prepare one message, commit prepared ones in order. */
export interface SinkSteps {
  /** One result per message, in order; `undefined` entries when the sink has no batch look-up. */
  lookUp(messages: readonly IncomingMessage[]): Promise<(StoredLookUp | undefined)[]>;
  prepare(message: IncomingMessage, lookUp?: StoredLookUp): Promise<PreparedMessage>;
  /** Commits in order; `onCommitted` hears each message as soon as its transaction committed. */
  commitGroup(prepared: readonly PreparedMessage[], onCommitted: CommitListener): Promise<StoreOutcome[]>;
}

/**
 * The two-step form of any sink. A plain sink (a test double) does all of its work in `commit`,
 * so overlapping a `prepare` with another message's `commit` is always safe; without
 * `commitGroup`, a group is committed one message after the other.
 */
export function stepsOf(sink: MessageSink): SinkSteps {
  const prepare = 'prepare' in sink && typeof sink.prepare === 'function' ? (sink as PreparingMessageSink).prepare : async (message: IncomingMessage) => ({ commit: () => sink(message) });
  if ('commitGroup' in sink && typeof sink.commitGroup === 'function') {
    const steps = sink as GroupCommittingMessageSink;
    return { lookUp: steps.lookUp, prepare: steps.prepare, commitGroup: (prepared, onCommitted) => steps.commitGroup(prepared, onCommitted) };
  }
  return {
    lookUp: async (messages) => messages.map(() => undefined),
    prepare,
    async commitGroup(prepared, onCommitted) {
      const outcomes: StoreOutcome[] = [];
      for (const message of prepared) {
        const outcome = await message.commit();
        onCommitted(outcomes.length, outcome);
        outcomes.push(outcome);
      }
      return outcomes;
    },
  };
}
