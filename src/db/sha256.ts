import { createHash } from 'node:crypto';

/**
 * The hex sha256 of a message's raw bytes: its identity in the archive (`messages.sha256`, unique),
 * for inbound mail as it arrived and outbound mail as it was composed.
 */
export function sha256Of(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}
