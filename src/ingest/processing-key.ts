import { classifyMessage } from './classify/classify-message.ts';
import { customerOf } from './classify/customer-of.ts';
import { factsFromParsed } from './classify/message-facts.ts';
import type { ParsedMessage } from './parsed-message.ts';

/** How processing is serialised for one message, worked out at ingest. */
export interface ProcessingKeys {
  /**
   * The key that serialises processing (pg-boss `singletonKey` on a `key_strict_fifo` queue):
   * the customer's address, so one customer's messages are threaded in arrival order while other
   * customers' run in parallel. A contact-form message is keyed by the customer in its fields, not
   * by the form's address (which would serialise every form customer behind one another).
   * Auto-replies and bounces belong to no customer and get a key of their own.
   */
  key: string;
  /**
   * Keys of whatever this message's processing may depend on, or another message's on it: the
   * customer's address and each account identifier the message gives (a form field, a
   * signature — processing also finds a customer by identifier, so two addresses may turn out
   * to be one customer), its own Message-ID and those it replies to (a reply threads into the
   * case its original opens). The store never puts two messages sharing one of these in a
   * transaction together (store-message.ts commitGroup), so their jobs keep their order.
   */
  orderKeys: string[];
}

/** The processing keys of a parsed message (see ProcessingKeys). */
export function processingKeys(message: ParsedMessage, sha256: string, settings: { contactFormSenders: string[]; supportAddress: string }): ProcessingKeys {
  const facts = factsFromParsed(message);
  const customer = customerOf(classifyMessage(facts, settings), { from: message.from, replyTo: message.replyTo, text: message.text });
  const threadKeys = [...(message.messageId ? [message.messageId] : []), ...message.inReplyTo, ...message.references].map((id) => `msgid:${id}`);
  if (!customer) return { key: `message:${sha256}`, orderKeys: threadKeys };
  const key = `customer:${customer.email.toLowerCase()}`;
  return { key, orderKeys: [key, ...customer.accountIds.map((id) => `account:${id}`), ...threadKeys] };
}
