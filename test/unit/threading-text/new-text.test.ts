/**
 * extractNewText on hand-written replies in the styles French customers' clients produce. The
 * shared corpora (test/corpus/reply-text-corpora.test.ts) cover the international clients.
 */
import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/ingest/threading/text/fold-text.ts';
import { extractNewText } from '../../../src/ingest/threading/text/new-text.ts';
import { isDeviceFooter } from '../../../src/ingest/threading/text/signature.ts';

const AGENT = 'Bonjour Monsieur Dupont,\n\nNous avons bien reçu votre demande et revenons vers vous au plus vite.\n\nLe service client';

describe('extractNewText: reply styles', () => {
  it('Outlook FR: rule and De/Envoyé/À/Objet block, previous mail unquoted', () => {
    const text = `Bonjour,\n\nJe n'ai toujours pas reçu mon virement.\n\nCordialement,\nJean Dupont\n\n________________________________\nDe : Service client ParisPlay <support@parisplay.example>\nEnvoyé : lundi 3 novembre 2026 10:00\nÀ : Jean Dupont <jean.dupont@example.fr>\nObjet : RE: [SC-2026-000042] Retrait non reçu\n\n${AGENT}\n`;
    expect(extractNewText(text)).toBe("Bonjour,\n\nJe n'ai toujours pas reçu mon virement.");
  });

  it('new Outlook FR: header block without addresses and without a rule', () => {
    const text = `Merci pour votre réponse, mais le problème persiste.\n\nDe : Service client\nEnvoyé : lundi 3 novembre 2026 10:00\nÀ : Jean Dupont\nObjet : Retrait\n\n${AGENT}`;
    expect(extractNewText(text)).toBe('Merci pour votre réponse, mais le problème persiste.');
  });

  it('Outlook FR: -----Message d\'origine----- with [mailto:] addresses', () => {
    const text = `Voici le justificatif demandé.\n\n-----Message d'origine-----\nDe : support@parisplay.example [mailto:support@parisplay.example]\nEnvoyé : lundi 3 novembre 2026 10:00\nÀ : jean.dupont@example.fr\nObjet : Justificatif\n\n${AGENT}`;
    expect(extractNewText(text)).toBe('Voici le justificatif demandé.');
  });

  it('Outlook EN: From/Sent/To/Subject block and -----Original Message-----', () => {
    expect(extractNewText(`Still nothing.\n\nFrom: Support <support@parisplay.example>\nSent: Monday, November 3, 2026 10:00 AM\nTo: Daniel Wright\nSubject: RE: Withdrawal\n\n${AGENT}`)).toBe('Still nothing.');
    expect(extractNewText(`Still nothing.\n\n-----Original Message-----\nFrom: Support\nSent: Monday, November 3, 2026 10:00 AM\n\n${AGENT}`)).toBe('Still nothing.');
  });

  it('Gmail FR: attribution folded over two lines, quoted reply', () => {
    const text = `Bonjour,\nJe vous renvoie ma pièce d'identité.\n\nLe lun. 3 nov. 2026 à 10:00, Service client ParisPlay <\nsupport@parisplay.example> a écrit :\n\n> Bonjour Madame,\n> Pourriez-vous nous renvoyer votre pièce d'identité ?\n>\n> Le service client\n`;
    expect(extractNewText(text)).toBe("Bonjour,\nJe vous renvoie ma pièce d'identité.");
  });

  it('Gmail EN: On … wrote:', () => {
    const text = 'Thanks, it works now.\n\nOn Mon, Nov 3, 2026 at 10:00 AM ParisPlay Support <support@parisplay.example> wrote:\n\n> Hello,\n> Please try again.\n';
    expect(extractNewText(text)).toBe('Thanks, it works now.');
  });

  it('Apple Mail FR on iPhone: footer, then quoted attribution', () => {
    const text = `Toujours rien reçu.\n\nEnvoyé de mon iPhone\n\n> Le 3 nov. 2026 à 10:00, Service client <support@parisplay.example> a écrit :\n>\n> ${AGENT.replace(/\n/g, '\n> ')}\n`;
    expect(extractNewText(text)).toBe('Toujours rien reçu.');
  });

  it('Apple Mail EN: On … at …, X wrote: then a quote', () => {
    const text = 'Here is the document.\n\nSent from my iPad\n\nOn 3 Nov 2026, at 10:00, Support <support@parisplay.example> wrote:\n\n> Please send the document.\n';
    expect(extractNewText(text)).toBe('Here is the document.');
  });

  it('Thunderbird FR: reply attribution, and a forward with Sujet/Date/De/Pour', () => {
    expect(extractNewText('Voici.\n\nLe 03/11/2026 à 10:00, Service client a écrit :\n> Envoyez-nous le document.\n')).toBe('Voici.');
    const forward = 'Je vous transfère mon premier message.\n\n-------- Message transféré --------\nSujet : Retrait\nDate : Mon, 3 Nov 2026 10:00:00 +0100\nDe : Jean Dupont <jean@example.fr>\nPour : support@parisplay.example\n\nBonjour, mon retrait...';
    expect(extractNewText(forward)).toBe('Je vous transfère mon premier message.');
  });

  it('Orange / SFR / La Poste webmail: "Message du 03/11/26 10:00" then De/A/Objet, quoted or not', () => {
    const quoted = `Bonjour, voici ma réponse.\n\n> Message du 03/11/26 10:00\n> De : "Service client" <support@parisplay.example>\n> A : jean.dupont@orange.fr\n> Copie à :\n> Objet : Votre demande\n>\n> ${AGENT.replace(/\n/g, '\n> ')}`;
    expect(extractNewText(quoted)).toBe('Bonjour, voici ma réponse.');
    const plain = `Bonjour, voici ma réponse.\n\nMessage du 03/11/26 10:00\nDe : "Service client" <support@parisplay.example>\nA : jean.dupont@sfr.fr\nObjet : Votre demande\n\n${AGENT}`;
    expect(extractNewText(plain)).toBe('Bonjour, voici ma réponse.');
  });

  it('Free (Zimbra): ----- Mail original ----- and "- Le …, X a écrit :"', () => {
    const mailOriginal = `Ci-joint ma facture.\n\n----- Mail original -----\nDe: "Service client" <support@parisplay.example>\nÀ: "jean dupont" <jean.dupont@free.fr>\nEnvoyé: Lundi 3 Novembre 2026 10:00:00\nObjet: Re: Justificatif\n\n${AGENT}`;
    expect(extractNewText(mailOriginal)).toBe('Ci-joint ma facture.');
    expect(extractNewText('Ci-joint ma facture.\n\n- Le 3 Nov 26, à 10:00, Service client support@parisplay.example a écrit :\n> Bonjour')).toBe('Ci-joint ma facture.');
  });

  it('Yahoo FR: long attribution and an unquoted copy', () => {
    const text = `Je confirme mon adresse.\n\nLe lundi 3 novembre 2026 à 10:00:12 UTC+1, Service client <support@parisplay.example> a écrit :\n\n\n${AGENT}`;
    expect(extractNewText(text)).toBe('Je confirme mon adresse.');
  });

  it('Samsung mail FR: footer then -------- Message d\'origine --------', () => {
    const text = `Ok merci.\n\nEnvoyé depuis mon smartphone Samsung Galaxy.\n\n-------- Message d'origine --------\nDe : Service client <support@parisplay.example>\nDate : 03/11/2026 10:00 (GMT+01:00)\nÀ : jean@example.fr\nObjet : Votre demande\n\n${AGENT}`;
    expect(extractNewText(text)).toBe('Ok merci.');
  });

  it('German Outlook: Von/Gesendet/An/Betreff', () => {
    expect(extractNewText('Danke.\n\nVon: Support <support@parisplay.example>\nGesendet: Montag, 3. November 2026 10:00\nAn: Hans\nBetreff: AW: Auszahlung\n\nHallo')).toBe('Danke.');
  });

  it('bottom posting: the text under the quote is kept', () => {
    const text = 'Le lun. 3 nov. 2026 à 10:00, Service client <support@parisplay.example> a écrit :\n> Quel est votre identifiant ?\n\nMon identifiant est PP123456.\n';
    expect(extractNewText(text)).toBe('Mon identifiant est PP123456.');
  });

  it('inline answers between quoted lines are kept, the quoted lines removed', () => {
    const text = '> Quel est votre identifiant ?\n\nPP123456\n\n> Quelle est la date du retrait ?\n\nLe 28 octobre.\n';
    expect(extractNewText(text)).toBe('PP123456\n\nLe 28 octobre.');
  });

  it('a forward without comment keeps the forwarded text: it is all the customer sent', () => {
    const text = '---------- Forwarded message ---------\nFrom: Jean Dupont <jean@example.fr>\nDate: Mon, Nov 3, 2026 at 10:00 AM\nSubject: Retrait\nTo: <support@parisplay.example>\n\nBonjour, mon retrait de 250 € n\'est pas arrivé.';
    expect(extractNewText(text)).toBe("Bonjour, mon retrait de 250 € n'est pas arrivé.");
  });

  it('a quote only gives nothing new', () => {
    expect(extractNewText('> Bonjour\n> Votre demande est enregistrée.\n')).toBe('');
    expect(extractNewText(null)).toBe('');
    expect(extractNewText('')).toBe('');
  });

  it('CRLF line ends and non-breaking spaces are handled', () => {
    expect(extractNewText('Bonjour\r\nÇa ne marche pas.\r\n\r\nDe\u00A0: Service client\r\nEnvoyé\u00A0: lundi\r\nÀ\u00A0: moi\r\nObjet\u00A0: x\r\n\r\nTexte')).toBe('Bonjour\nÇa ne marche pas.');
  });
});

describe('extractNewText: signatures', () => {
  it.each([
    ['-- delimiter', 'Mon retrait est bloqué.\n\n-- \nJean Dupont\n06 12 34 56 78\nhttps://example.fr'],
    ['Cordialement + name + id', 'Mon retrait est bloqué.\n\nCordialement,\nJean Dupont\nIdentifiant : PP123456'],
    ['Bien cordialement', 'Mon retrait est bloqué.\n\nBien cordialement\nJean'],
    ['Bien à vous', 'Mon retrait est bloqué.\n\nBien à vous,\nKarim Benali'],
    ['Salutations distinguées', 'Mon retrait est bloqué.\nSincères salutations.\nJ. Dupont'],
    ['Veuillez agréer', 'Mon retrait est bloqué.\n\nVeuillez agréer, Madame, Monsieur, l’expression de mes salutations distinguées.\nJean Dupont'],
    ['Best regards', 'Mon retrait est bloqué.\n\nBest regards,\nDaniel Wright'],
    ['Kind regards', 'Mon retrait est bloqué.\n\nKind regards\nDaniel'],
    ['Envoyé de mon iPhone', 'Mon retrait est bloqué.\n\nEnvoyé de mon iPhone'],
    ['Sent from my iPhone', 'Mon retrait est bloqué.\n\nSent from my iPhone'],
    ['Get Outlook for Android', 'Mon retrait est bloqué.\n\nGet Outlook for Android<https://aka.ms/ghei36>'],
    ['Télécharger Outlook pour Android', 'Mon retrait est bloqué.\n\nTélécharger Outlook pour Android'],
    ['Yahoo Mail', 'Mon retrait est bloqué.\n\nEnvoyé depuis Yahoo Mail pour Android'],
    ['Windows Mail', 'Mon retrait est bloqué.\n\nEnvoyé à partir de Courrier pour Windows'],
    ['Avast stamp', 'Mon retrait est bloqué.\n\nGaranti sans virus. www.avast.com'],
    ['closing then phone footer', 'Mon retrait est bloqué.\n\nCordialement\nJean Dupont\n\nEnvoyé de mon iPhone'],
    ['thanks then name', 'Mon retrait est bloqué.\n\nMerci d’avance,\nJean'],
    ['contact block', 'Mon retrait est bloqué.\n\nJean Dupont\njean.dupont@example.fr\n06 12 34 56 78'],
  ])('removes %s', (_name, text) => {
    expect(extractNewText(text)).toBe('Mon retrait est bloqué.');
  });

  it('keeps a closing formula in mid-text and a thank-you that ends the text', () => {
    const mid = 'Bonjour,\nJe vous ai écrit cordialement la semaine dernière.\nCordialement ne suffit plus : mon retrait de 250 € du 28 octobre n\'est toujours pas arrivé, j\'ai vérifié avec ma banque qui ne voit rien venir, et votre site affiche « validé » depuis dix jours.\nJ\'attends une réponse.';
    expect(extractNewText(mid)).toBe(mid);
    expect(extractNewText('Bonjour,\nje n\'ai pas eu de retour.\nmerci d\'avance')).toBe('Bonjour,\nje n\'ai pas eu de retour.\nmerci d\'avance');
  });

  it('keeps "Sent from my …" when it is a sentence', () => {
    const text = 'Here is another email\n\nSent from my desk, is much easier then my mobile phone.';
    expect(extractNewText(text)).toBe(text);
  });
});

describe('extractNewText: what must not be cut', () => {
  it('keeps the contact form fields whole (labels with colons are not a header block)', () => {
    const form = "Catégorie : Plainte\nNom : Camille Martin\nE-mail : camille.martin@example.fr\nIdentifiant : PP123456\nDate de l'événement : 12/09/2026\nDescription :\nMon retrait de 250 € n'est jamais arrivé.";
    expect(extractNewText(form)).toBe(form);
    const en = 'Category: Complaint\nName: Daniel Wright\nEmail: dwright@example.co.uk\nUsername: dwright\nEvent date: 27/10/2026\nDescription:\nMy withdrawal is pending.';
    expect(extractNewText(en)).toBe(en);
  });

  it('keeps a sentence that mentions writing', () => {
    const text = 'Le 12 octobre je vous ai écrit au sujet de mon bonus.\nOn Monday I wrote to you about it too.\nSomething wrote:\nrien depuis.';
    expect(extractNewText(text)).toBe(text);
  });

  // Repeated lines built to make backtracking patterns slow: quotes and answers, long words,
  // attribution look-alikes, colons, long numbers, header look-alikes.
  it.each([
    ['quotes and answers', `${'> Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n'.repeat(20)}Réponse intercalée ${'x'.repeat(50)}\n\n`],
    ['long letter runs', `On ${'x'.repeat(390)}\n`],
    ['long letter runs ending in a colon', `On ${'x'.repeat(390)}:\n`],
    ['attribution look-alikes', `${'Le client a écrit que son retrait du 28 octobre 2026 à 10:00 wrote '.repeat(4)}\n`],
    ['colons', `On ${'wrote : '.repeat(45)}\n`],
    ['long numbers', `\n+33${'1 '.repeat(5000)}\n`],
    ['header look-alikes', 'De : x\nDate : y\n'],
  ])('stays fast on 2 MB of %s', (_name, block) => {
    const text = `Début.\n\n${block.repeat(Math.ceil(2_000_000 / block.length))}`;
    const t0 = performance.now();
    const out = extractNewText(text);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(out.startsWith('Début.')).toBe(true);
  });
});

// What the per-line shortcuts (each line folded once; the address test of attributions skipped
// for lines without "<" or "@"; the closing candidates' lines folded once) must not change.
describe('extractNewText: attributions and signatures around the per-line shortcuts', () => {
  it('an attribution folded over two lines whose first line only has a bare address', () => {
    const text = 'Voici le justificatif.\n\nService client support@parisplay.example a\nécrit le 3 nov. 2026 :\n\n> Bonjour\n';
    expect(extractNewText(text)).toBe('Voici le justificatif.');
    expect(extractNewText('Voici le justificatif.\nContact <support@parisplay.example> nous a\nécrit le 3 nov. :\n> rien\n')).toBe('Voici le justificatif.');
  });

  it('an "@" that is no address does not make a sentence an attribution', () => {
    const text = 'Voici le justificatif.\nÉcrivez-moi @ tout moment, mon collègue a\nécrit :\n> rien\n';
    expect(extractNewText(text)).toBe('Voici le justificatif.\nÉcrivez-moi @ tout moment, mon collègue a\nécrit :');
  });

  it.each([
    ['a closing, a name and contact lines', 'Bonjour,\n\nMon retrait est bloqué.\n\nCordialement,\nJean Dupont\nIdentifiant : PP123456\n06 12 34 56 78', 'Bonjour,\n\nMon retrait est bloqué.'],
    ['thanks and a name', 'Bonjour,\n\nMon retrait est bloqué.\n\nMerci d’avance,\nJean', 'Bonjour,\n\nMon retrait est bloqué.'],
    ['thanks alone (kept)', 'Bonjour,\n\nMon retrait est bloqué.\n\nMerci d’avance', 'Bonjour,\n\nMon retrait est bloqué.\n\nMerci d’avance'],
    ['a contact block', 'Hello,\n\nStill nothing.\n\nGina X\ngina@example.com\n(555) 346-9947', 'Hello,\n\nStill nothing.'],
    ['a footer in brackets', 'Hello,\n\nStill nothing.\n\n[Sent from my iPhone]', 'Hello,\n\nStill nothing.'],
    ['a footer in angle brackets', 'Hello,\n\nStill nothing.\n\n<Envoyé de mon iPhone>', 'Hello,\n\nStill nothing.'],
    ['a long line after the closing (kept)', 'Hello,\n\nStill nothing.\nBest regards,\nJames\nAccount manager at a company with a very long name that goes on and on for many words here\n', 'Hello,\n\nStill nothing.\nBest regards,\nJames\nAccount manager at a company with a very long name that goes on and on for many words here'],
    ['two signatures', 'Bonjour,\nvoici.\nCordialement\nJean\nCordialement\nJean\n', 'Bonjour,\nvoici.'],
    ['an antivirus stamp', 'Texte.\n\nCe mail a été envoyé depuis un ordinateur garanti sans virus. www.avast.com', 'Texte.'],
  ])('signature: %s', (_name, text, expected) => {
    expect(extractNewText(text)).toBe(expected);
  });
});

describe('isDeviceFooter', () => {
  it.each([
    ['[Sent from my iPhone]', true],
    ['<Envoyé de mon iPhone>', true],
    ['**Sent from my iPad**', true],
    ['(Envoyé de mon Galaxy)', true],
    ['Get Outlook for Android', true],
    ['Sent from my desk, is much easier than my phone', false],
    ['Je vous écris depuis mon iPhone.', false],
  ])('%j → %j, folded by itself or by the caller', (line, expected) => {
    expect(isDeviceFooter(line)).toBe(expected);
    expect(isDeviceFooter(line, foldText(line))).toBe(expected);
  });
});
