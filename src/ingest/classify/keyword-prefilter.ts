/**
 * A prefilter for the keyword regexes of the category classifier (category.ts): it searches a
 * fixed list of regexes in a text, each giving exactly what `re.exec(text)` gives, much faster.
 *
 * Why: `suggestCategory` runs some fifty regexes, each over the whole folded text of a message;
 * on a long mail every one of them is a linear scan (most start with `\b` and an alternation,
 * which the regex engine cannot skip through), and together they were one of the largest CPU
 * items of message processing. Yet nearly every keyword needs some literal text to match.
 *
 * How, in four files:
 * - regex-subset.ts parses a regex's source, in the subset the keyword tables use;
 * - required-literals.ts derives from it the *required literals* (clauses of strings such that
 *   any match contains at least one string of every clause) and the *start strings* (one of
 *   which every match starts with);
 * - literal-finder.ts finds where each of those strings first is in a text, in one pass;
 * - this file puts them together (`RegexPrefilter`): a regex whose clauses are not all met, or
 *   none of whose start strings is in the text, cannot match and is not run; any other is run
 *   from the first place one of its start strings is, where the leftmost match is at the
 *   earliest, and gives the very match it gives run from the start.
 * So results never change: the prefilter only ever skips a regex, or a part of the text, where
 * nothing would have been found. A regex outside the understood subset is always run as it is.
 * The choices made for speed only (which clauses to keep, where to anchor a string, how many
 * start strings) rest on rough estimates of how common strings are in mail (literal-cost.ts).
 */
import { LiteralFinder } from './literal-finder.ts';
import { analyseRegex, type Requirement } from './required-literals.ts';

/** Most clauses looked for per regex. */
const KEPT_CLAUSES = 3;

/**
 * The clauses worth looking for, of a regex's (cheapest first, none implied by another): the
 * first KEPT_CLAUSES. Every clause kept lets fewer texts through to the regex, at the price of a
 * few more comparisons in the pass over a text, which are cheap next to running a regex over
 * the whole text; dropping a clause is always sound.
 */
const selectClauses = (clauses: Requirement): Requirement => clauses.slice(0, KEPT_CLAUSES);

/** How a regex is searched for: its clauses and start strings as literal indexes. */
interface Plan {
  /** Null: nothing required. */
  clauses: number[][] | null;
  /** Null: no start known; the regex is run from the start of the text. */
  starts: number[] | null;
  /** The regex with the `g` flag, run from `lastIndex` (the first place a match may start). */
  global: RegExp;
}

/** `re.exec(text)` for a regex of the prefilter's list, and the same for the text (see `search`). */
export type Exec = (re: RegExp) => RegExpExecArray | null;

/**
 * Searches a fixed list of regexes in texts, each as `re.exec(text)` would, faster. Built once
 * per list: each regex is analysed (`analyseRegex`) into clauses of required literals and the
 * strings a match starts with; `search(text)` finds all those literals in one pass over the
 * text, and then for a regex
 * - a clause none of whose strings the text contains, or no start string in the text, proves
 *   that the regex finds nothing: null, without running it;
 * - else the regex runs, from the first place one of its start strings is (no match can start
 *   before, every match starting with one of them), and returns the match `re.exec(text)` would
 *   return: `exec` looks for the leftmost match, and whether one starts at a place does not
 *   depend on where the search began (`\b` and look-behinds see the text before `lastIndex`).
 * A regex the analysis refused, or the prefilter does not know, is run as `re.exec(text)`.
 */
export class RegexPrefilter {
  readonly #finder: LiteralFinder;
  readonly #plans: Map<RegExp, Plan>;
  readonly #minLength: number;

  /**
   * `minLength`: texts shorter than this are not looked at, every regex is run as it is: over a
   * short text (a form's category label, a one-line mail) the regexes cost less than the pass.
   */
  constructor(regexes: readonly RegExp[], options: { minLength?: number } = {}) {
    const ids = new Map<string, number>();
    const id = (s: string): number => {
      let i = ids.get(s);
      if (i === undefined) ids.set(s, (i = ids.size));
      return i;
    };
    this.#plans = new Map();
    for (const re of regexes) {
      const literals = analyseRegex(re);
      if (literals === null) continue;
      const clauses = selectClauses(literals.clauses);
      this.#plans.set(re, {
        clauses: clauses.length === 0 ? null : clauses.map((clause) => clause.map(id)),
        starts: literals.starts && literals.starts.map(id),
        global: new RegExp(re.source, 'g'),
      });
    }
    this.#finder = new LiteralFinder([...ids.keys()]);
    this.#minLength = options.minLength ?? 0;
  }

  /** The clauses and start strings looked for per regex (null: none), for tests and reports. */
  plan(re: RegExp): { clauses: string[][] | null; starts: string[] | null } | null {
    const plan = this.#plans.get(re);
    const literal = (i: number): string => this.#finder.literals[i]!;
    return plan ? { clauses: plan.clauses && plan.clauses.map((clause) => clause.map(literal)), starts: plan.starts && plan.starts.map(literal) } : null;
  }

  /** `re.exec(text)` for every regex, `text` looked at once (see the class comment). */
  search(text: string): Exec {
    if (text.length < this.#minLength) return (re) => re.exec(text);
    const found = this.#finder.find(text);
    return (re) => {
      const plan = this.#plans.get(re);
      if (plan === undefined) return re.exec(text);
      if (plan.clauses && !plan.clauses.every((clause) => clause.some((l) => found[l] !== 0))) return null;
      if (plan.starts === null) return re.exec(text);
      let from = Number.POSITIVE_INFINITY;
      for (const l of plan.starts) if (found[l] !== 0) from = Math.min(from, found[l]! - 1);
      if (from === Number.POSITIVE_INFINITY) return null;
      plan.global.lastIndex = from;
      return plan.global.exec(text);
    };
  }
}
