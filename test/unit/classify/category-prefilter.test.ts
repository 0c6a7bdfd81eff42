/**
 * The keyword prefilter (keyword-prefilter.ts) changes no result of the category classifier:
 * `suggestCategory` and `categoryFromLabel` give exactly what they gave when every keyword regex
 * ran over every text (the reference below, the classifier as it was), on real mail
 * (shared/corpus, see its README; skipped when absent), on generated texts full of keyword
 * phrases, and on random text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_KEYWORDS, COMPLAINT_MARKERS, GROUND_KEYWORDS, REQUEST_MARKERS, type ComplaintGround, type Keyword } from '../../../src/ingest/classify/category-keywords.ts';
import { categoryFromLabel, suggestCategory, type Category, type CategorySuggestion } from '../../../src/ingest/classify/category.ts';
import { fold, linesOf } from '../../../src/ingest/classify/fold.ts';
import { parseRegex, type RegexNode } from '../../../src/ingest/classify/regex-subset.ts';
import { embed, int, noise, pick, sample, seeded, words, type Random } from './regex-sample.ts';

// ---------------------------------------------------------------------------------------------
// The reference: category.ts before the prefilter, every regex run over every text.

const GROUNDS = Object.keys(GROUND_KEYWORDS) as ComplaintGround[];
const LABEL_TECHNICAL = /\b(?:probleme|souci|incident|bug|dysfonctionnement|panne|technical|technique|technical issue|technical problem)\b/;
const LABEL_REQUEST = /^(?:demande(?: d'information| de renseignements?| generale)?|question|questions|request|general request|information|informations|renseignements?|enquiry|inquiry|general enquiry|autre|other|contact)$/;
const QUOTE_HEADER = /^(?:le .{0,80} a ecrit ?:?$|on .{0,80} wrote:?$|-{2,} ?(?:original message|message d'origine|message original|forwarded message|message transfere) ?-{2,}|de ?: .+@|from: .+@)/;

function referenceMatches(table: Keyword[], text: string): { labels: string[]; first: number } {
  const labels: string[] = [];
  let first = Number.POSITIVE_INFINITY;
  for (const keyword of table) {
    const m = keyword.re.exec(text);
    if (m) {
      labels.push(keyword.label);
      first = Math.min(first, m.index);
    }
  }
  return { labels, first };
}

function referenceGroundOf(text: string): { ground: ComplaintGround; labels: string[] } | null {
  let best: { ground: ComplaintGround; labels: string[]; first: number } | null = null;
  for (const ground of GROUNDS) {
    const found = referenceMatches(GROUND_KEYWORDS[ground], text);
    if (found.labels.length === 0) continue;
    if (!best || found.labels.length > best.labels.length || (found.labels.length === best.labels.length && found.first < best.first)) {
      best = { ground, ...found };
    }
  }
  return best;
}

function referenceCategoryFromLabel(label: string | null): Category | null {
  if (label === null) return null;
  const folded = fold(label);
  if (folded === '') return null;
  const complaint = referenceMatches(COMPLAINT_MARKERS, folded).labels.length > 0;
  const ground = referenceGroundOf(folded)?.ground ?? (LABEL_TECHNICAL.test(folded) ? 'technical-failure' : null);
  if (complaint || ground !== null) return { kind: 'complaint', ground };
  return LABEL_REQUEST.test(folded.replace(/[.!]+$/, '').trim()) ? { kind: 'request' } : null;
}

function referenceOwnFoldedLines(text: string): string[] {
  const out: string[] = [];
  for (const line of linesOf(text)) {
    const folded = fold(line);
    if (QUOTE_HEADER.test(folded)) break;
    if (!folded.startsWith('>')) out.push(folded);
  }
  return out;
}

const round = (n: number): number => Math.round(n * 100) / 100;

function referenceSuggestCategory(subject: string | null, text: string | null): CategorySuggestion {
  const folded = [fold(subject ?? ''), ...referenceOwnFoldedLines(text ?? '')].filter((line) => line !== '').join(' ');
  const markers = referenceMatches(COMPLAINT_MARKERS, folded).labels;
  const ground = referenceGroundOf(folded);
  if (ground) {
    const confidence = Math.min(0.95, 0.6 + 0.1 * (ground.labels.length - 1) + (markers.length > 0 ? 0.15 : 0));
    return { category: { kind: 'complaint', ground: ground.ground }, confidence: round(confidence), matched: [...ground.labels, ...markers] };
  }
  if (markers.length > 0) {
    return { category: { kind: 'complaint', ground: null }, confidence: round(Math.min(0.85, 0.7 + 0.05 * (markers.length - 1))), matched: markers };
  }
  const requests = referenceMatches(REQUEST_MARKERS, folded).labels;
  return { category: { kind: 'request' }, confidence: requests.length > 0 ? 0.8 : 0.6, matched: requests };
}

// ---------------------------------------------------------------------------------------------

/** Compares the two on one text; returns a description of the difference, or null. */
function compare(subject: string | null, text: string | null, want = referenceSuggestCategory(subject, text)): string | null {
  const got = suggestCategory(subject, text);
  if (JSON.stringify(got) !== JSON.stringify(want)) return `suggestCategory(${JSON.stringify(subject)}, ${JSON.stringify(text?.slice(0, 300))}…): ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`;
  for (const label of [subject, text?.slice(0, 200) ?? null]) {
    const gotLabel = categoryFromLabel(label);
    const wantLabel = referenceCategoryFromLabel(label);
    if (JSON.stringify(gotLabel) !== JSON.stringify(wantLabel)) return `categoryFromLabel(${JSON.stringify(label)}): ${JSON.stringify(gotLabel)} ≠ ${JSON.stringify(wantLabel)}`;
  }
  return null;
}

/** Tallies of a run: texts compared, of them long enough to be prefiltered, and by outcome. */
class Tally {
  texts = 0;
  prefiltered = 0;
  complaints = 0;
  withKeywords = 0;
  readonly failures: string[] = [];

  check(subject: string | null, text: string | null): void {
    this.texts += 1;
    if ((text?.length ?? 0) + (subject?.length ?? 0) >= 64) this.prefiltered += 1;
    const want = referenceSuggestCategory(subject, text);
    if (want.category.kind === 'complaint') this.complaints += 1;
    if (want.matched.length > 0) this.withKeywords += 1;
    const difference = compare(subject, text, want);
    if (difference !== null && this.failures.length < 20) this.failures.push(difference);
  }

  report(name: string): string {
    return `[prefilter] ${name}: ${this.texts} texts (${this.prefiltered} of 64+ characters), ${this.withKeywords} with keywords, ${this.complaints} complaints, identical`;
  }
}

const TREES: RegexNode[] = ALL_KEYWORDS.map((keyword) => parseRegex(keyword.re.source)!);

/** Written back the way people write: some letters capitalised, some e accented, curly apostrophes. */
function unfold(text: string, random: Random): string {
  if (random() < 0.5) return text;
  return [...text].map((c) => (c === 'e' && random() < 0.2 ? pick(random, ['é', 'è', 'ê']) : c === "'" && random() < 0.5 ? '\u2019' : random() < 0.05 ? c.toUpperCase() : c)).join('');
}

/** A keyword phrase: a random string some keyword regex matches (or nearly: its \b may fall). */
const phrase = (random: Random): string => unfold(sample(pick(random, TREES), random), random);

const FILLER = [
  "Bonjour, je vous écris au sujet de mon compte joueur que j'utilise depuis plusieurs années.",
  "J'ai effectué un dépôt de 50 euros la semaine dernière par carte bancaire.",
  'Pourriez-vous me dire quand le prochain tournoi de poker aura lieu sur votre site ?',
  'Mon retrait de la semaine dernière concernait une somme de 200 euros sur mon compte bancaire.',
  'Le bonus de bienvenue était annoncé sur la page d’accueil avec les conditions associées.',
  'Hello, I am writing about my player account which I have been using for a few years now.',
  'My last withdrawal was for 200 euros to my bank account, as usual.',
  'Could you tell me when the next poker tournament takes place on your website?',
];

/** Reply headers, and lines that look like them but are not (the classifier reads on past those). */
const QUOTE_HEADERS = [
  'Le 14/09/2026 à 10:00, Guichet <support@guichet.example> a écrit :',
  'Le 14/09/2026 à 10:00, Guichet a écrit:',
  'Le lundi 14 septembre, le support a écrit',
  'On Mon, Sep 14, 2026 at 10:00 AM Guichet wrote:',
  'On Monday the support wrote',
  '-----Original Message-----',
  '-- Message transféré --',
  '------ Forwarded message ------',
  'De : support@guichet.example',
  'De: Guichet <support@guichet.example>',
  'From: support@guichet.example',
  'Le site a écrit quelque chose',
  'Le support m’a écrit : merci',
  'On wrote: nothing',
  'Les conditions générales ont été écrites',
  'Le ' + 'très long message '.repeat(8) + 'a écrit :',
  'Dear support',
  'from me',
];

/** A mail body: lines of filler and random words, keyword phrases among them, maybe a quoted reply. */
function generatedMail(random: Random, lines: readonly string[]): string {
  const out: string[] = [];
  const target = pick(random, [80, 400, 2000, 9000, 12000]);
  let length = 0;
  while (length < target) {
    const r = random();
    const line = r < 0.1 ? phrase(random) : r < 0.2 ? embed(phrase(random), random) : r < 0.5 ? pick(random, FILLER) : r < 0.7 && lines.length > 0 ? pick(random, lines) : r < 0.75 ? '' : r < 0.78 ? `> ${phrase(random)}` : words(random, int(random, 3, 15));
    out.push(line);
    length += line.length + 1;
  }
  if (random() < 0.3) out.splice(int(random, 0, out.length), 0, pick(random, QUOTE_HEADERS));
  return out.join(random() < 0.2 ? '\r\n' : '\n');
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpusDir = process.env.CORPUS_DIR ?? path.resolve(repoRoot, '../shared/corpus');
const corpusExists = fs.existsSync(corpusDir);
if (!corpusExists) console.warn(`[corpus] SKIPPED category-prefilter over real mail: no corpus at ${corpusDir}; set CORPUS_DIR to run it`);

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.isFile()) yield p;
  }
}

let corpusRead: { subject: string | null; text: string }[] | undefined;

/** The corpus files as text (UTF-8, the first 200,000 characters), with their Subject line if any; read once. */
function corpusTexts(): { subject: string | null; text: string }[] {
  return (corpusRead ??= [...files(corpusDir)].map((file) => {
    const text = fs.readFileSync(file).toString('utf8').slice(0, 200_000);
    return { subject: /^Subject: (.*)$/m.exec(text)?.[1] ?? null, text };
  }));
}

describe('the prefiltered classifier gives what every regex over every text gave', () => {
  it.skipIf(!corpusExists)('on real mail (shared/corpus), as it is and with keyword phrases put in', () => {
    const random = seeded(1);
    const tally = new Tally();
    const corpus = corpusTexts();
    const lines: string[] = [];
    for (const { subject, text } of corpus) {
      tally.check(subject, text);
      tally.check(null, text.slice(0, 9000));
      const own = linesOf(text);
      for (let k = 0; k < 3; k++) lines.push(pick(random, own));
      // The same mail with a few keyword phrases among its lines.
      const withPhrases = [...own];
      for (let k = int(random, 1, 4); k > 0; k--) withPhrases.splice(int(random, 0, withPhrases.length), 0, embed(phrase(random), random));
      tally.check(subject, withPhrases.join('\n').slice(0, 20_000));
    }
    expect(tally.failures).toEqual([]);
    expect(corpus.length).toBeGreaterThan(1000);
    console.log(`${tally.report('real mail')} (${corpus.length} files)`);
  });

  it('on generated mail full of keyword phrases', () => {
    const random = seeded(2);
    const tally = new Tally();
    for (let n = 0; n < 1500; n++) tally.check(random() < 0.7 ? phrase(random) : random() < 0.5 ? null : words(random, 4), generatedMail(random, []));
    expect(tally.failures).toEqual([]);
    expect(tally.withKeywords).toBeGreaterThan(1000);
    console.log(tally.report('generated mail'));
  });

  it('on random text, with and without keyword phrases', () => {
    const random = seeded(3);
    const tally = new Tally();
    for (let n = 0; n < 1500; n++) {
      const parts = [noise(random, int(random, 0, 3000))];
      for (let k = int(random, 0, 3); k > 0; k--) parts.push(phrase(random), noise(random, int(random, 0, 500)));
      tally.check(random() < 0.5 ? null : noise(random, int(random, 0, 80)), parts.join(pick(random, [' ', '\n', ''])));
    }
    expect(tally.failures).toEqual([]);
    console.log(tally.report('random text'));
  });

  it('on reply headers, and on every line of real mail that could be one, followed by a complaint', () => {
    const tally = new Tally();
    const candidates = new Set(QUOTE_HEADERS);
    if (corpusExists) {
      for (const { text } of corpusTexts()) for (const line of linesOf(text)) if (/^\s*[-dflo]/i.test(line) && candidates.size < 30_000) candidates.add(line);
    }
    // Whether the line ends the customer's own words decides whether "plainte" counts.
    for (const line of candidates) tally.check(null, `Bonjour, merci de votre réponse.\n${line}\nJe porte plainte, mon compte est bloqué.`);
    expect(tally.failures).toEqual([]);
    console.log(tally.report('reply headers'));
  });

  it('on labels and short texts (not prefiltered, under 64 characters) and on every phrase alone', () => {
    const random = seeded(4);
    const tally = new Tally();
    for (const label of ['Plainte', 'Réclamation - Problème technique', 'Plainte – Retrait non reçu', 'Demande d’information', 'Retrait', 'Bonus', '', null]) tally.check(label, label);
    for (let n = 0; n < 3000; n++) tally.check(null, phrase(random));
    expect(tally.failures).toEqual([]);
    console.log(tally.report('labels and phrases'));
  });
});
