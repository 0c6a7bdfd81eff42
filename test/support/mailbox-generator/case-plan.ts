import { formCategory, PROBLEMS, type Problem } from './catalogue.ts';
import { CLIENTS, type QuoteStyle } from './mail-clients.ts';
import type { Customer } from './people.ts';
import { COMPLAINT_OPENERS, GREETINGS } from './phrasing.ts';
import type { Quotas } from './quotas.ts';
import type { Random } from './random.ts';
import type { Category, Ground, Scenario, Via } from './types.ts';

/**
 * Who writes about what: the cases (customer, problem, channel, wording), the repeats and
 * follow-ups each case gets, and which cases draw an auto-reply or a bounce. No times yet.
 */

export type CaseEventType = 'repeat-prefixed-subject' | 'repeat-similar-body' | 'repeat-contact-form' | 'follow-up-outlook' | 'follow-up-gmail';
export type AutoReplyStyle = 'auto-reply-auto-submitted' | 'auto-reply-subject' | 'auto-reply-x-autoreply';

/** The phrasing a case's first message uses; a same-subject pair shares it. */
export interface Wording {
  subjectIndex: number;
  /** For each sentence of the problem, the alternative used. */
  choices: number[];
  /** Index of the opening line that makes a complaint explicit, or null. */
  complaintOpener: number | null;
  /** Index of the greeting. */
  greeting: number;
}

export interface PlannedCase {
  index: number;
  customer: Customer;
  problem: Problem;
  via: Via;
  scenario: Extract<Scenario, 'new' | 'new-second-problem' | 'new-same-subject'>;
  /** For the second case of a same-subject pair, the index of the first one. */
  pairedWith: number | null;
  /** The customer's earlier case, for a second problem. */
  after: number | null;
  wording: Wording;
  events: CaseEventType[];
}

export interface CasePlan {
  cases: PlannedCase[];
  autoReplies: { caseIndex: number; style: AutoReplyStyle }[];
  bounces: { caseIndex: number }[];
}

type Slot = { category: Category; ground: Ground | null };
const sameSlot = (a: Slot, b: Slot): boolean => a.category === b.category && a.ground === b.ground;
const problemsOf = (slot: Slot): Problem[] => PROBLEMS.filter((p) => sameSlot(p, slot));

function wordingFor(random: Random, problem: Problem, customer: Customer, sameSubject: boolean): Wording {
  const text = problem[customer.language];
  return {
    subjectIndex: sameSubject ? 0 : random.weighted(text.subjects.map((_s, i) => [i, i === 0 ? 3 : 2] as const)),
    choices: text.sentences.map((alternatives) => random.int(0, alternatives.length - 1)),
    complaintOpener: problem.category === 'complaint' && random.chance(0.45) ? random.int(0, COMPLAINT_OPENERS[customer.language].length - 1) : null,
    greeting: random.int(0, GREETINGS[customer.language].length - 1),
  };
}

/** Takes from `slots` the first slot for which `accept` holds; throws when none does. */
function takeSlot(slots: Slot[], accept: (s: Slot) => boolean, what: string): Slot {
  const i = slots.findIndex(accept);
  if (i < 0) throw new Error(`mailbox plan: no category left for ${what}`);
  return slots.splice(i, 1)[0] as Slot;
}

export function planCases(random: Random, quotas: Quotas, customers: Customer[]): CasePlan {
  const slots: Slot[] = random.shuffle([
    ...Array.from({ length: quotas.requests }, (): Slot => ({ category: 'request', ground: null })),
    ...Array.from({ length: quotas.technicalFailures }, (): Slot => ({ category: 'complaint', ground: 'technical-failure' })),
    ...Array.from({ length: quotas.nonCompliantDecisions }, (): Slot => ({ category: 'complaint', ground: 'non-compliant-decision' })),
    ...Array.from({ length: quotas.servicesNotProvided }, (): Slot => ({ category: 'complaint', ground: 'service-not-provided' })),
  ]);
  const vias: Via[] = random.shuffle([...Array.from({ length: quotas.formCases }, (): Via => 'contact-form'), ...Array.from({ length: quotas.cases - quotas.formCases }, (): Via => 'direct')]);
  const takeVia = (want?: Via): Via => {
    const i = want ? vias.indexOf(want) : 0;
    if (i < 0 || vias.length === 0) throw new Error(`mailbox plan: no ${want ?? ''} channel left`);
    return vias.splice(i, 1)[0] as Via;
  };
  const cases: PlannedCase[] = [];
  const add = (c: Omit<PlannedCase, 'index' | 'events'>): PlannedCase => {
    const planned = { ...c, index: cases.length, events: [] };
    cases.push(planned);
    return planned;
  };

  // Same-subject pairs: two customers of one language, one problem, one wording, direct mail.
  const pool = random.shuffle(customers);
  const paired = new Set<Customer>();
  for (let p = 0; p < quotas.sameSubjectPairs; p++) {
    // Among three unpaired customers two share a language (quotas keep at least three).
    const unpaired = pool.filter((c) => !paired.has(c));
    const a = unpaired.find((c) => unpaired.filter((d) => d.language === c.language).length >= 2);
    const b = a && unpaired.find((c) => c !== a && c.language === a.language);
    if (!a || !b) throw new Error('mailbox plan: not enough customers for the same-subject pairs');
    paired.add(a).add(b);
    // Each pair its own problem, so that a subject is shared by exactly the two customers of a pair.
    const fresh = (s: Slot): Problem[] => problemsOf(s).filter((pr) => !cases.some((c) => c.problem === pr && c.scenario === 'new-same-subject'));
    const slot = takeSlot(slots, (s) => fresh(s).length > 0 && slots.filter((t) => sameSlot(s, t)).length >= 2, 'a same-subject pair');
    takeSlot(slots, (s) => sameSlot(s, slot), 'a same-subject pair');
    const problem = random.pick(fresh(slot));
    const wording = wordingFor(random, problem, a, true);
    const first = add({ customer: a, problem, via: takeVia('direct'), scenario: 'new-same-subject', pairedWith: null, after: null, wording });
    add({ customer: b, problem, via: takeVia('direct'), scenario: 'new-same-subject', pairedWith: first.index, after: null, wording });
  }

  // Every other customer's first case, then the later cases (a different family each time).
  const order = random.shuffle(customers.filter((c) => !paired.has(c)));
  const shuffled = random.shuffle(customers);
  const extra = Array.from({ length: quotas.secondProblemCases }, (_v, i) => shuffled[i % shuffled.length] as Customer);
  /**
   * Whether a customer's next case can be about the problem through the channel: a family of
   * problems new to them and, through the form (whose subject is "Formulaire de contact -
   * <category>"), a category of the form they have not used, so that the subject differs too.
   * Only customers with many cases (few customers for the mailbox) may run out of categories;
   * `strict: false` then lets their form cases share the form's subject.
   */
  const fits = (customer: Customer, via: Via, strict: boolean) => (p: Problem): boolean => {
    const mine = cases.filter((c) => c.customer === customer);
    if (mine.some((c) => c.problem.family === p.family)) return false;
    const label = formCategory(p, customer.language);
    return !strict || via === 'direct' || !mine.some((c) => c.via === 'contact-form' && formCategory(c.problem, customer.language) === label);
  };
  const open = (customer: Customer, via: Via, strict: boolean): boolean => vias.includes(via) && slots.some((s) => problemsOf(s).some(fits(customer, via, strict)));
  const canPlace = (strict: boolean) => (customer: Customer): boolean => open(customer, 'direct', strict) || open(customer, 'contact-form', strict);
  const place = (customer: Customer, scenario: PlannedCase['scenario']): void => {
    const next = vias[0] ?? 'direct';
    const other: Via = next === 'direct' ? 'contact-form' : 'direct';
    const strict = open(customer, next, true) || open(customer, other, true);
    const via = takeVia(open(customer, next, strict) ? next : other);
    const slot = takeSlot(slots, (s) => problemsOf(s).some(fits(customer, via, strict)), `customer ${customer.email}`);
    const problem = random.pick(problemsOf(slot).filter(fits(customer, via, strict)));
    const after = cases.filter((c) => c.customer === customer).at(-1)?.index ?? null;
    add({ customer, problem, via, scenario, pairedWith: null, after, wording: wordingFor(random, problem, customer, false) });
  };
  for (const customer of order) place(customer, 'new');
  // A later case goes to the planned customer, or to another when the categories and channels
  // left hold nothing that fits them (see `fits`).
  for (const customer of extra) {
    const choice = [customer, ...shuffled].find(canPlace(true)) ?? [customer, ...shuffled].find(canPlace(false)) ?? customer;
    place(choice, 'new-second-problem');
  }

  assignEvents(random, quotas, cases);
  return { cases, ...assignAutomatic(random, quotas, cases) };
}

function assignEvents(random: Random, quotas: Quotas, cases: PlannedCase[]): void {
  const place = (type: CaseEventType, count: number, eligible: (c: PlannedCase) => boolean, cap: (c: PlannedCase) => boolean, weight: (c: PlannedCase) => number): void => {
    for (let i = 0; i < count; i++) {
      const candidates = cases.filter((c) => eligible(c) && cap(c));
      if (candidates.length === 0) throw new Error(`mailbox plan: no case can take a ${type}`);
      random.weighted(candidates.map((c) => [c, weight(c)] as const)).events.push(type);
    }
  };
  const repeats = (c: PlannedCase): number => c.events.filter((e) => e.startsWith('repeat')).length;
  const followUps = (c: PlannedCase): number => c.events.filter((e) => e.startsWith('follow-up')).length;
  const repeatCap = (c: PlannedCase): boolean => repeats(c) < 4;
  const repeatWeight = (c: PlannedCase): number => (c.problem.category === 'complaint' ? 3 : 1) / (1 + 2 * repeats(c));
  const direct = (c: PlannedCase): boolean => c.via === 'direct';
  const quoting = (style: QuoteStyle) => (c: PlannedCase): boolean => direct(c) && CLIENTS[c.customer.client].quoteStyle === style;
  place('repeat-prefixed-subject', quotas.repeatsPrefixedSubject, direct, repeatCap, repeatWeight);
  place('repeat-similar-body', quotas.repeatsSimilarBody, () => true, repeatCap, repeatWeight);
  place('repeat-contact-form', quotas.repeatsContactForm, () => true, repeatCap, repeatWeight);
  const followUpCap = (c: PlannedCase): boolean => followUps(c) < 2;
  const followUpWeight = (c: PlannedCase): number => 1 / (1 + 3 * followUps(c));
  for (const [type, count, style] of [['follow-up-outlook', quotas.followUpsOutlook, 'outlook'], ['follow-up-gmail', quotas.followUpsGmail, 'gmail']] as const) {
    // In a small mailbox no customer may use a client quoting this way: one who has no
    // follow-up yet switches to a desktop client that does (any address domain fits it).
    for (let i = 0; i < count; i++) {
      if (!cases.some((c) => quoting(style)(c) && followUpCap(c))) {
        const customer = cases.find((c) => direct(c) && !cases.some((d) => d.customer === c.customer && followUps(d) > 0))?.customer;
        if (customer) customer.client = style === 'outlook' ? 'outlook-legacy' : 'thunderbird';
      }
      place(type, 1, quoting(style), followUpCap, followUpWeight);
    }
  }
}

function assignAutomatic(random: Random, quotas: Quotas, cases: PlannedCase[]): Pick<CasePlan, 'autoReplies' | 'bounces'> {
  const order = random.shuffle(cases.map((c) => c.index));
  const styles: AutoReplyStyle[] = [
    ...Array.from({ length: quotas.autoRepliesAutoSubmitted }, (): AutoReplyStyle => 'auto-reply-auto-submitted'),
    ...Array.from({ length: quotas.autoRepliesSubject }, (): AutoReplyStyle => 'auto-reply-subject'),
    ...Array.from({ length: quotas.autoRepliesXAutoreply }, (): AutoReplyStyle => 'auto-reply-x-autoreply'),
  ];
  const autoReplies = styles.map((style, i) => ({ caseIndex: order[i % order.length] as number, style }));
  // Bounces mostly follow form cases: a mistyped address in the form's e-mail field.
  const taken = new Set(autoReplies.map((a) => a.caseIndex));
  const free = order.filter((i) => !taken.has(i));
  const byForm = [...free.filter((i) => cases[i]?.via === 'contact-form'), ...free.filter((i) => cases[i]?.via === 'direct')];
  const bounces = Array.from({ length: quotas.bounces }, (_v, i) => ({ caseIndex: (byForm[i] ?? order[i % order.length]) as number }));
  return { autoReplies, bounces };
}
