/**
 * Test helpers for the keyword prefilter (keyword-prefilter.ts): a seeded random source, random
 * strings a parsed regex matches (drawn from its own tree, so every branch, optional part and
 * repetition count gets its turn), and random text around them. Assertions (\b, ^, $) are
 * drawn as nothing: whether the text around satisfies them is for the caller to check with the
 * real regex.
 */
import type { RegexNode } from '../../../src/ingest/classify/regex-subset.ts';

export { seededRandom as seeded } from '../../support/seeded-random.ts';

/** A random number in [0, 1) per call, from a seed (test/support/seeded-random.ts). */
export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const int = (random: Random, from: number, to: number): number => from + Math.floor(random() * (to - from + 1));

/**
 * Characters drawn for a set (`.`, `[^ .!?]`, `\d`…): letters, digits, punctuation, white space,
 * accented and non-Latin letters, and characters whose five low bits equal a letter's (é, digits,
 * `@`, `` ` ``), which the prefilter's hash does not tell apart from letters.
 */
const POOL = [..."abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?'\"-_/@#&()`ABCXYZéèàçôœßΣж€\t\n"];
const setPools = new Map<string, string[]>();

function poolOf(source: string): string[] {
  let pool = setPools.get(source);
  if (pool === undefined) {
    const re = new RegExp(`^(?:${source})$`);
    setPools.set(source, (pool = POOL.filter((c) => re.test(c))));
  }
  return pool;
}

/** A random string the regex of `node` matches, assertions aside. */
export function sample(node: RegexNode, random: Random): string {
  switch (node.type) {
    case 'char':
      return node.char;
    case 'set': {
      const pool = poolOf(node.source);
      if (pool.length === 0) throw new Error(`no character of the pool is in ${node.source}`);
      return pick(random, pool);
    }
    case 'assert':
      return '';
    case 'seq':
      return node.items.map((item) => sample(item, random)).join('');
    case 'alt':
      return sample(pick(random, node.options), random);
    case 'repeat': {
      const count = node.min + int(random, 0, Math.min(node.max - node.min, 3));
      let out = '';
      for (let i = 0; i < count; i++) out += sample(node.node, random);
      return out;
    }
  }
}

/** Words for the text around a sample: French and English, and pieces of keywords. */
export const WORDS = [
  ...'le la les de du des un une et est pas plus mon ma mes votre vos je vous nous il a ete toujours jamais encore non merci bonjour cordialement'.split(' '),
  ...'the a an of to my your is was has have been not never still yet i you we it and hello thanks regards please'.split(' '),
  ...'compte site retrait virement bonus gains gain depot remboursement pari paris mise ticket plainte reclamation question comment modifier'.split(' '),
  ...'account website app withdrawal payout refund deposit winnings bet bets complaint dispute error page ecran service prestation'.split(' '),
  ...'recu credite verse arrive bloque suspendu ferme annule received credited paid closed blocked voided technique technical'.split(' '),
];
const SEPARATORS = [' ', ' ', ' ', '', ', ', '. ', '\n', ' - ', "'"];

/** Some random words, joined as text is. */
export function words(random: Random, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(pick(random, WORDS));
  return out.join(pick(random, [' ', ' ', ' ', ', ']));
}

/** `inner` with random text around it, or none (so that it is sometimes the text's very start or end). */
export function embed(inner: string, random: Random): string {
  const before = random() < 0.2 ? '' : words(random, int(random, 1, 8)) + pick(random, SEPARATORS);
  const after = random() < 0.2 ? '' : pick(random, SEPARATORS) + words(random, int(random, 1, 8));
  return before + inner + after;
}

/** Random characters of the pool, with spaces: text with no reason to match anything. */
export function noise(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += random() < 0.15 ? ' ' : pick(random, POOL);
  return out;
}
