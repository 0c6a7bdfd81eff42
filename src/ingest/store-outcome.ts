import type { IncomingMessage } from './incoming-message.ts';

/**
 * What storing one message did. `duplicate` means its bytes (sha256) or its IMAP (UIDVALIDITY,
 * UID) were already stored: a re-fetch or re-import is a no-op.
 */
export type StoreOutcome =
  | { status: 'stored'; id: string; arrivalSeq: string }
  | { status: 'quarantined'; id: string; arrivalSeq: string; code: string }
  | { status: 'duplicate'; id: string };

/** The one door every source uses to hand a message to Guichet (the store, or a test double in unit tests). */
export type MessageSink = (message: IncomingMessage) => Promise<StoreOutcome>;
