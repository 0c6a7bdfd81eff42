import { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../../config/config.ts';
import type { Logger } from '../../log/logger.ts';

/** The account part of a cursor's key: who and where, never the password. */
export function imapAccount(config: ImapConfig): string {
  return `${config.user}@${config.host}:${config.port}`;
}

/**
 * A new, not yet connected IMAP client. imapflow never reconnects, so the watcher builds a fresh
 * one after every disconnect (DESIGN 4).
 */
export function createImapClient(config: ImapConfig, logger: Logger): ImapFlow {
  return new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.password },
    // imapflow's own protocol log goes to debug, never with message content (logRaw stays off).
    logger: logger.level === 'trace' ? logger.child({ component: 'imapflow' }) : false,
    tls: { rejectUnauthorized: config.tlsRejectUnauthorized },
    // IDLE (RFC 2177) is what makes new mail show up at once; imapflow starts it after this
    // much inactivity (default 15 s, which would leave mail unseen for that long after a sync;
    // 1 s still batched arrivals into one-second steps, measured by bench:pipeline).
    autoIdleDelay: 250,
    clientInfo: { name: 'guichet' },
  });
}
