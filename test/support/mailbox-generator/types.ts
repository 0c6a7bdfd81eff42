/**
 * The generated mailbox and its ground truth: what a perfect Guichet would make of each message.
 */

export type Language = 'fr' | 'en';
export type Charset = 'utf-8' | 'windows-1252';
export type Category = 'request' | 'complaint';
export type Ground = 'technical-failure' | 'non-compliant-decision' | 'service-not-provided';
export type MessageKind = 'new' | 'repeat' | 'follow-up' | 'auto-reply' | 'bounce';
export type Via = 'direct' | 'contact-form';

/**
 * The finer scenario a message was generated for (beyond `truth.kind`), so tests can count each
 * one:
 * - `new`: the first message of a case; `new-second-problem`: the first message of a customer's
 *   later case about a different problem; `new-same-subject`: one of two different customers'
 *   cases with the same subject and near-identical wording;
 * - `repeat-prefixed-subject`: no threading header, the case's subject behind "Relance :", "RE:",
 *   "TR :"… and a rewritten (or forwarded) body; `repeat-similar-body`: a different or generic
 *   subject, the same body reworded slightly; `repeat-contact-form`: the contact form again with
 *   the same description;
 * - `follow-up-outlook` / `follow-up-gmail`: In-Reply-To/References to the customer's own earlier
 *   message, quoting it Outlook-style ("De : … Envoyé : …") or Gmail-style ("Le … a écrit :");
 * - `auto-reply-auto-submitted` (RFC 3834 header), `auto-reply-subject` (only the subject
 *   "Réponse automatique : …" / "Automatic reply: …"), `auto-reply-x-autoreply` (X-Autoreply);
 * - `bounce`: a multipart/report delivery-status notification.
 */
export type Scenario =
  | 'new'
  | 'new-second-problem'
  | 'new-same-subject'
  | 'repeat-prefixed-subject'
  | 'repeat-similar-body'
  | 'repeat-contact-form'
  | 'follow-up-outlook'
  | 'follow-up-gmail'
  | 'auto-reply-auto-submitted'
  | 'auto-reply-subject'
  | 'auto-reply-x-autoreply'
  | 'bounce';

export interface GenerateMailboxOptions {
  seed: number;
  /** Distinct customers; default: one per case except the customers with a second problem. */
  customers?: number;
  /** Messages in the mailbox (at least 60); default 320. */
  messages?: number;
  /** The contact form mailer's From address, e.g. 'formulaire@site.example'. */
  contactFormSender: string;
  /** The desk's own address; its domain is the domain of the desk's Message-IDs. */
  supportAddress: string;
  /** Arrival of the first message is shortly after this. */
  start: Date;
}

export interface MessageTruth {
  /** Messages with the same caseKey belong to one case; null = must open no case. */
  caseKey: string | null;
  /** The customer's address, lower-case (for form mail the one in the fields); null for bounces and auto-replies. */
  customer: string | null;
  kind: MessageKind;
  via: Via;
  language: Language;
  /** The charset of the text body. */
  charset: Charset;
  /** The case's category; `request` for auto-replies and bounces, which belong to no case. */
  category: Category;
  /** The case's complaint ground; null for requests, auto-replies and bounces. */
  ground: Ground | null;
}

/** What the generator wrote, decoded, for tests that compare it with what parsing reads back. */
export interface MessageDetail {
  scenario: Scenario;
  /** The subject as displayed ('' when the message has no Subject field). */
  subject: string;
  /** The From address as written (not lower-cased). */
  from: string;
  /** The From display name as written, decoded ('' when none). */
  fromName: string;
  /** The Reply-To address, or null. */
  replyTo: string | null;
  /** The text/plain body (first text part of a report), lines ending in '\n'. */
  text: string;
  /** The In-Reply-To id (without <>), or null. */
  inReplyTo: string | null;
  /** The References ids (without <>), in order. */
  references: string[];
  /** The Date header's instant (the sender's clock, not the arrival). */
  date: Date;
  /** The number of attachments. */
  attachments: number;
}

export interface GeneratedMessage {
  /** Full RFC 5322 message, CRLF line ends. */
  raw: Buffer;
  /** Without <>. */
  messageId: string;
  /** Strictly increasing in array order, whole seconds: this IS the arrival order. */
  internalDate: Date;
  truth: MessageTruth;
  detail: MessageDetail;
}

export interface GeneratedMailbox {
  messages: GeneratedMessage[];
  /** Every case, in the order of its first message's arrival. */
  cases: Map<string, { customer: string; firstIndex: number }>;
}
