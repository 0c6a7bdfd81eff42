/**
 * The regex subset the keyword prefilter understands (keyword-prefilter.ts), and its parser.
 *
 * The prefilter skips a regex only when an analysis of its source (required-literals.ts) proves
 * it cannot match; that proof is only as good as the analysis's reading of the source, so rather
 * than guess at all of JavaScript's regex syntax it reads exactly the constructs the keyword
 * tables (category-keywords.ts) use: literal characters; the escapes \b \B \d \D \w \W \s \S
 * \n \r \t \f \v and escaped punctuation; `.`; character classes; groups, capturing or `(?:…)`;
 * alternation; the quantifiers ? * + {m} {m,} {m,n}, greedy or lazy; ^ and $. On anything else
 * (look-arounds, back-references, named groups, \x or \u escapes, an Annex B oddity such as a
 * lone `{`) `parseRegex` refuses, and the prefilter then always runs the regex as it is.
 */

/**
 * A parsed regex, assertions and groups included, in the subset described above. Only what a
 * node can match matters to the analysis, so a group is its content, and a lazy quantifier the
 * same as a greedy one.
 */
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
 * The tree of a regex source, or null when it uses a construct outside the subset described at
 * the top of this file. The source is read as code units, as a regex without the `u` flag reads
 * it; flags are not part of a source (`analyseRegex` refuses a regex that has any).
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
