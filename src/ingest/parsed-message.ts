/**
 * What parsing keeps of a message: the header fields later stages decide on, the decoded bodies
 * and the attachments. Attachments carry their bytes so the store can keep them by sha256.
 */

/** One mailbox of an address header, display name decoded (RFC 2047). */
export interface Address {
  name: string;
  address: string;
}

/** One attachment or non-text part, identified by the sha256 of its decoded bytes. */
export interface ParsedAttachment {
  sha256: string;
  size: number;
  contentType: string;
  /** The sender's filename, kept as data only: never used as a path. */
  filename: string | null;
  contentId: string | null;
  /** `attachment` or `inline`. */
  disposition: string | null;
  content: Buffer;
}

export interface ParsedMessage {
  /** Message-ID without angle brackets, or null when the message has none. */
  messageId: string | null;
  subject: string | null;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** Return-Path as found, `''` for the null reverse-path `<>` (bounces), null when absent. */
  returnPath: string | null;
  /** The sender's `Date:` header, for display only; null when absent or unparseable. */
  date: Date | null;
  /** In-Reply-To ids without angle brackets. */
  inReplyTo: string[];
  /** References ids without angle brackets, always an array, in header order. */
  references: string[];
  /** RFC 3834 Auto-Submitted value, lower-cased, or null. */
  autoSubmitted: string | null;
  /** Precedence value, lower-cased, or null. */
  precedence: string | null;
  /** Top-level content type, lower-cased (e.g. `multipart/report`). */
  contentType: string | null;
  /** Every header field, lower-cased name → decoded values in order (for later classification). */
  headers: Record<string, string[]>;
  text: string | null;
  /** The HTML body as received, kept for later sanitising; never rendered as is. */
  html: string | null;
  attachments: ParsedAttachment[];
  /**
   * Delivery-status parts (RFC 3464 `message/delivery-status`) and other report parts, kept as
   * text for bounce handling.
   */
  deliveryStatus: string | null;
}

/** Why a message was quarantined instead of parsed; stable codes (see src/ingest/errors.ts). */
export interface QuarantineReason {
  /** UNSTORABLE: parsed, but PostgreSQL refused a field (store-message.ts commitAlone). */
  code: 'TOO_LARGE' | 'TOO_DEEP' | 'TOO_MANY_PARTS' | 'UNPARSEABLE' | 'UNSTORABLE';
  detail: string;
}

/** Parsing either yields the message or the reason it is quarantined; the raw bytes are stored either way. */
export type ParseOutcome = { ok: true; message: ParsedMessage } | { ok: false; reason: QuarantineReason };

/** The limits that protect the worker from hostile or broken mail. */
export interface ParseLimits {
  maxMessageBytes: number;
  maxMimeDepth: number;
  maxParts: number;
}
