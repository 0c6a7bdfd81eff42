import type { Problem } from './catalogue.ts';

/** Complaints on ground (3): a service requested and owed by the company but not provided. */
export const SERVICES_NOT_PROVIDED: readonly Problem[] = [
  {
    id: 'withdrawal-not-received', family: 'withdrawal', category: 'complaint', ground: 'service-not-provided', refPrefix: 'RT-',
    fr: {
      subjects: ['Retrait non reçu', 'Retrait de {amount} toujours pas reçu', 'Problème avec mon retrait'],
      summary: 'mon retrait de {amount} du {date}',
      sentences: [
        ['J’ai demandé un retrait de {amount} le {date} par {method} et je n’ai toujours rien reçu.', 'Le {date}, j’ai fait une demande de retrait de {amount} par {method}, et l’argent n’est jamais arrivé.'],
        ['Dans mon historique, le retrait apparaît comme « validé » (référence {ref}).', 'Sur le site, le retrait {ref} est indiqué comme « traité », pourtant rien sur mon compte.'],
        ['Cela fait maintenant {days} jours et ma banque ne voit aucun virement entrant.', 'Ma banque me dit n’avoir reçu aucun virement depuis {days} jours.'],
        ['Merci de vérifier et de me verser cette somme au plus vite.', 'Je vous demande de faire le nécessaire pour que je reçoive enfin mon argent.'],
      ],
      additions: ['Ma banque me confirme qu’aucun virement n’a été reçu à ce jour.', 'Mon compte est vérifié depuis le mois dernier, je ne comprends pas le blocage.', 'Le RIB enregistré est bien le bon, je l’ai vérifié.'],
    },
    en: {
      subjects: ['Withdrawal not received', 'Withdrawal of {amount} still not received', 'Problem with my withdrawal'],
      summary: 'my withdrawal of {amount} on {date}',
      sentences: [
        ['I requested a withdrawal of {amount} on {date} by {method} and I still have not received anything.', 'On {date} I asked to withdraw {amount} by {method}, and the money never arrived.'],
        ['In my history the withdrawal shows as “approved” (reference {ref}).', 'On the site withdrawal {ref} is marked as “processed”, yet nothing has reached my account.'],
        ['It has now been {days} days and my bank sees no incoming payment.', 'My bank says no payment has come in for {days} days.'],
        ['Please check and pay me this money as soon as possible.', 'Please do what is needed so that I finally receive my money.'],
      ],
      additions: ['My bank confirms that no transfer has been received so far.', 'My account has been verified since last month, I do not understand the hold-up.', 'The bank details on file are correct, I checked them.'],
    },
  },
  {
    id: 'welcome-bonus-missing', family: 'bonus', category: 'complaint', ground: 'service-not-provided', refPrefix: 'BN-',
    fr: {
      subjects: ['Bonus de bienvenue non crédité', 'Bonus promis non versé', 'Je n’ai pas reçu mon bonus'],
      summary: 'le bonus de bienvenue de {amount} qui ne m’a pas été crédité',
      sentences: [
        ['Je me suis inscrit le {date} avec l’offre de bienvenue qui promettait un bonus de {amount} pour un premier dépôt.', 'À mon inscription le {date}, l’offre de bienvenue annonçait {amount} de bonus pour le premier dépôt.'],
        ['J’ai fait mon premier dépôt le jour même, mais le bonus n’a jamais été crédité.', 'Mon premier dépôt a été fait aussitôt, et le bonus n’est jamais arrivé.'],
        ['J’ai pourtant respecté toutes les conditions de l’offre (code promo saisi, dépôt minimum).', 'J’ai bien saisi le code promo et déposé le minimum demandé.'],
        ['Merci de me créditer ce bonus qui m’est dû.', 'Je vous demande de me verser le bonus promis.'],
      ],
      additions: ['Le code promo saisi était BIENVENUE100.', 'Mon premier dépôt était de 50 € par carte bancaire.', 'L’offre était encore affichée sur votre page d’accueil ce jour-là.'],
    },
    en: {
      subjects: ['Welcome bonus not credited', 'Promised bonus not paid', 'I did not get my bonus'],
      summary: 'the {amount} welcome bonus that was never credited',
      sentences: [
        ['I signed up on {date} with the welcome offer promising a {amount} bonus on a first deposit.', 'When I registered on {date}, the welcome offer advertised a {amount} bonus for the first deposit.'],
        ['I made my first deposit the same day, but the bonus was never credited.', 'I deposited straight away and the bonus never arrived.'],
        ['I followed every condition of the offer (promo code entered, minimum deposit).', 'I did enter the promo code and deposit the minimum required.'],
        ['Please credit the bonus I am owed.', 'I ask you to pay the promised bonus.'],
      ],
      additions: ['The promo code I entered was WELCOME100.', 'My first deposit was €50 by debit card.', 'The offer was still shown on your home page that day.'],
    },
  },
  {
    id: 'tournament-prize-missing', family: 'poker-tournament', category: 'complaint', ground: 'service-not-provided', refPrefix: 'T',
    fr: {
      subjects: ['Gains de tournoi non crédités', 'Gain du {game} non versé', 'Prix de tournoi manquant'],
      summary: 'mes gains du tournoi {game} du {date}',
      sentences: [
        ['Le {date}, j’ai fini à la 3e place du tournoi {game} (n° {ref}).', 'J’ai terminé 3e du tournoi {game} (n° {ref}) le {date}.'],
        ['Le gain de {amount} prévu pour cette place n’a jamais été crédité sur mon solde.', 'Les {amount} correspondant à cette place ne sont pas arrivés sur mon compte.'],
        ['Le classement final du tournoi affiche pourtant bien mon pseudo.', 'Mon pseudo apparaît bien dans le classement final.'],
        ['Merci de me verser ce gain au plus vite.', 'Je vous demande de créditer ce gain.'],
      ],
      additions: ['Mon pseudo sur les tables est le même que mon identifiant.', 'Les deux autres joueurs de la table finale ont, eux, été payés.', 'J’ai fait une capture du classement final.'],
    },
    en: {
      subjects: ['Tournament winnings not credited', 'Prize from the {game} not paid', 'Missing tournament prize'],
      summary: 'my winnings from the {game} tournament on {date}',
      sentences: [
        ['On {date} I finished 3rd in the {game} tournament (ID {ref}).', 'I came 3rd in the {game} tournament (ID {ref}) on {date}.'],
        ['The {amount} prize for that place was never credited to my balance.', 'The {amount} for that finishing position has not reached my account.'],
        ['The final standings do show my screen name.', 'My screen name is in the final results.'],
        ['Please pay this prize as soon as possible.', 'I ask you to credit the prize.'],
      ],
      additions: ['My screen name at the tables is the same as my username.', 'The other two players at the final table were paid.', 'I took a screenshot of the final standings.'],
    },
  },
  {
    id: 'closure-not-done', family: 'closure', category: 'complaint', ground: 'service-not-provided', refPrefix: 'CL-',
    fr: {
      subjects: ['Demande de fermeture de compte non traitée', 'Fermeture de mon compte', 'Clôture de compte – toujours actif'],
      summary: 'ma demande de fermeture de compte du {date}',
      sentences: [
        ['Le {date}, j’ai demandé la fermeture définitive de mon compte par le formulaire du site.', 'J’ai demandé le {date} la clôture définitive de mon compte.'],
        ['Mon compte est pourtant toujours ouvert et je continue de recevoir vos offres promotionnelles.', 'Depuis, le compte est toujours actif et je reçois encore vos promotions.'],
        ['J’ai même pu faire un dépôt de {amount} depuis, ce qui n’aurait jamais dû être possible.', 'Il m’a même été possible de déposer {amount} après ma demande.'],
        ['Je vous demande de fermer ce compte immédiatement et de me rembourser ce dépôt.', 'Merci de clôturer le compte sans délai et de me rendre les {amount} déposés.'],
      ],
      additions: ['Je ne souhaite plus jouer du tout, pour des raisons personnelles.', 'Je veux aussi être retiré de toutes vos listes de diffusion.', 'J’ai encore reçu une offre de bonus par SMS hier.'],
    },
    en: {
      subjects: ['Account closure request ignored', 'Closing my account', 'Account closure – still active'],
      summary: 'my account closure request of {date}',
      sentences: [
        ['On {date} I asked for my account to be closed permanently through the site’s form.', 'I requested the permanent closure of my account on {date}.'],
        ['The account is still open and I keep receiving your promotional offers.', 'Since then the account is still active and I still get your promotions.'],
        ['I was even able to deposit {amount} afterwards, which should never have been possible.', 'I could even deposit {amount} after my request.'],
        ['Please close the account immediately and refund that deposit.', 'Please close the account without delay and return the {amount} deposited.'],
      ],
      additions: ['I do not want to gamble at all any more, for personal reasons.', 'I also want to be removed from all your mailing lists.', 'I received another bonus offer by text message yesterday.'],
    },
  },
];
