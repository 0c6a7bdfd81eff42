import * as chrono from 'chrono-node';

/**
 * The calendar date a customer gives for the event at the origin of a complaint (DESIGN 3.4:
 * complaints must be made within 3 months of it). Numeric dates are read day first
 * (`12/09/2026` is 12 September, the French and British order; `09/13/2026` can only be
 * US and is read so), ISO `2026-09-12`, and dates with month names in French or English
 * (`12 septembre 2026`, `1er oct. 2025`, `September 12, 2026`, `Sept 12th 2026`) through
 * chrono-node. A date must give its year: "le 3 mars" or "hier" need the receipt date, which
 * the caller has and this pure function does not, so they give null and the text stays for
 * the agent.
 */

/** A fixed reference for chrono: only dates with an explicit year are kept, so it never shows. */
const REFERENCE = new Date(Date.UTC(2000, 0, 1));

function utcDate(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid && year >= 1900 && year <= 2999 ? date : null;
}

/** A two-digit year as 20xx (event dates are recent). */
function fullYear(year: string): number {
  return year.length === 2 ? 2000 + Number(year) : Number(year);
}

/**
 * The date in a short text (a form field, a sentence), as UTC midnight of that calendar day, or
 * null when the text gives no complete date.
 */
export function parseEventDate(text: string | null): Date | null {
  if (!text) return null;
  const iso = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (iso) return utcDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/.-])/.exec(text);
  if (numeric) {
    const [a, b, year] = [Number(numeric[1]), Number(numeric[2]), fullYear(numeric[3] ?? '')];
    return utcDate(year, b, a) ?? utcDate(year, a, b);
  }
  for (const parser of [chrono.fr.strict, chrono.en.strict]) {
    for (const result of parser.parse(text, REFERENCE)) {
      const start = result.start;
      if (!start.isCertain('year') || !start.isCertain('month') || !start.isCertain('day')) continue;
      const date = utcDate(start.get('year') ?? 0, start.get('month') ?? 0, start.get('day') ?? 0);
      if (date) return date;
    }
  }
  return null;
}
