/**
 * The data contract of the customer templates: one zod schema per template name. `render`
 * validates the caller's data against it before handlebars sees anything, so a missing or
 * mistyped field is an error naming the field, never an empty string in a customer's mail.
 *
 * Dates are `Date` objects; the templates format them in the customer's locale and the desk's
 * time zone (`formatDate` / `formatDateTime` helpers), so callers never pre-format.
 */
import { z } from 'zod';

/** The languages the desk answers in; French is the default. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/**
 * Free text that ends up on one line (names, the customer's subject): control characters and
 * line breaks become spaces, runs of spaces one space. Not escaping: the HTML part still escapes.
 */
function toOneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** One line of text, or null; an empty or blank string counts as null. */
const oneLineOrNull = z
  .string()
  .nullable()
  .transform((v) => (v === null ? null : toOneLine(v) || null));

const oneLine = z.string().transform(toOneLine).pipe(z.string().min(1, 'must not be empty'));

/** Multi-line free text written by an agent; line breaks are kept (paragraphs in the HTML part). */
const freeText = z.string().refine((v) => v.trim().length > 0, 'must not be empty');

/** Links shown to customers: http(s) only, so a `javascript:` URL can never reach an href. */
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

const date = z.date();

/** The complaint grounds of the procedure (DESIGN 1), as stored on the case. */
export const COMPLAINT_GROUNDS = ['technical-failure', 'non-compliant-decision', 'service-not-provided'] as const;
export type ComplaintGround = (typeof COMPLAINT_GROUNDS)[number];

/** Fields every template receives (the layout and the partials use them). */
const common = {
  /** The public case reference, e.g. `SC-2026-000042`; it goes into every subject in brackets. */
  caseRef: z.string().regex(/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/, 'must look like SC-2026-000042'),
  /** The customer's name for the greeting, or null ("Bonjour," / "Hello,"). */
  customerName: oneLineOrNull,
  /** The subject of the customer's first message, or null. */
  subject: oneLineOrNull,
  /** The desk's name in the signature, e.g. "Service Client Exemple". */
  deskName: oneLine,
  /** The desk's address (SUPPORT_ADDRESS), shown in the signature. */
  supportAddress: z.email(),
  /** The help pages, configurable. */
  links: z.object({ faq: httpUrl, terms: httpUrl }),
  /** True when the message is sent without a human (acknowledgements, notices): the footer says so. */
  automatic: z.boolean(),
  /** True for a complaint (as opposed to a simple request). */
  isComplaint: z.boolean(),
  /** The agent who signs, or null for the desk alone. */
  agentName: oneLineOrNull,
};

const acknowledgement = z.object({
  ...common,
  /** When the message reached the mailbox: the customer's proof of a prior complaint. */
  receivedAt: date,
  /** The answer deadline (receipt + one month); shown for complaints. */
  deadline: date,
  /** The complaint ground when known; null for a request or an unknown ground. */
  ground: z.enum(COMPLAINT_GROUNDS).nullable(),
  /** True when the message carries no account identifier: ask for identification details. */
  needsIdentification: z.boolean(),
});

const repeatReceived = z.object({
  ...common,
  /** When this repeat message reached the mailbox. */
  receivedAt: date,
  /** When the case it was added to was opened (its first message's arrival). */
  openedAt: date,
  /** How many messages have been added to the case as repeats, this one included. */
  repeatCount: z.int().min(1),
});

const agentWritten = z.object({
  ...common,
  /** What the agent wrote; line breaks kept. */
  agentText: freeText,
});

const interimUpdate = z.object({
  ...common,
  /** When the case was received (the deadline ran from then). */
  receivedOn: date,
  /** The latest date of the next update. */
  nextUpdateOn: date,
});

/** Reasons are mandatory when a decision is confirmed, cancelled or clarified. */
const decisionWithReasons = z.object({ ...common, reasons: freeText });
/** A solution or provisional information may come without further text. */
const decisionOptionalReasons = z.object({ ...common, reasons: freeText.nullable() });

const outOfTime = z.object({
  ...common,
  /** When the complaint was received. */
  receivedOn: date,
  /** The date of the decision or event at the origin of the complaint. */
  eventDate: date,
  /** The last day a complaint about it could be made (event + 3 months). */
  limitDate: date,
});

/** The schema of every template, by its stable name. */
export const TEMPLATE_SCHEMAS = {
  acknowledgement,
  'repeat-received': repeatReceived,
  'information-request': agentWritten,
  'interim-update': interimUpdate,
  'decision-confirmed': decisionWithReasons,
  'decision-cancelled': decisionWithReasons,
  'decision-clarification': decisionWithReasons,
  'decision-solution': decisionOptionalReasons,
  'decision-provisional': decisionOptionalReasons,
  'out-of-time': outOfTime,
  'agent-reply': agentWritten,
} as const satisfies Record<string, z.ZodType>;

export type TemplateName = keyof typeof TEMPLATE_SCHEMAS;
export const TEMPLATE_NAMES = Object.keys(TEMPLATE_SCHEMAS) as TemplateName[];

/** The final decisions (DESIGN 3.4): their footer carries the mediator information for complaints. */
export const DECISION_TEMPLATES = [
  'decision-confirmed',
  'decision-cancelled',
  'decision-clarification',
  'decision-solution',
  'decision-provisional',
] as const satisfies readonly TemplateName[];

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === 'string' && Object.hasOwn(TEMPLATE_SCHEMAS, value);
}

export function isFinalDecision(name: TemplateName): boolean {
  return (DECISION_TEMPLATES as readonly TemplateName[]).includes(name);
}

/** What a caller passes to `render(name, …)`. */
export type TemplateData<N extends TemplateName> = z.input<(typeof TEMPLATE_SCHEMAS)[N]>;
/** The validated data the templates see. */
export type ValidatedTemplateData<N extends TemplateName> = z.output<(typeof TEMPLATE_SCHEMAS)[N]>;
