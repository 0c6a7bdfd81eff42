/**
 * The pg-boss queues Guichet uses, with their options. Created at start by every process that
 * sends or works jobs (createQueue is idempotent).
 */
export const QUEUES = {
  /**
 * One job per stored inbound message: the next stage after ingest (threading, case opening).
 * FIFO per customer (`singletonKey` = the customer's address), parallel across customers.
 */
  processMessage: 'process-message',
  /** One job per outbox row: send the stored bytes, with retries. */
  sendMail: 'send-mail',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Data of a `process-message` job. */
export interface ProcessMessageJob {
  /** messages.id of the stored message, as a string (int8). */
  messageId: string;
}

/** Data of a `send-mail` job. */
export interface SendMailJob {
  /** outbox.id, as a string (int8). */
  outboxId: string;
}
