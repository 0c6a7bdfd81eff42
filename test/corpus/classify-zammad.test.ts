/**
 * Auto-reply and bounce detection over the Zammad corpus (shared/corpus/zammad, see its
 * SOURCE.txt): the out-of-office cases and auto-response header rules transcribed in
 * auto_response_cases.json, its bounce cases, and all 106 test mails, whose INDEX.tsv flags
 * (multipart/report, delivery-status, auto-submitted, precedence) give the expected kind: a
 * delivery report is a bounce, other flagged mail an auto-reply, the rest — real mail from
 * Outlook, Apple Mail, Thunderbird, Notes, spam — customers. The figures are printed once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { detectAutoReply } from '../../src/ingest/classify/auto-reply.ts';
import { classifyMessage, type Classification } from '../../src/ingest/classify/classify-message.ts';
import { factsOf } from '../unit/classify/facts-of.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = process.env.CORPUS_DIR ?? path.resolve(repoRoot, '../shared/corpus');
const root = path.join(corpusDir, 'zammad');
const exists = fs.existsSync(path.join(root, 'auto_response_cases.json'));
if (!exists) console.warn(`[corpus] SKIPPED classify-zammad: no corpus at ${root}; set CORPUS_DIR to run it`);

const OPTIONS = { contactFormSenders: [], supportAddress: 'support@guichet.example' };

interface Cases {
  out_of_office_cases: { name: string; raw: string; is_out_of_office: boolean }[];
  auto_response_header_rules: { spec_cases: { headers: Record<string, string>; is_auto_response: boolean }[] };
  bounce_cases_from_email_parser_spec: { file: string; kind: string }[];
}

/** Expected kinds that differ from what INDEX.tsv's flags say, with the reason. */
const OVERRIDES: Record<string, { kind: Classification['kind']; why: string }> = {
  'mail052.box': { kind: 'bounce', why: 'a Postfix bounce from MAILER-DAEMON whose Content-Type header says text/plain (INDEX sees no report)' },
};

describe.skipIf(!exists)('classification over the Zammad corpus', () => {
  const figures: string[] = [];
  afterAll(() => console.log(['[corpus] zammad classification (detected/total):', ...figures].join('\n')));
  const cases = (exists ? JSON.parse(fs.readFileSync(path.join(root, 'auto_response_cases.json'), 'utf8')) : null) as Cases | null;

  it('flags the out-of-office cases as Zammad expects', async () => {
    let same = 0;
    for (const c of cases?.out_of_office_cases ?? []) {
      const found = detectAutoReply(await factsOf(c.raw, true));
      expect({ name: c.name, autoReply: found !== null }).toEqual({ name: c.name, autoReply: c.is_out_of_office });
      same += 1;
    }
    figures.push(`  out-of-office cases        ${same}/${cases?.out_of_office_cases.length}`);
  });

  it('flags the auto-response header rule cases as Zammad expects', async () => {
    const specs = cases?.auto_response_header_rules.spec_cases ?? [];
    for (const spec of specs) {
      const headers = Object.entries(spec.headers).map(([name, value]) => `${name}: ${value}\n`).join('');
      const found = detectAutoReply(await factsOf(`From: me@example.com\nTo: customer@example.com\nSubject: Lorem ipsum dolor\n${headers}\nSome Text\n`, true));
      expect(found !== null).toBe(spec.is_auto_response);
    }
    figures.push(`  auto-response rule cases   ${specs.length}/${specs.length}`);
  });

  it('reads the bounce cases of its email parser spec, with the original Message-ID', async () => {
    const bounces = cases?.bounce_cases_from_email_parser_spec ?? [];
    for (const b of bounces) {
      const c = classifyMessage(await factsOf(fs.readFileSync(path.join(root, b.file))), OPTIONS);
      expect(c).toMatchObject({ kind: 'bounce', reason: /delay/i.test(b.kind) ? 'delayed' : 'failed' });
      expect(c.kind === 'bounce' ? c.originalMessageId : null).toMatch(/@/);
    }
    figures.push(`  parser-spec bounces        ${bounces.length}/${bounces.length}`);
  });

  it('classifies every test mail as its INDEX.tsv flags say', async () => {
    const rows = fs.readFileSync(path.join(root, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    const tally = new Map<string, { total: number; same: number }>();
    const wrong: string[] = [];
    for (const row of rows) {
      const file = row[0] ?? '';
      const flags = row[10] ?? '';
      const name = path.basename(file);
      const expected: Classification['kind'] = OVERRIDES[name]?.kind ?? (/multipart\/report|delivery-status/.test(flags) ? 'bounce' : flags ? 'auto-reply' : 'customer');
      const c = classifyMessage(await factsOf(fs.readFileSync(path.join(root, file))), OPTIONS);
      const t = tally.get(expected) ?? { total: 0, same: 0 };
      tally.set(expected, t);
      t.total += 1;
      if (c.kind === expected) t.same += 1;
      else wrong.push(`${name}: expected ${expected}, got ${JSON.stringify(c)}`);
    }
    for (const [kind, t] of tally) figures.push(`  test mails: ${kind.padEnd(14)} ${t.same}/${t.total}`);
    expect(wrong).toEqual([]);
  });
});
