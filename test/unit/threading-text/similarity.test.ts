import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentWords } from '../../../src/ingest/threading/text/content-words.ts';
import { MIN_CONTENT_WORDS, REPEAT_THRESHOLD, bodySimilarity, isSameProblem } from '../../../src/ingest/threading/text/similarity.ts';

const WITHDRAWAL = "J'ai demandé un retrait de 250 € le 28 octobre par virement SEPA. Il est validé depuis le 30 octobre mais ma banque ne voit aucun virement en attente.";
const PASSWORD = "Je ne reçois pas l'email de réinitialisation du mot de passe, ni dans la boîte de réception ni dans les spams, et je ne peux plus me connecter.";

describe('contentWords', () => {
  it('drops function words, greetings and follow-up boilerplate, folds and stems the rest', () => {
    expect(contentWords('Bonjour, je vous relance : toujours pas de réponse ! Merci, cordialement')).toEqual([]);
    expect(contentWords('Mes retraits refusés, 250 €')).toEqual(['retrait', 'refus', '250']);
    expect(contentWords('Retrait REFUSÉE')).toEqual(contentWords('retraits refuses'));
  });
});

describe('bodySimilarity', () => {
  const sentence = fc.array(fc.constantFrom('retrait', 'bonus', 'compte', 'virement', 'banque', 'octobre', '250', 'mot', 'passe', 'cloture', 'solde', 'le', 'de'), { maxLength: 30 }).map((w) => w.join(' '));

  it('is symmetric and in [0, 1]', () => {
    fc.assert(fc.property(sentence, sentence, (a, b) => {
      const s = bodySimilarity(a, b);
      expect(s).toBe(bodySimilarity(b, a));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }));
  });

  it('ignores word and sentence order, case, accents and punctuation', () => {
    fc.assert(fc.property(fc.shuffledSubarray(WITHDRAWAL.split(' '), { minLength: 27 }), (words) => {
      expect(bodySimilarity(WITHDRAWAL, words.join(' ').toUpperCase())).toBe(1);
    }));
    expect(bodySimilarity(WITHDRAWAL, WITHDRAWAL.normalize('NFD').replace(/\p{M}/gu, '').replace(/[.,']/g, ' '))).toBe(1);
  });

  it('does not drop when a repeat only adds follow-up wording or quotes the first mail', () => {
    expect(bodySimilarity(WITHDRAWAL, `Bonjour, je vous relance, 2ème envoi, toujours pas de réponse. ${WITHDRAWAL} Merci. Cordialement`)).toBe(1);
  });

  it('is low for different problems and 0 for empty texts', () => {
    expect(bodySimilarity(WITHDRAWAL, PASSWORD)).toBeLessThan(REPEAT_THRESHOLD);
    expect(bodySimilarity('', WITHDRAWAL)).toBe(0);
    expect(bodySimilarity('Bonjour, merci', 'Bonjour, merci')).toBe(0);
  });
});

describe('isSameProblem', () => {
  it('matches on equal, non-generic normalised subjects', () => {
    expect(isSameProblem({ subject: 'Retrait non reçu', text: 'a' }, { subject: 'Relance : RE: retrait non recu !!', text: 'b' }))
      .toEqual({ same: true, by: 'subject', score: 1 });
  });

  it('does not match on a generic subject alone', () => {
    expect(isSameProblem({ subject: 'Bonjour', text: WITHDRAWAL }, { subject: 'Bonjour', text: PASSWORD }).same).toBe(false);
    expect(isSameProblem({ subject: null, text: WITHDRAWAL }, { subject: '(sans objet)', text: PASSWORD }).same).toBe(false);
  });

  it('honours extra generic subjects (the contact form’s)', () => {
    const form = 'Nouveau message depuis le formulaire ParisPlay';
    expect(isSameProblem({ subject: form, text: WITHDRAWAL }, { subject: form, text: PASSWORD }, { genericSubjects: [form] }).same).toBe(false);
  });

  it('matches on the body once quotes and signatures are removed', () => {
    const first = { subject: 'Retrait', text: `Bonjour,\n\n${WITHDRAWAL}\n\nCordialement,\nCamille Martin` };
    const again = { subject: 'Toujours rien', text: `Je vous relance.\n${WITHDRAWAL.split('. ').reverse().join('. ')}\n\nEnvoyé de mon iPhone\n\nLe lun. 3 nov. 2026 à 10:00, Camille <c@example.fr> a écrit :\n> ${PASSWORD}` };
    const r = isSameProblem(first, again);
    expect(r.same).toBe(true);
    expect(r.by).toBe('body');
    expect(r.score).toBeGreaterThanOrEqual(REPEAT_THRESHOLD);
  });

  it('does not judge bodies with too few content words', () => {
    const short = { subject: 'Help', text: 'Mon retrait 250 € octobre ?' };
    expect(new Set(contentWords(short.text)).size).toBeLessThan(MIN_CONTENT_WORDS);
    expect(isSameProblem(short, { subject: 'Question', text: WITHDRAWAL })).toEqual({ same: false, by: null, score: 0 });
  });

  it('tells different problems of one customer apart', () => {
    const r = isSameProblem({ subject: 'Mon compte', text: `${WITHDRAWAL}\nCamille Martin\nPP123456` }, { subject: 'Mon compte', text: `${PASSWORD}\nCamille Martin\nPP123456` });
    expect(r.same).toBe(false);
  });
});
