/**
 * How common a string is expected to be in mail, and so what looking for it costs: the estimates
 * behind the keyword prefilter's choices made for speed (keyword-prefilter.ts).
 *
 * Which clauses of required literals to keep (required-literals.ts) and where to anchor a string
 * in the pass over a text (literal-finder.ts) are choices between equally correct options: any
 * of them gives the same results, some with much less work. They are made on the rough estimates
 * below — character frequencies, characters taken as independent — which never decide whether a
 * result is right, only how much work is done to get it.
 */

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
/** FREQUENCY by character code, for speed (`rate` runs over and over as a prefilter is built). */
const FREQUENCY_OF_CODE = Float64Array.from({ length: 128 }, (_, code) => FREQUENCY[String.fromCharCode(code)] ?? RARE);
const TEXT_LENGTH = 10_000;
const LITERAL_COST = 0.01;

/** How often s[from, to) is expected at a position of a text, its characters taken as independent. */
export function rate(s: string, from = 0, to = s.length): number {
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

/**
 * What looking for a clause (strings one of which a text must contain for a regex to match, see
 * required-literals.ts) is expected to cost, lower better: how many of its strings a text is
 * expected to contain (see `expected`), which is about how often the regex still runs, plus
 * LITERAL_COST per string for the comparisons the pass over a text makes at its anchor. Only the
 * choice of the clauses kept depends on it, never whether they are true.
 */
export function clauseCost(clause: string[]): number {
  let cost = 0;
  for (const s of clause) cost += expected(s) + LITERAL_COST;
  return cost;
}
