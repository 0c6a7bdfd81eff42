/**
 * The benchmark's mail: a deterministic (seeded) mix that looks like a support mailbox, built
 * with the tests' makeMail so the bytes are the same kind the integration tests use.
 *
 * - ~90 %: plain-text mails of 2-20 KB (log-uniform, so most are small), French or English,
 *   wrapped at 72 columns, some replies quoting the previous message, some RFC 2047 subjects;
 * - ~10 %: the same with a 50-500 KB attachment (decoded size; base64 adds a third on the wire).
 *
 * Customers: by default every message has a sender of its own (and a "reply" names messages
 * Guichet never saw), so every message opens a case. `{ customers: 'recurring' }` (bench:pipeline)
 * draws returning customers instead — about one customer per `messagesPerCustomer` messages —
 * whose later messages are follow-ups (In-Reply-To / References their previous message), repeats
 * (the same subject again, no references) or a new problem (a subject of their own). The
 * customer structure has a PRNG of its own, so the default mix draws exactly what it always drew.
 */
import { randomBytes } from 'node:crypto';
import { makeMail } from '../test/support/mail-factory.ts';
import { seededRandom } from '../test/support/seeded-random.ts';


const FR = {
  greetings: ['Bonjour,', 'Bonjour Madame, Monsieur,', 'Madame, Monsieur,', 'Bonsoir,', 'Bonjour à toute l’équipe,'],
  sentences: [
    'Je vous écris au sujet de ma commande passée la semaine dernière, qui n’est toujours pas arrivée.',
    'Le numéro de suivi indiqué dans votre courriel ne fonctionne pas sur le site du transporteur.',
    'Pourriez-vous me dire où en est le traitement de ma demande de remboursement ?',
    'J’ai bien reçu le colis, mais l’article ne correspond pas à la description affichée sur votre site.',
    'Malgré plusieurs relances, je n’ai obtenu aucune réponse de votre service client.',
    'Vous trouverez ci-joint la facture ainsi que les photos du produit endommagé.',
    'Mon abonnement a été prélevé deux fois ce mois-ci, je souhaiterais être remboursé du doublon.',
    'Je n’arrive plus à me connecter à mon espace personnel depuis la mise à jour de l’application.',
    'Le message d’erreur indique « identifiant ou mot de passe incorrect », alors que je l’ai réinitialisé hier.',
    'Serait-il possible de modifier l’adresse de livraison avant l’expédition ?',
    'Je reste à votre disposition pour tout renseignement complémentaire.',
    'Merci de bien vouloir traiter ma réclamation dans les meilleurs délais.',
    'La garantie court encore jusqu’en décembre, d’après le bon de livraison.',
    'Nous sommes une petite association et nous aimerions savoir si vous proposez un tarif réduit.',
    'Le technicien devait passer mardi entre 8 h et 12 h, mais personne n’est venu.',
    'Je précise que j’ai déjà essayé de redémarrer l’appareil et de réinstaller le logiciel.',
  ],
  closings: ['Cordialement,', 'Bien cordialement,', 'Merci d’avance,', 'Bien à vous,', 'Dans l’attente de votre réponse,'],
  subjects: ['Commande non reçue', 'Demande de remboursement', 'Problème de connexion', 'Réclamation — colis endommagé', 'Double prélèvement', 'Question sur la garantie', 'Changement d’adresse', 'Facture erronée'],
  quoteIntro: 'Le {date}, Service client <support@guichet.example> a écrit :',
  names: ['Élodie Martin', 'François Lefèvre', 'Chloé Dubois', 'Jérôme Moreau', 'Anaïs Girard', 'Théo Rousseau', 'Maëlle Fontaine'],
};

const EN = {
  greetings: ['Hello,', 'Hi there,', 'Dear support team,', 'Good morning,', 'Hi,'],
  sentences: [
    'I am writing about the order I placed last week, which still has not arrived.',
    'The tracking number in your confirmation email does not work on the carrier’s website.',
    'Could you please tell me the status of my refund request?',
    'The parcel arrived, but the item does not match the description on your website.',
    'I have contacted your support several times without receiving any reply.',
    'Please find attached the invoice and photos of the damaged product.',
    'My subscription was charged twice this month and I would like the duplicate refunded.',
    'Since the last app update I can no longer log in to my account.',
    'The error says "invalid username or password" although I reset it yesterday.',
    'Would it be possible to change the delivery address before the order ships?',
    'Let me know if you need any further information from me.',
    'I would appreciate it if you could look into this as soon as possible.',
    'According to the delivery note the warranty is valid until December.',
    'We are a small non-profit and wondered whether you offer a discounted plan.',
    'The technician was due on Tuesday morning but nobody showed up.',
    'I have already tried restarting the device and reinstalling the software.',
  ],
  closings: ['Best regards,', 'Kind regards,', 'Thanks in advance,', 'Cheers,', 'Looking forward to your reply,'],
  subjects: ['Order not received', 'Refund request', 'Cannot log in', 'Complaint: damaged parcel', 'Charged twice', 'Warranty question', 'Change of address', 'Wrong invoice'],
  quoteIntro: 'On {date}, Customer support <support@guichet.example> wrote:',
  names: ['Emily Carter', 'James O’Connor', 'Sophie Turner', 'Daniel Brooks', 'Olivia Hughes', 'Liam Walsh', 'Grace Patel'],
};

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Words of `text` re-flowed into lines of at most `width` characters, CRLF-separated. */
function wrap(text: string, width = 72, prefix = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width - prefix.length) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(prefix + line);
  return lines.join('\r\n');
}

/** A subject encoded the way mail clients send non-ASCII headers (RFC 2047 B-encoding), sometimes. */
function encodeSubject(random: () => number, subject: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(subject) || random() < 0.3) return subject; // some clients send raw UTF-8
  return `=?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`;
}

/** A body of about `targetBytes` UTF-8 bytes: greeting, paragraphs, closing, maybe a quote. */
function makeBody(random: () => number, lang: typeof FR, targetBytes: number, name: string, reply: boolean): string {
  const parts: string[] = [pick(random, lang.greetings), ''];
  const closing = ['', pick(random, lang.closings), name, ''].join('\r\n');
  let size = Buffer.byteLength(parts.join('\r\n')) + Buffer.byteLength(closing);
  // A reply quotes an earlier message for about a third of its length.
  const ownTarget = reply ? targetBytes * 0.65 : targetBytes;
  while (size < ownTarget) {
    const count = 2 + Math.floor(random() * 4);
    const paragraph = wrap(Array.from({ length: count }, () => pick(random, lang.sentences)).join(' '));
    parts.push(paragraph, '');
    size += Buffer.byteLength(paragraph) + 4;
  }
  parts.push(closing);
  if (reply) {
    parts.push(lang.quoteIntro.replace('{date}', '3 nov. 2026 09:12'));
    let quoted = 0;
    while (size + quoted < targetBytes) {
      const paragraph = wrap(Array.from({ length: 3 }, () => pick(random, lang.sentences)).join(' '), 72, '> ');
      parts.push(paragraph, '>');
      quoted += Buffer.byteLength(paragraph) + 3;
    }
  }
  return parts.join('\r\n') + '\r\n';
}

export interface CorpusStats {
  messages: number;
  totalBytes: number;
  withAttachment: number;
  minBytes: number;
  medianBytes: number;
  maxBytes: number;
}

export interface CorpusOptions {
  /** `unique` (default): one sender per message; `recurring`: returning customers (see above). */
  customers?: 'unique' | 'recurring';
  /** `recurring` only: messages per customer on average (default 1.5). */
  messagesPerCustomer?: number;
  /** Prefix of the generated Message-IDs' local part (default: none), to tell corpora apart. */
  idPrefix?: string;
}

/** What a `recurring` corpus was built to contain (Guichet's threading decides what it makes of it). */
export interface CustomerPlan {
  customers: number;
  /** Messages of a returning customer naming their previous message (In-Reply-To / References). */
  followUps: number;
  /** Messages of a returning customer with the same subject again, no references. */
  repeats: number;
  /** Messages of a returning customer about something else (own subject, no references). */
  newProblems: number;
}

type Customer = { lang: typeof FR; name: string; address: string; subject: string; thread: string[] };

/** `count` messages of the realistic mix described in the module comment. */
export function buildCorpus(
  count: number,
  seed = 20261101,
  options: CorpusOptions = {},
): { raws: Buffer[]; messageIds: string[]; stats: CorpusStats; plan: CustomerPlan } {
  const random = seededRandom(seed);
  const recurring = options.customers === 'recurring';
  // The customer structure has its own PRNG, so the default mix's draws stay in the same order.
  const structure = seededRandom(seed ^ 0x5eed_c0de);
  const newCustomerChance = 1 / (options.messagesPerCustomer ?? 1.5);
  const customers: Customer[] = [];
  const plan: CustomerPlan = { customers: 0, followUps: 0, repeats: 0, newProblems: 0 };
  const raws: Buffer[] = [];
  const messageIds: string[] = [];
  let withAttachment = 0;
  for (let i = 0; i < count; i++) {
    let lang = random() < 0.6 ? FR : EN;
    let name = pick(random, lang.names);
    // Whole message 2-20 KB, log-uniform; the headers take ~0.4 KB of it.
    const target = Math.round(2048 * Math.pow(10, random()));
    let reply = random() < 0.3;
    const attachmentBytes = random() < 0.1 ? Math.round(50_000 + random() * 450_000) : 0;
    if (attachmentBytes) withAttachment++;
    const drawnSubject = pick(random, lang.subjects);
    let subject = `${reply ? (lang === FR ? 'RE: ' : 'Re: ') : ''}${drawnSubject} (dossier ${10_000 + i})`;
    const extraHeaders: Record<string, string> = { 'X-Mailer': pick(random, ['Thunderbird 128.3.1', 'Apple Mail (2.3826)', 'Microsoft Outlook 16.0', 'Roundcube Webmail/1.6.9']) };
    if (reply) {
      extraHeaders['In-Reply-To'] = `<case-${i}.reply@guichet.example>`;
      extraHeaders['References'] = `<case-${i}.first@guichet.example> <case-${i}.reply@guichet.example>`;
    }
    const messageId = `${options.idPrefix ?? ''}${randomBytes(8).toString('hex')}.${i}@customer.example`;
    let from: string;
    if (!recurring) {
      const local = name.normalize('NFD').replace(/[^A-Za-z ]/g, '').toLowerCase().replace(/ /g, '.');
      from = `${name} <${local}${i}@${lang === FR ? 'exemple.fr' : 'example.com'}>`;
    } else {
      const returning = customers.length > 0 && structure() >= newCustomerChance ? customers[Math.floor(structure() * customers.length)] : undefined;
      if (!returning) {
        const local = name.normalize('NFD').replace(/[^A-Za-z ]/g, '').toLowerCase().replace(/ /g, '.');
        const address = `${local}.c${customers.length}@${lang === FR ? 'exemple.fr' : 'example.com'}`;
        customers.push({ lang, name, address, subject: subject.replace(/^R[Ee]: /, ''), thread: [messageId] });
        from = `${name} <${address}>`;
      } else {
        ({ lang, name } = returning);
        from = `${name} <${returning.address}>`;
        const kind = structure();
        delete extraHeaders['In-Reply-To'];
        delete extraHeaders['References'];
        if (kind < 0.5) {
          plan.followUps++;
          reply = true;
          subject = `${lang === FR ? 'RE: ' : 'Re: '}${returning.subject}`;
          extraHeaders['In-Reply-To'] = `<${returning.thread.at(-1)}>`;
          extraHeaders['References'] = returning.thread.slice(-10).map((id) => `<${id}>`).join(' ');
          returning.thread.push(messageId);
        } else if (kind < 0.75) {
          plan.repeats++;
          reply = false;
          subject = returning.subject;
          returning.thread = [messageId];
        } else {
          plan.newProblems++;
          reply = false;
          subject = `${pick(structure, lang.subjects)} (dossier ${10_000 + i})`;
          returning.subject = subject;
          returning.thread = [messageId];
        }
      }
    }
    raws.push(
      makeMail(i, {
        from,
        messageId,
        subject: encodeSubject(random, subject),
        body: makeBody(random, lang, Math.max(600, target - 450), name, reply),
        attachmentBytes,
        extraHeaders,
      }),
    );
    messageIds.push(messageId);
  }
  plan.customers = recurring ? customers.length : count;
  const sizes = raws.map((r) => r.length).sort((a, b) => a - b);
  return {
    raws,
    messageIds,
    plan,
    stats: {
      messages: count,
      totalBytes: sizes.reduce((sum, n) => sum + n, 0),
      withAttachment,
      minBytes: sizes[0] ?? 0,
      medianBytes: sizes[Math.floor(sizes.length / 2)] ?? 0,
      maxBytes: sizes.at(-1) ?? 0,
    },
  };
}

/** Bytes of random data whose base64 (76-column lines, CRLF) makes a message of about `messageBytes`. */
export function attachmentBytesFor(messageBytes: number): number {
  return Math.floor(((messageBytes - 1024) * 3 * 76) / (4 * 78));
}

/** The RSS scenario's mailbox: a small mail, one of about `bigBytes` (base64 attachment), another small one. */
export function bigMessageSet(bigBytes = 25 * 1024 * 1024): Buffer[] {
  return [
    makeMail(1, { body: 'Bonjour,\r\n\r\nPetit message avant la pièce jointe.\r\n' }),
    makeMail(2, { subject: 'Scan complet du dossier', attachmentBytes: attachmentBytesFor(bigBytes) }),
    makeMail(3, { body: 'Hello,\r\n\r\nA small one after the big attachment.\r\n' }),
  ];
}
