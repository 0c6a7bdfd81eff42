import type { Language } from './types.ts';

/**
 * Dates as senders write them: the RFC 5322 Date field in the sender's local offset, and the
 * localised forms mail clients put in quote headers ("Envoyé : mardi 3 novembre 2026 10:12",
 * "Le mar. 3 nov. 2026 à 10:12", "On Tue, 3 Nov 2026 at 10:12").
 */

const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export { DAY_MS };

/** The last Sunday of a month (UTC), 01:00 UTC: when EU summer time starts (March) or ends (October). */
function lastSunday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0, 1));
  return lastDay.getTime() - lastDay.getUTCDay() * DAY_MS;
}

/** Offset from UTC in minutes: Paris for French senders, London for English ones (EU summer time rules). */
export function offsetMinutes(date: Date, language: Language): number {
  const y = date.getUTCFullYear();
  const summer = date.getTime() >= lastSunday(y, 2) && date.getTime() < lastSunday(y, 9);
  return (language === 'fr' ? 60 : 0) + (summer ? 60 : 0);
}

/** The wall-clock fields of the instant at the offset (read them with getUTC*). */
function local(date: Date, offset: number): Date {
  return new Date(date.getTime() + offset * MINUTE_MS);
}

const pad = (n: number): string => String(n).padStart(2, '0');
const EN_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const EN_MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const FR_DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const FR_DAYS_SHORT = ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'];
const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const FR_MONTHS_SHORT = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** `Tue, 3 Nov 2026 10:12:35 +0100` */
export function rfc5322Date(date: Date, offset: number): string {
  const d = local(date, offset);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${EN_DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${EN_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

/** `12/09/2026` (day first, as on a French site's form, in both languages). */
export function numericDate(date: Date, offset: number): string {
  const d = local(date, offset);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** `12 septembre` / `12 September` */
export function dayMonth(date: Date, offset: number, language: Language): string {
  const d = local(date, offset);
  return `${d.getUTCDate()} ${(language === 'fr' ? FR_MONTHS : EN_MONTHS_LONG)[d.getUTCMonth()]}`;
}

/** `21h30` / `9.30pm` */
export function clockTime(date: Date, offset: number, language: Language): string {
  const d = local(date, offset);
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  if (language === 'fr') return `${h}h${pad(m)}`;
  return `${h % 12 === 0 ? 12 : h % 12}.${pad(m)}${h < 12 ? 'am' : 'pm'}`;
}

/** Outlook's "Envoyé :" / "Sent:" value. */
export function outlookDate(date: Date, offset: number, language: Language): string {
  const d = local(date, offset);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (language === 'fr') return `${FR_DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${FR_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hm}`;
  const h = d.getUTCHours();
  const h12 = `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
  return `${EN_DAYS_LONG[d.getUTCDay()]}, ${EN_MONTHS_LONG[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h12}`;
}

/** Gmail's attribution date: `mar. 3 nov. 2026 à 10:12` / `Tue, 3 Nov 2026 at 10:12`. */
export function gmailDate(date: Date, offset: number, language: Language): string {
  const d = local(date, offset);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (language === 'fr') return `${FR_DAYS_SHORT[d.getUTCDay()]} ${d.getUTCDate()} ${FR_MONTHS_SHORT[d.getUTCMonth()]} ${d.getUTCFullYear()} à ${hm}`;
  return `${EN_DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${EN_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${hm}`;
}
