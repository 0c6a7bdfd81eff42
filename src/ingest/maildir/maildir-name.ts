/**
 * Pure rules about Maildir file names (https://cr.yp.to/proto/maildir.html): `time.unique.host`,
 * plus `:2,FLAGS` once a reader has seen the message and moved it to cur/.
 */

/** The parts of a Maildir file name that ordering and delivery care about. */
export interface MaildirName {
  /** The name without its info (everything before the first `:`): the message's stable identity. */
  base: string;
  /** Everything after the first `:` (e.g. `2,S`), or null for a name without info. */
  info: string | null;
  /** The leading unix time (seconds) of the name, or null when the name does not start with one. */
  time: number | null;
}

/** Splits a Maildir file name into its base, its info and its leading delivery time. */
export function parseMaildirName(name: string): MaildirName {
  const colon = name.indexOf(':');
  const base = colon === -1 ? name : name.slice(0, colon);
  const info = colon === -1 ? null : name.slice(colon + 1);
  const leading = /^(\d{1,12})(?:\.|$)/.exec(base);
  return { base, info, time: leading?.[1] === undefined ? null : Number(leading[1]) };
}

/**
 * The name a message takes when it moves to cur/ as seen: `NAME:2,S`. Existing `:2,` flags are
 * kept, with `S` added in ASCII order as the spec requires; a name that already carries an info of
 * another version (`:1,...`, experimental in the spec) keeps it unchanged rather than losing it.
 */
export function seenName(name: string): string {
  const { base, info } = parseMaildirName(name);
  if (info === null) return `${base}:2,S`;
  if (!info.startsWith('2,')) return name;
  const flags = new Set(info.slice(2));
  flags.add('S');
  return `${base}:2,${[...flags].sort().join('')}`;
}

/** Files whose names start with `.` are not messages (editors' and rsync's temporary files, `.keep`). */
export function isMessageName(name: string): boolean {
  return name.length > 0 && !name.startsWith('.');
}

/** What delivery order compares for one file. */
export interface DeliveryKey {
  name: string;
  mtimeMs: number;
}

/**
 * Delivery order: the leading unix time of the name (the deliverer's clock when it delivered,
 * which survives copies that reset mtimes), then the mtime (sub-second precision within that
 * second), then the name. A name without a leading time uses its mtime's second in its place, so
 * such files fall among the others where their mtime puts them.
 */
export function compareDelivery(a: DeliveryKey, b: DeliveryKey): number {
  const ta = parseMaildirName(a.name).time ?? Math.floor(a.mtimeMs / 1000);
  const tb = parseMaildirName(b.name).time ?? Math.floor(b.mtimeMs / 1000);
  if (ta !== tb) return ta - tb;
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
