import { describe, expect, it } from 'vitest';
import { LiteralFinder } from '../../../src/ingest/classify/literal-finder.ts';
import { int, noise, pick, seeded, words } from './regex-sample.ts';

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
