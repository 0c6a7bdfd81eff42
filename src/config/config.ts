import path from 'node:path';
import { z } from 'zod';

/**
 * Guichet's configuration, read once at start from the environment (Outline's model): every
 * variable is listed here with its default, README.md lists the same table, and a bad value stops
 * the process with a message naming the variable.
 */
export interface Config {
  /** PostgreSQL connection string; null runs the embedded PGlite database under `dataDir`. */
  databaseUrl: string | null;
  imap: ImapConfig | null;
  /** `smtp://` or `smtps://` URL; null writes outbound mail as `.eml` files under `dataDir/outbox`. */
  smtpUrl: string | null;
  dataDir: string;
  /** The local Maildir the worker watches; null when the worker does not watch one. */
  maildirPath: string | null;
  limits: { maxMessageBytes: number; maxMimeDepth: number; maxParts: number };
  supportAddress: string;
  contactFormSenders: string[];
  /** Prefix of public case references (`SC` gives `SC-2026-000042`). */
  caseRefPrefix: string;
  /** The desk's name in the signature of outbound mail. */
  deskName: string;
  /** Help pages linked from the correspondence. */
  links: { faq: string; terms: string };
  /** Time zone of the dates written in outbound mail. */
  timeZone: string;
  /** Loop protection: automatic messages to one address per 24 hours, at most. */
  autoMailMaxPerDay: number;
  /** At most one "repeat received" notice per case in this many hours. */
  repeatNoticeIntervalHours: number;
  /** The complaint procedure's durations (DESIGN 1). */
  procedure: { answerDeadlineMonths: number; interimUpdateEveryDays: number; complaintWindowMonths: number; reopenWithinDays: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
}

export interface ImapConfig {
  /** Parsed from IMAP_URL; `secure` is true for `imaps://`. */
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** What happens on the server once a message is committed: flag \Seen, move it, or nothing. */
  afterIngest: 'flag' | 'move' | 'none';
  /** Folder that `move` moves ingested messages to. */
  moveTo: string;
  /** Fallback poll period; IDLE (RFC 2177) picks mail up immediately when the server has it. */
  pollIntervalMs: number;
  /** Insecure TLS is only for loopback test servers with self-signed certificates. */
  tlsRejectUnauthorized: boolean;
}

/** A configuration error: names the variable and says what is wrong, for the operator. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

const positiveInt = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  IMAP_URL: z
    .string()
    .trim()
    .regex(/^imaps?:\/\/[^@/]+@[^/]+/, 'must look like imaps://user:password@host:port (or imap:// for plain)')
    .optional(),
  IMAP_MAILBOX: z.string().trim().min(1).default('INBOX'),
  IMAP_AFTER_INGEST: z.enum(['flag', 'move', 'none']).default('flag'),
  IMAP_MOVE_TO: z.string().trim().min(1).default('Guichet'),
  IMAP_POLL_INTERVAL_MS: positiveInt.default(30_000),
  IMAP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MAILDIR_PATH: z.string().trim().min(1).optional(),
  MAILDIR_WATCH: bool.optional(),
  MAX_MESSAGE_BYTES: positiveInt.default(40 * 1024 * 1024),
  MAX_MIME_DEPTH: positiveInt.default(20),
  MAX_MIME_PARTS: positiveInt.default(500),
  SUPPORT_ADDRESS: z.email('must be an email address').default('support@guichet.localhost'),
  CONTACT_FORM_SENDERS: z.string().default(''),
  CASE_REF_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Z]{1,8}$/, 'must be 1 to 8 capital letters (A-Z)')
    .default('SC'),
  DESK_NAME: z.string().trim().min(1).default('Service client'),
  FAQ_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://www.example.com/faq'),
  TERMS_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://www.example.com/conditions-generales'),
  TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('fr-FR', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Paris')
    .default('Europe/Paris'),
  AUTO_MAIL_MAX_PER_DAY: positiveInt.default(5),
  REPEAT_NOTICE_INTERVAL_HOURS: positiveInt.default(24),
  ANSWER_DEADLINE_MONTHS: positiveInt.default(1),
  INTERIM_UPDATE_EVERY_DAYS: positiveInt.default(14),
  COMPLAINT_WINDOW_MONTHS: positiveInt.default(3),
  REOPEN_WITHIN_DAYS: positiveInt.default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
});

/** Environment variables treated as unset when empty, so `FOO=` behaves like no FOO at all. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/**
 * Parses the environment into a Config.
 * @throws ConfigError naming the first variable that is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'is invalid');
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const imap = e.IMAP_URL ? parseImapUrl(e.IMAP_URL, e) : null;
  const watchMaildir = e.MAILDIR_WATCH ?? imap === null;
  const contactFormSenders = e.CONTACT_FORM_SENDERS.split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  for (const sender of contactFormSenders) {
    if (!z.email().safeParse(sender).success) throw new ConfigError('CONTACT_FORM_SENDERS', `has "${sender}", which is not an email address`);
  }
  return {
    databaseUrl: e.DATABASE_URL ?? null,
    imap,
    smtpUrl: e.SMTP_URL ?? null,
    dataDir,
    maildirPath: watchMaildir ? path.resolve(cwd, e.MAILDIR_PATH ?? path.join(dataDir, 'mail')) : null,
    limits: { maxMessageBytes: e.MAX_MESSAGE_BYTES, maxMimeDepth: e.MAX_MIME_DEPTH, maxParts: e.MAX_MIME_PARTS },
    supportAddress: e.SUPPORT_ADDRESS.toLowerCase(),
    contactFormSenders,
    caseRefPrefix: e.CASE_REF_PREFIX,
    deskName: e.DESK_NAME,
    links: { faq: e.FAQ_URL, terms: e.TERMS_URL },
    timeZone: e.TIME_ZONE,
    autoMailMaxPerDay: e.AUTO_MAIL_MAX_PER_DAY,
    repeatNoticeIntervalHours: e.REPEAT_NOTICE_INTERVAL_HOURS,
    procedure: {
      answerDeadlineMonths: e.ANSWER_DEADLINE_MONTHS,
      interimUpdateEveryDays: e.INTERIM_UPDATE_EVERY_DAYS,
      complaintWindowMonths: e.COMPLAINT_WINDOW_MONTHS,
      reopenWithinDays: e.REOPEN_WITHIN_DAYS,
    },
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

function parseImapUrl(
  raw: string,
  e: { IMAP_MAILBOX: string; IMAP_AFTER_INGEST: ImapConfig['afterIngest']; IMAP_MOVE_TO: string; IMAP_POLL_INTERVAL_MS: number; IMAP_TLS_REJECT_UNAUTHORIZED: boolean },
): ImapConfig {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('IMAP_URL', 'is not a valid URL');
  }
  const secure = url.protocol === 'imaps:';
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!user) throw new ConfigError('IMAP_URL', 'has no user name');
  if (!password) throw new ConfigError('IMAP_URL', 'has no password');
  const port = url.port ? Number(url.port) : secure ? 993 : 143;
  if (e.IMAP_AFTER_INGEST === 'move' && e.IMAP_MOVE_TO === e.IMAP_MAILBOX) {
    throw new ConfigError('IMAP_MOVE_TO', 'must differ from IMAP_MAILBOX when IMAP_AFTER_INGEST=move');
  }
  return {
    host: url.hostname,
    port,
    secure,
    user,
    password,
    mailbox: e.IMAP_MAILBOX,
    afterIngest: e.IMAP_AFTER_INGEST,
    moveTo: e.IMAP_MOVE_TO,
    pollIntervalMs: e.IMAP_POLL_INTERVAL_MS,
    tlsRejectUnauthorized: e.IMAP_TLS_REJECT_UNAUTHORIZED,
  };
}
