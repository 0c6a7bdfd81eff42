/**
 * The `Date:` field (RFC 5322 section 3.3, with the obsolete forms of section 4.3). mailparser
 * replaces a date it cannot read with the current time, which would look like a real date: we
 * read the field ourselves and say null instead. The date is for display only; arrival order
 * never depends on it.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Obsolete zone names (RFC 5322 section 4.3), offsets in minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

/** Removes comments, nested ones included (RFC 5322 section 3.2.2); null when parentheses do not balance. */
function withoutComments(value: string): string | null {
  let out = '';
  let level = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && level > 0) {
      i++;
    } else if (c === '(') {
      level++;
    } else if (c === ')') {
      if (level === 0) return null;
      level--;
      if (level === 0) out += ' ';
    } else if (level === 0) {
      out += c;
    }
  }
  return level === 0 ? out : null;
}

/**
 * Offset in minutes for a zone: `+hhmm`/`-hhmm` or an obsolete name; a missing zone, military
 * letters and unknown names count as `-0000` ("no information", read as UTC), as section 4.3
 * asks; null for a zone that is not one.
 */
function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const numeric = /^([+-])(\d\d)(\d\d)$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    if (Number(numeric[3]) > 59) return null;
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const name = zone.toLowerCase();
  if (Object.hasOwn(ZONES, name)) return ZONES[name] as number;
  // "EST5EDT"-style POSIX names: the standard offset comes first.
  const posix = /^([a-z]{3,4})(\d{1,2})[a-z]*$/.exec(name);
  if (posix) return -Number(posix[2]) * 60;
  return /^[a-z]{1,5}$/.test(name) ? 0 : null;
}

/** Years with two or three digits (RFC 5322 section 4.3): 00-49 are 20xx, 50-999 are 1900 + n. */
function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  if (digits.length === 3) return 1900 + n;
  return n;
}

function build(year: number, month: number, day: number, h: number, m: number, s: number, offset: number | null): Date | null {
  if (offset === null || month < 0 || month > 11 || h > 23 || m > 59 || s > 60) return null;
  const t = Date.UTC(year, month, day, h, m, Math.min(s, 59));
  const check = new Date(t);
  // Reject days the month does not have (31 Feb), which Date.UTC would roll over.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return null;
  return new Date(t - offset * 60_000);
}

const RFC5322 =
  /^(?:[a-z]{3,9}\.?\s*,?\s*)?(\d{1,2})\s*[- ]\s*([a-z]{3,9})\.?\s*[- ]\s*(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?(?:\.\d+)?\s*([+-]\d{4}|[a-z][a-z0-9]{0,7})?$/i;
// asctime(3), still written by some scripts: "Wed Dec 24 17:06:04 2008" (no zone: UTC).
const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/i;
// ISO 8601 from broken mailers: "2008-12-24T17:06:04+01:00".
const ISO = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a `Date:` field value. Returns null when it is absent, empty or not a date: the caller
 * must not get the current time in place of a date the sender did not give.
 */
export function parseDateHeader(value: string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const cleaned = withoutComments(value);
  if (cleaned === null) return null;
  const text = cleaned.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const r = RFC5322.exec(text);
  if (r) {
    const month = MONTHS[(r[2] as string).slice(0, 3).toLowerCase()];
    if (month === undefined) return null;
    return build(fullYear(r[3] as string), month, Number(r[1]), Number(r[4]), Number(r[5]), Number(r[6] ?? 0), zoneOffset(r[7]));
  }
  const a = ASCTIME.exec(text);
  if (a) {
    const month = MONTHS[(a[1] as string).toLowerCase()];
    if (month === undefined) return null;
    return build(Number(a[6]), month, Number(a[2]), Number(a[3]), Number(a[4]), Number(a[5]), 0);
  }
  const iso = ISO.exec(text);
  if (iso) {
    const zone = iso[7] ? (iso[7].toLowerCase() === 'z' ? '+0000' : iso[7].replace(':', '')) : undefined;
    return build(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0), zoneOffset(zone));
  }
  return null;
}
