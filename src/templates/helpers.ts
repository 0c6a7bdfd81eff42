/**
 * The only helpers templates may call (compiled with `knownHelpersOnly`), in two flavours: the
 * text flavour returns plain strings (the text part and the subject are not escaped), the HTML
 * flavour escapes everything it is given and returns SafeStrings of markup it builds itself.
 */
import Handlebars from 'handlebars';
import type { Locale } from './template-data.ts';

export type RenderMode = 'text' | 'html';

/** Names handed to the compiler as `knownHelpers` (besides handlebars' own `if`, `unless`, …). */
export const KNOWN_HELPERS = { formatDate: true, formatDateTime: true, link: true, eq: true } as const;

export interface HelperSettings {
  /** BCP 47 tag used by Intl for this locale, e.g. `fr-FR`. */
  intlLocale: string;
  /** IANA time zone the desk's dates are shown in, e.g. `Europe/Paris`. */
  timeZone: string;
}

type HelperOptions = Handlebars.HelperOptions;

function requireDate(value: unknown, helper: string, options: HelperOptions): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  throw new Handlebars.Exception(`${helper} expects a date, got ${value === null ? 'null' : typeof value}`, options as unknown as hbs.AST.Node);
}

function requireString(value: unknown, helper: string, what: string, options: HelperOptions): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new Handlebars.Exception(`${helper} expects ${what} as a non-empty string`, options as unknown as hbs.AST.Node);
}

/**
 * - `{{formatDate d}}` → `3 mars 2026` / `3 March 2026`, in the desk's time zone;
 * - `{{formatDateTime d}}` → `3 mars 2026 à 14:05 UTC+1` (with the zone: a receipt is evidence);
 * - `{{link url "label"}}` → text `label <url>`, HTML `<a href="url">label</a>` (http(s) only);
 * - `{{#if (eq a b)}}` → strict equality, e.g. on the complaint ground.
 */
export function createHelpers(mode: RenderMode, settings: HelperSettings): Record<keyof typeof KNOWN_HELPERS, Handlebars.HelperDelegate> {
  const dateFormat = new Intl.DateTimeFormat(settings.intlLocale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: settings.timeZone });
  const dateTimeFormat = new Intl.DateTimeFormat(settings.intlLocale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: settings.timeZone,
  });
  return {
    formatDate(value: unknown, options: HelperOptions): string {
      return dateFormat.format(requireDate(value, 'formatDate', options));
    },
    formatDateTime(value: unknown, options: HelperOptions): string {
      return dateTimeFormat.format(requireDate(value, 'formatDateTime', options));
    },
    link(url: unknown, label: unknown, options: HelperOptions): string | Handlebars.SafeString {
      const href = requireString(url, 'link', 'a URL', options);
      const text = requireString(label, 'link', 'a label', options);
      if (!/^https?:\/\//i.test(href)) {
        throw new Handlebars.Exception(`link only accepts http(s) URLs`, options as unknown as hbs.AST.Node);
      }
      if (mode === 'text') return `${text} <${href}>`;
      const escape = Handlebars.Utils.escapeExpression;
      return new Handlebars.SafeString(`<a href="${escape(href)}">${escape(text)}</a>`);
    },
    eq(a: unknown, b: unknown): boolean {
      return a === b;
    },
  };
}

/** The Intl tag of each locale unless configured otherwise (a European desk: British English). */
export const DEFAULT_INTL_LOCALES: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
