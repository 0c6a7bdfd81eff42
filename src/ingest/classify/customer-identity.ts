import type { Address } from '../parsed-message.ts';
import { fold, linesOf } from './fold.ts';

/**
 * Who a customer is beyond their address: the account identifier they give in a signature or a
 * sentence, and the display name of their address. Repeat detection (DESIGN 3.2) matches the
 * same customer by address or by account identifier.
 *
 * Decision: identifiers are upper-cased. The desk's identifiers are written upper-case
 * (`PP123456`), customers type them in any case, and logins on the site are case-insensitive;
 * as matching keys `pp123456` and `PP123456` must be one customer.
 */

/** Labels that introduce an identifier, folded (fold.ts). */
const LABEL =
  "identifiant(?: client| joueur| de (?:connexion|compte))?|n[°ºo]\\.? ?(?:de )?(?:client|compte)|numero (?:de )?(?:client|compte)|id client|pseudo|username|user ?name|user ?id|login|account(?: id| number| name| no\\.?)?|player id|customer (?:id|number)|member id";

/** A labelled identifier on its own line: "Identifiant : PP123456", "Username: camille75". */
const LABELLED_LINE = new RegExp(`^[\\s*_-]*(?:mon |my |votre |your )?(${LABEL})\\s*[:#=]\\s*(\\S+)\\s*[.,;]?\\s*$`);

/** An identifier in a sentence: "mon identifiant est PP123456", "my username is camille75". */
const IN_SENTENCE_SOURCE = `\\b(?:mon|my|votre|your) (${LABEL})(?: est| is|\\s*:)\\s+([^\\s,;]+)`;
const IN_SENTENCE = new RegExp(IN_SENTENCE_SOURCE, 'g');
// The same, to test a line first: most lines have no such sentence, and `matchAll` copies its
// regular expression on every call.
const HAS_IN_SENTENCE = new RegExp(IN_SENTENCE_SOURCE);

const QUOTED = /^\s*>/;

/** Labels generic enough that a value without a digit is probably a word ("Account: closed"). */
const NEEDS_DIGIT = /^(?:account|n[°ºo]|numero|id client|user ?id|player id|customer|member id)/;

/** Values that are not identifiers. */
const NOT_AN_ID = /^(?:n\/?a|none|aucun|aucune|inconnu|unknown|nc|ras|non|no|oui|yes|na|null|x+|-+|\?+|voir|see|est|is|le|la|mon|my)$/;

/**
 * An identifier as the matching key it is (accents dropped, upper-cased), or null when the value is not one:
 * 3 to 40 letters, digits, `.`, `_`, `-`, not an email address, not a filler word ("n/a",
 * "aucun", "inconnu"); after a generic label (`Account`, `N° client`, `User ID`) it must hold
 * a digit.
 */
export function normaliseAccountId(value: string | null, label = 'identifiant'): string | null {
  if (value === null) return null;
  const token = fold(value).replace(/^[<("'«\s]+|[>)"'».,;:!?\s]+$/g, '');
  if (!/^[\p{L}\p{N}._-]{3,40}$/u.test(token) || NOT_AN_ID.test(token)) return null;
  if (NEEDS_DIGIT.test(fold(label)) && !/\d/.test(token)) return null;
  return token.toUpperCase();
}

/**
 * The account identifiers a text gives, upper-cased, de-duplicated, in order: labelled lines
 * ("Identifiant : PP123456", "Identifiant client: …", "N° client : …", "Username: …",
 * "User ID: …", "Account: …", "Pseudo : …") and sentences ("mon identifiant est PP123456",
 * where the value must hold a digit).
 * Quoted lines (`>`) are skipped: they repeat someone else's text.
 */
export function extractAccountIds(text: string): string[] {
  const found = new Set<string>();
  for (const raw of linesOf(text)) {
    if (QUOTED.test(raw)) continue;
    const foldedLine = fold(raw);
    // A labelled identifier line is short; the bound keeps the anchored regex linear.
    const labelled = foldedLine.length <= 200 ? LABELLED_LINE.exec(foldedLine) : null;
    if (labelled) {
      const id = normaliseAccountId(labelled[2] ?? '', labelled[1] ?? '');
      if (id) found.add(id);
      continue;
    }
    if (!HAS_IN_SENTENCE.test(foldedLine)) continue;
    for (const m of foldedLine.matchAll(IN_SENTENCE)) {
      // In a sentence a digit is required: "mon identifiant est bloqué" names no identifier.
      const id = /\d/.test(m[2] ?? '') ? normaliseAccountId(m[2] ?? '', m[1] ?? '') : null;
      if (id) found.add(id);
    }
  }
  return [...found];
}

/**
 * The name to greet a customer with, from an address's display name: trimmed, outer quotes
 * removed, white space collapsed; null when there is none or it is only the address again
 * (`"camille@example.fr" <camille@example.fr>`).
 */
export function displayName(address: Address): string | null {
  const name = address.name
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
  if (!name) return null;
  if (name.toLowerCase() === address.address.toLowerCase() || /^[^\s@]+@[^\s@]+$/.test(name)) return null;
  return name;
}
