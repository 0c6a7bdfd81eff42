import { makeMail } from './mail-factory.ts';

/** Distinct support problems, so each customer's first message is clearly its own case. */
export const PROBLEMS: readonly (readonly [subject: string, body: string])[] = [
  ['Retrait non reçu', "J'ai demandé un retrait de 200 euros il y a dix jours et rien n'est arrivé sur mon compte bancaire."],
  ['Compte bloqué', 'Mon compte a été suspendu sans explication alors que je respecte les conditions générales.'],
  ['Bonus non crédité', "Le bonus de bienvenue promis lors de mon inscription n'a jamais été crédité sur mon compte joueur."],
  ['Erreur sur le site', 'Le site affiche une erreur 500 quand je valide mon pari, et ma mise a quand même été débitée.'],
  ['Changement d’adresse', "Je souhaite modifier l'adresse postale de mon compte suite à un déménagement, comment faire ?"],
];

/** A customer's first message about problem `problem`. */
export function firstMail(customer: number, problem: number): Buffer {
  const [subject, body] = PROBLEMS[problem % PROBLEMS.length]!;
  return makeMail(customer, { from: `Client ${customer} <client${customer}@example.fr>`, subject, body: `Bonjour,\r\n\r\n${body}\r\n\r\nCordialement,\r\nClient ${customer}\r\n` });
}

/** The same customer re-sending the same problem without any threading header. */
export function repeatMail(customer: number, problem: number, attempt = 1): Buffer {
  const [subject] = PROBLEMS[problem % PROBLEMS.length]!;
  return makeMail(customer * 1000 + attempt, {
    from: `Client ${customer} <client${customer}@example.fr>`,
    subject: `Relance ${attempt} : ${subject}`,
    body: `Bonjour,\r\n\r\nJe vous relance, je n'ai toujours pas de réponse.\r\n\r\nClient ${customer}\r\n`,
  });
}
