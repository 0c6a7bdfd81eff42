import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Builds the process logger (JSON lines on stderr so stdout stays for command output). Secrets
 * and message content are redacted wherever they appear under these keys: logs may be shipped to
 * places that must never hold a customer's mail or a password.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: { service: 'guichet' },
      redact: {
        paths: ['password', '*.password', 'imap.password', 'url', '*.url', 'raw', '*.raw', 'text', '*.text', 'html', '*.html', 'body', '*.body', 'content', '*.content'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
