import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadTemplates } from '../../../src/templates/load-templates.ts';
import { previewTemplate } from '../../../src/templates/preview.ts';
import type { TemplateSet } from '../../../src/templates/render.ts';
import { sampleData, sampleVariants } from '../../../src/templates/sample-data.ts';
import { TemplateDataError } from '../../../src/templates/template-error.ts';
import { LOCALES, TEMPLATE_NAMES, type TemplateData } from '../../../src/templates/template-data.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

/** Tag names in an HTML document (lower-cased), to check nothing but the layout's markup appears. */
function tagNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] ?? '').toLowerCase()));
}
const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'div', 'p', 'br', 'ul', 'li', 'hr', 'a']);

let set: TemplateSet;
beforeAll(async () => {
  set = await loadTemplates(TEMPLATES_DIR);
});

describe('every template in every locale', () => {
  for (const locale of LOCALES) {
    for (const name of TEMPLATE_NAMES) {
      it(`${name} (${locale}) renders all its samples`, () => {
        for (const data of sampleVariants(name, locale)) {
          const out = set.render(name, locale, data);
          expect(out.subject).toContain(`[${data.caseRef}]`);
          expect(out.subject).not.toMatch(/[\r\n]/);
          expect(out.text).toContain(data.caseRef);
          expect(out.text.endsWith('\n')).toBe(true);
          expect(out.text).not.toMatch(/\n{3,}/);
          expect(out.text).not.toMatch(/<\/?(p|br|a|ul|li)\b/);
          expect(out.html).toMatch(/^<!DOCTYPE html>/);
          expect(out.html).toContain(`lang="${locale === 'fr' ? 'fr-FR' : 'en-GB'}"`);
          expect(out.html).toContain(data.caseRef);
          expect([...tagNames(out.html)].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
          // The footer is always there: everything is recorded and archived.
          expect(out.text).toMatch(locale === 'fr' ? /enregistrées et archivées/ : /recorded and archived/);
        }
      });
    }
  }

  it('previews a template for the terminal', () => {
    const preview = previewTemplate(set, 'acknowledgement', 'fr');
    expect(preview).toContain('Subject: [SC-2026-000042] Accusé de réception');
    expect(preview).toContain('── text');
    expect(preview).toContain('── html');
    expect(preview).toContain('acknowledgement.hbs');
  });
});

describe('acknowledgement', () => {
  it('states the reference, the strict order, that re-sending does not help, and the help pages', () => {
    const data = sampleData('acknowledgement', 'fr');
    const { text, html } = set.render('acknowledgement', 'fr', data);
    expect(text).toContain('Référence de votre dossier : SC-2026-000042');
    expect(text).toContain('ordre strict de leur arrivée');
    expect(text).toContain('un nouvel envoi n’accélère pas son traitement');
    expect(text).toContain('FAQ <https://www.example.com/fr/aide/faq>');
    expect(html).toContain('<a href="https://www.example.com/fr/aide/faq">FAQ</a>');
    expect(html).toContain('<a href="https://www.example.com/fr/conditions-generales">Conditions Générales</a>');
    // Receipt time in the desk's zone: evidence of the prior complaint.
    expect(text).toContain('le 3 mars 2026 à 14:05 UTC+1');
  });

  it('gives the one-month deadline to a complaint, not to a request', () => {
    const complaint = set.render('acknowledgement', 'fr', sampleData('acknowledgement', 'fr')).text;
    expect(complaint).toContain('dans un délai d’un mois');
    expect(complaint).toContain('au plus tard le 3 avril 2026');
    expect(complaint).toContain('tiendrons au courant de son avancement');
    const request = set.render('acknowledgement', 'fr', { ...sampleData('acknowledgement', 'fr'), isComplaint: false, ground: null }).text;
    expect(request).not.toContain('délai d’un mois');
    expect(request).toContain('votre demande le');
    const en = set.render('acknowledgement', 'en', sampleData('acknowledgement', 'en')).text;
    expect(en).toContain('within one month');
    expect(en).toContain('by 3 April 2026 at the latest');
  });

  it('names the complaint ground', () => {
    const base = sampleData('acknowledgement', 'fr');
    expect(set.render('acknowledgement', 'fr', { ...base, ground: 'technical-failure' }).text).toContain('- défaillance technique du site');
    expect(set.render('acknowledgement', 'en', { ...sampleData('acknowledgement', 'en'), ground: 'service-not-provided' }).text).toContain(
      '- a service requested from and owed by our company',
    );
    const none = set.render('acknowledgement', 'fr', { ...base, ground: null }).text;
    expect(none).toContain('traité comme une plainte.');
    expect(none).not.toContain('motif');
  });

  it('asks for identification details only when the message carries none', () => {
    const base = sampleData('acknowledgement', 'fr');
    expect(set.render('acknowledgement', 'fr', { ...base, needsIdentification: true }).text).toContain('l’identifiant de votre compte');
    expect(set.render('acknowledgement', 'fr', { ...base, needsIdentification: false }).text).not.toContain('l’identifiant de votre compte');
  });

  it('greets by name or generically', () => {
    const base = sampleData('acknowledgement', 'fr');
    expect(set.render('acknowledgement', 'fr', base).text).toMatch(/^Bonjour Camille Martin,\n/);
    expect(set.render('acknowledgement', 'fr', { ...base, customerName: null }).text).toMatch(/^Bonjour,\n/);
    expect(set.render('acknowledgement', 'en', { ...sampleData('acknowledgement', 'en'), customerName: '  ' }).text).toMatch(/^Hello,\n/);
  });
});

describe('legal footer', () => {
  it('says the message is automatic only when it is', () => {
    const auto = set.render('interim-update', 'fr', sampleData('interim-update', 'fr')).text;
    expect(auto).toContain('envoyé automatiquement');
    const manual = set.render('agent-reply', 'fr', sampleData('agent-reply', 'fr')).text;
    expect(manual).not.toContain('automatiquement');
  });

  it('gives mediation information in final decisions on complaints only', () => {
    for (const locale of LOCALES) {
      const mediation = locale === 'fr' ? 'médiation' : 'mediation';
      const decision = sampleData('decision-confirmed', locale);
      expect(set.render('decision-confirmed', locale, decision).text).toContain(mediation);
      expect(set.render('decision-confirmed', locale, { ...decision, isComplaint: false }).text).not.toContain(mediation);
      expect(set.render('agent-reply', locale, { ...sampleData('agent-reply', locale), isComplaint: true }).text).not.toContain(mediation);
      expect(set.render('acknowledgement', locale, sampleData('acknowledgement', locale)).text).not.toContain(mediation);
    }
  });

  it('is small print in HTML after the separator', () => {
    const { html } = set.render('acknowledgement', 'fr', sampleData('acknowledgement', 'fr'));
    const footer = html.slice(html.indexOf('<hr'));
    expect(footer).toContain('font-size: 12px');
    expect(footer).toContain('archivées');
  });
});

describe('escaping', () => {
  const payload = `${SCRIPT} ${IMG}`;

  for (const locale of LOCALES) {
    it(`escapes data in HTML and keeps it intact in text and subject (${locale})`, () => {
      const data: TemplateData<'agent-reply'> = {
        ...sampleData('agent-reply', locale),
        customerName: SCRIPT,
        subject: IMG,
        agentName: IMG,
        deskName: SCRIPT,
        agentText: `Bonjour\n\n${payload}\n- ${IMG}`,
      };
      const out = set.render('agent-reply', locale, data);
      expect(out.subject).toContain(IMG);
      expect(out.text).toContain(SCRIPT);
      expect(out.text).toContain(IMG);
      expect(out.text).toContain(payload);
      expect(out.html).not.toContain('<script');
      expect(out.html).not.toContain('<img');
      expect(out.html).not.toMatch(/"\s*>\s*<img/);
      expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(out.html).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect([...tagNames(out.html)].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
      // The title (the subject) is escaped too.
      expect(out.html).toMatch(/<title>[^<]*&lt;img[^<]*<\/title>/);
    });
  }

  it('escapes the payload in the customer subject of an acknowledgement', () => {
    const out = set.render('acknowledgement', 'fr', { ...sampleData('acknowledgement', 'fr'), customerName: IMG, subject: SCRIPT });
    expect(out.subject).toBe(`[SC-2026-000042] Accusé de réception : ${SCRIPT}`);
    expect(out.text).toContain(`Bonjour ${IMG},`);
    expect(out.html).not.toMatch(/<script|<img/);
  });

  it('keeps agent line breaks as paragraphs, line breaks and list items in HTML', () => {
    const data = { ...sampleData('information-request', 'fr'), agentText: 'Ligne 1\nLigne 2 & <b>\n\n- point a\n- point b' };
    const out = set.render('information-request', 'fr', data);
    expect(out.text).toContain('Ligne 1\nLigne 2 & <b>\n\n- point a\n- point b');
    expect(out.html).toContain('Ligne 1<br>\nLigne 2 &amp; &lt;b&gt;</p>');
    expect(out.html).toMatch(/<ul[^>]*>\n<li>point a<\/li>\n<li>point b<\/li>\n<\/ul>/);
  });

  it('never lets a line break in the data start a new header in the subject', () => {
    for (const evil of ['Hello\r\nBcc: victim@example.com', 'Hello\nBcc: victim@example.com', 'Hello\rX-Injected: 1', 'Hi\u2028Bcc: x@y.z\u0085\u0000']) {
      const out = set.render('acknowledgement', 'en', { ...sampleData('acknowledgement', 'en'), subject: evil });
      // eslint-disable-next-line no-control-regex
      expect(out.subject).not.toMatch(/[\r\n\u0085\u2028\u2029\u0000]/);
      expect(out.subject.startsWith('[SC-2026-000042] ')).toBe(true);
      expect(out.subject.split(/\r?\n/)).toHaveLength(1);
    }
    const out = set.render('acknowledgement', 'en', { ...sampleData('acknowledgement', 'en'), subject: 'Hello\r\nBcc: victim@example.com' });
    expect(out.subject).toBe('[SC-2026-000042] Acknowledgement of receipt: Hello Bcc: victim@example.com');
  });
});

describe('data validation', () => {
  it('refuses decisions confirmed, cancelled (and clarifications) without reasons', () => {
    for (const name of ['decision-confirmed', 'decision-cancelled', 'decision-clarification'] as const) {
      for (const reasons of [null, '', '   ', undefined]) {
        const data = { ...sampleData(name, 'fr'), reasons } as unknown as TemplateData<typeof name>;
        expect(() => set.render(name, 'fr', data)).toThrow(TemplateDataError);
        try {
          set.render(name, 'fr', data);
        } catch (error) {
          expect((error as TemplateDataError).fields).toEqual(['reasons']);
          expect((error as Error).message).toContain('reasons');
        }
      }
    }
  });

  it('accepts a solution or provisional information without reasons', () => {
    const solution = set.render('decision-solution', 'fr', { ...sampleData('decision-solution', 'fr'), reasons: null });
    expect(solution.text).toContain('Le problème que vous nous avez signalé a été résolu.');
    const provisional = set.render('decision-provisional', 'en', { ...sampleData('decision-provisional', 'en'), reasons: null });
    expect(provisional.text).toContain('This information is provisional.');
  });

  it('throws on a missing variable, naming it', () => {
    const { deadline: _deadline, ...withoutDeadline } = sampleData('acknowledgement', 'fr');
    expect(() => set.render('acknowledgement', 'fr', withoutDeadline as TemplateData<'acknowledgement'>)).toThrow(/deadline/);
    const { links: _links, ...withoutLinks } = sampleData('agent-reply', 'en');
    expect(() => set.render('agent-reply', 'en', withoutLinks as TemplateData<'agent-reply'>)).toThrow(TemplateDataError);
    const noFaq = { ...sampleData('agent-reply', 'en'), links: { terms: 'https://example.com/t' } } as TemplateData<'agent-reply'>;
    expect(() => set.render('agent-reply', 'en', noFaq)).toThrow(/links\.faq/);
  });

  it('refuses wrong types, invalid dates and non-http links', () => {
    const ack = sampleData('acknowledgement', 'fr');
    expect(() => set.render('acknowledgement', 'fr', { ...ack, deadline: '2026-04-03' as unknown as Date })).toThrow(/deadline/);
    expect(() => set.render('acknowledgement', 'fr', { ...ack, deadline: new Date('nope') })).toThrow(/deadline/);
    expect(() => set.render('acknowledgement', 'fr', { ...ack, ground: 'other' as never })).toThrow(/ground/);
    expect(() => set.render('acknowledgement', 'fr', { ...ack, links: { ...ack.links, faq: 'javascript:alert(1)' } })).toThrow(/links\.faq/);
    expect(() => set.render('acknowledgement', 'fr', { ...ack, supportAddress: 'not an address' })).toThrow(/supportAddress/);
    expect(() => set.render('acknowledgement', 'fr', { ...ack, caseRef: 'SC-1\n2' })).toThrow(/caseRef/);
    expect(() => set.render('repeat-received', 'fr', { ...sampleData('repeat-received', 'fr'), repeatCount: 0 })).toThrow(/repeatCount/);
  });

  it('formats dates in the configured time zone', async () => {
    const utc = await loadTemplates(TEMPLATES_DIR, { timeZone: 'UTC', selfCheck: false });
    const text = utc.render('acknowledgement', 'en', sampleData('acknowledgement', 'en')).text;
    expect(text).toContain('3 March 2026 at 13:05 UTC');
    await expect(loadTemplates(TEMPLATES_DIR, { timeZone: 'Mars/Olympus' })).rejects.toThrow(/time zone/);
  });
});
