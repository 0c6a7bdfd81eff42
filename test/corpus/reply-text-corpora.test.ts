/**
 * extractNewText over the shared reply corpora (README.md and each SOURCE.txt in the corpus
 * directory), against their ground truth: discourse-email_reply_trimmer (trimmed/), mailgun-talon
 * (standard replies, inline cases, HTML replies, signature triples), willdurand-EmailReplyParser,
 * github-email_reply_parser and zapier-email-reply-parser (expected.json).
 *
 * Each case is judged: `exact` (equal after trimming), `near` (equal once white space is ignored,
 * or differing only by a trailing signature that the corpus keeps and that we strip by design:
 * "Best regards / Jef", "Sent from my iPhone"), `pass` (the corpus only gives required substrings
 * or patterns, and they hold), or `miss`. A miss fails the test unless it is in KNOWN_DIFFERENCES
 * with its reason, and a known difference that no longer misses fails too, so the list stays true.
 * The per-corpus figures are printed once. Extraction must also be idempotent on every input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { textFromHtml } from '../../src/ingest/parse/html-text.ts';
import { extractNewText } from '../../src/ingest/threading/text/new-text.ts';
import { stripSignature } from '../../src/ingest/threading/text/signature.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = process.env.CORPUS_DIR ?? path.resolve(repoRoot, '../shared/corpus');
const exists = fs.existsSync(path.join(corpusDir, 'discourse-email_reply_trimmer'));
if (!exists) console.warn(`[reply-text corpus] SKIPPED: no reply corpora at ${corpusDir}; set CORPUS_DIR to run them`);

interface Case {
  corpus: string;
  name: string;
  input: string;
  exact?: string;
  contains?: string[];
  notContains?: string[];
  pattern?: RegExp;
  maxSeconds?: number;
}
type Verdict = 'exact' | 'near' | 'pass' | 'miss';

/** Cases we do not match, by design; keys are `corpus:name`. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // Quotes are removed wherever they are: repeat detection compares what the customer wrote.
  'discourse:quote_and_text.txt': 'a quote followed by text: the corpus keeps the quote',
  'discourse:quote_only.txt': 'a quote only: the corpus keeps it, nothing is new',
  'discourse:embedded_email_16.txt': 'usenet-style quote above the answer: the corpus keeps it',
  'discourse:embedded_email_17.txt': 'quote between two answers: the corpus keeps it (and the "Cheers" sign-off)',
  'discourse:embedded_email_7.txt': '"C>" quote prefix: we only know ">"',
  'willdurand:email_with_from_headers.txt[From: foo@example.com <foo@example.com>]': 'a header at the very top with nothing above: we keep what follows (a forward without comment)',
  'willdurand:email_with_from_headers.txt[De: foo@example.com <foo@example.com>]': 'same',
  'willdurand:email_with_from_headers.txt[Van: foo@example.com <foo@example.com>]': 'same',
  'willdurand:email_with_from_headers.txt[Da: foo@example.com <foo@example.com>]': 'same',
  // Forwards are cut: the forwarded copy is not what the customer wrote now.
  'talon:test_dont_parse_quotations_for_forwarded_messages#42': 'talon keeps forwarded messages',
  // Talon's signature detector knows the sender's name; extractNewText has only the text.
  'talon-signature:signature/emails/stripped/jeff_body': 'a bare name and "via mobile" under the text',
  // Talon quirks.
  'talon:test_too_many_lines#0': 'talon drops "Hi" above the separator because of its line-count heuristic',
  'talon:test_reply_and_quotation_splitter_share_line#13': 'same input as #11 and #12 with another expectation',
  'talon:test_quotation_marker_false_positive#35': '">>> >>> http://… <<<" is quoted for us',
};

const read = (p: string) => fs.readFileSync(p, 'utf8');
const json = (p: string) => JSON.parse(read(path.join(corpusDir, p))) as Record<string, unknown>;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const toRegExp = (s: string) => { const m = /^\/(.*)\/([a-z]*)$/s.exec(s); return m ? new RegExp(m[1] ?? '', m[2]) : new RegExp(s); };

async function loadCases(): Promise<Case[]> {
  const cases: Case[] = [];
  const dd = path.join(corpusDir, 'discourse-email_reply_trimmer/test');
  for (const f of fs.readdirSync(path.join(dd, 'emails')).sort()) {
    cases.push({ corpus: 'discourse', name: f, input: read(path.join(dd, 'emails', f)), exact: read(path.join(dd, 'trimmed', f)).trim() });
  }
  const matcher = path.join(dd, 'matchers/does_not_contain_embedded_email.txt');
  if (fs.existsSync(matcher)) cases.push({ corpus: 'discourse', name: 'matchers (ReDoS guard)', input: read(matcher), maxSeconds: 5 });

  const td = path.join(corpusDir, 'mailgun-talon');
  const tex = json('mailgun-talon/expected.json') as { standard_replies: Record<string, string>; html_replies: Record<string, string>; signature_stripped: Record<string, { expected_signature_file: string }> };
  for (const [f, want] of Object.entries(tex.standard_replies)) {
    const parsed = await simpleParser(fs.readFileSync(path.join(td, 'tests/fixtures', f)));
    cases.push({ corpus: 'talon', name: f, input: parsed.text ?? '', exact: want.trim() });
  }
  for (const [f, want] of Object.entries(tex.html_replies)) {
    cases.push({ corpus: 'talon-html', name: f, input: (await textFromHtml(read(path.join(td, 'tests/fixtures', f)))) ?? '', exact: want.trim() });
  }
  for (const [f, e] of Object.entries(tex.signature_stripped)) {
    const body = read(path.join(td, 'tests/fixtures', f));
    const signature = read(path.join(td, 'tests/fixtures', e.expected_signature_file)).trim();
    cases.push({ corpus: 'talon-signature', name: f, input: body, exact: (signature === '' ? body : body.slice(0, body.lastIndexOf(signature))).trim() });
  }
  const inline = json('mailgun-talon/inline_cases.json') as { cases: { test: string; function: string; input: string; expected: string }[] };
  inline.cases.forEach((c, i) => {
    if (c.function === 'extract_from_plain') cases.push({ corpus: 'talon', name: `${c.test}#${i}`, input: c.input, exact: c.expected.trim() });
  });

  const wex = json('willdurand-EmailReplyParser/expected.json');
  const common = String(wex._COMMON_FIRST_FRAGMENT);
  for (const [f, raw] of Object.entries(wex)) {
    const p = path.join(corpusDir, 'willdurand-EmailReplyParser/tests/Fixtures', f);
    if (f.startsWith('_') || !fs.existsSync(p)) continue;
    cases.push(...fragmentCases('willdurand', f, read(p), raw as Expectation, common));
  }
  const gex = json('github-email_reply_parser/expected.json');
  for (const [f, raw] of Object.entries(gex)) {
    const e = raw as Expectation & { input?: string };
    if (f === '_inline' && e.input !== undefined) cases.push({ corpus: 'github', name: f, input: e.input, exact: e.visible_text ?? '' });
    const p = path.join(corpusDir, 'github-email_reply_parser/test/emails', f);
    if (!f.startsWith('_') && fs.existsSync(p)) cases.push(...fragmentCases('github', f, read(p), e, common));
  }
  const zex = json('zapier-email-reply-parser/expected.json') as Record<string, { reply?: string; reply_stripped?: string; reply_contains?: string[] }>;
  for (const [f, e] of Object.entries(zex)) {
    const p = path.join(corpusDir, 'zapier-email-reply-parser/test/emails', f);
    if (!fs.existsSync(p)) continue;
    const want = e.reply ?? e.reply_stripped;
    cases.push(want !== undefined ? { corpus: 'zapier', name: f, input: read(p), exact: want.trim() } : { corpus: 'zapier', name: f, input: read(p), contains: e.reply_contains ?? [] });
  }
  return cases;
}

interface Expectation {
  visible_text?: string; first_fragment_trimmed?: string; first_fragment_contains?: string[]; first_fragment_not_contains?: string[];
  fragment_equals?: Record<string, string>; fragment_match?: Record<string, string | string[]>; quoted?: (boolean | null)[]; hidden?: (boolean | null)[];
  template_placeholder?: string; substitutions?: string[]; max_seconds?: number;
}

/** Cases from EmailReplyParser-style expectations (visible text, first fragment, patterns). */
function fragmentCases(corpus: string, name: string, input: string, e: Expectation, common: string): Case[] {
  if (e.template_placeholder !== undefined) {
    const placeholder = e.template_placeholder;
    // With no visible text given, the template's quote header starts the first line: nothing is new.
    return (e.substitutions ?? []).map((s) => ({ corpus, name: `${name}[${s}]`, input: input.replace(placeholder, s), exact: (e.visible_text ?? '').trim() }));
  }
  const base = { corpus, name, input, maxSeconds: e.max_seconds };
  if (e.visible_text !== undefined) return [{ ...base, exact: e.visible_text.trim() }];
  if (e.first_fragment_trimmed !== undefined) return [{ ...base, exact: (e.first_fragment_trimmed === '$COMMON' ? common : e.first_fragment_trimmed).trim() }];
  if (e.first_fragment_contains !== undefined) return [{ ...base, contains: e.first_fragment_contains, notContains: e.first_fragment_not_contains ?? [] }];
  // A first fragment that is the only visible one is the whole visible text.
  const first = e.fragment_equals?.['0'];
  if (first !== undefined && e.hidden?.[0] === false && e.hidden.slice(1).every(Boolean)) return [{ ...base, exact: first.trim() }];
  // A pattern for the first fragment, when that fragment is the customer's (not a quote).
  const pattern = e.fragment_match?.['0'];
  if (typeof pattern === 'string' && e.quoted?.[0] !== true) return [{ ...base, pattern: toRegExp(pattern) }];
  return e.max_seconds !== undefined ? [{ ...base }] : [];
}

function judge(c: Case, got: string): Verdict {
  if (c.exact !== undefined) {
    if (got === c.exact) return 'exact';
    if (squash(got) === squash(c.exact)) return 'near';
    // The corpus keeps a signature that we strip by design.
    return squash(stripSignature(c.exact.split('\n')).join('\n')) === squash(got) && got !== '' ? 'near' : 'miss';
  }
  if (c.contains !== undefined) return c.contains.every((s) => got.includes(s)) && (c.notContains ?? []).every((s) => !got.includes(s)) ? 'pass' : 'miss';
  if (c.pattern !== undefined) return c.pattern.test(got) ? 'pass' : 'miss';
  return 'pass';
}

describe.skipIf(!exists)('extractNewText on the shared reply corpora', () => {
  it('matches the ground truth, apart from the known differences, within the time limits', async () => {
    const cases = await loadCases();
    const figures = new Map<string, Record<Verdict | 'cases', number>>();
    const unexpected: string[] = [];
    for (const c of cases) {
      const t0 = performance.now();
      const got = extractNewText(c.input);
      const seconds = (performance.now() - t0) / 1000;
      if (c.maxSeconds !== undefined) expect(seconds, `${c.corpus}:${c.name} took ${seconds.toFixed(2)} s`).toBeLessThan(c.maxSeconds);
      // Callers may extract again what was extracted (decide-thread gets the stored new text):
      // a second pass must change nothing.
      if (extractNewText(got) !== got) unexpected.push(`${c.corpus}:${c.name} is not idempotent`);
      const verdict = judge(c, got);
      const row = figures.get(c.corpus) ?? { cases: 0, exact: 0, near: 0, pass: 0, miss: 0 };
      row.cases++;
      row[verdict]++;
      figures.set(c.corpus, row);
      const key = `${c.corpus}:${c.name}`;
      const known = KNOWN_DIFFERENCES[key];
      if (verdict === 'miss' && known === undefined) unexpected.push(`${key}\n  got:  ${JSON.stringify(got)}\n  want: ${JSON.stringify(c.exact ?? c.contains ?? String(c.pattern))}`);
      if (verdict !== 'miss' && known !== undefined) unexpected.push(`${key} now ${verdict}: remove it from KNOWN_DIFFERENCES`);
    }
    const table = [...figures].map(([corpus, r]) => {
      const judged = r.cases;
      return { corpus, cases: judged, exact: r.exact, near: r.near, 'checks passed': r.pass, miss: r.miss, 'exact %': +((100 * r.exact) / judged).toFixed(1), 'exact+near+pass %': +((100 * (r.exact + r.near + r.pass)) / judged).toFixed(1) };
    });
    console.log('[reply-text corpus] extractNewText against the corpora ground truth:');
    console.table(table);
    expect(unexpected, unexpected.join('\n')).toEqual([]);
    expect(cases.length).toBeGreaterThan(200);
  });
});
