import { describe, expect, it } from 'vitest';
import { COMPLAINT_MARKERS, GROUND_KEYWORDS, REQUEST_MARKERS } from '../../../src/ingest/classify/category-keywords.ts';
import { LiteralFinder, RegexPrefilter, analyseRegex, parseRegex, requiredLiterals } from '../../../src/ingest/classify/keyword-prefilter.ts';
import { embed, int, noise, pick, sample, seeded, words } from './regex-sample.ts';

const KEYWORDS = [...Object.values(GROUND_KEYWORDS).flat(), ...COMPLAINT_MARKERS, ...REQUEST_MARKERS];

describe('requiredLiterals', () => {
  it.each([
    ['abc', [['abc']]],
    // Optional parts and alternatives give every string a match can have; a string containing
    // another of its clause is dropped ("bugs" contains "bug").
    ['\\bbugs?\\b', [['bug']]],
    ['foo|bar', [['bar', 'foo']]],
    ['(?:a|b)cde', [['acde', 'bcde']]],
    ['colou?r', [['color', 'colour']]],
    ['(?:abc)?def', [['def']]],
    ['xy(?:z|)w', [['xyw', 'xyzw']]],
    ['abc(?:)def', [['abcdef']]],
    ['(abc)def', [['abcdef']]],
    ['abc$|^def', [['abc', 'def']]],
    ['\\bplainte', [['plainte']]],
    // Escapes that stand for a character are that character.
    ['a\\.com', [['a.com']]],
    ['e\\-mail', [['e-mail']]],
    ['ab\\ncd', [['ab\ncd']]],
    // A set breaks a literal; what is on either side still counts.
    ['x.*yyy', [['yyy']]],
    ['[abc]xyz', [['xyz']]],
    ['[\\]]abc', [['abc']]],
    ['[a-z\\d]{2,}foo', [['foo']]],
    ['ab*?cdef', [['cdef']]],
    ['foo(?: [^ ]+){0,4} bar', [[' bar'], ['foo']]],
    // At least one copy: its end runs into what follows.
    ['a+bcd', [['abcd']]],
    ['a{2}bc', [['abc']]],
    ['(?:abc|abd)+', [['abc', 'abd']]],
    ['a{0}bcd', [['bcd']]],
    ['^comment\\b|\\bcomment (?:faire|changer)\\b', [['comment']]],
    ['\\bcompte (?:a ete |est )?(?:ferme|bloque)e?s?\\b', [['compte ferme', 'compte bloque', 'compte est ferme', 'compte est bloque', 'compte a ete ferme', 'compte a ete bloque']]],
    // Nothing required: an alternative without a literal, an optional whole, literals under
    // MIN_LITERAL characters, an empty alternative.
    ['abc|.x', []],
    ['(?:abc)?', []],
    ['\\d{3}-\\d{4}', []],
    ['(?:ab){2,3}', []],
    ['hello|', []],
  ] as [string, string[][]][])('%s → %j', (source, expected) => {
    expect(requiredLiterals(new RegExp(source))).toEqual(expected);
  });

  it('weakens a clause of too many strings by cutting them to a shared start or end', () => {
    const clauses = requiredLiterals(new RegExp(GROUND_KEYWORDS['non-compliant-decision'][0]!.re.source))!;
    expect(clauses.length).toBeGreaterThan(0);
    for (const clause of clauses) expect(clause.length).toBeLessThanOrEqual(24);
    expect(clauses.some((clause) => clause.every((s) => s.startsWith('compte ')))).toBe(true);
  });

  it.each([
    '(?=abc)def',
    '(?!x)abc',
    '(?<=a)bcd',
    '(?<!a)bcd',
    '(?<n>abc)',
    '(a)\\1bcd',
    '\\x41bcd',
    '\\u0041bcd',
    '\\cJabc',
    '\\0abc',
    '\\p{L}abc',
    '\\k<x>',
    '\\eabc',
    '[\\x41]abc',
    '[\\u0041]abc',
    'a{b',
    'a{,5}bc',
    'abc}',
    'a]bc',
  ])('refuses %s (outside the understood subset)', (source) => {
    expect(() => new RegExp(source)).not.toThrow();
    expect(parseRegex(source)).toBeNull();
    expect(requiredLiterals(new RegExp(source))).toBeNull();
  });

  it.each(['abc\\', '(abc', 'abc)', 'a**', '\\b+abc', '^*abc', '*abc', 'a{2,1}', '[abc'])('refuses the malformed %s', (source) => {
    expect(parseRegex(source)).toBeNull();
  });

  it.each(['i', 'g', 'y', 'm', 's', 'u', 'd'])('refuses a regex with the flag %s', (flag) => {
    expect(requiredLiterals(new RegExp('abc', flag))).toBeNull();
  });

  it('understands every keyword of the tables, and requires something of each', () => {
    for (const keyword of KEYWORDS) {
      expect(parseRegex(keyword.re.source), keyword.label).not.toBeNull();
      expect(requiredLiterals(keyword.re)?.length, keyword.label).toBeGreaterThan(0);
    }
  });
});

describe('LiteralFinder', () => {
  it('finds exactly the literals a text contains, and where first, wherever they are', () => {
    const random = seeded(7);
    // Three- and four-character literals, literals sharing stems, characters the hash confuses
    // (é and i, digits and letters, ` and @ and space), repetitions (two anchors of one literal
    // ending at one place).
    const literals = ['bug', 'anj', 'got', 'pas', 'gain', 'paye', 'compte ', 'compte bloq', 'compte ferm', 'caf\u00e9', 'cafi', 'p0ur', 'pour', 'a`b c', 'a@b c', 'a b c', 'aaaa', 'aaaaa', 'aaab', 'abab', 'ababa', 'retrait', "je n'ai pas recu", 'x\u03a3y'];
    const finder = new LiteralFinder(literals);
    const failures: string[] = [];
    for (let n = 0; n < 5000; n++) {
      const parts: string[] = [];
      for (let k = int(random, 0, 5); k > 0; k--) parts.push(random() < 0.6 ? pick(random, literals) : words(random, int(random, 1, 3)));
      let text = parts.join(pick(random, [' ', '', 'é', '0', 'a']));
      if (random() < 0.3) text = noise(random, int(random, 0, 40)) + text + noise(random, int(random, 0, 41));
      const found = finder.find(text);
      literals.forEach((literal, i) => {
        if (found[i] !== text.indexOf(literal) + 1) failures.push(`${JSON.stringify(literal)} in ${JSON.stringify(text)}: ${found[i]}`);
      });
    }
    expect(failures).toEqual([]);
  });

  it('finds a literal that is the whole text, and nothing in texts too short', () => {
    const finder = new LiteralFinder(['bug', 'gain', 'compte']);
    for (const text of ['bug', 'gain', 'compte', 'xbug', 'xgain', 'xcompte', 'bugx', 'gainx', 'comptex', 'bu', 'b', '']) {
      expect([...finder.find(text)], text).toEqual(['bug', 'gain', 'compte'].map((l) => text.indexOf(l) + 1));
    }
  });

  it('refuses a literal shorter than three characters', () => {
    expect(() => new LiteralFinder(['ab'])).toThrow();
  });
});

/** Hand-written regexes of the constructs the keyword tables use, run through the same check. */
const EXTRA = ['a+bcd', 'x.*yyy', '(?:abc|abd)+z', 'colou?r', '^start\\b', 'end$', '[a-z\\d]{2,}foo', 'ab*?cdef', '\\d{3}-\\d{2,}', 'xy(?:z|)w'].map((s) => new RegExp(s));

describe('the prefilter finds what the regex alone finds', () => {
  const regexes = [...KEYWORDS.map((keyword) => keyword.re), ...EXTRA];
  const prefilter = new RegexPrefilter(regexes, { minLength: 0 });
  /** The match as `exec` gives it, comparable. */
  const shown = (m: RegExpExecArray | null): string => JSON.stringify(m && { index: m.index, groups: [...m] });

  it('on random strings each regex matches, drawn from its own tree, in random text', () => {
    const random = seeded(20260915);
    const PER_REGEX = 400;
    const failures: string[] = [];
    let matched = 0;
    for (const re of regexes) {
      const tree = parseRegex(re.source)!;
      const { clauses, starts } = analyseRegex(re)!;
      let matchedHere = 0;
      for (let n = 0; n < PER_REGEX; n++) {
        const text = embed(sample(tree, random), random);
        const want = re.exec(text);
        const got = prefilter.search(text)(re);
        if (shown(got) !== shown(want)) failures.push(`${re.source} on ${JSON.stringify(text)}: ${shown(got)} ≠ ${shown(want)}`);
        if (want === null) continue; // a \b or ^ the surrounding text broke
        matchedHere += 1;
        // What the analysis says of every match holds of this one.
        for (const clause of clauses) if (!clause.some((s) => want[0].includes(s))) failures.push(`${re.source}: ${JSON.stringify(want[0])} has none of ${JSON.stringify(clause)}`);
        if (starts && !starts.some((s) => want[0].startsWith(s))) failures.push(`${re.source}: ${JSON.stringify(want[0])} starts with none of ${JSON.stringify(starts)}`);
      }
      // The draws must actually exercise the regex (one anchored by ^ or $ matches only when
      // the text around is left out on that side).
      expect(matchedHere, re.source).toBeGreaterThan(PER_REGEX / 10);
      matched += matchedHere;
    }
    expect(failures).toEqual([]);
    expect(matched).toBeGreaterThan(regexes.length * PER_REGEX * 0.6);
    console.log(`[prefilter] ${matched} texts a regex matches, over ${regexes.length} regexes: the same match every time`);
  });

  it('on several matches and noise in one long text, and where nothing matches', () => {
    const random = seeded(42);
    const trees = regexes.map((re) => parseRegex(re.source)!);
    const failures: string[] = [];
    for (let n = 0; n < 400; n++) {
      const parts: string[] = [];
      for (let k = int(random, 0, 6); k > 0; k--) parts.push(embed(sample(pick(random, trees), random), random), noise(random, int(random, 0, 200)));
      parts.push(words(random, int(random, 0, 30)));
      const text = parts.join(pick(random, [' ', '\n', '. ']));
      const exec = prefilter.search(text);
      for (const re of regexes) if (shown(exec(re)) !== shown(re.exec(text))) failures.push(`${re.source} on ${JSON.stringify(text)}`);
    }
    expect(failures).toEqual([]);
  });

  it('runs a regex it does not know, or any over a text under its minimum length, as it is', () => {
    const retrait = /\bretrait\b/;
    const short = new RegexPrefilter([retrait], { minLength: 64 });
    expect(short.search('retrait')(retrait)?.index).toBe(0);
    expect(short.search('bonjour '.repeat(10))(retrait)).toBeNull();
    expect(short.search(`${'bonjour '.repeat(10)}retrait`)(retrait)?.index).toBe(80);
    // Regexes are known by identity: the same source in another object is run as it is.
    const other = /\bbonjour\b/;
    expect(short.search('bonjour '.repeat(10))(other)?.index).toBe(0);
    expect(short.plan(other)).toBeNull();
    expect(short.plan(retrait)).toEqual({ clauses: [['retrait']], starts: ['retrait'] });
  });
});
