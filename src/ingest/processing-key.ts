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
   * Every key under which this message's customer may be known: the address, and each account
   * identifier the message gives (a form field, a signature) — processing also finds a customer
   * by identifier, so two addresses may turn out to be one customer. The store never puts two
   * messages sharing one of these in a transaction together (store-message.ts commitGroup).
   */
  customerKeys: string[];
}

/** The processing keys of a parsed message (see ProcessingKeys). */
export function processingKeys(message: ParsedMessage, sha256: string, settings: { contactFormSenders: string[]; supportAddress: string }): ProcessingKeys {
  const facts = factsFromParsed(message);
  const customer = customerOf(classifyMessage(facts, settings), { from: message.from, replyTo: message.replyTo, text: message.text });
  if (!customer) return { key: `message:${sha256}`, customerKeys: [] };
  const key = `customer:${customer.email.toLowerCase()}`;
  return { key, customerKeys: [key, ...customer.accountIds.map((id) => `account:${id}`)] };
}
