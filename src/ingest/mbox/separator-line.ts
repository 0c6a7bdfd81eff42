/**
 * Recognising and dating the `From sender date` line that starts each message of an mbox file.
 *
 * There is no standard for that line (RFC 4155 only says "From ", an address, and a timestamp in
 * asctime form), so this accepts what the common writers produce:
 *
 * - asctime, the canonical form:            `From MAILER-DAEMON Fri Jul  8 12:08:34 2011`
 * - Thunderbird, with `-` as the sender:    `From - Fri Jul 08 12:08:34 2011`
 * - Gmail Takeout, zone before the year:    `From 1234@xxx Fri Jul 08 12:08:34 +0000 2011`
 * - date(1) style, named zone:              `From a@b Fri Jul  8 12:08:34 CEST 2011`
 * - a zone after the year, no seconds, a UUCP `remote from host` suffix
 * - RFC 5322 date-time, which some exporters write: `From a@b Fri, 8 Jul 2011 12:08:34 +0000`
 *
 * A line of that shape is a separator even when its date cannot be turned into an instant (an
 * unknown zone name, 31 February): the shape is what tells a separator from body text, the date
 * only feeds `receivedAt`, which is then null.
 */

/** What a separator line says: the envelope sender as written, and when the mailbox received it. */
export interface SeparatorLine {
  sender: string;
  /** UTC unless the line names a zone; null when the date is not a real instant or the zone is unknown. */
  receivedAt: Date | null;
}

const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?`;
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?`;
const ZONE = String.raw`([+-]\d{4}|[a-z]{1,5})`;

// `(.*?)` keeps the sender lazy so that everything after it must form the date; both patterns are
// anchored at the end of the line, so prose that merely starts with "From " never matches.
const ASCTIME = new RegExp(
  String.raw`^From (.*?)\s+${WEEKDAY}${MONTH}\s+(\d{1,2})\s+${TIME}(?:\s+${ZONE})?\s+(\d{4})(?:\s+${ZONE})?(?:\s+remote from \S+)?\s*$`,
  'i',
);
const RFC5322 = new RegExp(String.raw`^From (.*?)\s+${WEEKDAY}(\d{1,2})\s+${MONTH}\s+(\d{4})\s+${TIME}(?:\s+${ZONE})?\s*$`, 'i');

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Named zones with one well-known meaning. Anything else (e.g. `IST`, which is three different
 * zones) yields a null date rather than a guess that could reorder the queue by hours.
 */
const NAMED_ZONES: Readonly<Record<string, number>> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0,
  WEST: 60, CET: 60, MET: 60, CEST: 120, MEST: 120, EET: 120, EEST: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  JST: 540,
};

/** Longer lines are body text, never separators; the cap also bounds the regex work per line. */
export const MAX_SEPARATOR_LENGTH = 1000;

/**
 * Parses a line (without its line ending) as an mbox separator. Returns null when the line is not
 * one: it does not start with `From `, or what follows is not a sender and a date of a known shape.
 */
export function parseSeparatorLine(line: string): SeparatorLine | null {
  if (!line.startsWith('From ') || line.length > MAX_SEPARATOR_LENGTH) return null;
  const asc = ASCTIME.exec(line);
  if (asc) {
    const [, sender = '', mon = '', day = '', hh = '', mm = '', ss, zoneBefore, year = '', zoneAfter] = asc;
    return { sender, receivedAt: toDate({ year, mon, day, hh, mm, ss, zone: zoneBefore ?? zoneAfter }) };
  }
  const rfc = RFC5322.exec(line);
  if (rfc) {
    const [, sender = '', day = '', mon = '', year = '', hh = '', mm = '', ss, zone] = rfc;
    return { sender, receivedAt: toDate({ year, mon, day, hh, mm, ss, zone }) };
  }
  return null;
}

interface DateParts {
  year: string;
  mon: string;
  day: string;
  hh: string;
  mm: string;
  ss: string | undefined;
  zone: string | undefined;
}

/** Builds the instant, or null when a field is out of range (checked by round trip, not by Date's rollover). */
function toDate(parts: DateParts): Date | null {
  const offset = zoneOffsetMinutes(parts.zone);
  if (offset === null) return null;
  const year = Number(parts.year);
  const month = MONTHS.indexOf(parts.mon.toLowerCase());
  const day = Number(parts.day);
  const hour = Number(parts.hh);
  const minute = Number(parts.mm);
  // A leap second (:60) is real in these lines; Date cannot hold it, so it becomes :59.
  const second = Math.min(Number(parts.ss ?? '0'), 59);
  if (hour > 23 || minute > 59 || Number(parts.ss ?? '0') > 60) return null;
  const local = new Date(Date.UTC(year, month, day, hour, minute, second));
  if (local.getUTCFullYear() !== year || local.getUTCMonth() !== month || local.getUTCDate() !== day) return null;
  return new Date(local.getTime() - offset * 60_000);
}

/** Minutes east of UTC; 0 when no zone is written (mbox dates are UTC by convention); null when unknown. */
function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (numeric) {
    const [, sign, hh = '0', mm = '0'] = numeric;
    if (Number(mm) > 59) return null;
    return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  }
  return NAMED_ZONES[zone.toUpperCase()] ?? null;
}
