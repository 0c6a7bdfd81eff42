import { describe, expect, it } from 'vitest';
import { detectLocale, type LocaleEvidence } from '../../../src/templates/locale.ts';
import type { Locale } from '../../../src/templates/template-data.ts';

const FR_TEXT = 'Bonjour, je n’arrive pas à retirer mes gains depuis une semaine. Merci de vérifier mon compte.';
const EN_TEXT = 'Hello, I cannot withdraw my winnings for a week now. Please check my account, thanks.';

const TABLE: [string, LocaleEvidence, Locale, Locale?][] = [
  ['nothing known', {}, 'fr'],
  ['nothing known, English fallback', {}, 'en', 'en'],
  ['stored fr wins over English text', { stored: 'fr', text: EN_TEXT }, 'fr'],
  ['stored en wins over French text and headers', { stored: 'en', text: FR_TEXT, contentLanguage: 'fr-FR' }, 'en'],
  ['stored as a region tag', { stored: 'en-GB' }, 'en'],
  ['stored language we do not answer in is ignored', { stored: 'de', text: EN_TEXT }, 'en'],
  ['French text', { text: FR_TEXT }, 'fr'],
  ['English text', { text: EN_TEXT }, 'en'],
  ['English text with French fallback', { text: EN_TEXT }, 'en', 'fr'],
  ['French text despite an English Content-Language (client UI)', { text: FR_TEXT, contentLanguage: 'en-US' }, 'fr'],
  ['undecided text → Content-Language', { text: 'PP123456 2026', contentLanguage: 'en-GB' }, 'en'],
  ['Content-Language list, first we answer in', { contentLanguage: 'de-DE, en, fr' }, 'en'],
  ['Content-Language before Accept-Language', { contentLanguage: 'fr', acceptLanguage: 'en' }, 'fr'],
  ['Accept-Language by quality', { acceptLanguage: 'de;q=1, fr;q=0.5, en-GB;q=0.8' }, 'en'],
  ['Accept-Language order on equal quality', { acceptLanguage: 'fr-FR,en' }, 'fr'],
  ['Accept-Language q=0 excluded', { acceptLanguage: 'en;q=0, fr;q=0.1' }, 'fr'],
  ['Accept-Language with only other languages', { acceptLanguage: 'de, es' }, 'en', 'en'],
  ['empty values fall back', { stored: null, text: '', contentLanguage: '', acceptLanguage: null }, 'fr'],
  ['underscore tags', { contentLanguage: 'en_US' }, 'en'],
];

describe('detectLocale', () => {
  for (const [label, evidence, expected, fallback] of TABLE) {
    it(label, () => {
      expect(detectLocale(evidence, fallback)).toBe(expected);
    });
  }
});
