/**
 * What a regex's matches must contain: the analysis behind the keyword prefilter
 * (keyword-prefilter.ts).
 *
 * Nearly every keyword regex needs some literal text to match: "retrait" for "retrait non reçu",
 * "compte " for "compte bloqué". `analyseRegex` reads a regex's tree (regex-subset.ts) into
 * *required literals* — clauses of strings such that any match contains at least one string of
 * every clause — and *start strings*, one of which every match starts with. A text lacking a
 * clause, or every start string, cannot match; a match cannot start before the first start
 * string. The prefilter skips regexes, and parts of texts, on exactly that, so the analysis must
 * be sound: it may say less than is true, never more.
 *
 * It follows the "trigram query" of Russ Cox's code search: each node gets what is known of the
 * strings it matches (assertions taken as matching the empty string, which can only add strings,
 * never lose one):
 *   exact    all of them, when they are few; else null, and then
 *   prefix   every one starts with one of these ('' among them: nothing known),
 *   suffix   every one ends with one of these,
 *   clauses  every one contains a string of each clause.
 * Every step may only weaken what it is given — shorten a prefix or suffix, drop a clause, drop a
 * string of a clause that contains another string of it — so what comes out is always true.
 * Which true clauses to keep, when there are too many, is chosen for speed (literal-cost.ts).
 */
import { clauseCost } from './literal-cost.ts';
import { MIN_LITERAL } from './literal-finder.ts';
import { parseRegex, type RegexNode } from './regex-subset.ts';

/** A conjunction of clauses: a text that has a match contains a string of every clause. */
export type Requirement = string[][];

/** A clause, and what looking for it costs (`clauseCost`). */
interface Clause {
  strings: string[];
  cost: number;
}

/** What is known of the strings a node matches (see the comment at the top of this file). */
interface Info {
  exact: string[] | null;
  prefix: string[];
  suffix: string[];
  /** Simplified, cheapest first, none implied by another (`simplifyClauses`). */
  clauses: Clause[];
  /** With `exact`: the clauses it implies, once worked out (`loose`). */
  exactClauses?: Clause[];
}

/** Most strings in an exact set, a prefix or suffix set, or a clause; most clauses a node keeps. */
const MAX_EXACT = 64;
const MAX_AFFIX = 64;
const MAX_CLAUSE = 24;
const MAX_CLAUSES = 4;
/** Longest prefix or suffix kept, and longest cut weighed when weakening a clause. */
const MAX_CUT = 14;

const NOTHING_KNOWN: Info = { exact: null, prefix: [''], suffix: [''], clauses: [] };
const exactly = (strings: string[]): Info => ({ ...NOTHING_KNOWN, exact: strings });

const unique = (strings: string[]): string[] => [...new Set(strings)];
const cross = (a: string[], b: string[]): string[] => unique(a.flatMap((x) => b.map((y) => x + y)));

/** The prefix, suffix and clauses an exact set implies (its clauses worked out once, kept on it). */
function loose(info: Info): { prefix: string[]; suffix: string[]; clauses: Clause[] } {
  const exact = info.exact;
  if (exact === null) return info;
  info.exactClauses ??= simplifyClauses([], [exact]);
  return { prefix: exact, suffix: exact, clauses: info.exactClauses };
}

/**
 * A prefix (or suffix) set of at most MAX_AFFIX strings of at most MAX_CUT characters: the
 * strings cut shorter until they are few enough (every match still starts with one of them).
 */
function limitAffix(strings: string[], keep: (s: string, n: number) => string): string[] {
  let set = unique(strings.map((s) => keep(s, MAX_CUT)));
  for (let n = MAX_CUT - 1; set.length > MAX_AFFIX && n > 0; n--) set = unique(set.map((s) => keep(s, n)));
  return set.length > MAX_AFFIX ? [''] : set;
}
const limitPrefix = (strings: string[]): string[] => limitAffix(strings, (s, n) => s.slice(0, n));
const limitSuffix = (strings: string[]): string[] => limitAffix(strings, (s, n) => s.slice(Math.max(0, s.length - n)));

/**
 * A clause without the strings that contain another of its strings (a text containing "bugge"
 * contains "bug"), or null when it is of no use: it has a string shorter than MIN_LITERAL (the
 * empty string says nothing; the pass over a text looks for no shorter string).
 */
function simplifyClause(clause: string[]): string[] | null {
  const kept: string[] = [];
  for (const s of unique(clause).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
    if (s.length < MIN_LITERAL) return null;
    if (!kept.some((t) => s.includes(t))) kept.push(s);
  }
  return kept;
}

/**
 * A clause made worth looking for: as it is when it has at most MAX_CLAUSE strings, else the
 * best of its weakenings by cutting every string to its first, and to its last, k characters
 * ("compte ferme", "compte suspendu"… → "compte "; "site inaccessible", "appli
 * inaccessible"… → "inaccessible"): a text containing a string of the clause contains the cut
 * string too. Fewer, shorter strings are cheaper to look for; longer ones are met by fewer
 * texts: `clauseCost` chooses.
 */
function weakenClause(clause: string[]): string[][] {
  const simple = simplifyClause(clause);
  if (simple === null) return [];
  if (simple.length <= MAX_CLAUSE) return [simple];
  const out: string[][] = [];
  const longest = Math.max(...simple.map((s) => s.length));
  for (const cut of [(s: string, k: number) => s.slice(0, k), (s: string, k: number) => s.slice(Math.max(0, s.length - k))]) {
    // Weighed on the cut strings as they are (simplifying can only make a clause cheaper); only
    // the best is simplified.
    let best: { clause: string[]; cost: number } | null = null;
    for (let k = MIN_LITERAL; k < Math.min(longest, MAX_CUT); k++) {
      const cutClause = unique(simple.map((s) => cut(s, k)));
      if (cutClause.length > MAX_CLAUSE) continue;
      const cost = clauseCost(cutClause);
      if (!best || cost < best.cost) best = { clause: cutClause, cost };
    }
    const chosen = best && simplifyClause(best.clause);
    if (chosen) out.push(chosen);
  }
  return out;
}

/**
 * Whether a text meeting clause `a` always meets clause `b`: every string of `a` contains one of
 * `b`. Then `b` adds nothing to `a` ("compte " to "compte bloque", "compte ferme"…).
 */
const implies = (a: string[], b: string[]): boolean => a.every((s) => b.some((t) => s.includes(t)));

/**
 * Clauses already simplified, with `fresh` ones simplified (weakened when too large): cheapest
 * first, without those a cheaper one implies, at most MAX_CLAUSES of them.
 */
function simplifyClauses(clauses: Clause[], fresh: string[][]): Clause[] {
  const candidates = [...clauses, ...fresh.flatMap(weakenClause).map((strings) => ({ strings, cost: clauseCost(strings) }))];
  const kept: Clause[] = [];
  for (const clause of candidates.sort((a, b) => a.cost - b.cost)) {
    if (kept.length === MAX_CLAUSES) break;
    if (!kept.some((k) => implies(k.strings, clause.strings))) kept.push(clause);
  }
  return kept;
}

function concat(a: Info, b: Info): Info {
  if (a.exact && b.exact && a.exact.length * b.exact.length <= MAX_EXACT) return exactly(cross(a.exact, b.exact));
  const la = loose(a);
  const lb = loose(b);
  // A match of `ab` starts with a match of `a`; when those are known exactly, with one of them
  // followed by the start of a match of `b`. Likewise at the end.
  const prefix = a.exact && a.exact.length * lb.prefix.length <= MAX_AFFIX * 4 ? cross(a.exact, lb.prefix) : la.prefix;
  const suffix = b.exact && la.suffix.length * b.exact.length <= MAX_AFFIX * 4 ? cross(la.suffix, b.exact) : lb.suffix;
  // Where the two meet, the end of a match of `a` runs into the start of a match of `b`.
  const junction = la.suffix.length * lb.prefix.length <= MAX_CLAUSE * 4 ? [cross(la.suffix, lb.prefix)] : [];
  return { exact: null, prefix: limitPrefix(prefix), suffix: limitSuffix(suffix), clauses: simplifyClauses([...la.clauses, ...lb.clauses], junction) };
}

function alternate(a: Info, b: Info): Info {
  if (a.exact && b.exact && unique([...a.exact, ...b.exact]).length <= MAX_EXACT) return exactly(unique([...a.exact, ...b.exact]));
  const la = loose(a);
  const lb = loose(b);
  // A match is one of `a` or one of `b`: it contains a string of (a clause of `a`) ∪ (a clause
  // of `b`), for every pair. With no clause on either side, nothing is required.
  const clauses = la.clauses.flatMap((x) => lb.clauses.map((y) => [...x.strings, ...y.strings]));
  return { exact: null, prefix: limitPrefix([...la.prefix, ...lb.prefix]), suffix: limitSuffix([...la.suffix, ...lb.suffix]), clauses: simplifyClauses([], clauses) };
}

function repeat(info: Info, min: number, max: number): Info {
  if (min === 1 && max === 1) return info;
  if (min === 0) {
    // `x?` of a known x: x or nothing. Any other optional repetition requires nothing.
    if (max === 1 && info.exact && info.exact.length < MAX_EXACT) return exactly(unique([...info.exact, '']));
    return NOTHING_KNOWN;
  }
  // At least one copy: a match starts with one, ends with one, contains one.
  const l = loose(info);
  return { exact: null, prefix: l.prefix, suffix: l.suffix, clauses: l.clauses };
}

function analyse(node: RegexNode): Info {
  switch (node.type) {
    case 'char':
      return exactly([node.char]);
    case 'assert':
      return exactly(['']);
    case 'set':
      return NOTHING_KNOWN;
    case 'seq': {
      // Runs of characters first joined into one string ("retrait"): the same strings, fewer steps.
      const parts: Info[] = [];
      let run = '';
      for (const item of node.items) {
        if (item.type === 'char') run += item.char;
        else if (item.type !== 'assert') {
          if (run !== '') parts.push(exactly([run]));
          run = '';
          parts.push(analyse(item));
        }
        // An assertion matches the empty string: it neither adds to nor breaks a run.
      }
      if (run !== '') parts.push(exactly([run]));
      return parts.reduce(concat, exactly(['']));
    }
    case 'alt':
      return node.options.map(analyse).reduce(alternate);
    case 'repeat':
      return repeat(analyse(node.node), node.min, node.max);
  }
}

/** What the analysis of a regex tells of every string it finds (see `analyseRegex`). */
export interface RegexLiterals {
  /** Clauses: the string contains a string of every clause ([] when nothing is known). */
  clauses: Requirement;
  /** Strings one of which the string starts with (null when not known). */
  starts: string[] | null;
}

/**
 * What any string a regex finds must contain and start with, its literals each at least
 * MIN_LITERAL long; null when the regex is outside the understood subset (or has flags), and
 * must always be run from the start of the text.
 */
export function analyseRegex(re: RegExp): RegexLiterals | null {
  if (re.flags !== '') return null;
  const tree = parseRegex(re.source);
  if (tree === null) return null;
  const info = loose(analyse(tree));
  return { clauses: info.clauses.map((clause) => clause.strings), starts: startSet(info.prefix) };
}

/** The required literals of a regex: `analyseRegex(re).clauses`. */
export function requiredLiterals(re: RegExp): Requirement | null {
  return analyseRegex(re)?.clauses ?? null;
}

/**
 * A prefix set as strings to look for: cut to at most START_CUT characters, and shorter until at
 * most MAX_STARTS strings are left, without the strings that start with another of them (a match
 * starting "bugs" starts "bug"); null when one is shorter than MIN_LITERAL (the empty string:
 * nothing known). Only where a regex may first match depends on them (the first place one of
 * them is), and a few short strings tell it nearly as well as many long ones, for less work.
 */
const START_CUT = 8;
const MAX_STARTS = 8;

function startSet(prefix: string[]): string[] | null {
  for (let k = START_CUT; k >= MIN_LITERAL; k--) {
    const kept: string[] = [];
    for (const s of unique(prefix.map((p) => p.slice(0, k))).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
      if (s.length < MIN_LITERAL) return null;
      if (!kept.some((t) => s.startsWith(t))) kept.push(s);
    }
    if (kept.length <= MAX_STARTS) return kept;
  }
  return null;
}
