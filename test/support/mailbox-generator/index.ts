/** The mailbox generator's public API (see generate-mailbox.ts). */
export { generateMailbox } from './generate-mailbox.ts';
export { DEFAULT_MESSAGES, MIN_MESSAGES, planQuotas, type Quotas } from './quotas.ts';
export { Random } from './random.ts';
export type {
  Category, Charset, GeneratedMailbox, GeneratedMessage, GenerateMailboxOptions, Ground, Language, MessageDetail, MessageKind, MessageTruth, Scenario, Via,
} from './types.ts';
