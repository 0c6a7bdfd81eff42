import { describe, expect, it } from 'vitest';
import { ALL_KEYWORDS, GROUND_KEYWORDS } from '../../../src/ingest/classify/category-keywords.ts';
import { parseRegex } from '../../../src/ingest/classify/regex-subset.ts';
import { requiredLiterals } from '../../../src/ingest/classify/required-literals.ts';

const KEYWORDS = ALL_KEYWORDS;

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
