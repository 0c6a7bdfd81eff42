import type { JobInsert, PgBoss } from 'pg-boss';
import type { Database, Queryable, Transaction } from '../db/port.ts';
import { pgJson, pgText } from '../db/text.ts';
import { bossDb } from '../jobs/boss.ts';
import { orderedJobIds } from '../jobs/ordered-job-id.ts';
import { QUEUES, type ProcessMessageJob } from '../jobs/queues.ts';
import type { Logger } from '../log/logger.ts';
import type { IncomingMessage, MessageOrigin } from './incoming-message.ts';
import { parseMessage } from './parse/parse-message.ts';
import type { CommitListener, GroupCommittingMessageSink, PreparedMessage } from './prepared-message.ts';
import { processingKeys, type ProcessingKeys } from './processing-key.ts';
import type { ParseLimits, ParseOutcome, ParsedMessage } from './parsed-message.ts';
import type { StoreOutcome } from './store-outcome.ts';
import { lookUpStored, type StoredLookUp } from './stored-look-up.ts';

/** What the store needs: the database, pg-boss (for the next-stage job) and the parse limits. */
export interface MessageStoreDeps {
  db: Database;
  boss: PgBoss;
  limits: ParseLimits;
  /** Who is the customer of a message (for the per-customer processing order). */
  settings: { contactFormSenders: string[]; supportAddress: string };
  /**
   * Whether processing these messages may send automatic mail. Live sources do; imported
   * history does not unless asked (`guichet import --notify`). Default true.
   */
  sendMail?: boolean;
  logger: Logger;
}

/** The transaction-level lock under which arrival sequence numbers are taken (DESIGN 3.3). */
const ARRIVAL_LOCK = 'guichet.arrival';

/**
 * Builds the sink every source hands messages to. Storing a message is ONE transaction
 * (DESIGN 3.1): the raw bytes with their sha256, the parsed fields, the attachments, where the
 * message was found, the IMAP cursor advance and the `process-message` job. A crash before the
 * commit leaves nothing; after it, a re-fetch finds the (mailbox, UIDVALIDITY, UID) or the sha256
 * already stored and only advances the cursor, so nothing is stored or enqueued twice.
 *
 * The sink also splits in steps so that the IMAP sync looks up a whole fetched batch at once
 * (`lookUp`), prepares the next messages while a transaction runs (`prepare`), and stores several
 * prepared messages in one transaction (`commitGroup`: each message whole, in order; see below).
 */
export function createMessageStore(options: MessageStoreDeps): GroupCommittingMessageSink {
  const deps: StoreContext = { ...options, nextJobId: orderedJobIds() };
  const prepare = (message: IncomingMessage, lookUp?: StoredLookUp) => prepareMessage(deps, message, lookUp);
  const sink = async (message: IncomingMessage) => (await prepare(message)).commit();
  return Object.assign(sink, {
    lookUp: (messages: readonly IncomingMessage[]) => lookUpStored(deps.db, messages),
    prepare,
    commitGroup: (prepared: readonly PreparedMessage[], onCommitted?: CommitListener) => commitGroup(deps, prepared, onCommitted),
  });
}

/** The deps, and this store's job ids: in the order the jobs were made (ordered-job-id.ts). */
type StoreContext = MessageStoreDeps & { nextJobId: () => string };

/** What a prepared message will write: a new row, or one more origin of a stored one. */
type StorePlan =
  | { kind: 'duplicate'; id: string; message: IncomingMessage }
  | { kind: 'new'; message: IncomingMessage; sha256: string; parsed: ParseOutcome; keys: ProcessingKeys | null; sendMail: boolean };

/** A message prepared by this store: its plan, so that `commitGroup` can write several in one transaction. */
class StorePreparedMessage implements PreparedMessage {
  readonly deps: StoreContext;
  readonly plan: StorePlan;

  constructor(deps: StoreContext, plan: StorePlan) {
    this.deps = deps;
    this.plan = plan;
  }

  /** ProcessingKeys.orderKeys (none when it gets no processing job). */
  get orderKeys(): string[] {
    const { plan } = this;
    return plan.kind === 'new' && plan.keys ? plan.keys.orderKeys : [];
  }

  commit(): Promise<StoreOutcome> {
    const { plan } = this;
    // One statement, so it is a transaction of its own.
    if (plan.kind === 'duplicate') return recordDuplicate(this.deps.db, plan.id, plan.message.origin);
    return commitGroup(this.deps, [this]).then((outcomes) => outcomes[0] as StoreOutcome);
  }
}

/**
 * Everything outside the transaction: the hash, the look-up of what is already stored (given when
 * the caller looked up a whole batch, see stored-look-up.ts) and, for a new message, the parse
 * (CPU work kept out of the transaction, so it stays short).
 */
async function prepareMessage(deps: StoreContext, message: IncomingMessage, lookUp?: StoredLookUp): Promise<PreparedMessage> {
  const { sha256, knownId: known } = lookUp ?? (await lookUpStored(deps.db, [message]))[0] as StoredLookUp;
  if (known !== null) return new StorePreparedMessage(deps, { kind: 'duplicate', id: known, message });
  const parsed = await parseMessage(message.raw, deps.limits);
  if (!parsed.ok) deps.logger.warn({ code: parsed.reason.code, detail: parsed.reason.detail, sha256 }, 'message quarantined');
  const keys = parsed.ok ? processingKeys(parsed.message, sha256, deps.settings) : null;
  return new StorePreparedMessage(deps, { kind: 'new', message, sha256, parsed, keys, sendMail: deps.sendMail ?? true });
}

/**
 * Stores prepared messages in order, as few transactions as it can: consecutive messages share
 * one transaction (each still whole in it: DESIGN 3.1's unit of atomicity is kept, a crash leaves
 * none of the group and the re-fetch stores it all), which saves each message its own BEGIN,
 * COMMIT (a WAL flush) and job insert — a third of the store's round trips.
 *
 * Two messages whose processing may depend on each other (ProcessingKeys.orderKeys: the same
 * address, a shared account identifier, one replying to the other) never share a transaction:
 * pg-boss orders jobs by `created_on`, the enqueuing transaction's start time, and breaks ties at
 * random, so two such jobs enqueued together could be threaded in the wrong order. Such a
 * message starts the next transaction, which begins after this one commits — as when every
 * message had its own.
 *
 * `onCommitted` hears each message (by its index in `prepared`) once its transaction has
 * committed, so a caller knows what is stored even when a later transaction fails. A failed
 * transaction of several messages is retried one message per transaction (commitAlone: a message
 * whose fields PostgreSQL refuses is quarantined, any other failure throws, named). Messages not
 * prepared by this store are committed on their own, in order.
 */
async function commitGroup(deps: StoreContext, prepared: readonly PreparedMessage[], onCommitted: CommitListener = () => {}): Promise<StoreOutcome[]> {
  const outcomes: StoreOutcome[] = [];
  const report = (outcome: StoreOutcome) => {
    onCommitted(outcomes.length, outcome);
    outcomes.push(outcome);
  };
  let run: StorePreparedMessage[] = [];
  let keys = new Set<string>();
  const flush = async () => {
    if (run.length === 0) return;
    const group = run;
    run = [];
    keys = new Set();
    if (group.length === 1) {
      report(await commitAlone(deps, group[0] as StorePreparedMessage));
      return;
    }
    let written: StoreOutcome[];
    try {
      written = await deps.db.transaction((tx) => writeGroup(tx, deps, group), { lock: ARRIVAL_LOCK });
    } catch {
      // One message that cannot be written must not hold back the others of its transaction:
      // the run again, one transaction each, in order. Those before the culprit are committed
      // (and reported); the culprit is quarantined if its data is the problem, else throws, named.
      for (const message of group) report(await commitAlone(deps, message));
      return;
    }
    written.forEach(report);
  };
  for (const message of prepared) {
    if (!(message instanceof StorePreparedMessage) || message.deps !== deps) {
      await flush();
      report(await message.commit());
      continue;
    }
    const orderKeys = message.orderKeys;
    if (orderKeys.some((key) => keys.has(key))) await flush();
    for (const key of orderKeys) keys.add(key);
    run.push(message);
  }
  await flush();
  return outcomes;
}

/**
 * One message in a transaction of its own. When PostgreSQL refuses its parsed fields — a data
 * exception (SQLSTATE class 22: a value it cannot take) or a limit (class 54: an index row too
 * large) — it is stored raw and quarantined as UNSTORABLE instead, with no job (DESIGN 3.1:
 * nothing that reached the mailbox is dropped, and the worker goes on). Any other failure (the
 * database unreachable, say) throws, naming the message: the next pass tries it again.
 */
async function commitAlone(deps: StoreContext, message: StorePreparedMessage): Promise<StoreOutcome> {
  const write = (m: StorePreparedMessage) => deps.db.transaction((tx) => writeGroup(tx, deps, [m]), { lock: ARRIVAL_LOCK }).then((outcomes) => outcomes[0] as StoreOutcome);
  try {
    return await write(message);
  } catch (error) {
    const { plan } = message;
    const sqlState = (error as { code?: unknown }).code;
    if (plan.kind !== 'new' || !plan.parsed.ok || typeof sqlState !== 'string' || !/^(22|54)/.test(sqlState)) throw storeFailure(message, error);
    const detail = `the parsed message could not be stored (SQLSTATE ${sqlState}): ${error instanceof Error ? error.message : String(error)}`;
    deps.logger.warn({ code: 'UNSTORABLE', detail, sha256: plan.sha256 }, 'message quarantined');
    const quarantined = new StorePreparedMessage(deps, { ...plan, parsed: { ok: false, reason: { code: 'UNSTORABLE', detail } }, keys: null });
    return write(quarantined).catch((e: unknown) => {
      throw storeFailure(message, e);
    });
  }
}

/** A failure to store one message, naming it (where it was found, its sha256) for the log. */
function storeFailure(message: StorePreparedMessage, error: unknown): Error {
  const { origin } = message.plan.message;
  const where = origin.kind === 'imap' ? `IMAP UID ${origin.uid}` : `${origin.kind} ${origin.path}`;
  const sha256 = message.plan.kind === 'new' ? `, sha256 ${message.plan.sha256}` : '';
  return new Error(`storing the message at ${where}${sha256} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * One transaction's writes: each message's rows in order, then every `process-message` job in one
 * insert, with ids in arrival order (a `created_on` tie is broken by them, see ordered-job-id.ts).
 * The arrival sequence is taken under a transaction-level lock held until COMMIT, so sequence
 * order is commit order: whoever sees arrival N also sees every arrival before N (DESIGN 3.3).
 */
async function writeGroup(tx: Transaction, deps: StoreContext, group: readonly StorePreparedMessage[]): Promise<StoreOutcome[]> {
  const outcomes: StoreOutcome[] = [];
  const jobs: JobInsert<ProcessMessageJob>[] = [];
  for (const { plan } of group) {
    if (plan.kind === 'duplicate') {
      outcomes.push(await recordDuplicate(tx, plan.id, plan.message.origin));
      continue;
    }
    const outcome = await insertMessage(tx, plan.message, plan.sha256, plan.parsed, plan.sendMail);
    outcomes.push(outcome);
    if (outcome.status === 'stored') jobs.push({ id: deps.nextJobId(), data: { messageId: outcome.id }, singletonKey: plan.keys?.key ?? `message:${plan.sha256}` });
  }
  if (jobs.length > 0) await deps.boss.insert(QUEUES.processMessage, jobs, { db: bossDb(tx) });
  return outcomes;
}

/**
 * The message row, where it was found and the cursor advance in one statement; nothing when
 * the sha256 is already stored (the cursor still advances, the caller records the duplicate).
 */
const INSERT_MESSAGE = `
  WITH stored AS (
    INSERT INTO messages (arrival_seq, sha256, size, raw, received_at, source, message_id_header, subject,
        from_address, from_name, addresses, return_path, sent_date, in_reply_to, "references",
        auto_submitted, precedence, content_type, headers, text_body, html_body, delivery_status,
        quarantine_code, quarantine_detail, processed_at, send_mail)
    VALUES (nextval('message_arrival_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
        $15, $16, $17, $18, $19, $20, $21, $22, $23, CASE WHEN $22::text IS NULL THEN NULL ELSE now() END, $24)
    ON CONFLICT (sha256) DO NOTHING
    RETURNING id, arrival_seq
  ), origin AS (
    INSERT INTO message_origins (message_id, kind, mailbox_id, uid_validity, uid, path, path_index)
    SELECT id, $25::text, $26::bigint, $27::bigint, $28::bigint, $29::text, $30::integer FROM stored
    ON CONFLICT (mailbox_id, uid_validity, uid) DO NOTHING
  ), advanced AS (
    UPDATE mailboxes SET last_uid = GREATEST(last_uid, $28::bigint) WHERE id = $26::bigint AND uid_validity = $27::bigint
  )
  SELECT id, arrival_seq FROM stored`;

/** A new message's rows (message, origin, cursor advance, attachments); its job is the caller's. */
async function insertMessage(tx: Transaction, message: IncomingMessage, sha256: string, parsed: ParseOutcome, sendMail: boolean): Promise<StoreOutcome> {
  const { origin } = message;
  const fields = parsed.ok ? messageColumns(parsed.message) : null;
  const inserted = await tx.query<{ id: string; arrival_seq: string }>(INSERT_MESSAGE, [
    sha256,
    message.raw.length,
    message.raw,
    message.receivedAt,
    origin.kind,
    fields?.messageId ?? null,
    fields?.subject ?? null,
    fields?.fromAddress ?? null,
    fields?.fromName ?? null,
    fields?.addresses ?? '{}',
    fields?.returnPath ?? null,
    fields?.sentDate ?? null,
    fields?.inReplyTo ?? [],
    fields?.references ?? [],
    fields?.autoSubmitted ?? null,
    fields?.precedence ?? null,
    fields?.contentType ?? null,
    fields?.headers ?? '{}',
    fields?.text ?? null,
    fields?.html ?? null,
    fields?.deliveryStatus ?? null,
    parsed.ok ? null : parsed.reason.code,
    parsed.ok ? null : pgText(parsed.reason.detail),
    sendMail,
    ...originColumns(origin),
  ]);
  const row = inserted.rows[0];
  if (!row) {
    // Another process stored the same bytes between our look-up and this insert.
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM messages WHERE sha256 = $1', [sha256]);
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`message ${sha256} vanished during insert`);
    return recordDuplicate(tx, id, origin);
  }
  if (parsed.ok) await insertAttachments(tx, row.id, parsed.message);
  if (!parsed.ok) return { status: 'quarantined', id: row.id, arrivalSeq: row.arrival_seq, code: parsed.reason.code };
  return { status: 'stored', id: row.id, arrivalSeq: row.arrival_seq };
}

/**
 * Where an already stored message was found again, and the cursor moved past it, in one
 * statement: on the database itself it is a transaction of its own.
 */
async function recordDuplicate(db: Queryable, id: string, origin: MessageOrigin): Promise<StoreOutcome> {
  await db.query(
    `WITH origin AS (
       INSERT INTO message_origins (message_id, kind, mailbox_id, uid_validity, uid, path, path_index)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (mailbox_id, uid_validity, uid) DO NOTHING
     )
     UPDATE mailboxes SET last_uid = GREATEST(last_uid, $5) WHERE id = $3 AND uid_validity = $4`,
    [id, ...originColumns(origin)],
  );
  return { status: 'duplicate', id };
}

/**
 * The message_origins columns after message_id: kind, mailbox_id, uid_validity, uid, path,
 * path_index. Only IMAP origins have a mailbox, so only they move a cursor (DESIGN 3.1), and only
 * they can collide on (mailbox_id, uid_validity, uid).
 */
function originColumns(origin: MessageOrigin): [string, string | null, string | null, number | null, string | null, number | null] {
  if (origin.kind === 'imap') return ['imap', origin.mailboxId, origin.uidValidity.toString(), origin.uid, null, null];
  return [origin.kind, null, null, null, pgText(origin.path), origin.kind === 'import' ? origin.index : null];
}

/** Each attachment's bytes (content-addressed, stored once) and its place in the message: one statement each. */
async function insertAttachments(tx: Transaction, messageId: string, message: ParsedMessage): Promise<void> {
  let position = 0;
  for (const a of message.attachments) {
    await tx.query(
      `WITH blob AS (
         INSERT INTO attachment_blobs (sha256, size, content) VALUES ($3, $8, $9) ON CONFLICT (sha256) DO NOTHING
       )
       INSERT INTO message_attachments (message_id, position, sha256, filename, content_type, content_id, disposition, size)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [messageId, position++, a.sha256, pgText(a.filename), pgText(a.contentType) ?? 'application/octet-stream', pgText(a.contentId), pgText(a.disposition), a.size, a.content],
    );
  }
}

/**
 * The longest Message-ID (in UTF-8 bytes) kept in its (indexed) column. A msg-id has no folding
 * white space (RFC 5322 3.6.4), so it fits on one line of at most 998 octets (2.1.1); a longer
 * one is malformed, and indexed it would exceed PostgreSQL's btree row limit (~2.7 KB) and make
 * the message impossible to store. It stays in the raw bytes and the headers; nothing threads by it.
 */
const MAX_MESSAGE_ID_BYTES = 998;

/** The parsed fields as column values, NUL-free. */
function messageColumns(m: ParsedMessage) {
  const first = m.from[0];
  return {
    messageId: m.messageId !== null && Buffer.byteLength(m.messageId, 'utf8') <= MAX_MESSAGE_ID_BYTES ? pgText(m.messageId) : null,
    subject: pgText(m.subject),
    fromAddress: pgText(first?.address?.toLowerCase() ?? null),
    fromName: pgText(first?.name ?? null),
    addresses: pgJson({ from: m.from, to: m.to, cc: m.cc, replyTo: m.replyTo }),
    returnPath: pgText(m.returnPath),
    sentDate: m.date,
    inReplyTo: m.inReplyTo.map((id) => pgText(id) ?? ''),
    references: m.references.map((id) => pgText(id) ?? ''),
    autoSubmitted: pgText(m.autoSubmitted),
    precedence: pgText(m.precedence),
    contentType: pgText(m.contentType),
    headers: pgJson(m.headers),
    text: pgText(m.text),
    html: pgText(m.html),
    deliveryStatus: pgText(m.deliveryStatus),
  };
}
