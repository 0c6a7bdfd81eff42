import { describe, expect, it } from 'vitest';
import { decideThread, type CandidateCase, type ThreadingInput } from '../../../src/ingest/threading/decide-thread.ts';

const withdrawalCase: CandidateCase = {
  id: '1',
  customerId: 'camille',
  status: 'open',
  subject: 'Retrait non reçu',
  firstText:
    "Bonjour, j'ai demandé un retrait de 150 euros le 3 novembre sur mon compte bancaire et je ne l'ai toujours pas reçu. Pouvez-vous vérifier ce qui se passe avec ce virement ?",
};
const passwordCase: CandidateCase = {
  id: '2',
  customerId: 'camille',
  status: 'open',
  subject: 'Mot de passe oublié',
  firstText: "Bonjour, je n'arrive plus à me connecter, le lien de réinitialisation du mot de passe ne fonctionne pas. Merci de m'aider.",
};
const otherCustomersCase: CandidateCase = { ...withdrawalCase, id: '3', customerId: 'jean' };

const input = (over: Partial<ThreadingInput>): ThreadingInput => ({
  kind: 'customer',
  customerId: 'camille',
  subject: null,
  newText: null,
  byReference: [],
  byCaseRef: [],
  byBouncedMessage: [],
  customerOpenCases: [],
  ...over,
});

describe('decideThread (DESIGN 3.2 order)', () => {
  it('1. follows In-Reply-To/References to the customer’s case', () => {
    expect(decideThread(input({ byReference: [withdrawalCase], subject: 'Autre chose' }))).toMatchObject({ action: 'attach', caseId: '1', kind: 'follow-up', matchedBy: 'references' });
  });

  it('2. follows the case reference in the subject or body', () => {
    expect(decideThread(input({ byCaseRef: [passwordCase] }))).toMatchObject({ action: 'attach', caseId: '2', matchedBy: 'case-ref' });
  });

  it('references win over a case reference and over repeat detection', () => {
    const d = decideThread(input({ byReference: [passwordCase], byCaseRef: [withdrawalCase], customerOpenCases: [withdrawalCase], subject: 'Relance : Retrait non reçu' }));
    expect(d).toMatchObject({ caseId: '2', matchedBy: 'references' });
  });

  it('3. merges a repeat with a prefixed subject and no threading header', () => {
    const d = decideThread(input({ subject: 'Relance : RE: retrait non recu', newText: 'Je vous relance, toujours rien.', customerOpenCases: [withdrawalCase, passwordCase] }));
    expect(d).toMatchObject({ action: 'attach', caseId: '1', kind: 'repeat', matchedBy: 'repeat-subject' });
  });

  it('3. merges a repeat with another subject but the same text', () => {
    const d = decideThread(
      input({
        subject: 'URGENT',
        newText:
          "Bonjour, j'ai demandé un retrait de 150 euros le 3 novembre vers mon compte bancaire et je ne l'ai toujours pas reçu. Pouvez-vous vérifier ce qui se passe avec ce virement svp ?",
        customerOpenCases: [passwordCase, withdrawalCase],
      }),
    );
    expect(d).toMatchObject({ action: 'attach', caseId: '1', kind: 'repeat', matchedBy: 'repeat-body' });
  });

  it('4. opens a new case for the same customer with a different problem', () => {
    const d = decideThread(input({ subject: 'Bonus de bienvenue non crédité', newText: "Bonjour, le bonus de bienvenue promis à l'inscription n'a pas été crédité sur mon compte.", customerOpenCases: [withdrawalCase, passwordCase] }));
    expect(d).toEqual({ action: 'new-case' });
  });

  it('never joins another customer’s case, whatever the subject or references', () => {
    const d = decideThread(input({ customerId: 'camille', subject: 'Retrait non reçu', newText: withdrawalCase.firstText, byReference: [otherCustomersCase], byCaseRef: [otherCustomersCase], customerOpenCases: [] }));
    expect(d).toEqual({ action: 'new-case' });
  });

  it('does not treat a closed case as a repeat target', () => {
    const d = decideThread(input({ subject: 'Retrait non reçu', customerOpenCases: [{ ...withdrawalCase, status: 'closed' }] }));
    expect(d).toEqual({ action: 'new-case' });
  });

  it('auto-replies and bounces attach where they thread, else stay unmatched — never a new case', () => {
    expect(decideThread(input({ kind: 'auto-reply', customerId: null, byReference: [withdrawalCase] }))).toMatchObject({ action: 'attach', kind: 'auto-reply', caseId: '1' });
    expect(decideThread(input({ kind: 'bounce', customerId: null, byBouncedMessage: [passwordCase] }))).toMatchObject({ action: 'attach', kind: 'bounce', caseId: '2', matchedBy: 'bounced-message' });
    expect(decideThread(input({ kind: 'auto-reply', customerId: null, subject: 'Retrait non reçu', customerOpenCases: [withdrawalCase] }))).toMatchObject({ action: 'unmatched' });
    expect(decideThread(input({ kind: 'bounce', customerId: null }))).toMatchObject({ action: 'unmatched' });
  });
});
