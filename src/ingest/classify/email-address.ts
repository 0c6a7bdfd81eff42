/**
 * Email addresses found in free text (bounce notices, form fields), and the sender names of
 * mail systems. Found addresses are lower-cased: they are matching keys, compared
 * case-insensitively with the addresses of stored messages.
 */

/**
 * An addr-spec as people and MTAs write it in text (RFC 5322 section 3.4.1 dot-atom local part,
 * a domain with a dot, or an address literal). Quoted local parts are left out: they do not
 * occur in the text this reads.
 */
const ADDRESS = /[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]|[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@\[[0-9.a-f]+\]/gi;

/** Longest address looked at (RFC 5321 section 4.5.3.1: 64-octet local part, 255-octet domain). */
const MAX_ADDRESS_LENGTH = 320;

/**
 * The addresses in a text, lower-cased, de-duplicated, in order of appearance. The text is cut
 * into words first and only words with an `@` of address length are matched, so a long run
 * of letters costs linear time instead of a regex backtracking over it.
 */
export function findAddresses(text: string): string[] {
  const found = new Set<string>();
  for (const word of text.split(/[\s<>()",;:\\]+/)) {
    if (word.length < 3 || word.length > MAX_ADDRESS_LENGTH || !word.includes('@')) continue;
    for (const m of word.matchAll(ADDRESS)) {
      const address = m[0].replace(/^['=]+/, '').replace(/[.']+$/, '').toLowerCase();
      if (address.includes('@')) found.add(address);
    }
  }
  return [...found];
}

/** The address of a `type;address` value (RFC 3464 section 2.3.2, `rfc822; user@host`), lower-cased, or null. */
export function addressOfTypedValue(value: string): string | null {
  const semicolon = value.indexOf(';');
  const type = semicolon < 0 ? 'rfc822' : value.slice(0, semicolon).trim().toLowerCase();
  if (type !== 'rfc822' && type !== 'utf-8' && type !== 'x-local') return null;
  const raw = (semicolon < 0 ? value : value.slice(semicolon + 1)).trim().replace(/^<|>$/g, '').trim();
  return findAddresses(raw)[0] ?? (raw.includes('@') ? raw.toLowerCase() : null);
}

/**
 * Local parts that mail systems, never people, send from: the MAILER-DAEMON convention of
 * Sendmail, Postfix, Exim, qmail and the rest, and `postmaster` (RFC 5321 section 4.5.1), which
 * also receives human mail but sends mostly delivery notices.
 */
const DAEMON_LOCAL_PART = /^(?:mailer[-_.]?daemon|mail[-_.]?daemon|mail[-_.]?delivery[-_.]?(?:system|subsystem)|double-bounce|microsoftexchange[0-9a-f]{32})$/i;
const POSTMASTER_LOCAL_PART = /^(?:postmaster|post[-_.]master|poostmaster)$/i;

/**
 * Whether the address (or bare name, `From: MAILER-DAEMON`) is a mail system's daemon address:
 * `mailer-daemon@…`, `Mail.Delivery.System@…`, `double-bounce@…`, Exchange Online's
 * `MicrosoftExchange<32 hex>@…`.
 */
export function isDaemonAddress(address: string): boolean {
  return DAEMON_LOCAL_PART.test(localPart(address));
}

/** Whether the address is a postmaster's (`postmaster@…`, and the `post_master` variants seen in the wild). */
export function isPostmasterAddress(address: string): boolean {
  return POSTMASTER_LOCAL_PART.test(localPart(address));
}

/** Local parts of addresses that take no replies: programs send from them, people do not. */
const NO_REPLY_LOCAL_PART = /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre)(?:[-_.+].*)?$/i;

/** Whether the address is a no-reply address (`no-reply@…`, `donotreply@…`, `ne-pas-repondre@…`). */
export function isNoReplyAddress(address: string): boolean {
  return NO_REPLY_LOCAL_PART.test(localPart(address));
}

/**
 * Display names mail systems use for their notices. Weaker than the address: "Microsoft
 * Outlook" is also the name on a person's test message, so callers want a second sign.
 */
export function isDaemonName(name: string): boolean {
  return /^(?:mailer[-_ ]?daemon|mail delivery (?:system|subsystem|service)|microsoft outlook|mail administrator|postmaster)\b/i.test(
    name.trim().replace(/^["']|["']$/g, ''),
  );
}

function localPart(address: string): string {
  const trimmed = address.trim().replace(/^<|>$/g, '');
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : trimmed.slice(0, at);
}
