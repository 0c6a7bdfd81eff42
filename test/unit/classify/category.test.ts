import { describe, expect, it } from 'vitest';
import { categoryFromLabel, suggestCategory, type Category } from '../../../src/ingest/classify/category.ts';

const request: Category = { kind: 'request' };
const complaint = (ground: 'technical-failure' | 'non-compliant-decision' | 'service-not-provided' | null): Category => ({ kind: 'complaint', ground });

describe('categoryFromLabel', () => {
  it.each([
    ['Plainte', complaint(null)],
    ['Réclamation', complaint(null)],
    ['RECLAMATION', complaint(null)],
    ['Complaint', complaint(null)],
    ['Litige', complaint(null)],
    ['Réclamation - Problème technique', complaint('technical-failure')],
    ['Plainte – Retrait non reçu', complaint('service-not-provided')],
    ['Complaint - account closed', complaint('non-compliant-decision')],
    ['Problème technique', complaint('technical-failure')],
    ['Technical issue', complaint('technical-failure')],
    ['Demande', request],
    ['Demande d’information', request],
    ['Question', request],
    ['Request', request],
    ['Autre', request],
    ['Retrait', null],
    ['Bonus', null],
    ['', null],
    [null, null],
  ] as [string | null, Category | null][])('%j → %j', (label, category) => {
    expect(categoryFromLabel(label)).toEqual(category);
  });
});

describe('suggestCategory', () => {
  const cases: [string, string | null, string, Category, string][] = [
    // (1) technical failure
    ['FR bug', 'Bug sur le site', 'Le site ne fonctionne pas depuis ce matin, page blanche.', complaint('technical-failure'), 'page blanche'],
    ['FR login', 'Connexion', "Impossible de me connecter, j'ai un message d'erreur.", complaint('technical-failure'), 'impossible de me connecter'],
    ['FR crash', 'Appli', "L'application a planté pendant mon pari en direct.", complaint('technical-failure'), 'crash'],
    ['EN site down', 'Site down', 'Your website is down, I get error 500 on every page.', complaint('technical-failure'), 'error 500'],
    ['EN crash', 'App', 'The app keeps crashing when I open my bets.', complaint('technical-failure'), 'crash'],
    // (2) non-compliant decision
    ['FR account', 'Compte bloqué', 'Mon compte a été suspendu sans explication, c’est abusif.', complaint('non-compliant-decision'), 'compte fermé/suspendu/bloqué'],
    ['FR winnings', 'Gains', 'Mes gains ont été annulés alors que mon pari était valide.', complaint('non-compliant-decision'), 'gains annulés'],
    ['FR bet', null, 'Mon pari a été annulé, ce n’est pas conforme. Non conforme aux conditions générales.', complaint('non-compliant-decision'), 'pari annulé'],
    ['EN account', 'Account closed', 'You closed my account, this is unfair and against your terms.', complaint('non-compliant-decision'), 'account closed'],
    ['EN winnings', null, 'My winnings were voided for no reason.', complaint('non-compliant-decision'), 'winnings voided'],
    // (3) service not provided
    ['FR withdrawal', 'Retrait', 'Mon retrait n’est toujours pas arrivé. Je n’ai pas reçu mon retrait de 50 €.', complaint('service-not-provided'), 'retrait non reçu'],
    ['FR transfer', null, 'Le virement n’est pas arrivé sur mon compte bancaire.', complaint('service-not-provided'), 'virement pas arrivé'],
    ['FR refund', null, 'Remboursement jamais reçu malgré vos promesses.', complaint('service-not-provided'), 'remboursement jamais reçu'],
    ['FR bonus', 'Bonus', 'Mon bonus de bienvenue n’a pas été crédité.', complaint('service-not-provided'), 'bonus non crédité'],
    ['EN withdrawal', 'Withdrawal', 'My withdrawal has not been received after 10 days.', complaint('service-not-provided'), 'withdrawal not received'],
    ['EN refund', null, 'The refund never arrived.', complaint('service-not-provided'), 'refund never arrived'],
    // complaint without a ground
    ['FR plainte', 'Plainte', 'Je souhaite déposer une plainte.', complaint(null), 'plainte'],
    ['FR réclamation', null, 'Ceci est une réclamation formelle.', complaint(null), 'réclamation'],
    ['EN complain', 'Service', 'I want to complain about your service.', complaint(null), 'I want to complain'],
    // requests
    ['FR address', 'Comment modifier mon adresse ?', 'Bonjour, comment modifier mon adresse postale ?', request, 'comment'],
    ['EN password', 'How do I change my password?', 'Hello, how do I change my password?', request, 'how do I'],
    ['FR info', 'Question', 'Quels sont les délais de retrait ?', request, 'question'],
  ];
  it.each(cases)('%s', (_name, subject, text, category, keyword) => {
    const s = suggestCategory(subject, text);
    expect(s.category).toEqual(category);
    expect(s.matched).toContain(keyword);
    expect(s.confidence).toBeGreaterThan(0.5);
    expect(s.confidence).toBeLessThanOrEqual(0.95);
  });

  it('is accent- and case-insensitive', () => {
    expect(suggestCategory('RECLAMATION', 'MON COMPTE EST BLOQUE').category).toEqual(complaint('non-compliant-decision'));
    expect(suggestCategory(null, 'retrait non recu').category).toEqual(complaint('service-not-provided'));
  });

  it('gives the ground with the most keywords, and more confidence with a complaint word', () => {
    const s = suggestCategory('Réclamation', 'Le site a planté (bug, page blanche) et mon pari a été annulé.');
    expect(s.category).toEqual(complaint('technical-failure'));
    expect(s.confidence).toBeGreaterThan(suggestCategory(null, 'Le site a planté.').confidence);
  });

  it('ignores our own words quoted in a reply', () => {
    const text = 'Merci, c’est noté.\n\nLe 14/09/2026 à 10:00, Guichet <support@guichet.example> a écrit :\n> Votre réclamation a bien été enregistrée.\n> Votre compte a été suspendu.';
    expect(suggestCategory('RE: [SC-2026-000042] Accusé de réception', text)).toEqual({ category: request, confidence: 0.6, matched: [] });
    expect(suggestCategory(null, 'Merci\n> Votre réclamation').category).toEqual(request);
  });

  it('is a request with nothing to go on', () => {
    expect(suggestCategory(null, null)).toEqual({ category: request, confidence: 0.6, matched: [] });
  });
});
