/**
 * The bilingual keyword tables of the category classifier (category.ts), on folded text
 * (fold.ts: lower-case, no accents, `'` apostrophes). Each entry has the label reported to the
 * agent as the reason of a suggestion, so a suggestion is explainable: "complaint
 * (non-compliant-decision): compte bloqué, plainte".
 *
 * The three grounds are those of the procedure (DESIGN 1): a request counts as a complaint
 * when the customer reports (1) a technical failure of the site attributable to the company,
 * (2) a company decision not compliant with the terms and conditions or the law, (3) a
 * service requested and owed but not provided, in whole or in part.
 */

/** A complaint ground of the procedure. */
export type ComplaintGround = 'technical-failure' | 'non-compliant-decision' | 'service-not-provided';

/** One keyword: what the agent is shown, and the pattern on folded text. */
export interface Keyword {
  label: string;
  re: RegExp;
}

const k = (label: string, pattern: string): Keyword => ({ label, re: new RegExp(pattern) });

/** "je n'ai pas reçu", "I haven't received", "still not", "never": words of a missing thing. */
/** Up to four words between a thing and what did not happen to it: "mon bonus de bienvenue n'a pas été crédité". */
const GAP = "(?: [^ .!?]+){0,4}";

const NOT = "(?:n'(?:est|a|ont) (?:toujours |jamais )?pas (?:ete |encore )?|non |pas (?:encore )?|jamais |toujours pas |not (?:yet )?|never |still not |has not (?:been )?|have not (?:been )?|hasn't (?:been )?|haven't (?:been )?)";

/** Ground keywords, per ground, in the order ties are broken. */
export const GROUND_KEYWORDS: Record<ComplaintGround, Keyword[]> = {
  'technical-failure': [
    k('bug', '\\b(?:bugs?|bugge|bugue|beug(?:ue)?)\\b'),
    k('erreur technique', '\\b(?:erreur|probleme|souci|incident|defaillance) techniques?\\b'),
    k('technical error', '\\btechnical (?:error|issue|problem|fault|failure|glitch)s?\\b'),
    k('le site ne fonctionne pas', "\\b(?:site|application|appli|app|plateforme)(?: web| mobile)? (?:ne )?(?:fonctionne|marche|repond|charge) (?:pas|plus)\\b"),
    k('site inaccessible', '\\b(?:site|application|appli|plateforme) (?:est )?(?:inaccessible|indisponible|en panne|hors service|plante)\\b'),
    k('site down', "\\b(?:site|website|app|platform) (?:is |was |went )?(?:down|not working|not loading|unavailable|broken)\\b"),
    k('panne', '\\b(?:en panne|une panne|dysfonctionnements?)\\b'),
    k('page blanche', '\\b(?:page|ecran) blanc(?:he)?\\b|\\b(?:blank|white) (?:page|screen)\\b'),
    k('crash', "\\b(?:crash(?:e|ed|es|ing)?|plante|a plante|plantage|freezes?|froze|frozen|fige|s'est fige|s'est bloque)\\b"),
    k('impossible de me connecter', "\\bimpossible de (?:me |se )?(?:connecter|logger|jouer|valider)\\b|\\bje n'arrive (?:pas|plus) a (?:me connecter|acceder)\\b|\\bconnexion impossible\\b"),
    k("can't log in", "\\b(?:can't|cannot|can not|unable to|couldn't) (?:log ?in|sign ?in|connect|access (?:my account|the site))\\b|\\blog ?in (?:error|failed|not working)\\b"),
    k('error 500', '\\b(?:error|erreur) (?:5\\d\\d|404)\\b|\\binternal server error\\b|\\bservice unavailable\\b'),
    k("message d'erreur", "\\bmessage d'erreur\\b|\\berror message\\b"),
    k('déconnecté pendant', '\\b(?:deconnecte|disconnected|logged out) (?:pendant|en plein|during|in the middle)\\b'),
  ],
  'non-compliant-decision': [
    k('compte fermé/suspendu/bloqué', '\\bcompte (?:a ete |est |joueur )?(?:ferme|suspendu|bloque|desactive|clos|cloture|gele|restreint|limite|verrouille)e?s?\\b'),
    k('fermeture de compte', '\\b(?:fermeture|suspension|blocage|cloture|restriction|limitation) (?:de |du )?(?:mon |votre )?compte\\b'),
    k('account closed', "\\baccount (?:has been |was |is |got |been )?(?:closed|suspended|blocked|banned|locked|restricted|frozen|disabled|limited|terminated)\\b|\\b(?:closed|suspended|blocked|banned|restricted|froze|terminated) my account\\b"),
    k('gains annulés', '\\bgains? (?:ont ete |a ete |sont |est )?(?:annules?|confisques?|retenus?|bloques?|saisis?|supprimes?|retires?)\\b|\\b(?:annulation|confiscation|retenue) de (?:mes |mon )?gains?\\b'),
    k('pari annulé', '\\b(?:paris?|mises?|tickets?|coupons?) (?:a ete |ont ete |est |sont )?(?:annulee?s?|invalidee?s?)\\b|\\bannulation (?:de mon|du|de mes|des) (?:paris?|mises?|tickets?)\\b'),
    k('winnings voided', '\\bwinnings (?:were |have been |has been |got )?(?:voided|void|confiscated|withheld|cancell?ed|removed|seized|reversed)\\b|\\b(?:voided|confiscated|withheld|cancell?ed|seized) (?:my )?winnings\\b'),
    k('bet voided', '\\bbets? (?:was |were |has been |have been |got )?(?:voided|void|cancell?ed|settled wrongly)\\b|\\b(?:voided|cancell?ed) (?:my )?bets?\\b'),
    k('bonus retiré', '\\bbonus (?:a ete |m.a ete )?(?:retire|supprime|annule|confisque)\\b|\\bbonus (?:was |has been )?(?:removed|confiscated|revoked)\\b'),
    k('non conforme aux conditions', "\\b(?:non conforme|contraire|contrairement) (?:a|aux|au) (?:vos |les |la |le )?(?:conditions|cgu|cgv|reglement|loi|legislation)\\b|\\bviolation (?:de|des) (?:vos |la |les )?(?:conditions|cgu|loi)\\b"),
    k('not compliant with the terms', "\\bnot (?:compliant|in line|consistent) with (?:the |your )?(?:terms|t&c|t&cs|rules|law)\\b|\\b(?:breach|violation) of (?:the |your )?(?:terms|t&c|t&cs|contract|law)\\b|\\bagainst (?:the |your )?(?:terms|t&c|t&cs|rules|law)\\b"),
    k('abusif', '\\babusi(?:f|ve|vement)\\b'),
    k('illégal', '\\b(?:illegale?s?|illegal(?:ly)?|unlawful(?:ly)?)\\b'),
    k('injuste', '\\b(?:injustes?|injustifiee?s?|arbitraires?|unfair(?:ly)?|unjust(?:ified)?|arbitrary)\\b'),
  ],
  'service-not-provided': [
    k('retrait non reçu', `\\bretraits?${GAP} ${NOT}(?:recus?|effectues?|traites?|verses?|credites?|arrives?|payes?|valides?)\\b|\\b(?:retrait|paiement) (?:bloque |toujours )?en attente depuis\\b`),
    k('virement pas arrivé', `\\bvirements?${GAP} ${NOT}(?:arrives?|recus?|effectues?|credites?)\\b`),
    k('remboursement jamais reçu', `\\bremboursements?${GAP} ${NOT}(?:recus?|effectues?|verses?|arrives?)\\b|\\b(?:pas|jamais) (?:ete )?rembourse`),
    k('bonus non crédité', `\\bbonus${GAP} ${NOT}(?:credites?|recus?|verses?|attribues?|ajoutes?)\\b`),
    k('gains non versés', `\\bgains?${GAP} ${NOT}(?:credites?|verses?|payes?|recus?)\\b`),
    k('dépôt non crédité', `\\bdepots?${GAP} ${NOT}(?:credites?|pris en compte|recus?|arrives?)\\b`),
    k("je n'ai pas reçu mon retrait", "\\bje n'ai (?:toujours |jamais )?pas (?:encore )?recu (?:mon|mes|le|les) (?:retraits?|virements?|remboursements?|paiements?|bonus|gains?|argent)\\b"),
    k('withdrawal not received', `\\b(?:withdrawals?|payouts?|cash ?outs?)${GAP} (?:is |are |was |has |have )?${NOT}(?:received|processed|arrived|paid|credited|gone through)\\b|\\b(?:withdrawal|payout) (?:still )?pending (?:for|since)\\b`),
    k('refund never arrived', `\\brefunds?${GAP} (?:is |was |has |have )?${NOT}(?:arrived|received|processed|paid|issued)\\b`),
    k('bonus not credited', `\\b(?:bonus|winnings|deposit|free bets?)${GAP} (?:is |are |was |were |has |have )?${NOT}(?:credited|received|paid|added|applied|showing)\\b`),
    k("haven't received", "\\b(?:i )?(?:haven't|have not|never|still haven't|did not|didn't) (?:yet )?(?:received|got(?:ten)?) (?:my |the |a )?(?:withdrawal|payout|refund|money|winnings|bonus|payment|transfer)\\b"),
    k('service non fourni', '\\b(?:service|prestation) (?:non|pas|jamais) (?:rendue?|fournie?|effectuee?)\\b|\\bservice (?:was )?(?:not|never) (?:provided|delivered)\\b'),
  ],
};

/** Words that make a complaint without naming a ground (DESIGN 1: "plainte", "réclamation"). */
export const COMPLAINT_MARKERS: Keyword[] = [
  k('plainte', '\\bplaintes?\\b|\\bporter plainte\\b|\\bje (?:me )?plains?\\b'),
  k('réclamation', '\\breclamations?\\b|\\bje reclame\\b'),
  k('contestation', '\\b(?:je conteste|contester|contestation|litige)\\b'),
  k('médiateur', '\\b(?:mediateur|mediation|ombudsman|anj|autorite nationale des jeux)\\b'),
  k('complaint', '\\bcomplaints?\\b'),
  k('I want to complain', "\\b(?:i (?:want|wish|would like) to |i'd like to )?complain(?:ing)?\\b"),
  k('dispute', '\\b(?:dispute|disputing)\\b'),
];

/** Words of an ordinary request, reported to explain a "request" suggestion. */
export const REQUEST_MARKERS: Keyword[] = [
  k('comment', '^comment\\b|\\bcomment (?:faire|puis-je|modifier|changer|ajouter|supprimer|recuperer)\\b'),
  k('how do I', '\\bhow (?:do|can|could|should) i\\b'),
  k('question', '\\bquestions?\\b'),
  k('renseignement', '\\b(?:renseignements?|information|informations|je voudrais savoir|i would like to know)\\b'),
  k('modifier', '\\b(?:modifier|changer|mettre a jour|change|update)\\b'),
];

/** Every keyword of the classifier: the grounds' in their order, then the complaint and request markers. */
export const ALL_KEYWORDS: readonly Keyword[] = [...Object.values(GROUND_KEYWORDS).flat(), ...COMPLAINT_MARKERS, ...REQUEST_MARKERS];
