import type { ClientKind } from './mail-clients.ts';
import type { Random } from './random.ts';
import type { Language } from './types.ts';

/**
 * The customers: names with accents, one address each (lower-case, under reserved `.example`
 * domains so that nothing generated here can ever reach a real mailbox), an account identifier
 * (PP + 6 digits), a mail client and writing habits.
 */

export interface Customer {
  /** Lower-case: the truth's customer key. */
  email: string;
  /** The address as the customer's client writes it (a few capitalise the domain). */
  fromAddress: string;
  firstName: string;
  lastName: string;
  /** The display name in From. */
  displayName: string;
  language: Language;
  account: string;
  client: ClientKind;
  /** Writes ’ (Word and phone autocorrect) rather than '. */
  typographic: boolean;
  /** How often the account identifier appears in a direct mail. */
  mentionsAccount: number;
  phone: string;
}

const FR_FIRST = [
  'Chloé', 'Léa', 'Zoé', 'Hélène', 'Jérôme', 'Stéphane', 'Frédéric', 'Amélie', 'Loïc', 'Gaël', 'Anaïs', 'Noémie',
  'Céline', 'Rémi', 'Benoît', 'François', 'Inès', 'Maëlle', 'Élodie', 'Sébastien', 'Cédric', 'Joël', 'Aurélien',
  'Camille', 'Julien', 'Nicolas', 'Thomas', 'Sarah', 'Marie', 'Lucas', 'Hugo', 'Manon', 'Karim', 'Yasmine', 'Mehdi',
  'Pauline', 'Antoine', 'Mathilde', 'Kévin', 'Océane', 'Grégory', 'Laëtitia', 'Valérie', 'Thierry', 'Sophie',
];
const FR_LAST = [
  'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Fournier', 'Girard', 'Bonnet', 'Dupré', 'Mercier', 'Lemaître', 'Faure',
  'Rousseau', 'Gérard', 'Chevalier', 'Ménard', 'Lévêque', 'Béranger', 'Nguyen', 'Haddad', 'Da Silva', 'Pereira',
  'Le Goff', 'Kerjean', 'Moreau', 'Laurent', 'Garnier', 'Benhamou', 'Perrin', 'Brière', 'Hébert', 'Texier', 'Muñoz',
];
const EN_FIRST = ['Oliver', 'Harry', 'George', 'Jack', 'Amelia', 'Olivia', 'Emily', 'Sophie', 'Liam', 'Seán', 'Aoife', 'Siobhán', 'Zoë', 'Renée', 'Chloë', 'Daniel', 'Grace', 'Ryan'];
const EN_LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', "O'Brien", 'Murphy', 'Walsh', 'Evans', 'Hughes', 'Clarke', "O'Connor", 'Patel', 'Byrne', 'Kelly'];

/** Which client a customer uses, by language. */
const FR_CLIENTS: [ClientKind, number][] = [
  ['gmail', 30], ['outlook-365', 14], ['outlook-legacy', 14], ['apple-mail', 16], ['webmail-fr', 12], ['thunderbird', 6], ['windows-mail', 8],
];
const EN_CLIENTS: [ClientKind, number][] = [['gmail', 34], ['outlook-365', 20], ['outlook-legacy', 12], ['apple-mail', 22], ['thunderbird', 5], ['windows-mail', 7]];

/** The domain a client's users have (the ISP's webmail, Gmail, Outlook.com, iCloud, anything for desktop clients). */
function domainFor(random: Random, client: ClientKind, language: Language): string {
  const isps = language === 'fr' ? ['orange.example', 'wanadoo.example', 'free.example', 'sfr.example', 'laposte.example', 'bbox.example'] : ['btinternet.example', 'sky.example', 'eircom.example', 'virginmedia.example'];
  switch (client) {
    case 'gmail':
      return 'gmail.example';
    case 'outlook-365':
      return random.pick(['outlook.example', 'hotmail.example', 'live.example']);
    case 'apple-mail':
      return random.pick(['icloud.example', 'me.example', ...isps]);
    case 'webmail-fr':
      return random.pick(isps);
    default:
      return random.pick([...isps, 'yahoo.example', 'gmail.example']);
  }
}

/** The name without accents, apostrophes or spaces, lower-case, for a local part. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ñ/g, 'n')
    .replace(/['’\s]/g, '')
    .toLowerCase();
}

function localPart(random: Random, first: string, last: string): string {
  const f = asciiFold(first);
  const l = asciiFold(last);
  return random.weighted<string>([
    [`${f}.${l}`, 40],
    [`${f[0]}${l}`, 12],
    [`${f}${l}${random.int(1, 99)}`, 12],
    [`${l}.${f}`, 8],
    [`${f}_${l}`, 6],
    [`${f}.${l}${random.int(60, 99)}`, 8],
    [`${random.pick(['poker', 'ace', 'allin', 'bluff', 'river', 'flush'])}${random.pick([f, l])}${random.int(10, 99)}`, 14],
  ]);
}

function phoneFor(random: Random, language: Language): string {
  if (language === 'fr') return `0${random.pick(['6', '7'])} ${random.digits(2)} ${random.digits(2)} ${random.digits(2)} ${random.digits(2)}`;
  return `07${random.digits(3)} ${random.digits(6)}`;
}

/** `count` customers with distinct addresses and account identifiers; about three in four write in French. */
export function createCustomers(random: Random, count: number): Customer[] {
  const emails = new Set<string>();
  const accounts = new Set<string>();
  const out: Customer[] = [];
  while (out.length < count) {
    const language: Language = random.chance(0.76) ? 'fr' : 'en';
    const firstName = random.pick(language === 'fr' ? FR_FIRST : EN_FIRST);
    const lastName = random.pick(language === 'fr' ? FR_LAST : EN_LAST);
    const client = random.weighted(language === 'fr' ? FR_CLIENTS : EN_CLIENTS);
    const domain = domainFor(random, client, language);
    const email = `${localPart(random, firstName, lastName)}@${domain}`;
    if (emails.has(email)) continue;
    let account = `PP${random.int(100000, 999999)}`;
    while (accounts.has(account)) account = `PP${random.int(100000, 999999)}`;
    emails.add(email);
    accounts.add(account);
    const capitalisedDomain = random.chance(0.05);
    out.push({
      email,
      fromAddress: capitalisedDomain ? email.replace(/@(.)/, (_m, c: string) => `@${c.toUpperCase()}`) : email,
      firstName,
      lastName,
      displayName: random.weighted<string>([
        [`${firstName} ${lastName}`, 70],
        [`${lastName.toUpperCase()} ${firstName}`, 10],
        [firstName, 8],
        ['', 12],
      ]),
      language,
      account,
      client,
      typographic: client === 'outlook-legacy' || client === 'apple-mail' || random.chance(0.3),
      mentionsAccount: random.pick([0, 0.3, 0.6, 0.9]),
      phone: phoneFor(random, language),
    });
  }
  return out;
}

/** How the customer signs: full name, first name, initial and name. */
export function signatureName(random: Random, c: Customer): string {
  return random.weighted<string>([
    [`${c.firstName} ${c.lastName}`, 55],
    [c.firstName, 25],
    [`${c.firstName[0]}. ${c.lastName}`, 10],
    [`${c.lastName.toUpperCase()} ${c.firstName}`, 10],
  ]);
}
