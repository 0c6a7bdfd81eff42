/** What outbound mail needs from the configuration. */
export interface OutboundSettings {
  supportAddress: string;
  deskName: string;
  links: { faq: string; terms: string };
  /** At most this many automatic messages to one address in 24 hours (loop protection). */
  autoMailMaxPerDay: number;
  /** At most one "repeat received" notice per case in this many hours. */
  repeatNoticeIntervalHours: number;
}

/**
 * Addresses that must never receive automatic mail: no-reply senders and mail systems (RFC 3834
 * 2: an automatic response goes to no address that looks like a mail system or a list).
 */
export function isNoReplyAddress(address: string): boolean {
  const local = address.toLowerCase().split('@')[0] ?? '';
  return /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|mailer[-_.]?daemon|postmaster|bounces?|notifications?|auto[-_.]?(reply|confirm)|listserv|majordomo)([-+._].*)?$/.test(local);
}
