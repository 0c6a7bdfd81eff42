/**
 * A literal prefilter for the keyword regexes of the category classifier (category.ts).
 *
 * Why: `suggestCategory` runs some fifty regexes, each over the whole folded text of a message;
 * on a long mail every one of them is a linear scan (most start with `\b` and an alternation,
 * which the regex engine cannot skip through), and together they were one of the largest CPU
 * items of message processing. Yet nearly every keyword needs some literal text to match:
 * "retrait" for "retrait non reçu", "compte " for "compte bloqué". So each regex's source is
 * analysed once, when the module is evaluated, into *required literals* (clauses of strings such
 * that any match contains at least one string of every clause) and *start strings* (strings one
 * of which every match starts with). One pass over a text finds where each of those strings
 * first is (`LiteralFinder`). A regex whose clauses are not all met, or none of whose start
 * strings is in the text, cannot match: it is not run. Any other is run from the first place one
 * of its start strings is, where the leftmost match is at the earliest, and gives the very match
 * it gives run from the start (`RegexPrefilter`). So results never change: the prefilter only
 * ever skips a regex, or a part of the text, where nothing would have been found.
 *
 * Exactness rests on the analysis being sound, so it understands only the regex subset the
 * keyword tables use (literal characters; the escapes \b \B \d \D \w \W \s \S \n \r \t \f \v
 * and escaped punctuation; `.`; character classes; groups, capturing or `(?:…)`; alternation;
 * the quantifiers ? * + {m} {m,} {m,n}, greedy or lazy; ^ and $; no flags). On anything else
 * (look-arounds, back-references, named groups, \x or \u escapes, a flag, an Annex B oddity
 * such as a lone `{`) it refuses, and the regex is then always run as it is.
 *
 * The choices made for speed only (which clauses to keep, where to anchor a string, how many
 * start strings) rest on rough estimates of how common strings are in mail; they never decide
 * whether a result is right, only how much work is done to get it.
 */

// ---------------------------------------------------------------------------------------------
// Parsing

/** A parsed regex, assertions and groups included, in the subset described above. */
export type RegexNode =
  | { type: 'char'; char: string }
  /** One character of a set: `.`, a class (`[^ .!?]`), `\d`… `source` is its own regex source. */
  | { type: 'set'; source: string }
  /** A zero-width assertion: ^ $ \b \B. */
  | { type: 'assert'; source: string }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number };

/** Thrown inside the parser on a construct it does not understand; never escapes `parseRegex`. */
class Unsupported extends Error {}

const SET_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const CHAR_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
/** Characters that are syntax outside a class: they never stand for themselves unescaped. */
const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|']);

/**
 * The tree of a regex source, or null when it uses a construct outside the subset this module
 * understands (see the module comment). The source is read as code units, as a regex without
 * the `u` flag reads it.
 */
export function parseRegex(source: string): RegexNode | null {
  let pos = 0;

  const disjunction = (): RegexNode => {
    const options = [alternative()];
    while (source[pos] === '|') {
      pos += 1;
      options.push(alternative());
    }
    return options.length === 1 ? options[0]! : { type: 'alt', options };
  };

  const alternative = (): RegexNode => {
    const items: RegexNode[] = [];
    while (pos < source.length && source[pos] !== '|' && source[pos] !== ')') items.push(term());
    return items.length === 1 ? items[0]! : { type: 'seq', items };
  };

  const term = (): RegexNode => {
    const c = source[pos]!;
    if (c === '^' || c === '$') {
      pos += 1;
      noQuantifier();
      return { type: 'assert', source: c };
    }
    if (c === '\\' && (source[pos + 1] === 'b' || source[pos + 1] === 'B')) {
      pos += 2;
      noQuantifier();
      return { type: 'assert', source: source.slice(pos - 2, pos) };
    }
    const node = atom();
    return quantified(node);
  };

  /** An assertion followed by a quantifier is a syntax error or an Annex B oddity: refused. */
  const noQuantifier = (): void => {
    const c = source[pos];
    if (c === '*' || c === '+' || c === '?' || c === '{') throw new Unsupported('quantified assertion');
  };

  const atom = (): RegexNode => {
    const c = source[pos]!;
    if (c === '.') {
      pos += 1;
      return { type: 'set', source: '.' };
    }
    if (c === '\\') return escape();
    if (c === '[') return charClass();
    if (c === '(') {
      if (source.startsWith('(?:', pos)) pos += 3;
      else if (source[pos + 1] === '?') throw new Unsupported('look-around or named group');
      else pos += 1; // a capturing group matches what its content matches (no back-references here)
      const inner = disjunction();
      if (source[pos] !== ')') throw new Unsupported('unbalanced group');
      pos += 1;
      return inner;
    }
    if (SYNTAX.has(c)) throw new Unsupported(`syntax character ${c} where an atom is expected`);
    pos += 1;
    return { type: 'char', char: c };
  };

  const escape = (): RegexNode => {
    const e = source[pos + 1];
    if (e === undefined) throw new Unsupported('trailing backslash');
    pos += 2;
    if (SET_ESCAPES.has(e)) return { type: 'set', source: `\\${e}` };
    const control = CHAR_ESCAPES[e];
    if (control !== undefined) return { type: 'char', char: control };
    // Escaped punctuation ("\.", "\-", "\/") stands for itself. Letters and digits are escapes
    // with meanings of their own (back-references, \x, \u, \c, \k, \p…) or Annex B identity
    // escapes: refused rather than guessed.
    if (/^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e ]$/.test(e)) return { type: 'char', char: e };
    throw new Unsupported(`escape \\${e}`);
  };

  /** A class stands for one character; only its extent matters here (its source is kept). */
  const charClass = (): RegexNode => {
    const start = pos;
    pos += 1;
    while (pos < source.length && source[pos] !== ']') {
      if (source[pos] === '\\') {
        const e = source[pos + 1];
        // \c, \x, \u, \k, \p and digits can span more characters or change meaning: refused.
        if (e === undefined || /[cxukpP0-9]/.test(e)) throw new Unsupported('escape in a class');
        pos += 2;
      } else pos += 1;
    }
    if (source[pos] !== ']') throw new Unsupported('unterminated class');
    pos += 1;
    return { type: 'set', source: source.slice(start, pos) };
  };

  const quantified = (node: RegexNode): RegexNode => {
    const c = source[pos];
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
      if (!m) throw new Unsupported('a { that is no quantifier');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
      if (max < min) throw new Unsupported('quantifier out of order');
      pos += m[0].length - 1;
    } else return node;
    pos += 1;
    if (source[pos] === '?') pos += 1; // lazy: matches the same strings
    const next = source[pos];
    if (next === '*' || next === '+' || next === '?' || next === '{') throw new Unsupported('quantifier after a quantifier');
    return { type: 'repeat', node, min, max };
  };

  try {
    const tree = disjunction();
    if (pos !== source.length) throw new Unsupported(`unexpected ${source[pos]}`);
    return tree;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Required literals
//
// The analysis follows the "trigram query" of Russ Cox's code search: each node gets what is
// known of the strings it matches (assertions taken as matching the empty string, which can only
// add strings, never lose one):
//   exact    all of them, when they are few; else null, and then
//   prefix   every one starts with one of these ('' among them: nothing known),
//   suffix   every one ends with one of these,
//   clauses  every one contains a string of each clause.
// Every step may only weaken what it is given — shorten a prefix or suffix, drop a clause, drop a
// string of a clause that contains another string of it — so what comes out is always true.

/** A conjunction of clauses: a text that has a match contains a string of every clause. */
export type Requirement = string[][];

/** A clause, and what looking for it costs (`clauseCost`). */
interface Clause {
  strings: string[];
  cost: number;
}

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
 * What looking for a clause is expected to cost, lower better: how many of its strings a text is
 * expected to contain (see `expected`), which is about how often the regex still runs, plus
 * LITERAL_COST per string for the comparisons the pass over a text makes at its anchor. Only the
 * choice of the clauses kept depends on it, never whether they are true.
 */
function clauseCost(clause: string[]): number {
  let cost = 0;
  for (const s of clause) cost += expected(s) + LITERAL_COST;
  return cost;
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

/** Shortest string the prefilter looks for (`LiteralFinder`: shorter ones would be met everywhere). */
export const MIN_LITERAL = 3;

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

// ---------------------------------------------------------------------------------------------
// Finding the literals in a text

/**
 * Rough frequencies of characters in folded French and English mail, space included; any other
 * character counts as rare. They only decide where a literal is anchored and which clauses are
 * kept — speed, never results: any choice finds the same literals.
 */
const FREQUENCY: Readonly<Record<string, number>> = {
  ' ': 0.17, e: 0.13, a: 0.065, s: 0.06, i: 0.06, t: 0.06, n: 0.06, r: 0.055, o: 0.05, u: 0.04, l: 0.04, d: 0.03, c: 0.03,
  m: 0.025, p: 0.025, h: 0.02, "'": 0.01, g: 0.01, b: 0.01, f: 0.01, v: 0.01, y: 0.008, w: 0.006, q: 0.005, k: 0.003,
  j: 0.003, x: 0.003, z: 0.002,
};
const RARE = 0.002;
/** FREQUENCY by character code, for speed (the analysis runs when the module is loaded). */
const FREQUENCY_OF_CODE = Float64Array.from({ length: 128 }, (_, code) => FREQUENCY[String.fromCharCode(code)] ?? RARE);
const TEXT_LENGTH = 10_000;
const LITERAL_COST = 0.01;

/** How often s[from, to) is expected at a position of a text, its characters taken as independent. */
function rate(s: string, from = 0, to = s.length): number {
  let r = 1;
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i);
    r *= code < 128 ? FREQUENCY_OF_CODE[code]! : RARE;
  }
  return r;
}

/**
 * How many times a mail of TEXT_LENGTH characters is expected to contain a string. Words are far
 * more likely than independent characters make them (a support mail says "retrait", "compte "),
 * so the rate is tempered (its square root): a short word comes out as nearly always there, a
 * phrase of several words ("service non", "compte bloque") as seldom.
 */
function expected(s: string): number {
  return TEXT_LENGTH * Math.sqrt(rate(s));
}

/** The windows (see `roll`) of the runs of four consecutive characters of a string, by offset. */
function windowsOf(s: string): number[] {
  const out: number[] = [];
  let window = 0;
  for (let i = 0; i < s.length; i++) {
    window = roll(window, s.charCodeAt(i));
    if (i >= 3) out.push(window);
  }
  return out;
}

/**
 * Where a string of five characters or more is anchored: the offset o of the two runs of four
 * consecutive characters at o and o + 1 that the pass over a text is expected to meet least
 * often, and that fewest other strings share (`shared`: per window, how many strings have it).
 * Every time the text has an anchor, each string anchored there is compared; strings sharing a
 * stem ("compte bloq", "compte ferm"…) are best anchored on what tells them apart, and the stem,
 * common in the strings, is likely common in mail too: hence the steep weight (the cube: tried on
 * filler mail and on part of shared/corpus, it made about the fewest comparisons). Speed only:
 * any anchor finds the same strings.
 */
function anchorOffset(s: string, windows: readonly number[], shared: ReadonlyMap<number, number>): number {
  const cost = (o: number): number => rate(s, o, o + 4) * (shared.get(windows[o]!) ?? 1) ** 3;
  let best = { offset: 0, cost: Number.POSITIVE_INFINITY };
  for (let o = 0; o + 1 < windows.length; o++) {
    const c = cost(o) + cost(o + 1);
    if (c < best.cost) best = { offset: o, cost: c };
  }
  return best.offset;
}

/**
 * The pass over a text looks at windows of four characters: the five low bits of each (exact
 * for a–z and space, the characters of nearly every literal; other characters share values,
 * which costs only comparisons), rolled into 20 bits (the last character lowest), then mixed
 * into a HASH_BITS slot.
 */
const HASH_BITS = 16;
const SLOT_MULTIPLIER = 0x9e3779b1;
const roll = (window: number, c: number): number => ((window << 5) | (c & 31)) & 0xfffff;
const slotOf = (window: number): number => Math.imul(window, SLOT_MULTIPLIER) >>> (32 - HASH_BITS);
/** The bits of a window that count for an anchor with any character first, or last. */
const ANY_FIRST = 0x7fff;
const ANY_LAST = 0xfffe0;
const ALL = 0xfffff;

/**
 * Which of a fixed list of strings (each at least MIN_LITERAL long) a text contains, and where
 * first, in one pass.
 *
 * The pass looks only at the windows ending at an odd position (and at the last one), which
 * halves the work of the loop every character goes through; so every string is anchored on two
 * windows ending at consecutive offsets of it, one of which ends at an odd position (or at the
 * text's end) wherever the string is: a string of five characters or more on two consecutive
 * runs of four of its characters (`anchorOffset`); one of four on itself and on its first three
 * characters after any character; one of three on itself after any character and before any
 * character. "Any character" is 32 windows, one per value of its five bits; before the text's
 * first character the window holds 0s, so a string at the very start is found too. Where the
 * window is that of an anchor, the string is compared with the text there. A string in the text
 * has an anchor's window looked at, so it is never missed; slot collisions only cost a check.
 */
export class LiteralFinder {
  readonly literals: readonly string[];
  /** A bit per slot, set when some string is anchored there: most places stop at this test. */
  readonly #any: Uint32Array;
  /** Per slot: the range of anchored entries ([start[h], start[h + 1]), in entries). */
  readonly #start: Int32Array;
  /**
   * The anchored entries, ENTRY numbers each: the anchor's window, the bits of it that count
   * (ALL, ANY_FIRST or ANY_LAST), the string's index, and how far before the window's end the
   * string starts.
   */
  readonly #entries: Int32Array;
  /** The strings' characters end to end, string i at [codeStart[i], codeStart[i + 1]). */
  readonly #codes: Uint16Array;
  readonly #codeStart: Int32Array;

  constructor(literals: readonly string[]) {
    this.literals = literals;
    const entries: { slot: number; window: number; mask: number; index: number; back: number }[] = [];
    const anchor = (index: number, window: number, mask: number, back: number): void => {
      if (mask === ALL) entries.push({ slot: slotOf(window), window, mask, index, back });
      else for (let c = 0; c < 32; c++) entries.push({ slot: slotOf(window | (mask === ANY_FIRST ? c << 15 : c)), window, mask, index, back });
    };
    const windows = literals.map(windowsOf);
    const shared = new Map<number, number>();
    for (const w of windows) for (const window of new Set(w)) shared.set(window, (shared.get(window) ?? 0) + 1);
    literals.forEach((s, index) => {
      if (s.length < MIN_LITERAL) throw new Error(`LiteralFinder: "${s}" is shorter than ${MIN_LITERAL}`);
      const three = roll(roll(roll(0, s.charCodeAt(0)), s.charCodeAt(1)), s.charCodeAt(2));
      if (s.length === 3) {
        anchor(index, three, ANY_FIRST, 2);
        anchor(index, three << 5, ANY_LAST, 3);
      } else if (s.length === 4) {
        anchor(index, three, ANY_FIRST, 2);
        anchor(index, windows[index]![0]!, ALL, 3);
      } else {
        const o = anchorOffset(s, windows[index]!, shared);
        anchor(index, windows[index]![o]!, ALL, o + 3);
        anchor(index, windows[index]![o + 1]!, ALL, o + 4);
      }
    });
    entries.sort((x, y) => x.slot - y.slot);
    this.#any = new Uint32Array(1 << (HASH_BITS - 5));
    this.#start = new Int32Array((1 << HASH_BITS) + 1);
    for (const e of entries) {
      this.#any[e.slot >>> 5]! |= 1 << (e.slot & 31);
      this.#start[e.slot + 1]! += 1;
    }
    for (let h = 0; h < 1 << HASH_BITS; h++) this.#start[h + 1]! += this.#start[h]!;
    this.#entries = Int32Array.from(entries.flatMap((e) => [e.window, e.mask, e.index, e.back]));
    this.#codeStart = new Int32Array(literals.length + 1);
    literals.forEach((s, i) => (this.#codeStart[i + 1] = this.#codeStart[i]! + s.length));
    this.#codes = new Uint16Array(this.#codeStart[literals.length]!);
    literals.forEach((s, i) => {
      for (let j = 0; j < s.length; j++) this.#codes[this.#codeStart[i]! + j] = s.charCodeAt(j);
    });
  }

  /**
   * Where each literal is first in a text: found[i] is 1 + the position of the first occurrence
   * of literals[i], or 0 when the text does not contain it.
   */
  find(text: string): Int32Array {
    const found = new Int32Array(this.literals.length);
    const any = this.#any;
    const n = text.length;
    let window = 0;
    let i = 1;
    // The loop every character goes through, kept small (`roll` and `slotOf` written out: the
    // calls, though inlined, made it markedly slower); the rare anchored places are checked apart.
    for (; i < n; i += 2) {
      window = ((window << 10) | ((text.charCodeAt(i - 1) & 31) << 5) | (text.charCodeAt(i) & 31)) & 0xfffff;
      const slot = Math.imul(window, SLOT_MULTIPLIER) >>> (32 - HASH_BITS);
      if (((any[slot >>> 5]! >>> slot) & 1) !== 0) this.#check(text, i, window, slot, found);
    }
    if (i === n) {
      // An odd length: the last window ends at an even position.
      window = ((window << 5) | (text.charCodeAt(n - 1) & 31)) & 0xfffff;
      const slot = slotOf(window);
      if (((any[slot >>> 5]! >>> slot) & 1) !== 0) this.#check(text, n - 1, window, slot, found);
    }
    return found;
  }

  /**
   * Compares the strings anchored on `slot` with the text whose window ending at `i` is
   * `window`. A string is compared again where it would start before where it was found: one
   * place can be the end of both its anchors' windows, for two occurrences ("aaaaa" in "aaaaaa").
   */
  #check(text: string, i: number, window: number, slot: number, found: Int32Array): void {
    const entries = this.#entries;
    const codes = this.#codes;
    const codeStart = this.#codeStart;
    const end = this.#start[slot + 1]! * ENTRY;
    for (let e = this.#start[slot]! * ENTRY; e < end; e += ENTRY) {
      if ((window & entries[e + 1]!) !== entries[e]) continue; // another window in the same slot
      const index = entries[e + 2]!;
      const at = i - entries[e + 3]!;
      const before = found[index]!;
      if (before !== 0 && before <= at + 1) continue;
      const from = codeStart[index]!;
      const length = codeStart[index + 1]! - from;
      if (at < 0 || at + length > text.length) continue;
      let j = 0;
      while (j < length && text.charCodeAt(at + j) === codes[from + j]) j++;
      if (j === length) found[index] = at + 1;
    }
  }
}

const ENTRY = 4;

// ---------------------------------------------------------------------------------------------
// Keyword prefilter

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
