import type { Problem } from './catalogue.ts';

/** Complaints on ground (2): a company decision that does not comply with the terms or the law. */
export const NON_COMPLIANT_DECISIONS: readonly Problem[] = [
  {
    id: 'bet-voided', family: 'sports-bet', category: 'complaint', ground: 'non-compliant-decision', refPrefix: 'BET-',
    fr: {
      subjects: ['Pari annulé à tort', 'Contestation de l’annulation de mon pari', 'Réclamation – pari combiné annulé'],
      summary: 'l’annulation de mon pari sur {match}',
      sentences: [
        ['Mon pari combiné n° {ref} de {amount}, qui comprenait {match}, a été annulé le {date} sans explication.', 'Le {date}, vous avez annulé mon pari {ref} ({amount}, avec {match}) sans aucune explication.'],
        ['Le match s’est pourtant joué normalement, à l’heure prévue, et le résultat est officiel.', 'Or la rencontre a eu lieu normalement et le score est officiel.'],
        ['Je ne vois rien dans vos conditions générales qui permette d’annuler un pari dans ce cas.', 'D’après vos conditions générales, un pari ne peut être annulé que si le match est reporté ou abandonné, ce qui n’est pas le cas.'],
        ['Je conteste cette décision et demande que le pari soit réglé avec les gains correspondants.', 'Je vous demande de revenir sur cette décision et de me payer mes gains.'],
      ],
      additions: ['Le match s’est terminé sur le score de 2-1.', 'J’ai gardé une capture du ticket prise avant le match.', 'La cote du combiné complet était de 3,75.'],
    },
    en: {
      subjects: ['Bet wrongly voided', 'Dispute: my bet was voided', 'Complaint – accumulator voided'],
      summary: 'the voiding of my bet on {match}',
      sentences: [
        ['My accumulator {ref} for {amount}, which included {match}, was voided on {date} with no explanation.', 'On {date} you voided my bet {ref} ({amount}, including {match}) without any explanation.'],
        ['The match was played normally, on time, and the result is official.', 'The game went ahead as scheduled and the score is official.'],
        ['I cannot find anything in your terms and conditions that allows a bet to be voided in this case.', 'Your terms say a bet can only be voided if the match is postponed or abandoned, which is not the case.'],
        ['I dispute this decision and ask for the bet to be settled with the winnings.', 'Please reverse this decision and pay my winnings.'],
      ],
      additions: ['The match ended 2-1.', 'I kept a screenshot of the bet slip taken before kick-off.', 'The odds for the whole accumulator were 3.75.'],
    },
  },
  {
    id: 'account-suspended', family: 'account-access', category: 'complaint', ground: 'non-compliant-decision', refPrefix: 'SUS-',
    fr: {
      subjects: ['Compte suspendu sans raison', 'Suspension de mon compte {account}', 'Blocage injustifié de mon compte'],
      summary: 'la suspension de mon compte depuis le {date}',
      sentences: [
        ['Depuis le {date}, mon compte est suspendu et je ne peux plus me connecter.', 'Mon compte est bloqué depuis le {date}, impossible de me connecter.'],
        ['Je n’ai reçu aucun e-mail ni aucune explication, alors que mes documents d’identité ont été validés depuis longtemps.', 'Aucune explication ne m’a été donnée, et mon compte était vérifié (pièce d’identité et justificatif de domicile acceptés).'],
        ['J’ai {amount} sur mon solde que je ne peux plus retirer.', 'Il reste {amount} sur mon compte, bloqués.'],
        ['Cette suspension n’est pas conforme à vos conditions générales : je demande la réactivation de mon compte ou, à défaut, le versement de mon solde.', 'Je conteste cette décision, contraire à vos propres conditions générales, et je veux récupérer mon solde.'],
      ],
      additions: ['Je n’ai jamais ouvert qu’un seul compte chez vous.', 'Le message affiché à la connexion est « Compte suspendu – contactez le service client ».', 'Mon justificatif de domicile a été validé le mois dernier.'],
    },
    en: {
      subjects: ['Account suspended for no reason', 'Suspension of my account {account}', 'Unfair block on my account'],
      summary: 'the suspension of my account since {date}',
      sentences: [
        ['Since {date} my account has been suspended and I cannot log in.', 'My account has been blocked since {date}, I cannot log in at all.'],
        ['I have had no email and no explanation, although my identity documents were approved long ago.', 'Nobody has explained anything, and my account was verified (ID and proof of address accepted).'],
        ['There is {amount} in my balance that I can no longer withdraw.', 'I still have {amount} stuck in the account.'],
        ['This suspension does not comply with your terms and conditions: I ask you to reopen my account or at least pay out my balance.', 'I dispute this decision, which goes against your own terms, and I want my balance back.'],
      ],
      additions: ['I have only ever had one account with you.', 'The message at login says “Account suspended – contact customer service”.', 'My proof of address was approved last month.'],
    },
  },
  {
    id: 'bonus-winnings-confiscated', family: 'bonus', category: 'complaint', ground: 'non-compliant-decision', refPrefix: 'BN-',
    fr: {
      subjects: ['Gains de bonus supprimés', 'Confiscation de mes gains – contestation', 'Gains retirés de mon solde'],
      summary: 'la suppression de mes gains de {amount} du {date}',
      sentences: [
        ['Le {date}, mes gains de {amount} obtenus avec le bonus de bienvenue ont été retirés de mon solde.', 'Le {date}, vous avez supprimé {amount} de gains issus de mon bonus de bienvenue.'],
        ['Le motif indiqué est un « abus de bonus », ce que je conteste formellement.', 'On m’a parlé d’« abus de bonus », ce qui est faux.'],
        ['J’ai respecté les conditions de mise (x30) et je n’ai joué qu’avec un seul compte.', 'J’ai bien rempli les conditions de mise et je n’ai qu’un seul compte.'],
        ['Je vous demande de rétablir ces gains conformément aux conditions de l’offre.', 'Merci de me recréditer ces gains, votre décision n’est pas conforme aux conditions de l’offre.'],
      ],
      additions: ['Le code promo utilisé était BIENVENUE100.', 'J’ai joué uniquement aux machines autorisées par l’offre.', 'Je n’utilise ni VPN ni autre appareil que mon téléphone.'],
    },
    en: {
      subjects: ['Bonus winnings removed', 'Winnings confiscated – dispute', 'Winnings taken from my balance'],
      summary: 'the removal of my {amount} winnings on {date}',
      sentences: [
        ['On {date} my winnings of {amount} from the welcome bonus were removed from my balance.', 'On {date} you removed {amount} of winnings from my welcome bonus.'],
        ['The reason given is “bonus abuse”, which I firmly dispute.', 'I was told it was “bonus abuse”, which is untrue.'],
        ['I met the wagering requirements (x30) and I only ever played on one account.', 'I completed the wagering requirements and I have only one account.'],
        ['Please restore these winnings in line with the terms of the offer.', 'Please credit the winnings back, your decision does not comply with the terms of the offer.'],
      ],
      additions: ['The promo code I used was WELCOME100.', 'I only played the games allowed by the offer.', 'I do not use a VPN or any device other than my phone.'],
    },
  },
];
