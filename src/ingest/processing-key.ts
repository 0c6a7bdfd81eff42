import { classifyMessage } from './classify/classify-message.ts';
import { customerOf } from './classify/customer-of.ts';
import { factsFromParsed } from './classify/message-facts.ts';
import type { ParsedMessage } from './parsed-message.ts';

/**
 * The key that serialises processing (pg-boss `singletonKey` on a `key_strict_fifo` queue): the
 * customer's address, so one customer's messages are threaded in arrival order while other
 * customers' run in parallel. A contact-form message is keyed by the customer in its fields, not
 * by the form's address (which would serialise every form customer behind one another).
 * Auto-replies and bounces belong to no customer and get a key of their own.
 */
export function processingKey(message: ParsedMessage, sha256: string, settings: { contactFormSenders: string[]; supportAddress: string }): string {
  const facts = factsFromParsed(message);
  const customer = customerOf(classifyMessage(facts, settings), { from: message.from, replyTo: message.replyTo, text: null });
  return customer ? `customer:${customer.email.toLowerCase()}` : `message:${sha256}`;
}
