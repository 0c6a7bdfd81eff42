/**
 * Finding a fixed set of strings in a text in one pass: the keyword prefilter's scanner
 * (keyword-prefilter.ts).
 *
 * The prefilter needs to know, for every text, which of a few hundred short strings ("retrait",
 * "compte ", "bug"…) the text contains and where each first is. Looking for each with `indexOf`
 * would be a pass over the text per string, as costly as the regexes it is meant to spare. So
 * `LiteralFinder` hashes the text's windows of four characters as it goes, and compares a string
 * with the text only where a window is one it is anchored on: one pass, whatever the number of
 * strings, every occurrence found (the class comment explains why none is missed).
 */
import { rate } from './literal-cost.ts';

/**
 * Shortest string the prefilter looks for: shorter ones would be met everywhere, and the
 * anchoring below needs at least three characters (`LiteralFinder` refuses a shorter string).
 */
export const MIN_LITERAL = 3;

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
/** Numbers per anchored entry (see `LiteralFinder`'s `#entries`). */
const ENTRY = 4;

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
  /** The strings looked for, in the order `find` reports them. */
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
