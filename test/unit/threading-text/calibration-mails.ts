/**
 * Hand-written support mail for calibrating repeat detection (similarity-calibration.test.ts):
 * ten customers of a French online gaming and betting operator, each with two unrelated problems.
 * Every problem has the first mail and two later mails about the same problem, written as
 * customers write them again: reworded, sentences moved, typos fixed or made, "Je vous relance"
 * or "2ème envoi" added, greeting and signature added or dropped, the previous mail quoted under
 * it, a new subject or a generic one. A few extra mails are a second, distinct incident of the
 * same kind for the same customer (another withdrawal, months later): the hardest negatives.
 */

export interface Mail {
  subject: string | null;
  text: string;
}

export interface Problem {
  customer: string;
  topic: 'withdrawal' | 'password' | 'bonus' | 'closure' | 'kyc' | 'deposit' | 'bet' | 'suspension' | 'limits' | 'bug';
  first: Mail;
  again: [Mail, Mail];
}

/** Gmail (French) quoting of a previous mail under a new one. */
export function gmailQuote(top: string, previous: Mail, who: string): string {
  const quoted = previous.text.split('\n').map((l) => (l === '' ? '>' : `> ${l}`)).join('\n');
  return `${top}\n\nLe lun. 3 nov. 2026 à 10:02, ${who} a écrit :\n\n${quoted}\n`;
}

/** Outlook (French) quoting: a header block and the previous mail unquoted under it. */
export function outlookQuote(top: string, previous: Mail, who: string): string {
  return `${top}\n\n________________________________\nDe : ${who}\nEnvoyé : lundi 3 novembre 2026 10:02\nÀ : Service client\nObjet : ${previous.subject ?? ''}\n\n${previous.text}\n`;
}

const camille = 'Camille Martin <camille.martin@example.fr>';
const karim = 'Karim Benali <k.benali@example.com>';

export const PROBLEMS: Problem[] = [
  // 1. Camille Martin: a withdrawal that does not arrive, then a bonus not credited.
  {
    customer: 'camille', topic: 'withdrawal',
    first: { subject: 'Retrait non reçu', text: "Bonjour,\n\nJ'ai demandé un retrait de 250 € le 28 octobre vers mon compte bancaire (virement SEPA). Sur mon espace client le retrait apparaît comme « validé » depuis le 30 octobre mais je n'ai toujours rien reçu sur mon compte. Ma banque me dit qu'aucun virement n'est en attente.\n\nPouvez-vous vérifier et me donner la référence du virement ?\n\nCordialement,\nCamille Martin\nIdentifiant : PP123456" },
    again: [
      { subject: 'Relance : Retrait non reçu', text: gmailQuote("Bonjour,\n\nJe vous relance car je n'ai eu aucune réponse. Mon retrait de 250 € validé le 30 octobre n'est toujours pas arrivé sur mon compte bancaire, et ma banque ne voit aucun virement en attente. Merci de me communiquer la référence du virement SEPA.\n\nCamille Martin\nPP123456", { subject: 'Retrait non reçu', text: "Bonjour,\n\nJ'ai demandé un retrait de 250 €..." }, camille) },
      { subject: 'Toujours pas de virement !!', text: "Bonjour,\n\nCela fait maintenant 10 jours que mon retrait de 250 euros est indiqué comme validé sur mon espace client et je n'ai toujours pas reçu l'argent sur mon compte bancaire. J'avais demandé ce retrait le 28 octobre par virement SEPA. Ma banque confirme qu'aucun virement n'est en attente.\n\nJ'attends une réponse rapide et la référence du virement.\n\nCamille Martin\n\nEnvoyé de mon iPhone" },
    ],
  },
  {
    customer: 'camille', topic: 'bonus',
    first: { subject: 'Bonus de bienvenue', text: "Bonjour,\n\nJe me suis inscrite le 2 novembre avec le code promo BIENVENUE100 et j'ai fait un premier dépôt de 100 €. L'offre promettait un bonus de 100 € crédité sous 48h, mais au bout de 5 jours je n'ai toujours rien sur mon solde bonus.\n\nMerci de créditer le bonus prévu.\n\nCordialement,\nCamille Martin\nIdentifiant : PP123456" },
    again: [
      { subject: 'Bonus de bienvenue - 2ème envoi', text: "Bonjour,\n\n2ème envoi de ma demande. Le bonus de 100 € lié au code BIENVENUE100 n'a jamais été crédité sur mon solde bonus alors que j'ai bien fait mon premier dépôt de 100 € le 2 novembre, jour de mon inscription. L'offre parlait d'un crédit sous 48h.\n\nCordialement,\nCamille Martin" },
      { subject: 'Bonjour', text: "Bonjour\nj'ai utilisé le code promo BIENVENUE100 à l'inscription et déposé 100 euros mais le bonus de bienvenue de 100 euros n'est pas sur mon solde bonus, ça fait plus de 48h que j'attends. Pouvez vous le créditer svp\nMerci\nCamille" },
    ],
  },
  // 2. Karim Benali: locked out after a password reset, then wants to close his account.
  {
    customer: 'karim', topic: 'password',
    first: { subject: 'Impossible de me connecter', text: "Bonjour,\n\nDepuis hier je ne peux plus me connecter à mon compte. J'ai cliqué sur « mot de passe oublié » mais je ne reçois jamais l'email de réinitialisation, ni dans ma boîte de réception ni dans les spams. J'ai essayé trois fois.\n\nPouvez-vous m'aider à réinitialiser mon mot de passe ?\n\nBien à vous,\nKarim Benali" },
    again: [
      { subject: 'RE: Impossible de me connecter', text: outlookQuote("Bonjour,\n\nToujours bloqué. Je n'ai toujours pas reçu l'email de réinitialisation du mot de passe malgré plusieurs demandes (j'ai vérifié les spams). Je ne peux donc plus me connecter à mon compte.\n\nKarim Benali", { subject: 'Impossible de me connecter', text: "Bonjour,\n\nDepuis hier je ne peux plus me connecter à mon compte..." }, karim) },
      { subject: 'mot de passe oublié', text: "Bonjour, je n'arrive plus à me connecter à mon compte depuis deux jours. Le lien « mot de passe oublié » ne m'envoie aucun email de réinitialisation, j'ai regardé dans les spams et la boîte de réception, rien. Merci de m'aider à réinitialiser mon mot de passe. Karim Benali" },
    ],
  },
  {
    customer: 'karim', topic: 'closure',
    first: { subject: 'Fermeture de mon compte', text: "Bonjour,\n\nJe souhaite fermer définitivement mon compte joueur. Je ne veux plus jouer et je vous demande de clôturer le compte et de me reverser le solde restant de 42,50 € sur mon RIB enregistré.\n\nMerci de me confirmer la clôture par email.\n\nBien à vous,\nKarim Benali" },
    again: [
      { subject: 'Relance 2 : Fermeture de mon compte', text: "Bonjour,\n\nJe vous ai demandé il y a une semaine la clôture définitive de mon compte joueur et le reversement du solde restant (42,50 €) sur mon RIB. Mon compte est toujours ouvert. Merci de fermer le compte et de me confirmer la clôture par email.\n\nBien à vous,\nKarim Benali" },
      { subject: 'Demande', text: "Bonjour,\nJe ne veux plus jouer. Clôturez mon compte s'il vous plaît et reversez-moi le solde restant de 42,50 euros sur mon RIB. Je veux une confirmation écrite de la fermeture.\nKarim" },
    ],
  },
  // 3. Sophie Laurent: identity documents refused, then a deposit not credited.
  {
    customer: 'sophie', topic: 'kyc',
    first: { subject: "Vérification d'identité refusée", text: "Bonjour,\n\nJ'ai envoyé ma carte d'identité et un justificatif de domicile (facture EDF de septembre) pour la vérification de mon compte, mais les documents ont été refusés sans explication. Les photos sont nettes et la facture a moins de trois mois.\n\nPouvez-vous m'expliquer pourquoi et valider mon compte ?\n\nSophie Laurent\nPP204511" },
    again: [
      { subject: 'URGENT - Vérification d’identité refusée', text: "Bonjour,\n\nMes documents ont encore été refusés ! J'ai renvoyé ma carte d'identité et ma facture EDF de septembre pour la vérification du compte, les photos sont nettes et la facture a moins de trois mois. Personne ne m'explique pourquoi. Merci de valider mon compte ou de me dire ce qui ne va pas.\n\nSophie Laurent" },
      { subject: 'Justificatifs', text: "Bonjour,\n\nJe vous relance au sujet de la vérification de mon compte. Ma carte d'identité et mon justificatif de domicile (une facture EDF de septembre, donc moins de 3 mois) ont été refusés sans aucune explication alors que les photos sont parfaitement lisibles. Pourquoi ?\n\nCordialement\nSophie Laurent\nPP204511" },
    ],
  },
  {
    customer: 'sophie', topic: 'deposit',
    first: { subject: 'Dépôt non crédité', text: "Bonjour,\n\nJ'ai fait un dépôt de 50 € par carte bancaire le 4 novembre à 21h15. Le montant a bien été débité de mon compte bancaire mais mon solde de jeu n'a pas été crédité. Je joins la capture de mon relevé.\n\nMerci de créditer mon compte.\n\nSophie Laurent\nPP204511" },
    again: [
      { subject: 'Fwd: Dépôt non crédité', text: "Je vous renvoie mon message, toujours pas de réponse et toujours pas de crédit sur mon solde de jeu.\n\n---------- Forwarded message ---------\nDe : Sophie Laurent <sophie.laurent@example.org>\nDate: mar. 4 nov. 2026 à 21:40\nSubject: Dépôt non crédité\nTo: <support@example.com>\n\nBonjour,\n\nJ'ai fait un dépôt de 50 € par carte bancaire le 4 novembre à 21h15..." },
      { subject: '(sans objet)', text: "Bonjour,\n\nmon dépôt de 50 euros par carte du 4 novembre au soir a été débité par ma banque mais il n'apparait toujours pas sur mon solde de jeu. Vous avez la capture du relevé bancaire dans mon premier message. Merci de créditer mon compte rapidement.\n\nSophie" },
    ],
  },
  // 4. Thomas Petit: a bet settled as lost although it won, then his account suspended.
  {
    customer: 'thomas', topic: 'bet',
    first: { subject: 'Pari mal réglé', text: "Bonjour,\n\nMon pari combiné du 1er novembre (PSG - OM victoire du PSG, Lyon - Nice plus de 2,5 buts) a été réglé comme perdant. Or le PSG a gagné 2-1 et Lyon - Nice s'est terminé 3-1, donc les deux sélections sont gagnantes. La mise était de 20 € à la cote 3,40.\n\nMerci de corriger le règlement et de me verser les 68 € de gains.\n\nCordialement,\nThomas Petit" },
    again: [
      { subject: 'Toujours pas de réponse - Pari mal réglé', text: "Bonjour,\n\nToujours rien concernant mon combiné du 1er novembre réglé perdant à tort. PSG - OM : victoire du PSG 2-1. Lyon - Nice : 3-1, donc plus de 2,5 buts. Les deux sélections sont gagnantes. Mise de 20 € à 3,40, j'attends mes 68 € de gains.\n\nThomas Petit" },
      { subject: 'réclamation pari combiné', text: gmailQuote("Bonjour, je vous relance pour mon pari combiné du 1er novembre réglé comme perdant alors que PSG a battu l'OM 2-1 et que Lyon-Nice a fini 3-1 (plus de 2,5 buts). Merci de corriger le règlement et de me verser les gains de 68 €.", { subject: 'Pari mal réglé', text: "Bonjour,\n\nMon pari combiné du 1er novembre..." }, 'Thomas Petit <tpetit@example.net>') },
    ],
  },
  {
    customer: 'thomas', topic: 'suspension',
    first: { subject: 'Compte suspendu', text: "Bonjour,\n\nMon compte a été suspendu ce matin sans aucune explication. Je n'ai reçu aucun email et je ne peux plus parier ni retirer mes 310 € de solde. Je n'ai rien fait d'anormal.\n\nPourquoi mon compte est-il suspendu et quand sera-t-il réactivé ?\n\nCordialement,\nThomas Petit" },
    again: [
      { subject: 'Re: Compte suspendu', text: "Bonjour,\n\nMon compte est toujours suspendu, toujours sans explication. Je ne peux ni parier ni retirer mon solde de 310 €. Je demande la réactivation de mon compte ou au moins la raison de la suspension.\n\nCordialement,\nThomas Petit" },
      { subject: 'Mon compte', text: "Bonjour, pourquoi avez vous suspendu mon compte ? aucun mail, aucune explication, je ne peux plus retirer mes 310 euros ni parier. Je n'ai rien fait d'anormal. Quand sera t il réactivé ?\nThomas" },
    ],
  },
  // 5. Julie Moreau: her deposit limit change not applied, then a bug during a game.
  {
    customer: 'julie', topic: 'limits',
    first: { subject: 'Limite de dépôt', text: "Bonjour,\n\nLe 20 octobre j'ai demandé dans mon espace personnel d'augmenter ma limite de dépôt hebdomadaire de 100 € à 200 €. Le délai de réflexion de 3 jours est passé depuis longtemps mais ma limite est toujours à 100 €.\n\nPouvez-vous appliquer la nouvelle limite ?\n\nBien cordialement,\nJulie Moreau" },
    again: [
      { subject: 'Limite de dépôt (relance)', text: "Bonjour,\n\nJe me permets de vous relancer : ma demande d'augmentation de limite de dépôt hebdomadaire (de 100 € à 200 €) faite le 20 octobre n'est toujours pas appliquée, alors que le délai de réflexion de 3 jours est largement dépassé.\n\nBien cordialement,\nJulie Moreau" },
      { subject: 'Question', text: "Bonjour,\n\nma limite de dépôt hebdo est toujours de 100€ alors que j'ai demandé à la passer à 200€ le 20 octobre dans mon espace perso. Le délai de réflexion de 3 jours est passé. Merci d'appliquer la nouvelle limite.\n\nJulie" },
    ],
  },
  {
    customer: 'julie', topic: 'bug',
    first: { subject: 'Bug pendant une partie de poker', text: "Bonjour,\n\nHier soir vers 22h, pendant un tournoi de poker (Sit & Go à 10 €), l'application a planté alors que j'avais une paire d'as. Quand j'ai pu me reconnecter j'étais éliminée du tournoi. J'ai perdu mon buy-in de 10 € à cause de votre bug.\n\nJe demande le remboursement du buy-in.\n\nBien cordialement,\nJulie Moreau" },
    again: [
      { subject: 'Remboursement tournoi poker', text: "Bonjour,\n\nSuite au plantage de l'application pendant mon Sit & Go à 10 € hier vers 22h (j'avais une paire d'as), j'ai été éliminée du tournoi pendant la déconnexion. Ce bug n'est pas de mon fait : je demande le remboursement de mon buy-in de 10 €.\n\nBien cordialement,\nJulie Moreau" },
      { subject: 'Relance : Bug pendant une partie de poker', text: "Bonjour,\nje n'ai pas eu de retour concernant le plantage de l'application pendant le tournoi de poker de mardi soir. J'ai été éliminée pendant la déconnexion avec une paire d'as en main, et je demande toujours le remboursement de mon buy-in de 10 €.\nJulie Moreau" },
    ],
  },
  // 6. Daniel Wright (English): withdrawal pending, then a bonus wagering question.
  {
    customer: 'daniel', topic: 'withdrawal',
    first: { subject: 'Withdrawal pending for a week', text: "Hello,\n\nI requested a withdrawal of £180 to my PayPal account on 27 October. It has been showing as \"pending\" for a week now and nothing has arrived in PayPal. My account is fully verified.\n\nCould you please process it or tell me what is holding it up?\n\nKind regards,\nDaniel Wright" },
    again: [
      { subject: 'Second request: Withdrawal pending for a week', text: "Hello,\n\nThis is my second request. My £180 withdrawal to PayPal (requested 27 October) is still pending and nothing has arrived in my PayPal account. My account has been fully verified for months. Please process the withdrawal or explain the delay.\n\nKind regards,\nDaniel Wright\n\nSent from my iPhone" },
      { subject: 'Still waiting', text: "Hi,\n\nStill waiting for my PayPal withdrawal of 180 pounds which I requested on the 27th of October. It still says pending. My account is verified, so what is holding it up? Please process it.\n\nDaniel" },
    ],
  },
  {
    customer: 'daniel', topic: 'bonus',
    first: { subject: 'Free bets not credited', text: "Hello,\n\nI placed a £10 qualifying bet at odds of 2.0 on Saturday for the \"Bet £10 get £30 in free bets\" offer. The bet has settled but the £30 of free bets were never added to my account.\n\nPlease credit the free bets.\n\nKind regards,\nDaniel Wright" },
    again: [
      { subject: 'Re: Free bets not credited', text: "Hello,\n\nFollowing up on my message from Monday: the £30 free bets from the \"Bet £10 get £30\" promotion have still not been credited. My qualifying £10 bet at odds of 2.0 placed on Saturday has settled.\n\nKind regards,\nDaniel Wright\n\nOn Mon, Nov 3, 2026 at 9:12 AM Daniel Wright <dwright@example.co.uk> wrote:\n> Hello,\n>\n> I placed a £10 qualifying bet at odds of 2.0 on Saturday..." },
      { subject: 'Promotion', text: "Hi, my free bets (30 pounds) for the bet 10 get 30 offer never arrived. I did place the qualifying 10 pound bet at 2.0 odds on Saturday and it has been settled. Can you credit the free bets please? Daniel" },
    ],
  },
  // 7. Nathalie Roux: self-exclusion request ignored, then her RIB change refused.
  {
    customer: 'nathalie', topic: 'closure',
    first: { subject: 'Auto-exclusion', text: "Bonjour,\n\nJe souhaite m'auto-exclure de votre site pour une durée de 12 mois. J'ai un problème avec le jeu et je ne veux plus pouvoir me connecter ni déposer d'argent.\n\nMerci de bloquer mon compte immédiatement.\n\nNathalie Roux" },
    again: [
      { subject: 'URGENT : Auto-exclusion', text: "Bonjour,\n\nJ'ai demandé il y a trois jours mon auto-exclusion pour 12 mois et mon compte est toujours actif, je peux encore déposer. J'ai un problème avec le jeu. Bloquez mon compte immédiatement s'il vous plaît.\n\nNathalie Roux" },
      { subject: 'aidez moi', text: "Bonjour\n\nje vous ai demandé de m'exclure de votre site pendant 12 mois car j'ai un problème de jeu. Je peux toujours me connecter et déposer de l'argent. Merci de bloquer mon compte tout de suite.\n\nNathalie" },
    ],
  },
  {
    customer: 'nathalie', topic: 'withdrawal',
    first: { subject: 'Changement de RIB refusé', text: "Bonjour,\n\nJ'ai changé de banque et j'ai téléversé mon nouveau RIB (Crédit Agricole) dans mon espace client. Le document a été refusé au motif « RIB illisible » alors qu'il s'agit du PDF officiel téléchargé depuis ma banque en ligne.\n\nPouvez-vous valider mon nouveau RIB ?\n\nNathalie Roux" },
    again: [
      { subject: 'Nouveau RIB', text: "Bonjour,\n\nMon nouveau RIB du Crédit Agricole a de nouveau été refusé pour « RIB illisible ». C'est pourtant le PDF officiel de ma banque en ligne. J'ai changé de banque, merci de valider ce nouveau RIB dans mon espace client.\n\nNathalie Roux" },
      { subject: 'Relance : Changement de RIB refusé', text: "Bonjour, je vous relance pour la validation de mon nouveau RIB (Crédit Agricole), refusé pour motif « illisible » alors que c'est le PDF officiel. Merci.\nNathalie Roux" },
    ],
  },
  // 8. Mehdi Haddad: a cash-out that failed, then a deposit by PayPal refused.
  {
    customer: 'mehdi', topic: 'bet',
    first: { subject: 'Cash out refusé', text: "Bonjour,\n\nDimanche pendant le match Marseille - Lens j'ai voulu faire un cash out de mon pari à 45 € (proposé à l'écran). J'ai cliqué, le message « cash out indisponible » est apparu et mon pari a ensuite été perdu. Le cash out était pourtant affiché.\n\nJe demande le versement des 45 € du cash out.\n\nMehdi Haddad\nPP771020" },
    again: [
      { subject: 'Réclamation cash out Marseille - Lens', text: "Bonjour,\n\nJe reviens vers vous pour le cash out de 45 € affiché pendant Marseille - Lens dimanche. Au clic on m'a répondu « cash out indisponible » puis mon pari a été perdu. Le cash out était proposé à l'écran, je demande donc le versement des 45 €.\n\nMehdi Haddad\nPP771020" },
      { subject: 'Bonjour', text: "Bonjour,\n\nle cash out de mon pari sur Marseille Lens dimanche était affiché à 45 euros, j'ai cliqué et ça m'a mis cash out indisponible, puis le pari a été perdu. Je veux les 45 euros du cash out.\n\nMehdi" },
    ],
  },
  {
    customer: 'mehdi', topic: 'deposit',
    first: { subject: 'Dépôt PayPal impossible', text: "Bonjour,\n\nChaque fois que j'essaie de déposer 30 € avec PayPal, le paiement est refusé avec le code erreur PAY-403. Mon compte PayPal fonctionne sur d'autres sites et il est bien à mon nom.\n\nPouvez-vous regarder ce qui bloque ?\n\nMehdi Haddad\nPP771020" },
    again: [
      { subject: 'Erreur PAY-403', text: "Bonjour,\n\nToujours l'erreur PAY-403 quand je veux déposer 30 € par PayPal. Le compte PayPal est à mon nom et marche ailleurs. Qu'est-ce qui bloque ?\n\nMehdi Haddad\nPP771020\n\nTélécharger Outlook pour Android" },
      { subject: 'Re: Dépôt PayPal impossible', text: "Bonjour, 2ème message : mes dépôts PayPal de 30 euros sont toujours refusés (erreur PAY-403) alors que PayPal marche sur les autres sites et que le compte est à mon nom. Merci de regarder.\nMehdi" },
    ],
  },
  // 9. Emma Clarke (English): locked out by two-factor authentication, then account closure.
  {
    customer: 'emma', topic: 'password',
    first: { subject: '2FA code not received', text: "Hi,\n\nI changed my phone number last week and now I can't log in because the two-factor authentication code is sent by SMS to my old number. I have no access to that number anymore.\n\nCan you update my phone number so I can receive the code?\n\nBest regards,\nEmma Clarke" },
    again: [
      { subject: 'Reminder: 2FA code not received', text: "Hi,\n\nI still can't log in. The two-factor code goes by SMS to my old phone number, which I no longer have since I changed numbers last week. Please update my phone number on the account.\n\nBest regards,\nEmma Clarke" },
      { subject: 'Locked out', text: "Hello, I'm locked out of my account: the 2FA SMS code is sent to my old number and I changed my phone number last week. I don't have access to the old number. Could you change the number on my account so I can get the code? Thanks, Emma" },
    ],
  },
  {
    customer: 'emma', topic: 'closure',
    first: { subject: 'Close my account', text: "Hi,\n\nPlease close my account permanently. I am not going to use it anymore. My balance is zero so there is nothing to pay out.\n\nPlease confirm by email once the account is closed.\n\nBest regards,\nEmma Clarke" },
    again: [
      { subject: 'Still no answer: Close my account', text: "Hi,\n\nI asked ten days ago for my account to be closed permanently and I have had no confirmation. The balance is zero. Please close it and confirm by email.\n\nBest regards,\nEmma Clarke" },
      { subject: 'Account', text: "Hello,\n\nI want my account closed permanently please, I won't use it anymore. There is no balance to pay out. I'd like an email confirming the closure.\n\nEmma" },
    ],
  },
  // 10. Lucas Girard: winnings withheld after a big win, then a bonus code rejected.
  {
    customer: 'lucas', topic: 'withdrawal',
    first: { subject: 'Gains bloqués', text: "Bonjour,\n\nJ'ai gagné 1 200 € au jackpot le 31 octobre. Depuis, mon retrait de 1 000 € est bloqué « en cours de vérification ». J'ai déjà envoyé tous mes justificatifs l'année dernière et mon compte est vérifié.\n\nPourquoi mes gains sont-ils bloqués et combien de temps cela va-t-il durer ?\n\nLucas Girard" },
    again: [
      { subject: 'Nouvel envoi : Gains bloqués', text: "Bonjour,\n\nmon retrait de 1000 € est toujours « en cours de vérification » depuis mon gain de 1200 € au jackpot le 31 octobre. Mon compte est vérifié depuis l'an dernier, j'ai tous envoyé mes justificatifs. Pourquoi bloquez-vous mes gains ?\n\nLucas Girard" },
      { subject: 'Retrait', text: outlookQuote("Bonjour,\n\nJe vous relance : mes gains du jackpot (1 200 € le 31 octobre) sont bloqués, le retrait de 1 000 € reste « en cours de vérification » alors que mon compte est vérifié depuis l'année dernière. Combien de temps cela va-t-il durer ?\n\nLucas Girard", { subject: 'Gains bloqués', text: "Bonjour,\n\nJ'ai gagné 1 200 € au jackpot le 31 octobre..." }, 'Lucas Girard') },
    ],
  },
  {
    customer: 'lucas', topic: 'bonus',
    first: { subject: 'Code promo refusé', text: "Bonjour,\n\nLe code promo NOEL25 reçu par email (25 € de paris offerts) est refusé au moment du dépôt avec le message « code non valide ». L'email dit qu'il est valable jusqu'au 31 décembre.\n\nPouvez-vous m'appliquer l'offre ?\n\nLucas Girard" },
    again: [
      { subject: 'Code NOEL25', text: "Bonjour,\n\nLe code NOEL25 (25 € de paris offerts, valable jusqu'au 31 décembre d'après votre email) est toujours refusé au dépôt : « code non valide ». Merci d'appliquer l'offre sur mon compte.\n\nLucas Girard" },
      { subject: 'Relance : Code promo refusé', text: "Bonjour\nje relance ma demande : le code promo NOEL25 que vous m'avez envoyé par mail ne marche pas, « code non valide » quand je dépose. Il est censé être valable jusqu'au 31/12. Merci de m'appliquer les 25 € offerts.\nLucas" },
    ],
  },
];

/**
 * A second, distinct incident of the same kind for the same customer, months after the first:
 * another withdrawal, another password problem, another bonus. Paired with the problem of the same
 * customer and topic, these are different problems that share most of their vocabulary.
 */
export const SECOND_INCIDENTS: { customer: string; topic: Problem['topic']; mail: Mail }[] = [
  { customer: 'camille', topic: 'withdrawal', mail: { subject: 'Retrait par carte', text: "Bonjour,\n\nCette fois j'ai demandé un retrait de 80 € sur ma carte Visa le 14 février. Il est annulé automatiquement avec le message « moyen de paiement non éligible ». Je n'ai jamais eu ce problème avec la carte.\n\nMerci de m'expliquer comment retirer mes 80 €.\n\nCordialement,\nCamille Martin\nIdentifiant : PP123456" } },
  { customer: 'daniel', topic: 'bonus', mail: { subject: 'Cashback missing', text: "Hello,\n\nThe weekly 10% casino cashback for last week has not been paid. I lost £240 on slots between Monday and Sunday, so I expected £24 on Monday morning.\n\nKind regards,\nDaniel Wright" } },
  { customer: 'karim', topic: 'password', mail: { subject: 'Email de connexion', text: "Bonjour,\n\nJ'ai changé d'adresse email et je voudrais mettre à jour l'adresse de connexion de mon compte avec karim.benali@example.net. Dans mon espace personnel le champ n'est pas modifiable.\n\nBien à vous,\nKarim Benali" } },
  { customer: 'lucas', topic: 'withdrawal', mail: { subject: 'Retrait annulé', text: "Bonjour,\n\nJ'ai demandé un retrait de 60 € vers mon compte bancaire le 3 mars et il a été annulé le lendemain sans explication, l'argent est revenu sur mon solde. Pourquoi ce retrait a-t-il été annulé ?\n\nLucas Girard" } },
];

/**
 * Different problems under the same generic subject as one of the customer's repeats ("Bonjour",
 * "Mon compte"): the subject must not merge them (isGenericSubject), only the body could.
 * `pairedWith` names the problem whose `again[1]` carries the same subject.
 */
export const SAME_GENERIC_SUBJECT: { customer: string; topic: Problem['topic']; mail: Mail }[] = [
  { customer: 'camille', topic: 'bonus', mail: { subject: 'Bonjour', text: "Bonjour,\n\nJ'ai déménagé le mois dernier et je voudrais mettre à jour mon adresse postale dans mon espace client : 12 rue des Lilas, 69003 Lyon. Le formulaire m'affiche une erreur quand je valide.\n\nMerci\nCamille" } },
  { customer: 'mehdi', topic: 'bet', mail: { subject: 'Bonjour', text: "Bonjour,\n\nJe voudrais savoir comment télécharger l'historique complet de mes paris et de mes transactions de l'année 2026 pour ma déclaration. Je ne trouve que les 3 derniers mois dans l'application.\n\nMehdi" } },
  { customer: 'thomas', topic: 'suspension', mail: { subject: 'Mon compte', text: "Bonjour, je voudrais changer le numéro de téléphone associé à mon compte, j'ai un nouveau portable. L'ancien numéro était le 06 11 22 33 44, le nouveau est le 07 55 66 77 88. Comment faire ?\nThomas" } },
];
