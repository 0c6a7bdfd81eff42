import type { Problem } from './catalogue.ts';

/** Requests: questions and changes that report none of the three complaint grounds. */
export const REQUESTS: readonly Problem[] = [
  {
    id: 'account-verification', family: 'verification', category: 'request', ground: null, refPrefix: 'KYC-',
    fr: {
      formCategory: 'Vérification du compte',
      subjects: ['Vérification de mon compte', 'Documents d’identité envoyés', 'Question sur les justificatifs demandés'],
      summary: 'la vérification de mon compte',
      sentences: [
        ['J’ai envoyé le {date} ma pièce d’identité et un justificatif de domicile pour la vérification de mon compte.', 'Le {date}, j’ai transmis ma carte d’identité et une facture d’électricité pour faire vérifier mon compte.'],
        ['Pouvez-vous me dire si ces documents sont suffisants, ou s’il faut autre chose ?', 'Est-ce que ces documents conviennent ou dois-je envoyer autre chose ?'],
        ['Je voudrais aussi savoir combien de temps prend la vérification en général.', 'Quel est le délai habituel de vérification ?'],
      ],
      additions: ['Ma facture date de moins de trois mois.', 'Je peux aussi envoyer mon passeport si c’est plus simple.'],
    },
    en: {
      formCategory: 'Account verification',
      subjects: ['Verifying my account', 'ID documents sent', 'Question about the documents required'],
      summary: 'the verification of my account',
      sentences: [
        ['On {date} I sent my ID and a proof of address to get my account verified.', 'I uploaded my driving licence and a utility bill on {date} for the account verification.'],
        ['Could you tell me whether these documents are enough or if you need anything else?', 'Are these documents fine or should I send something else?'],
        ['I would also like to know how long verification usually takes.', 'How long does verification normally take?'],
      ],
      additions: ['The bill is less than three months old.', 'I can also send my passport if that is easier.'],
    },
  },
  {
    id: 'bank-details-change', family: 'account-details', category: 'request', ground: null, refPrefix: 'AC-',
    fr: {
      formCategory: 'Mon compte',
      subjects: ['Changement de RIB', 'Modification de mes coordonnées bancaires', 'Nouveau compte bancaire pour mes retraits'],
      summary: 'le changement de mon RIB',
      sentences: [
        ['J’ai changé de banque et je voudrais modifier le RIB enregistré sur mon compte.', 'Suite à un changement de banque, je souhaite mettre à jour mon RIB.'],
        ['Je ne trouve pas comment faire dans la rubrique « Mon compte ».', 'Je n’ai pas trouvé l’option dans mon espace personnel.'],
        ['Quels documents dois-je vous envoyer pour ce changement ?', 'Faut-il vous envoyer le nouveau RIB par e-mail ?'],
      ],
      additions: ['Ma nouvelle banque est une banque en ligne.', 'L’ancien compte bancaire sera clôturé à la fin du mois.'],
    },
    en: {
      formCategory: 'My account',
      subjects: ['Change of bank details', 'Updating my bank account', 'New bank account for withdrawals'],
      summary: 'changing my bank details',
      sentences: [
        ['I have changed banks and would like to update the bank details on my account.', 'After moving to a new bank I need to change my bank details.'],
        ['I cannot find how to do it in the “My account” section.', 'I could not find the option in my account area.'],
        ['Which documents do I need to send you for this change?', 'Should I email you the new bank details?'],
      ],
      additions: ['My new bank is an online bank.', 'The old bank account will be closed at the end of the month.'],
    },
  },
  {
    id: 'deposit-limit', family: 'limits', category: 'request', ground: null, refPrefix: 'LIM-',
    fr: {
      formCategory: 'Jeu responsable',
      subjects: ['Limite de dépôt', 'Baisser ma limite de dépôt', 'Question sur les limites de jeu'],
      summary: 'ma limite de dépôt',
      sentences: [
        ['Je souhaite abaisser ma limite de dépôt hebdomadaire à {amount}.', 'Je voudrais réduire ma limite de dépôt par semaine à {amount}.'],
        ['Est-ce que la modification prend effet immédiatement ?', 'La nouvelle limite s’applique-t-elle tout de suite ?'],
        ['Et si je veux la remonter plus tard, quel est le délai ?', 'Par ailleurs, quel délai faut-il respecter pour l’augmenter ensuite ?'],
      ],
      additions: ['Je préfère que ce soit fait de votre côté si c’est possible.', 'J’aimerais aussi une limite sur le temps de jeu.'],
    },
    en: {
      formCategory: 'Responsible gaming',
      subjects: ['Deposit limit', 'Lowering my deposit limit', 'Question about gambling limits'],
      summary: 'my deposit limit',
      sentences: [
        ['I would like to lower my weekly deposit limit to {amount}.', 'I want to reduce my deposit limit to {amount} per week.'],
        ['Does the change take effect immediately?', 'Does the new limit apply straight away?'],
        ['And if I want to raise it later, how long do I have to wait?', 'Also, what is the waiting period to increase it again?'],
      ],
      additions: ['I would prefer you to set it on your side if possible.', 'I would also like a limit on playing time.'],
    },
  },
  {
    id: 'withdrawal-times', family: 'withdrawal', category: 'request', ground: null, refPrefix: 'RT-',
    fr: {
      formCategory: 'Paiements et retraits',
      subjects: ['Délai de retrait', 'Question sur les retraits', 'Combien de temps pour un retrait ?'],
      summary: 'les délais de retrait',
      sentences: [
        ['Je compte faire mon premier retrait de {amount} par {method}.', 'Je vais bientôt demander un retrait de {amount} par {method}, ce sera le premier.'],
        ['Combien de temps faut-il en général pour recevoir l’argent ?', 'Quel est le délai habituel avant de recevoir les fonds ?'],
        ['Y a-t-il des frais ou un montant minimum ?', 'Est-ce qu’il y a des frais ou un minimum de retrait ?'],
      ],
      additions: ['Mon compte est déjà vérifié.', 'Je précise que le dépôt initial avait été fait par carte bancaire.'],
    },
    en: {
      formCategory: 'Payments and withdrawals',
      subjects: ['Withdrawal times', 'Question about withdrawals', 'How long does a withdrawal take?'],
      summary: 'withdrawal times',
      sentences: [
        ['I am planning my first withdrawal of {amount} by {method}.', 'I will soon request a withdrawal of {amount} by {method}, my first one.'],
        ['How long does it usually take to receive the money?', 'What is the usual delay before the funds arrive?'],
        ['Are there any fees or a minimum amount?', 'Is there a fee or a minimum withdrawal?'],
      ],
      additions: ['My account is already verified.', 'The first deposit was made by debit card.'],
    },
  },
  {
    id: 'statement-request', family: 'statement', category: 'request', ground: null, refPrefix: 'ST-',
    fr: {
      formCategory: 'Demande d’information',
      subjects: ['Relevé de gains annuel', 'Demande d’attestation de gains', 'Historique de compte pour ma banque'],
      summary: 'un relevé de mes gains et pertes',
      sentences: [
        ['Ma banque me demande un justificatif de l’origine des fonds que j’ai reçus de votre part.', 'Mon banquier me demande de justifier les virements reçus de votre société.'],
        ['Pourriez-vous m’envoyer un relevé de mes gains et pertes depuis le début de l’année ?', 'Est-il possible d’obtenir un historique de mes gains et pertes sur l’année ?'],
        ['Un document au format PDF serait idéal.', 'Un simple PDF suffira.'],
      ],
      additions: ['Il me le faut avant la fin du mois si possible.', 'Le relevé peut être envoyé à cette adresse e-mail.'],
    },
    en: {
      formCategory: 'General enquiry',
      subjects: ['Annual statement of winnings', 'Request for a statement', 'Account history for my bank'],
      summary: 'a statement of my winnings and losses',
      sentences: [
        ['My bank is asking for proof of where the payments I received from you came from.', 'My bank wants me to explain the transfers received from your company.'],
        ['Could you send me a statement of my winnings and losses since the start of the year?', 'Is it possible to get a history of my winnings and losses for the year?'],
        ['A PDF document would be ideal.', 'A simple PDF will do.'],
      ],
      additions: ['I need it before the end of the month if possible.', 'The statement can be sent to this email address.'],
    },
  },
  {
    id: 'phone-number-change', family: 'security', category: 'request', ground: null, refPrefix: 'SEC-',
    fr: {
      formCategory: 'Mon compte',
      subjects: ['Changement de numéro de téléphone', 'Double authentification – nouveau téléphone', 'Code de sécurité envoyé à mon ancien numéro'],
      summary: 'le changement de mon numéro de téléphone',
      sentences: [
        ['J’ai changé de numéro de téléphone et les codes de double authentification arrivent toujours sur l’ancien.', 'Mon numéro a changé, et le code de connexion par SMS part encore vers l’ancien numéro.'],
        ['Comment puis-je mettre à jour mon numéro ?', 'Que dois-je faire pour enregistrer mon nouveau numéro ?'],
        ['Mon nouveau numéro est le {phone}.', 'Voici le nouveau : {phone}.'],
      ],
      additions: ['Je peux encore me connecter depuis mon ordinateur habituel.', 'L’ancien numéro n’est plus attribué depuis une semaine.'],
    },
    en: {
      formCategory: 'My account',
      subjects: ['Change of phone number', 'Two-factor authentication – new phone', 'Security code sent to my old number'],
      summary: 'changing my phone number',
      sentences: [
        ['I have a new phone number and the two-factor codes still go to the old one.', 'My number has changed and the login code by text still goes to my old number.'],
        ['How can I update my number?', 'What do I need to do to register my new number?'],
        ['My new number is {phone}.', 'Here is the new one: {phone}.'],
      ],
      additions: ['I can still log in from my usual computer.', 'The old number was cancelled a week ago.'],
    },
  },
];
