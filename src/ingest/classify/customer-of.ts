import type { Address } from '../parsed-message.ts';
import type { Classification } from './classify-message.ts';
import { extractAccountIds } from './customer-identity.ts';

/** Who wrote a message, as the desk sees it. */
export interface CustomerIdentity {
  email: string;
  displayName: string | null;
  accountIds: string[];
}

/**
 * The longest address taken as a customer's: a path is at most 256 octets with its angle
 * brackets (RFC 5321 4.5.3.1.3). A longer one is no address anyone can answer, and kept it would
 * break the indexes on customers, outbox and pg-boss keys — the message could then never be
 * processed, and strict order would hold every later case behind it.
 */
const MAX_ADDRESS_BYTES = 254;

/** Whether an address can be a customer's: present, and not over MAX_ADDRESS_BYTES. */
function usable(address: string | undefined | null): address is string {
  return !!address && Buffer.byteLength(address, 'utf8') <= MAX_ADDRESS_BYTES;
}

/**
 * The customer of a classified message (DESIGN 5.3): for a contact-form message the one in its
 * fields (else its Reply-To), never the form's own address; for ordinary mail the sender. Null
 * for auto-replies, bounces, and mail without any usable address. Used both at ingest (the
 * per-customer processing key) and when threading, so the two always agree.
 */
export function customerOf(c: Classification, message: { from: Address[]; replyTo: Address[]; text: string | null }): CustomerIdentity | null {
  if (c.kind === 'contact-form') {
    const email = c.form.customerEmail ?? message.replyTo.find((a) => usable(a.address))?.address ?? null;
    if (!email || !usable(email)) return null;
    return { email, displayName: c.form.customerName, accountIds: c.form.accountId ? [c.form.accountId] : [] };
  }
  if (c.kind !== 'customer') return null;
  const sender = message.from.find((a) => usable(a.address));
  if (!sender) return null;
  return { email: sender.address, displayName: sender.name || null, accountIds: extractAccountIds(message.text ?? '') };
}
