/**
 * Sample data for every template, in each locale: `guichet templates preview` renders the first
 * sample, and loadTemplates renders all variants at start (every branch of the shipped templates:
 * request and complaint, with and without a name, automatic or not…) so that a template using a
 * variable its data does not have fails the start, not a customer's mail.
 */
import type { Locale, TemplateData, TemplateName } from './template-data.ts';

type Common = Omit<TemplateData<'agent-reply'>, 'agentText'>;

const RECEIVED = new Date('2026-03-03T13:05:00Z');
const DEADLINE = new Date('2026-04-03T13:05:00Z');

function common(locale: Locale): Common {
  const fr = locale === 'fr';
  return {
    caseRef: 'SC-2026-000042',
    customerName: fr ? 'Camille Martin' : 'Sam Taylor',
    subject: fr ? 'Retrait bloqué depuis le 12 février' : 'Withdrawal blocked since 12 February',
    deskName: fr ? 'Service Client Exemple' : 'Example Customer Service',
    supportAddress: 'support@example.com',
    links: fr
      ? { faq: 'https://www.example.com/fr/aide/faq', terms: 'https://www.example.com/fr/conditions-generales' }
      : { faq: 'https://www.example.com/en/help/faq', terms: 'https://www.example.com/en/terms-and-conditions' },
    automatic: true,
    isComplaint: true,
    agentName: null,
  };
}

function agentText(locale: Locale, kind: 'question' | 'reply'): string {
  if (locale === 'fr') {
    return kind === 'question'
      ? 'Pourriez-vous nous indiquer :\n- la date et l’heure approximative de votre demande de retrait ;\n- le moyen de paiement utilisé ?'
      : 'Votre demande de retrait du 12 février a été vérifiée : elle est en attente du justificatif de domicile demandé lors de l’ouverture de votre compte.\n\nDès réception de ce document, le retrait sera traité.';
  }
  return kind === 'question'
    ? 'Could you tell us:\n- the approximate date and time of your withdrawal request;\n- the payment method used?'
    : 'Your withdrawal request of 12 February has been checked: it is waiting for the proof of address requested when your account was opened.\n\nAs soon as we receive it, the withdrawal will be processed.';
}

function reasons(locale: Locale, outcome: 'confirmed' | 'cancelled' | 'clarification' | 'solution' | 'provisional'): string {
  const fr: Record<typeof outcome, string> = {
    confirmed: 'Le retrait a été suspendu conformément à l’article 8.2 des Conditions Générales, faute de justificatif de domicile valide. Les documents reçus le 20 février ne comportaient pas d’adresse lisible.',
    cancelled: 'La vérification a montré que votre justificatif du 20 février était valide et avait été écarté par erreur. La suspension est levée.',
    clarification: 'Le montant affiché correspond au solde après déduction des frais de retrait indiqués à l’article 9 des Conditions Générales ; aucun montant n’a été retenu.',
    solution: 'Votre retrait de 150,00 € a été traité le 10 mars ; il apparaîtra sur votre compte bancaire sous 3 à 5 jours ouvrés.',
    provisional: 'Un incident affecte actuellement l’affichage de l’historique des retraits. Vos fonds ne sont pas concernés et les opérations enregistrées restent valides.',
  };
  const en: Record<typeof outcome, string> = {
    confirmed: 'The withdrawal was suspended under section 8.2 of the Terms and Conditions, as no valid proof of address was provided. The documents received on 20 February had no readable address.',
    cancelled: 'Our checks showed that your proof of address of 20 February was valid and had been rejected by mistake. The suspension has been lifted.',
    clarification: 'The amount shown is the balance after the withdrawal fees set out in section 9 of the Terms and Conditions; nothing was withheld.',
    solution: 'Your withdrawal of €150.00 was processed on 10 March; it will reach your bank account within 3 to 5 working days.',
    provisional: 'An incident currently affects the display of the withdrawal history. Your funds are not affected and recorded transactions remain valid.',
  };
  return (locale === 'fr' ? fr : en)[outcome];
}

type Samples = { [N in TemplateName]: TemplateData<N>[] };

function samples(locale: Locale): Samples {
  const c = common(locale);
  const agent = { ...c, automatic: false, agentName: locale === 'fr' ? 'Julie Bernard' : 'Alex Morgan' };
  const request = { ...c, isComplaint: false };
  const ack = { ...c, receivedAt: RECEIVED, deadline: DEADLINE, ground: 'non-compliant-decision' as const, needsIdentification: false };
  const decided = (outcome: Parameters<typeof reasons>[1]) => ({ ...agent, reasons: reasons(locale, outcome) });
  return {
    acknowledgement: [
      ack,
      { ...ack, ground: 'technical-failure', needsIdentification: true, customerName: null },
      { ...ack, ground: 'service-not-provided' },
      { ...ack, ground: null, subject: null },
      { ...request, receivedAt: RECEIVED, deadline: DEADLINE, ground: null, needsIdentification: true },
    ],
    'repeat-received': [
      { ...c, receivedAt: new Date('2026-03-05T08:47:00Z'), openedAt: RECEIVED, repeatCount: 2 },
      { ...request, customerName: null, receivedAt: new Date('2026-03-05T08:47:00Z'), openedAt: RECEIVED, repeatCount: 1 },
    ],
    'information-request': [
      { ...agent, agentText: agentText(locale, 'question') },
      { ...request, automatic: false, agentText: agentText(locale, 'question') },
    ],
    'interim-update': [
      { ...c, receivedOn: RECEIVED, nextUpdateOn: new Date('2026-04-17T08:00:00Z') },
      { ...request, customerName: null, receivedOn: RECEIVED, nextUpdateOn: new Date('2026-04-17T08:00:00Z') },
    ],
    'decision-confirmed': [decided('confirmed'), { ...decided('confirmed'), isComplaint: false, agentName: null }],
    'decision-cancelled': [decided('cancelled'), { ...decided('cancelled'), isComplaint: false }],
    'decision-clarification': [decided('clarification'), { ...decided('clarification'), isComplaint: false }],
    'decision-solution': [decided('solution'), { ...agent, isComplaint: false, reasons: null }],
    'decision-provisional': [decided('provisional'), { ...agent, reasons: null, customerName: null }],
    'out-of-time': [
      { ...c, receivedOn: RECEIVED, eventDate: new Date('2025-10-20T12:00:00Z'), limitDate: new Date('2026-01-20T12:00:00Z') },
      { ...agent, subject: null, receivedOn: RECEIVED, eventDate: new Date('2025-10-20T12:00:00Z'), limitDate: new Date('2026-01-20T12:00:00Z') },
    ],
    'agent-reply': [{ ...agent, agentText: agentText(locale, 'reply') }, { ...request, automatic: false, agentName: null, agentText: agentText(locale, 'reply') }],
  };
}

/** Every sample of a template (the first is the typical case), built afresh on each call. */
export function sampleVariants<N extends TemplateName>(name: N, locale: Locale): TemplateData<N>[] {
  return samples(locale)[name];
}

/** The typical sample of a template, as preview shows it. */
export function sampleData<N extends TemplateName>(name: N, locale: Locale): TemplateData<N> {
  const first = samples(locale)[name][0];
  if (first === undefined) throw new Error(`no sample data for template ${name}`);
  return first;
}
