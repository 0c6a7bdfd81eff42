import { describe, expect, it } from 'vitest';
import { ALL_KEYWORDS } from '../../../src/ingest/classify/category-keywords.ts';
import { RegexPrefilter } from '../../../src/ingest/classify/keyword-prefilter.ts';
import { parseRegex } from '../../../src/ingest/classify/regex-subset.ts';
import { analyseRegex } from '../../../src/ingest/classify/required-literals.ts';
import { embed, int, noise, pick, sample, seeded, words } from './regex-sample.ts';

const KEYWORDS = ALL_KEYWORDS;

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
