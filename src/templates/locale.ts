/**
 * The language a customer is answered in: French or English, French by default (the desk's).
 *
 * In order of trust:
 *   1. the case's stored language, once chosen: a case never changes language mid-thread;
 *   2. what the customer wrote, when it clearly leans one way (src/cases/language.ts);
 *   3. `Content-Language` of their message — mail clients often set it from their own interface
 *      language rather than the text's, hence after the text;
 *   4. `Accept-Language` (forms relay the browser's), by quality;
 *   5. the fallback.
 */
import { detectLanguage } from '../cases/language.ts';
import { DEFAULT_LOCALE, isLocale, type Locale } from './template-data.ts';

export interface LocaleEvidence {
  /** The case's stored language (`'fr'`, `'en'`, a tag like `fr-FR`), or null. */
  stored?: string | null;
  /** The customer's text (subject and body). */
  text?: string | null;
  /** The message's `Content-Language` header, e.g. `fr-FR` or `en, fr`. */
  contentLanguage?: string | null;
  /** An `Accept-Language` value, e.g. `en-GB,en;q=0.9,fr;q=0.8`. */
  acceptLanguage?: string | null;
}

/** `fr-FR`, `FR`, `en_GB` → the locale; anything else → null. */
function fromTag(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

/** The first language of a comma-separated list we answer in (Content-Language order). */
function fromList(value: string): Locale | null {
  for (const tag of value.split(',')) {
    const locale = fromTag(tag);
    if (locale) return locale;
  }
  return null;
}

/** The best-quality language we answer in from an Accept-Language value (RFC 9110 12.5.4). */
function fromAcceptLanguage(value: string): Locale | null {
  let best: { locale: Locale; q: number } | null = null;
  for (const part of value.split(',')) {
    const [tag = '', ...params] = part.split(';');
    const locale = fromTag(tag);
    if (!locale) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (!(q > 0)) continue;
    // On equal quality the first listed wins.
    if (!best || q > best.q) best = { locale, q };
  }
  return best?.locale ?? null;
}

/** The text's language when it clearly leans one way, else null. */
function fromText(text: string): Locale | null {
  // detectLanguage returns its fallback on a tie: asking with both fallbacks tells a tie apart.
  const a = detectLanguage(text, 'fr');
  const b = detectLanguage(text, 'en');
  return a === b ? a : null;
}

/** The locale to answer in. */
export function detectLocale(evidence: LocaleEvidence, fallback: Locale = DEFAULT_LOCALE): Locale {
  return (
    (evidence.stored ? fromTag(evidence.stored) : null) ??
    (evidence.text ? fromText(evidence.text) : null) ??
    (evidence.contentLanguage ? fromList(evidence.contentLanguage) : null) ??
    (evidence.acceptLanguage ? fromAcceptLanguage(evidence.acceptLanguage) : null) ??
    fallback
  );
}
