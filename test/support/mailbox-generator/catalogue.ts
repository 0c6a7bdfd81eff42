import { NON_COMPLIANT_DECISIONS } from './catalogue-decisions.ts';
import { REQUESTS } from './catalogue-requests.ts';
import { SERVICES_NOT_PROVIDED } from './catalogue-services.ts';
import { TECHNICAL_FAILURES } from './catalogue-technical.ts';
import { DAY_MS, HOUR_MS, clockTime, dayMonth, numericDate, offsetMinutes } from './dates.ts';
import type { Customer } from './people.ts';
import type { Random } from './random.ts';
import type { Category, Ground, Language } from './types.ts';

/**
 * The problems customers write about, and the facts of one case (amount, dates, references)
 * that every message of the case repeats consistently.
 */

/**
 * Problems of one family are never given to the same customer twice, so that a customer's
 * second case is clearly a different problem (never a repeat in disguise).
 */
export type Family =
  | 'poker-tournament' | 'sports-bet' | 'deposit' | 'account-access' | 'bonus' | 'withdrawal'
  | 'closure' | 'verification' | 'account-details' | 'statement' | 'limits' | 'security';

export interface ProblemText {
  /** Subject variants; the first has no placeholder (two customers can share it word for word). */
  subjects: readonly string[];
  /** A noun phrase for reminders: "mon retrait de {amount} du {date}". */
  summary: string;
  /** The body, sentence by sentence, each with alternative phrasings (for reworded repeats). */
  sentences: readonly (readonly string[])[];
  /** Information a follow-up adds. */
  additions: readonly string[];
  /** The form's category value for a request (complaints use COMPLAINT_LABEL). */
  formCategory?: string;
}

export interface Problem {
  id: string;
  family: Family;
  category: Category;
  ground: Ground | null;
  /** Prefix of the case's reference (withdrawal, bet, tournament number…). */
  refPrefix: string;
  fr: ProblemText;
  en: ProblemText;
}

export const PROBLEMS: readonly Problem[] = [...TECHNICAL_FAILURES, ...NON_COMPLIANT_DECISIONS, ...SERVICES_NOT_PROVIDED, ...REQUESTS];

/** The form's category value for complaints (DESIGN 5.3). */
export const COMPLAINT_LABEL: Record<Language, string> = { fr: 'Plainte', en: 'Complaint' };

export function formCategory(problem: Problem, language: Language): string {
  return problem.category === 'complaint' ? COMPLAINT_LABEL[language] : (problem[language].formCategory ?? (language === 'fr' ? 'Autre' : 'Other'));
}

/** The facts of one case. */
export interface CaseFacts {
  /** Euros, possibly with cents. */
  amount: number;
  amountStyle: 0 | 1 | 2;
  eventDate: Date;
  reference: string;
  method: number;
  game: number;
  match: number;
  /** Whole days from the event to the case's first message. */
  days: number;
}

const METHODS: Record<Language, readonly string[]> = {
  fr: ['virement bancaire', 'PayPal', 'carte bancaire', 'Skrill'],
  en: ['bank transfer', 'PayPal', 'debit card', 'Skrill'],
};
const GAMES: Record<Language, readonly string[]> = {
  fr: ['Deepstack 20 €', 'Sunday Special', 'Turbo Bounty 10 €', 'Freeroll du mardi', 'Main Event du dimanche'],
  en: ['Deepstack €20', 'Sunday Special', 'Turbo Bounty €10', 'Tuesday Freeroll', 'Sunday Main Event'],
};
const MATCHES = ['PSG – Marseille', 'Lyon – Lens', 'Lille – Rennes', 'Nantes – Nice', 'Arsenal – Chelsea', 'Toulouse – Brest'];

const AMOUNTS: Record<string, readonly number[]> = {
  'deposit-limit': [20, 30, 50, 100],
  'tournament-disconnection': [5, 10, 20, 50, 109],
  'welcome-bonus-missing': [50, 100, 150, 200],
  default: [20, 35, 50, 75, 100, 120, 150, 200, 250, 300, 450, 500, 780, 1200, 1500],
};

/** Facts for a case whose first message arrives at `firstArrival`; about one complaint in 16 is about an event over 3 months old. */
export function createFacts(random: Random, problem: Problem, customer: Customer, firstArrival: Date): CaseFacts {
  const specific = AMOUNTS[problem.id];
  const base = random.pick(specific ?? AMOUNTS.default ?? []);
  // Cents only on money that moved (withdrawals, deposits, balances), not on limits, buy-ins or bonuses.
  const amount = specific || !random.chance(0.2) ? base : base + random.pick([0.5, 0.9, 0.25]);
  const days = problem.category === 'complaint' && random.chance(0.06) ? random.int(100, 160) : random.int(1, 40);
  const evening = random.int(18, 23) * HOUR_MS + random.int(0, 59) * 60_000;
  const offset = offsetMinutes(firstArrival, customer.language) * 60_000;
  const midnightLocal = Math.floor((firstArrival.getTime() + offset) / DAY_MS) * DAY_MS - offset;
  const eventDate = new Date(midnightLocal - days * DAY_MS + evening);
  const digits = problem.refPrefix === 'T' ? 9 : 8;
  return {
    amount,
    amountStyle: customer.typographic ? 0 : random.pick([0, 1, 2] as const),
    eventDate,
    reference: `${problem.refPrefix}${random.int(1, 9)}${random.digits(digits - 1)}`,
    method: random.int(0, METHODS.fr.length - 1),
    game: random.int(0, GAMES.fr.length - 1),
    match: random.int(0, MATCHES.length - 1),
    days: Math.max(1, Math.round((firstArrival.getTime() - eventDate.getTime()) / DAY_MS)),
  };
}

function formatAmount(facts: CaseFacts, language: Language): string {
  const whole = Number.isInteger(facts.amount);
  const n = whole ? String(facts.amount) : facts.amount.toFixed(2);
  if (language === 'en') return facts.amountStyle === 2 ? `${n} euros` : `€${n}`;
  const fr = n.replace('.', ',');
  return [`${fr} €`, `${fr}€`, `${fr} euros`][facts.amountStyle] ?? `${fr} €`;
}

/** The placeholder values of a case in a language. */
export function caseVars(facts: CaseFacts, customer: Customer, language: Language): Record<string, string> {
  const offset = offsetMinutes(facts.eventDate, language);
  return {
    amount: formatAmount(facts, language),
    date: numericDate(facts.eventDate, offset),
    dayMonth: dayMonth(facts.eventDate, offset, language),
    time: clockTime(facts.eventDate, offset, language),
    ref: facts.reference,
    method: METHODS[language][facts.method] ?? '',
    game: GAMES[language][facts.game] ?? '',
    match: MATCHES[facts.match] ?? '',
    days: String(facts.days),
    account: customer.account,
    phone: customer.phone,
  };
}

/** The template with its {placeholders} replaced; an unknown placeholder is a bug in the catalogue. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`unknown placeholder {${name}} in ${JSON.stringify(template)}`);
    return value;
  });
}

/** Typewriter typography for writers whose keyboard does not autocorrect: ' and " instead of ’ “ ” « ». */
export function plainTypography(text: string): string {
  return text.replace(/’/g, "'").replace(/[“”]/g, '"').replace(/«\s?/g, '"').replace(/\s?»/g, '"');
}
