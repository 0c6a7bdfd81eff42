import { describe, expect, it } from 'vitest';
import { isGenericSubject, normaliseSubject } from '../../../src/ingest/threading/text/normalise-subject.ts';

const BASE = 'mon retrait n\'est pas arrive';

describe('normaliseSubject', () => {
  it('treats the example of the brief as the plain subject', () => {
    expect(normaliseSubject('Relance : RE: Tr: Mon retrait n’est pas arrivé !!')).toBe(BASE);
    expect(normaliseSubject("mon retrait n'est pas arrive")).toBe(BASE);
  });

  // Each prefix in front of the same subject must give the same normalised subject.
  const PREFIXES: [string, string][] = [
    // French clients
    ['RE:', 'fr'], ['Re :', 'fr'], ['RE :', 'fr (NBSP before the colon)'], ['Réf :', 'fr'], ['REF:', 'fr'], ['TR:', 'fr'],
    ['Tr :', 'fr'], ['Transféré :', 'fr'], ['TR : RE :', 'fr nested'],
    // English clients
    ['Re:', 'en'], ['RE[2]:', 'en counter'], ['Re(3):', 'en counter'], ['Re^2:', 'en counter'], ['Fwd:', 'en'], ['FW:', 'en'],
    ['Fw :', 'en'], ['FWD: RE:', 'en nested'],
    // German Outlook, Nordic, Dutch, Spanish
    ['AW:', 'de'], ['WG:', 'de'], ['AW: WG: AW:', 'de nested'], ['SV:', 'sv'], ['Antw:', 'nl'], ['RV:', 'es'],
    // Reminders
    ['Relance :', 'fr'], ['RELANCE:', 'fr'], ['Relance 2 :', 'fr'], ['Relance n°3 :', 'fr'], ['2ème relance :', 'fr'],
    ['2eme relance:', 'fr'], ['3e envoi -', 'fr'], ['2ème envoi :', 'fr'], ['Nouvel envoi :', 'fr'], ['Dernière relance !', 'fr'],
    ['Rappel :', 'fr'], ['URGENT -', 'fr/en'], ['URGENT :', 'fr/en'], ['Urgent!!', 'fr/en'], ['TRÈS URGENT :', 'fr'],
    ['Toujours pas de réponse -', 'fr'], ['Toujours sans réponse :', 'fr'], ['Reminder:', 'en'], ['Second request:', 'en'],
    ['2nd request -', 'en'], ['Still no answer:', 'en'], ['Follow-up:', 'en'],
    // Gateway and filter tags
    ['[EXTERNAL]', 'tag'], ['[SPAM?]', 'tag'], ['***SPAM***', 'tag'], ['(URGENT)', 'tag'],
    // Everything at once
    ['[EXTERNAL] Relance 2 : RE: TR: URGENT - Fwd:', 'nested mix'],
  ];
  it.each(PREFIXES)('strips %s (%s)', (prefix) => {
    expect(normaliseSubject(`${prefix} Mon retrait n'est pas arrivé`)).toBe(BASE);
  });

  it('strips prefixes however they are spaced and cased', () => {
    expect(normaliseSubject('re:re:RE:   Mon  retrait   n’est pas arrivé')).toBe(BASE);
    expect(normaliseSubject('  rE  :  tR:mon retrait N\'EST PAS ARRIVÉ  ')).toBe(BASE);
    expect(normaliseSubject('RE\u00A0: TR\u202F: Mon retrait n‘est pas arrivé…')).toBe(BASE);
  });

  it('folds accents, case, typographic apostrophes and end punctuation', () => {
    expect(normaliseSubject('MON RETRAIT N’EST PAS ARRIVÉ ?!')).toBe(BASE);
    expect(normaliseSubject('« Mon retrait n\'est pas arrivé »')).toBe(BASE);
    expect(normaliseSubject('Vérification d’identité')).toBe(normaliseSubject("verification d'identite"));
    expect(normaliseSubject('Cœur de métier')).toBe('coeur de metier');
  });

  it('removes a case reference tag wherever it is', () => {
    expect(normaliseSubject('[SC-2026-000042] Mon retrait n’est pas arrivé')).toBe(BASE);
    expect(normaliseSubject('RE: Mon retrait [SC-2026-000042] n’est pas arrivé')).toBe(BASE);
    expect(normaliseSubject('Re: Mon retrait n’est pas arrivé [SC-2026-000042]')).toBe(BASE);
    expect(normaliseSubject('RE: [ABCDE-2027-123456] Mon retrait n’est pas arrivé')).toBe(BASE);
  });

  it('removes reminder wording put at the end', () => {
    expect(normaliseSubject('Mon retrait n’est pas arrivé - RELANCE')).toBe(BASE);
    expect(normaliseSubject('Mon retrait n’est pas arrivé (relance)')).toBe(BASE);
    expect(normaliseSubject('Mon retrait n’est pas arrivé (2ème envoi)')).toBe(BASE);
    expect(normaliseSubject('Mon retrait n’est pas arrivé - URGENT !!!')).toBe(BASE);
  });

  it('keeps words that only look like prefixes', () => {
    expect(normaliseSubject('Rappel de mes gains')).toBe('rappel de mes gains');
    expect(normaliseSubject('Urgent besoin d’aide')).toBe("urgent besoin d'aide");
    expect(normaliseSubject('Retrait refusé')).toBe('retrait refuse');
    expect(normaliseSubject('Relancer le jeu ne marche pas')).toBe('relancer le jeu ne marche pas');
    expect(normaliseSubject('Tres gros gain')).toBe('tres gros gain');
    expect(normaliseSubject('Reglement du pari')).toBe('reglement du pari');
  });

  it('gives an empty string for null and for prefixes only', () => {
    expect(normaliseSubject(null)).toBe('');
    expect(normaliseSubject('')).toBe('');
    expect(normaliseSubject('RE:')).toBe('');
    expect(normaliseSubject('Relance : RE: [SC-2026-000042]')).toBe('');
  });
});

describe('isGenericSubject', () => {
  it.each([
    '', '(no subject)', '(sans objet)', '(aucun objet)', 'Question', 'Bonjour', 'Bonjour !', 'Hello', 'Demande', 'Réclamation',
    'Contact', 'Formulaire de contact', 'RE: Bonjour', 'Relance : Question', 'Problème avec mon compte', 'Mon compte',
    'Demande d’information', 'Bonjour madame', 'Urgent', 'Plainte', 'Help', 'Customer service', 'Information', '???', '1',
  ])('flags %j', (subject) => {
    expect(isGenericSubject(normaliseSubject(subject))).toBe(true);
  });

  it.each([
    'Retrait non reçu', 'Demande de retrait', 'Bonus de bienvenue', 'Fermeture de compte', 'Mot de passe oublié',
    'Question sur mon bonus', 'Withdrawal pending', 'Code NOEL25', 'Pari mal réglé', 'Compte suspendu',
  ])('does not flag %j', (subject) => {
    expect(isGenericSubject(normaliseSubject(subject))).toBe(false);
  });

  it('treats extra subjects (the contact form’s own) as generic too', () => {
    const form = 'Nouveau message depuis le site ParisPlay';
    expect(isGenericSubject(normaliseSubject(form))).toBe(false);
    expect(isGenericSubject(normaliseSubject(`RE: ${form}`), [form])).toBe(true);
  });
});
