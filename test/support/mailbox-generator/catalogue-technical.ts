import type { Problem } from './catalogue.ts';

/** Complaints on ground (1): a technical failure of the site attributable to the company. */
export const TECHNICAL_FAILURES: readonly Problem[] = [
  {
    id: 'tournament-disconnection', family: 'poker-tournament', category: 'complaint', ground: 'technical-failure', refPrefix: 'T',
    fr: {
      subjects: ['Déconnexion pendant un tournoi', 'Déconnecté en plein tournoi – remboursement', 'Panne serveur pendant le {game}'],
      summary: 'ma déconnexion pendant le tournoi {game} du {date}',
      sentences: [
        ['Le {date} vers {time}, j’ai été déconnecté pendant le tournoi {game} (n° {ref}) alors que j’étais proche des places payées.', 'Le {date} à {time}, en plein tournoi {game} (n° {ref}), le logiciel m’a déconnecté alors que j’étais bien placé pour entrer dans l’argent.'],
        ['Impossible de me reconnecter pendant près de 20 minutes : le logiciel affichait « Connexion au serveur perdue » en boucle.', 'Pendant une vingtaine de minutes, impossible de revenir à la table, avec le message « Connexion au serveur perdue » à chaque tentative.'],
        ['Ma connexion internet fonctionnait parfaitement, d’autres joueurs se sont d’ailleurs plaints du même problème sur le chat.', 'Ce n’est pas ma connexion : tout le reste marchait et plusieurs joueurs ont signalé la même panne sur le chat.'],
        ['Mes blindes ont été prélevées jusqu’à mon élimination, je demande donc le remboursement de mon buy-in de {amount}.', 'Je demande le remboursement des {amount} de buy-in, puisque je n’ai pas pu jouer à cause d’une panne de votre côté.'],
      ],
      additions: ['Je précise que j’étais sur le logiciel Windows, version à jour.', 'J’ai une capture d’écran du message d’erreur si besoin.', 'Sur le forum, d’autres joueurs parlent d’une panne de vos serveurs le même soir.'],
    },
    en: {
      subjects: ['Disconnected during a tournament', 'Disconnected mid-tournament – refund request', 'Server problem during the {game}'],
      summary: 'my disconnection during the {game} tournament on {date}',
      sentences: [
        ['On {date} at around {time} I was disconnected during the {game} tournament (ID {ref}) while I was close to the money.', 'On {date} at {time}, in the middle of the {game} tournament (ID {ref}), the software disconnected me while I was about to make the money.'],
        ['I could not reconnect for about 20 minutes: the client kept showing “Connection to server lost”.', 'For roughly twenty minutes I could not get back to the table, every attempt showed “Connection to server lost”.'],
        ['My internet connection was fine and other players complained about the same problem in the chat.', 'It was not my connection: everything else worked and several players reported the same outage in the chat.'],
        ['My blinds were taken until I was knocked out, so I am asking for a refund of my {amount} buy-in.', 'I want the {amount} buy-in refunded, as I could not play because of a failure on your side.'],
      ],
      additions: ['I was using the Windows client, fully up to date.', 'I have a screenshot of the error message if you need it.', 'Other players on the forum mention a server outage that same evening.'],
    },
  },
  {
    id: 'live-bet-crash', family: 'sports-bet', category: 'complaint', ground: 'technical-failure', refPrefix: 'BET-',
    fr: {
      subjects: ['Application plantée pendant un pari en direct', 'Bug application pendant un pari live', 'Mise débitée mais pari absent'],
      summary: 'mon pari en direct sur {match} du {date}',
      sentences: [
        ['Le {date}, pendant le match {match}, l’application a planté au moment où je validais un pari en direct de {amount}.', 'Le {date} pendant {match}, j’ai voulu valider un pari live de {amount} et l’application s’est figée puis fermée.'],
        ['La mise a bien été débitée de mon solde mais le pari n’apparaît nulle part dans « Mes paris ».', 'Mon solde a diminué de {amount} mais aucun pari n’est visible dans mon historique.'],
        ['D’après le score final, ce pari aurait été gagnant (cote de 2,40).', 'Le pari aurait été gagnant, la cote était de 2,40.'],
        ['Je vous demande soit de rembourser la mise, soit de régler le pari comme il aurait dû l’être.', 'Merci de me rembourser la mise ou de payer le pari normalement.'],
      ],
      additions: ['Mon téléphone est un Samsung Galaxy S23 avec la dernière version de l’application.', 'Le débit de {amount} apparaît à {time} dans l’historique des transactions (référence {ref}).', 'J’ai réinstallé l’application depuis, sans changement.'],
    },
    en: {
      subjects: ['App crashed during an in-play bet', 'App bug while placing a live bet', 'Stake taken but no bet'],
      summary: 'my in-play bet on {match} on {date}',
      sentences: [
        ['On {date}, during {match}, the app crashed just as I was confirming an in-play bet of {amount}.', 'On {date} during {match} I tried to place a live bet of {amount} and the app froze and then closed.'],
        ['The stake was taken from my balance but the bet does not appear anywhere in “My bets”.', 'My balance went down by {amount} but there is no bet in my history.'],
        ['Going by the final score, the bet would have won (odds of 2.40).', 'The bet would have been a winner, the odds were 2.40.'],
        ['Please either refund the stake or settle the bet as it should have been.', 'I would like the stake refunded or the bet paid out normally.'],
      ],
      additions: ['My phone is a Samsung Galaxy S23 with the latest version of the app.', 'The {amount} debit shows at {time} in my transaction history (reference {ref}).', 'I have reinstalled the app since, with no change.'],
    },
  },
  {
    id: 'deposit-not-credited', family: 'deposit', category: 'complaint', ground: 'technical-failure', refPrefix: 'DP-',
    fr: {
      subjects: ['Dépôt débité mais non crédité', 'Dépôt de {amount} non crédité', 'Erreur lors de mon dépôt'],
      summary: 'mon dépôt de {amount} du {date}',
      sentences: [
        ['Le {date}, j’ai fait un dépôt de {amount} par {method}.', 'J’ai effectué le {date} un dépôt de {amount} via {method}.'],
        ['Le site a affiché une erreur technique pendant la validation (« Erreur 500 »), mais ma banque a bien débité la somme.', 'Pendant le paiement, la page a affiché « Erreur 500 », pourtant le montant a été prélevé sur mon compte bancaire.'],
        ['Mon solde de jeu n’a jamais été crédité.', 'Rien n’a été crédité sur mon compte joueur.'],
        ['Je souhaite que ce dépôt soit crédité ou remboursé rapidement.', 'Merci de créditer ces {amount} ou de me les rembourser.'],
      ],
      additions: ['Sur mon relevé bancaire, l’opération apparaît avec la référence {ref}.', 'Je vous joins le relevé de ma banque.', 'Le paiement a été fait depuis un ordinateur, avec Firefox.'],
    },
    en: {
      subjects: ['Deposit taken but not credited', 'Deposit of {amount} not credited', 'Error during my deposit'],
      summary: 'my deposit of {amount} on {date}',
      sentences: [
        ['On {date} I made a deposit of {amount} by {method}.', 'I deposited {amount} via {method} on {date}.'],
        ['The site showed a technical error while confirming (“Error 500”), but my bank did take the money.', 'During the payment the page showed “Error 500”, yet the amount has left my bank account.'],
        ['My player balance was never credited.', 'Nothing was credited to my player account.'],
        ['I would like this deposit credited or refunded quickly.', 'Please credit the {amount} or refund it.'],
      ],
      additions: ['On my bank statement the transaction shows with reference {ref}.', 'I attach my bank statement.', 'The payment was made from a computer, using Firefox.'],
    },
  },
];
