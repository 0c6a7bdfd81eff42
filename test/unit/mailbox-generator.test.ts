import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/ingest/parsed-message.ts';
import { parseMessage } from '../../src/ingest/parse/parse-message.ts';
import { bcubed } from '../support/bcubed.ts';
import { generateMailbox, planQuotas, type GeneratedMessage, type Scenario } from '../support/mailbox-generator/index.ts';

const OPTIONS = {
  seed: 1,
  contactFormSender: 'formulaire@site.example',
  supportAddress: 'support@guichet.example',
  start: new Date('2026-11-02T08:00:00Z'),
};
const LIMITS = { maxMessageBytes: 50e6, maxMimeDepth: 50, maxParts: 5000 };

const mailbox = generateMailbox(OPTIONS);
const { messages } = mailbox;
const quotas = planQuotas();
const parsed: ParsedMessage[] = [];

beforeAll(async () => {
  for (const m of messages) {
    const outcome = await parseMessage(m.raw, LIMITS);
    if (!outcome.ok) throw new Error(`${m.messageId} (${m.detail.scenario}) quarantined: ${outcome.reason.code} ${outcome.reason.detail}`);
    parsed.push(outcome.message);
  }
});

const withScenario = (s: Scenario): GeneratedMessage[] => messages.filter((m) => m.detail.scenario === s);
const count = (pred: (m: GeneratedMessage) => boolean): number => messages.filter(pred).length;
const normalise = (text: string | null): string => (text ?? '').replace(/\r\n/g, '\n').replace(/\s+$/, '');
/** The raw bytes as a string, one character per byte (for matching header fields and transfer encodings). */
const rawText = (m: GeneratedMessage): string => m.raw.toString('latin1');
const caseOf = (key: string | null): GeneratedMessage[] => messages.filter((m) => key !== null && m.truth.caseKey === key);
const firstOf = (m: GeneratedMessage): GeneratedMessage => {
  const info = mailbox.cases.get(m.truth.caseKey ?? '');
  const first = info && messages[info.firstIndex];
  if (!first) throw new Error(`no first message for ${m.truth.caseKey}`);
  return first;
};

/**
 * What the customer wrote about the problem: a form's description or a direct message's text,
 * without quoted text and without the short lines (greeting, name, footer) and the lines with the
 * account id that every message of a customer shares.
 */
function written(text: string): string {
  const start = text.indexOf('Description :\n');
  const end = text.indexOf('\n-- \n', start);
  const own = start < 0 ? text : text.slice(start + 'Description :\n'.length, end < 0 ? undefined : end);
  return own
    .split('\n')
    .filter((line) => line.length >= 25 && !/PP\d{6}/.test(line) && !/^(>|De :|From:|Le .* a écrit :|On .* wrote:)/.test(line))
    .join('\n');
}

/** Word-set Jaccard similarity of what two customers wrote, accents and case folded, words of four letters or more. */
function similarity(a: string, b: string): number {
  const words = (s: string): Set<string> =>
    new Set(
      s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 4),
    );
  const x = words(written(a));
  const y = words(written(b));
  const inter = [...x].filter((w) => y.has(w)).length;
  return inter / (x.size + y.size - inter);
}

describe('generateMailbox: determinism and shape', () => {
  it('gives identical bytes, ids, dates and truth for the same options', () => {
    const again = generateMailbox(OPTIONS);
    expect(again.messages.length).toBe(messages.length);
    again.messages.forEach((m, i) => {
      const original = messages[i] as GeneratedMessage;
      expect(m.raw.equals(original.raw)).toBe(true);
      expect(m.messageId).toBe(original.messageId);
      expect(m.internalDate.getTime()).toBe(original.internalDate.getTime());
      expect(m.truth).toEqual(original.truth);
    });
    expect([...again.cases]).toEqual([...mailbox.cases]);
  });

  it('gives a different mailbox for another seed', () => {
    const other = generateMailbox({ ...OPTIONS, seed: 2 });
    expect(other.messages.length).toBe(messages.length);
    expect(other.messages.filter((m, i) => m.raw.equals((messages[i] as GeneratedMessage).raw))).toHaveLength(0);
  });

  it('holds at least 300 messages by default, and exactly the number asked for', () => {
    expect(messages.length).toBeGreaterThanOrEqual(300);
    expect(messages.length).toBe(quotas.messages);
    expect(generateMailbox({ ...OPTIONS, messages: 120 }).messages).toHaveLength(120);
  });

  it('honours the number of customers', () => {
    const few = generateMailbox({ ...OPTIONS, messages: 200, customers: 40 });
    expect(new Set(few.messages.map((m) => m.truth.customer).filter((c) => c !== null)).size).toBe(40);
    expect(() => generateMailbox({ ...OPTIONS, messages: 20 })).toThrow(RangeError);
    expect(() => generateMailbox({ ...OPTIONS, customers: 1 })).toThrow(RangeError);
  });

  it('has strictly increasing arrival dates in whole seconds, after the start', () => {
    expect((messages[0] as GeneratedMessage).internalDate.getTime()).toBeGreaterThan(OPTIONS.start.getTime());
    for (let i = 1; i < messages.length; i++) {
      const t = (messages[i] as GeneratedMessage).internalDate.getTime();
      expect(t % 1000).toBe(0);
      expect(t).toBeGreaterThan((messages[i - 1] as GeneratedMessage).internalDate.getTime());
    }
  });

  it('writes CRLF line ends only, lines within 998 octets, headers in ASCII', () => {
    for (const m of messages) {
      const raw = rawText(m);
      expect(raw).not.toMatch(/[^\r]\n|\r(?!\n)/);
      expect(raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);
      expect(raw.slice(0, raw.indexOf('\r\n\r\n'))).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    }
  });

  it('gives every message a unique Message-ID', () => {
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
  });

  it('has cases overlapping in time (interleaved messages of different cases)', () => {
    let interleaved = 0;
    for (const [key, info] of mailbox.cases) {
      const last = Math.max(...caseOf(key).map((m) => messages.indexOf(m)));
      if (messages.slice(info.firstIndex + 1, last).some((m) => m.truth.caseKey !== null && m.truth.caseKey !== key)) interleaved++;
    }
    expect(interleaved).toBeGreaterThan(20);
  });
});

describe('generateMailbox: scenarios in the planned numbers', () => {
  it('has each scenario as many times as the quotas say', () => {
    expect(quotas).toMatchObject({ messages: 320, cases: 190, customers: 175 });
    expect(withScenario('new').length + withScenario('new-second-problem').length + withScenario('new-same-subject').length).toBe(quotas.cases);
    expect(withScenario('new-second-problem')).toHaveLength(quotas.secondProblemCases);
    expect(withScenario('new-same-subject')).toHaveLength(2 * quotas.sameSubjectPairs);
    expect(withScenario('repeat-prefixed-subject')).toHaveLength(quotas.repeatsPrefixedSubject);
    expect(withScenario('repeat-similar-body')).toHaveLength(quotas.repeatsSimilarBody);
    expect(withScenario('repeat-contact-form')).toHaveLength(quotas.repeatsContactForm);
    expect(withScenario('follow-up-outlook')).toHaveLength(quotas.followUpsOutlook);
    expect(withScenario('follow-up-gmail')).toHaveLength(quotas.followUpsGmail);
    expect(withScenario('auto-reply-auto-submitted')).toHaveLength(quotas.autoRepliesAutoSubmitted);
    expect(withScenario('auto-reply-subject')).toHaveLength(quotas.autoRepliesSubject);
    expect(withScenario('auto-reply-x-autoreply')).toHaveLength(quotas.autoRepliesXAutoreply);
    expect(withScenario('bounce')).toHaveLength(quotas.bounces);
    for (const s of ['new-second-problem', 'new-same-subject', 'repeat-prefixed-subject', 'repeat-similar-body', 'repeat-contact-form', 'follow-up-outlook', 'follow-up-gmail', 'auto-reply-auto-submitted', 'auto-reply-subject', 'auto-reply-x-autoreply', 'bounce'] as const) {
      expect(withScenario(s).length, s).toBeGreaterThan(0);
    }
  });

  it('has the truth kinds matching the scenarios', () => {
    expect(count((m) => m.truth.kind === 'new')).toBe(quotas.cases);
    expect(count((m) => m.truth.kind === 'repeat')).toBe(quotas.repeatsPrefixedSubject + quotas.repeatsSimilarBody + quotas.repeatsContactForm);
    expect(count((m) => m.truth.kind === 'follow-up')).toBe(quotas.followUpsOutlook + quotas.followUpsGmail);
    expect(count((m) => m.truth.kind === 'auto-reply')).toBe(quotas.autoRepliesAutoSubmitted + quotas.autoRepliesSubject + quotas.autoRepliesXAutoreply);
    expect(count((m) => m.truth.kind === 'bounce')).toBe(quotas.bounces);
  });

  it('opens requests and complaints on each ground, directly and through the form', () => {
    const opened = messages.filter((m) => m.truth.kind === 'new');
    expect(opened.filter((m) => m.truth.category === 'request' && m.truth.ground === null)).toHaveLength(quotas.requests);
    expect(opened.filter((m) => m.truth.ground === 'technical-failure')).toHaveLength(quotas.technicalFailures);
    expect(opened.filter((m) => m.truth.ground === 'non-compliant-decision')).toHaveLength(quotas.nonCompliantDecisions);
    expect(opened.filter((m) => m.truth.ground === 'service-not-provided')).toHaveLength(quotas.servicesNotProvided);
    expect(opened.filter((m) => m.truth.via === 'contact-form')).toHaveLength(quotas.formCases);
    for (const ground of [null, 'technical-failure', 'non-compliant-decision', 'service-not-provided']) {
      for (const via of ['direct', 'contact-form']) {
        expect(opened.filter((m) => m.truth.ground === ground && m.truth.via === via).length, `${ground} ${via}`).toBeGreaterThan(0);
      }
    }
    expect(opened.every((m) => (m.truth.category === 'complaint') === (m.truth.ground !== null))).toBe(true);
  });

  it('writes mostly in French, some in English, in UTF-8 and Windows-1252', () => {
    const fr = count((m) => m.truth.language === 'fr');
    expect(fr / messages.length).toBeGreaterThan(0.6);
    expect(count((m) => m.truth.language === 'en')).toBeGreaterThan(30);
    expect(count((m) => m.truth.charset === 'windows-1252')).toBeGreaterThan(20);
  });
});

describe('generateMailbox: ground truth is consistent', () => {
  it('lists every case once, in first-arrival order, pointing at its first message', () => {
    expect(mailbox.cases.size).toBe(quotas.cases);
    let previous = -1;
    for (const [key, info] of mailbox.cases) {
      expect(info.firstIndex).toBeGreaterThan(previous);
      previous = info.firstIndex;
      const first = messages[info.firstIndex] as GeneratedMessage;
      expect(first.truth).toMatchObject({ caseKey: key, kind: 'new', customer: info.customer });
      expect(messages.findIndex((m) => m.truth.caseKey === key)).toBe(info.firstIndex);
    }
  });

  it('never lets two customers share a case, and keeps customers lower-case', () => {
    for (const m of messages) {
      if (m.truth.caseKey === null) continue;
      expect(m.truth.customer).toBe(mailbox.cases.get(m.truth.caseKey)?.customer);
      expect(m.truth.customer).toBe(m.truth.customer?.toLowerCase());
      expect(m.truth.category).toBe(firstOf(m).truth.category);
      expect(m.truth.ground).toBe(firstOf(m).truth.ground);
    }
  });

  it('puts auto-replies and bounces in no case and gives them no customer', () => {
    for (const m of messages.filter((x) => x.truth.kind === 'auto-reply' || x.truth.kind === 'bounce')) {
      expect(m.truth.caseKey).toBeNull();
      expect(m.truth.customer).toBeNull();
      expect(m.truth.ground).toBeNull();
    }
    for (const m of messages.filter((x) => x.truth.caseKey === null)) expect(['auto-reply', 'bounce']).toContain(m.truth.kind);
  });

  it('gives a customer’s second problem its own case with a clearly different subject and body', () => {
    for (const m of withScenario('new-second-problem')) {
      const earlier = messages.filter((x) => x.truth.kind === 'new' && x.truth.customer === m.truth.customer && x.internalDate < m.internalDate);
      expect(earlier.length).toBeGreaterThan(0);
      for (const e of earlier) {
        expect(e.truth.caseKey).not.toBe(m.truth.caseKey);
        expect(e.detail.subject).not.toBe(m.detail.subject);
        expect(similarity(e.detail.text, m.detail.text)).toBeLessThan(0.25);
      }
    }
  });

  it('gives two different customers the same subject and near-identical wording in separate cases', () => {
    const pairs = new Map<string, GeneratedMessage[]>();
    for (const m of withScenario('new-same-subject')) pairs.set(m.detail.subject, [...(pairs.get(m.detail.subject) ?? []), m]);
    expect(pairs.size).toBe(quotas.sameSubjectPairs);
    for (const [, group] of pairs) {
      expect(group).toHaveLength(2);
      const [a, b] = group as [GeneratedMessage, GeneratedMessage];
      expect(a.truth.customer).not.toBe(b.truth.customer);
      expect(a.truth.caseKey).not.toBe(b.truth.caseKey);
      expect(a.truth.ground).toBe(b.truth.ground);
      expect([a.truth.via, b.truth.via]).toEqual(['direct', 'direct']);
      expect(similarity(a.detail.text, b.detail.text)).toBeGreaterThan(0.4);
    }
  });
});

describe('generateMailbox: every message parses as written', () => {
  it('parses every message, with its Message-ID, subject, sender and text', () => {
    expect(parsed).toHaveLength(messages.length);
    messages.forEach((m, i) => {
      const p = parsed[i] as ParsedMessage;
      expect(p.messageId).toBe(m.messageId);
      expect(p.subject ?? '').toBe(m.detail.subject);
      expect(p.from[0]?.address.toLowerCase()).toBe(m.detail.from.toLowerCase());
      expect(p.from[0]?.name ?? '').toBe(m.detail.fromName);
      expect(normalise(p.text)).toBe(normalise(m.detail.text));
      expect(p.text ?? '').not.toContain('\ufffd');
    });
  });

  it('decodes accented display names and subjects from RFC 2047 encoded words', () => {
    const encodedNames = messages.filter((m) => /^From: =\?/m.test(rawText(m)));
    expect(encodedNames.length).toBeGreaterThan(30);
    expect(encodedNames.some((m) => /^From: =\?Windows-1252\?Q\?/m.test(rawText(m)))).toBe(true);
    for (const m of encodedNames) expect(parsed[messages.indexOf(m)]?.from[0]?.name).toMatch(/[^\x20-\x7e]/);
    const encodedSubjects = messages.filter((m) => /^Subject: =\?[^?]+\?B\?/m.test(rawText(m)));
    expect(encodedSubjects.length).toBeGreaterThan(10);
    expect(messages.some((m) => /^Subject: =\?[^?]+\?Q\?/m.test(rawText(m)))).toBe(true);
  });

  it('decodes Windows-1252 bodies, 8bit and quoted-printable, with their accents intact', () => {
    const cp1252 = messages.filter((m) => m.truth.charset === 'windows-1252');
    const has8bit = cp1252.filter((m) => /charset="?windows-1252"?\r\nContent-Transfer-Encoding: 8bit/i.test(rawText(m)));
    const hasQp = cp1252.filter((m) => /charset="?windows-1252"?\r\nContent-Transfer-Encoding: quoted-printable/i.test(rawText(m)));
    expect(has8bit.length).toBeGreaterThan(0);
    expect(hasQp.length).toBeGreaterThan(0);
    for (const m of cp1252) {
      const text = parsed[messages.indexOf(m)]?.text ?? '';
      expect(normalise(text)).toBe(normalise(m.detail.text));
      if (m.truth.language === 'fr') expect(text).toMatch(/[éèàç]/);
    }
    // The Windows-1252-only characters (’ €) survive the round trip somewhere.
    const texts = cp1252.map((m) => parsed[messages.indexOf(m)]?.text ?? '').join('\n');
    expect(texts).toContain('’');
    expect(texts).toContain('€');
  });

  it('sends UTF-8 bodies as base64, quoted-printable and 8bit', () => {
    const utf8 = messages.filter((m) => m.truth.charset === 'utf-8').map(rawText);
    for (const cte of ['base64', 'quoted-printable', '8bit']) {
      expect(utf8.some((raw) => new RegExp(`charset="?utf-8"?\\r\\nContent-Transfer-Encoding: ${cte}`, 'i').test(raw)), cte).toBe(true);
    }
  });
});

describe('generateMailbox: channels and threading headers', () => {
  it('sends form mail from the form, with the customer in Reply-To and in the labelled fields', () => {
    const form = messages.filter((m) => m.truth.via === 'contact-form');
    expect(form.length).toBe(quotas.formCases + quotas.repeatsContactForm);
    for (const m of form) {
      const p = parsed[messages.indexOf(m)] as ParsedMessage;
      expect(p.from[0]?.address).toBe(OPTIONS.contactFormSender);
      expect(p.replyTo[0]?.address.toLowerCase()).toBe(m.truth.customer);
      const text = p.text ?? '';
      const fr = m.truth.language === 'fr';
      const labels = fr ? ['Catégorie : ', 'Nom : ', 'E-mail : ', 'Identifiant : PP', "Date de l'événement :", 'Description :'] : ['Category : ', 'Name : ', 'Email : ', 'Username : PP', 'Event date :', 'Description :'];
      let at = -1;
      for (const label of labels) {
        const next = text.indexOf(label);
        expect(next, label).toBeGreaterThan(at);
        at = next;
      }
      const email = new RegExp(`^${fr ? 'E-mail' : 'Email'} : (\\S+)$`, 'm').exec(text)?.[1];
      expect(email?.toLowerCase()).toBe(m.truth.customer);
      const complaint = m.truth.category === 'complaint';
      expect(text.startsWith(`${fr ? 'Catégorie' : 'Category'} : ${fr ? 'Plainte' : 'Complaint'}`)).toBe(complaint);
      if (complaint) expect(text).toMatch(fr ? /^Date de l'événement : \d{2}\/\d{2}\/\d{4}$/m : /^Event date : \d{2}\/\d{2}\/\d{4}$/m);
    }
  });

  it('sends direct mail from the customer', () => {
    for (const m of messages.filter((x) => x.truth.via === 'direct' && x.truth.customer !== null)) {
      expect(parsed[messages.indexOf(m)]?.from[0]?.address.toLowerCase()).toBe(m.truth.customer);
    }
  });

  it('repeats carry no In-Reply-To or References', () => {
    for (const m of messages.filter((x) => x.truth.kind === 'repeat')) {
      const p = parsed[messages.indexOf(m)] as ParsedMessage;
      expect(p.inReplyTo).toEqual([]);
      expect(p.references).toEqual([]);
      expect(rawText(m)).not.toMatch(/^(In-Reply-To|References):/im);
    }
  });

  it('prefixed repeats keep the case’s subject behind a prefix', () => {
    const prefixes = new Set<string>();
    for (const m of withScenario('repeat-prefixed-subject')) {
      const original = firstOf(m).detail.subject;
      expect(m.detail.subject.endsWith(original)).toBe(true);
      const prefix = m.detail.subject.slice(0, -original.length);
      expect(prefix).toMatch(/^((Relance|RE|2ème envoi|Still no answer|Reminder|Second request|TR|FW|Fwd|Tr) ?: |(URGENT|Toujours pas de réponse|Relance) - )+$/);
      prefixes.add(prefix.trim());
    }
    expect(prefixes.size).toBeGreaterThan(4);
  });

  it('similar-body repeats change the subject but keep the body close', () => {
    for (const m of withScenario('repeat-similar-body')) {
      const first = firstOf(m);
      expect(m.detail.subject).not.toBe(first.detail.subject);
      expect(m.detail.text).not.toBe(first.detail.text);
      expect(similarity(m.detail.text, first.detail.text)).toBeGreaterThan(0.3);
    }
  });

  it('form repeats send the same description again', () => {
    for (const m of withScenario('repeat-contact-form')) {
      const first = firstOf(m);
      if (first.truth.via === 'contact-form') expect(similarity(m.detail.text, first.detail.text)).toBeGreaterThan(0.6);
      else expect(similarity(m.detail.text, first.detail.text)).toBeGreaterThan(0.4);
    }
  });

  it('follow-ups reply to the customer’s own earlier message in the case and quote it', () => {
    for (const m of messages.filter((x) => x.truth.kind === 'follow-up')) {
      const p = parsed[messages.indexOf(m)] as ParsedMessage;
      const parent = messages.find((x) => x.messageId === p.inReplyTo[0]);
      expect(parent).toBeDefined();
      expect(parent?.truth.caseKey).toBe(m.truth.caseKey);
      expect(parent?.truth.via).toBe('direct');
      expect(parent && parent.internalDate < m.internalDate).toBe(true);
      expect(p.references.at(-1)).toBe(parent?.messageId);
      const text = p.text ?? '';
      if (m.detail.scenario === 'follow-up-outlook') expect(text).toMatch(/^(De :|From:) .+\n(Envoyé :|Sent:) /m);
      else expect(text).toMatch(/^(Le .+ a écrit :|On .+ wrote:)\n> /m);
    }
  });

  it('out-of-office replies are flagged as the scenario says', () => {
    for (const m of withScenario('auto-reply-auto-submitted')) expect(parsed[messages.indexOf(m)]?.autoSubmitted).toBe('auto-replied');
    for (const m of withScenario('auto-reply-x-autoreply')) {
      const p = parsed[messages.indexOf(m)] as ParsedMessage;
      expect(p.headers['x-autoreply']).toEqual(['yes']);
      expect(p.autoSubmitted).toBeNull();
    }
    for (const m of withScenario('auto-reply-subject')) {
      const p = parsed[messages.indexOf(m)] as ParsedMessage;
      expect(p.subject).toMatch(/^(Réponse automatique : |Automatic reply: )/);
      expect(p.autoSubmitted).toBeNull();
      expect(p.precedence).toBeNull();
      expect(p.headers['x-autoreply']).toBeUndefined();
    }
    const languages = new Set(messages.filter((m) => m.truth.kind === 'auto-reply').map((m) => m.truth.language));
    expect(languages).toEqual(new Set(['fr', 'en']));
  });

  it('bounces are delivery-status reports from MAILER-DAEMON with a null Return-Path, about a desk message', () => {
    const deskDomain = OPTIONS.supportAddress.split('@')[1] as string;
    for (const m of withScenario('bounce')) {
      const p = parsed[messages.indexOf(m)] as ParsedMessage;
      expect(p.contentType).toBe('multipart/report');
      expect(p.returnPath).toBe('');
      expect(p.from[0]?.address.toLowerCase()).toMatch(/^mailer-daemon@/);
      expect(p.deliveryStatus).toMatch(/Action: failed/);
      expect(rawText(m)).toMatch(new RegExp(`^Message-ID: <[^>]+@${deskDomain.replace('.', '\\.')}>`, 'm'));
    }
  });
});

describe('bcubed', () => {
  const truth = ['a', 'a', 'b', 'c'];

  it('is 1 for a perfect clustering, whatever the labels', () => {
    expect(bcubed(truth, ['x', 'x', 'y', 'z'])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('has full recall and low precision when everything is merged', () => {
    // Precision per item: 2/4, 2/4, 1/4, 1/4.
    const r = bcubed(truth, ['x', 'x', 'x', 'x']);
    expect(r.precision).toBeCloseTo(0.375);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo((2 * 0.375) / 1.375);
  });

  it('has full precision and low recall when everything is split (distinct labels or nulls)', () => {
    // Recall per item: 1/2, 1/2, 1, 1.
    for (const predicted of [['p', 'q', 'r', 's'], [null, null, null, null]]) {
      const r = bcubed(truth, predicted);
      expect(r.precision).toBe(1);
      expect(r.recall).toBeCloseTo(0.75);
      expect(r.f1).toBeCloseTo(1.5 / 1.75);
    }
  });

  it('ignores items whose truth is null, and counts a predicted null as a singleton', () => {
    expect(bcubed(['a', null, 'a'], ['x', 'x', 'x'])).toEqual({ precision: 1, recall: 1, f1: 1 });
    const r = bcubed(['a', 'a', 'b'], ['x', null, 'x']);
    // Items: a1 in {a1,b}: P 1/2, R 1/2; a2 alone: P 1, R 1/2; b in {a1,b}: P 1/2, R 1.
    expect(r.precision).toBeCloseTo(2 / 3);
    expect(r.recall).toBeCloseTo(2 / 3);
    expect(bcubed([null, null], ['x', null])).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(() => bcubed(['a'], [])).toThrow(RangeError);
  });

  it('scores the generated truth against itself as perfect and against one big case as poor', () => {
    const keys = messages.map((m) => m.truth.caseKey);
    expect(bcubed(keys, keys).f1).toBe(1);
    expect(bcubed(keys, keys.map(() => 'all')).precision).toBeLessThan(0.05);
    expect(bcubed(keys, keys.map(() => null)).recall).toBeLessThan(0.8);
  });

  it('stays within [0, 1], is perfect on relabelling, and symmetric in precision and recall', () => {
    const labels = fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(labels, labels, (t, p) => {
        const n = Math.min(t.length, p.length);
        const [tt, pp] = [t.slice(0, n), p.slice(0, n)];
        const r = bcubed(tt, pp);
        for (const v of [r.precision, r.recall, r.f1]) expect(v >= 0 && v <= 1).toBe(true);
        expect(bcubed(tt, tt.map((x) => (x === null ? null : `renamed-${x}`))).f1).toBe(1);
        // With no nulls on either side, swapping truth and prediction swaps precision and recall.
        if (tt.every((x) => x !== null) && pp.every((x) => x !== null)) {
          const s = bcubed(pp, tt);
          expect(s.precision).toBeCloseTo(r.recall);
          expect(s.recall).toBeCloseTo(r.precision);
        }
      }),
    );
  });
});
