import { describe, expect, it } from 'vitest';
import { parseContactForm } from '../../../src/ingest/classify/contact-form.ts';
import { parseEventDate } from '../../../src/ingest/classify/event-date.ts';
import { facts, factsOf } from './facts-of.ts';

const SENDERS = ['formulaire@site.example', 'Forms@Site.Example'];

/** A form mailer's message: From the form, the customer in Reply-To (when `replyTo`), fields in the body. */
function formMail(body: string, replyTo: string | null = 'Camille Martin <camille.martin@example.fr>', from = 'Formulaire de contact <formulaire@site.example>'): string {
  return [
    `From: ${from}`,
    'To: support@guichet.example',
    ...(replyTo ? [`Reply-To: ${replyTo}`] : []),
    'Subject: Nouveau message depuis le formulaire de contact',
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
  ].join('\n');
}

describe('parseContactForm', () => {
  it('reads the French form of DESIGN 5.3', async () => {
    const body = [
      'Catégorie : Plainte',
      'Nom : Camille Martin',
      'E-mail : camille.martin@example.fr',
      'Identifiant : pp123456',
      "Date de l'événement : 12/09/2026",
      'Description :',
      'Mon retrait du 12 septembre ne m’est jamais parvenu.',
      '',
      'Nom : ce n’est pas un champ, c’est ma description.',
    ].join('\n');
    expect(parseContactForm(await factsOf(formMail(body)), SENDERS)).toEqual({
      customerEmail: 'camille.martin@example.fr',
      customerName: 'Camille Martin',
      accountId: 'PP123456',
      categoryLabel: 'Plainte',
      eventDateText: '12/09/2026',
      eventDate: new Date(Date.UTC(2026, 8, 12)),
      description: 'Mon retrait du 12 septembre ne m’est jamais parvenu.\n\nNom : ce n’est pas un champ, c’est ma description.',
    });
  });

  it('reads English labels and a month-name date', async () => {
    const body = 'Category: Complaint\nName: John Smith\nEmail: John.Smith@Example.co.uk\nUsername: jsmith77\nEvent date: September 12, 2026\nDescription: My bet was voided.\nIt was a winning bet.';
    const form = parseContactForm(await factsOf(formMail(body, null)), SENDERS);
    expect(form).toEqual({
      customerEmail: 'john.smith@example.co.uk',
      customerName: 'John Smith',
      accountId: 'JSMITH77',
      categoryLabel: 'Complaint',
      eventDateText: 'September 12, 2026',
      eventDate: new Date(Date.UTC(2026, 8, 12)),
      description: 'My bet was voided.\nIt was a winning bet.',
    });
  });

  it('tolerates odd spacing, non-breaking spaces, tabs, CRLF and values on the next line', async () => {
    const body = [
      'Catégorie\u00a0: Réclamation - Problème technique',
      'Nom   :Camille Martin',
      'Courriel:',
      '  camille.martin@example.fr',
      'Identifiant\t:\tPP654321',
      "Date de l’evenement\u202f: 2026-09-01",
      'Description :   La page reste blanche.',
    ].join('\r\n');
    const form = parseContactForm(await factsOf(formMail(body), true), SENDERS);
    expect(form).toMatchObject({
      customerEmail: 'camille.martin@example.fr',
      customerName: 'Camille Martin',
      accountId: 'PP654321',
      categoryLabel: 'Réclamation - Problème technique',
      eventDate: new Date(Date.UTC(2026, 8, 1)),
      description: 'La page reste blanche.',
    });
  });

  it('takes the customer from Reply-To when the E-mail field is missing, never from the form', async () => {
    const form = parseContactForm(await factsOf(formMail('Catégorie : Demande\nDescription :\nBonjour')), SENDERS);
    expect(form).toMatchObject({ customerEmail: 'camille.martin@example.fr', customerName: 'Camille Martin', accountId: null, eventDate: null, description: 'Bonjour' });
  });

  it('gives no customer when neither the field nor Reply-To has one (not the form address)', async () => {
    const form = parseContactForm(await factsOf(formMail('Nom : Camille\nDescription : Bonjour', 'formulaire@site.example')), SENDERS);
    expect(form?.customerEmail).toBeNull();
  });

  it('joins Prénom and Nom, and ignores a bare "Date :" (the mailer stamps its own date so)', async () => {
    const form = parseContactForm(await factsOf(formMail('Date : 14/09/2026\nPrénom : Camille\nNom : Martin\nMessage : Bonjour')), SENDERS);
    expect(form).toMatchObject({ customerName: 'Camille Martin', eventDateText: null, eventDate: null, description: 'Bonjour' });
  });

  it('keeps the date text when the date cannot be read, and drops filler account values', async () => {
    const form = parseContactForm(await factsOf(formMail("Identifiant : je ne sais plus\nDate de l'événement : samedi dernier\nDescription : x")), SENDERS);
    expect(form).toMatchObject({ accountId: null, eventDateText: 'samedi dernier', eventDate: null });
  });

  it('ends the description at a signature separator (form footers)', async () => {
    const form = parseContactForm(await factsOf(formMail('Description :\nMon bonus n’a pas été crédité.\n-- \nCet e-mail a été envoyé depuis le formulaire de contact de site.example')), SENDERS);
    expect(form?.description).toBe('Mon bonus n’a pas été crédité.');
  });

  it('takes the whole body as the description when no label is found', async () => {
    const form = parseContactForm(await factsOf(formMail('Bonjour, mon compte est bloqué.')), SENDERS);
    expect(form).toMatchObject({ customerEmail: 'camille.martin@example.fr', description: 'Bonjour, mon compte est bloqué.', categoryLabel: null });
  });

  it('matches the sender case-insensitively and only configured senders', async () => {
    expect(parseContactForm(await factsOf(formMail('Description : x', null, 'FORMS@site.example')), SENDERS)).not.toBeNull();
    expect(parseContactForm(await factsOf(formMail('Description : x', null, 'camille.martin@example.fr')), SENDERS)).toBeNull();
    expect(parseContactForm(facts({ text: 'Description : x' }), SENDERS)).toBeNull();
    expect(parseContactForm(await factsOf(formMail('Description : x')), [])).toBeNull();
  });
});

describe('parseEventDate', () => {
  const cases: [string, string | null][] = [
    ['12/09/2026', '2026-09-12'],
    ['12-09-2026', '2026-09-12'],
    ['12.09.26', '2026-09-12'],
    ['12/09/2026 vers 21h', '2026-09-12'],
    ['2026-09-12', '2026-09-12'],
    ['September 12, 2026', '2026-09-12'],
    ['Sept 12th, 2026', '2026-09-12'],
    ['12 septembre 2026', '2026-09-12'],
    ['le 1er octobre 2025', '2025-10-01'],
    ['sam. 12 sept. 2026', '2026-09-12'],
    ['09/13/2026', '2026-09-13'], // only readable month first
    ['31/02/2026', null],
    ['le 3 mars', null], // no year: needs the receipt date
    ['hier', null],
    ['', null],
  ];
  it.each(cases)('%j → %s', (text, iso) => {
    expect(parseEventDate(text)?.toISOString().slice(0, 10) ?? null).toBe(iso);
  });
});
