/**
 * Bounce and auto-reply detection over the Sisimai corpus (shared/corpus/sisimai, see its
 * SOURCE.txt): 612 real bounces, feedback reports and RFC 3834 auto-replies (LF), 64 CRLF
 * copies, and 2 messages that are not bounces. expected.tsv gives Sisimai's reason per file
 * (and recipient); files without a row are bounces too (arf-* feedback reports).
 *
 * Every file is classified with classifyMessage. Classes and what counts as detected:
 * - bounce (any reason but the ones below): kind 'bounce' with reason failed or delayed;
 * - delivered (Sisimai "delivered", success DSNs): kind 'bounce' with reason 'delivered';
 * - feedback (ARF, RFC 5965): kind 'bounce' (feedback-report) or 'auto-reply' — no case either way;
 * - auto-reply (Sisimai "vacation", RFC 3834): kind 'auto-reply';
 * - not-bounce (maildir/not): anything but 'bounce'.
 * A miss fails the test unless it is in KNOWN_MISSES, and a known miss that no longer misses
 * fails too, so the list stays true. The figures are printed once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyMessage, type Classification } from '../../src/ingest/classify/classify-message.ts';
import { factsOf } from '../unit/classify/facts-of.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = process.env.CORPUS_DIR ?? path.resolve(repoRoot, '../shared/corpus');
const root = path.join(corpusDir, 'sisimai');
const exists = fs.existsSync(path.join(root, 'expected.tsv'));
if (!exists) console.warn(`[corpus] SKIPPED classify-sisimai: no corpus at ${root}; set CORPUS_DIR to run it`);

type Class = 'bounce' | 'delivered' | 'feedback' | 'auto-reply' | 'not-bounce';

/** Misses we accept, by file name (bsd and dos copies alike): what we return, and why. */
const KNOWN_MISSES: Record<string, { kind: Classification['kind']; why: string }> = {
  'lhost-apachejames-01.eml': { kind: 'customer', why: 'unreadable body (a multipart boundary parameter on an unindented line): only a post_master@ sender and a "Re:" subject remain' },
  'lhost-verizon-02.eml': { kind: 'customer', why: 'same broken MIME as apachejames-01: no text, a post_master@ sender, subject "Re:Nyaan"' },
  'lhost-sendmail-14.eml': { kind: 'customer', why: 'a person forwarding a bounce ("Fwd: Returned mail") from their own address: a person writing, by design' },
  'lhost-fml-02.eml': { kind: 'auto-reply', why: 'an fml mailing-list manager notice (List-Subscribe, X-MLServer): an auto-reply, never a case' },
  'lhost-fml-03.eml': { kind: 'auto-reply', why: 'an fml mailing-list manager notice (X-MLServer): an auto-reply, never a case' },
};

const OPTIONS = { contactFormSenders: [], supportAddress: 'support@guichet.example' };

function expectations(): { classes: Map<string, Class>; statuses: Map<string, string[]> } {
  const classes = new Map<string, Class>();
  const statuses = new Map<string, string[]>();
  const reasons = new Map<string, Set<string>>();
  const lines = fs.readFileSync(path.join(root, 'expected.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [file = '', , , , status = '', , reason = ''] = line.split('\t');
    const name = path.basename(file);
    (reasons.get(name) ?? reasons.set(name, new Set()).get(name))?.add(reason);
    (statuses.get(name) ?? statuses.set(name, []).get(name))?.push(status);
  }
  for (const name of fs.readdirSync(path.join(root, 'set-of-emails/maildir/bsd'))) {
    const r = reasons.get(name);
    const cls: Class = !r ? (name.startsWith('arf-') ? 'feedback' : 'bounce') : r.has('vacation') ? 'auto-reply' : r.has('feedback') ? 'feedback' : [...r].every((x) => x === 'delivered') ? 'delivered' : 'bounce';
    classes.set(name, cls);
  }
  return { classes, statuses };
}

function detected(cls: Class, c: Classification): boolean {
  switch (cls) {
    case 'bounce':
      return c.kind === 'bounce' && (c.reason === 'failed' || c.reason === 'delayed');
    case 'delivered':
      return c.kind === 'bounce' && c.reason === 'delivered';
    case 'feedback':
      return c.kind === 'bounce' || c.kind === 'auto-reply';
    case 'auto-reply':
      return c.kind === 'auto-reply';
    case 'not-bounce':
      return c.kind !== 'bounce';
  }
}

describe.skipIf(!exists)('classification over the Sisimai corpus', () => {
  const tally = new Map<string, { total: number; detected: number; misses: string[] }>();
  const figures = { failedWithRecipients: 0, failed: 0, withOriginalId: 0, bounces: 0, statusSame: 0, statusComparable: 0 };

  afterAll(() => {
    const lines = [...tally.entries()].map(([k, t]) => `  ${k.padEnd(22)} ${t.detected}/${t.total}${t.misses.length ? `  misses: ${t.misses.join(', ')}` : ''}`);
    console.log(
      [
        '[corpus] sisimai classification (detected/total):',
        ...lines,
        `  failed bounces naming their recipients: ${figures.failedWithRecipients}/${figures.failed}`,
        `  bounces with the original Message-ID: ${figures.withOriginalId}/${figures.bounces}`,
        `  status equal to Sisimai's (where it gives an RFC 3463 code): ${figures.statusSame}/${figures.statusComparable}`,
      ].join('\n'),
    );
  });

  const { classes, statuses } = exists ? expectations() : { classes: new Map<string, Class>(), statuses: new Map<string, string[]>() };
  const dirs: [string, string][] = [
    ['bsd', 'LF'],
    ['dos', 'CRLF'],
    ['not', 'not'],
  ];

  for (const [dir, label] of dirs) {
    it(`classifies maildir/${dir} (${label})`, async () => {
      const folder = path.join(root, 'set-of-emails/maildir', dir);
      const wrong: string[] = [];
      for (const name of fs.readdirSync(folder).sort()) {
        const cls: Class = dir === 'not' ? 'not-bounce' : (classes.get(name) ?? 'bounce');
        const c = classifyMessage(await factsOf(fs.readFileSync(path.join(folder, name))), OPTIONS);
        const key = `${cls} (${label})`;
        const t = tally.get(key) ?? { total: 0, detected: 0, misses: [] };
        tally.set(key, t);
        t.total += 1;
        const known = KNOWN_MISSES[name];
        if (detected(cls, c)) {
          t.detected += 1;
          if (known) wrong.push(`${dir}/${name}: listed as a known miss but now detected (${c.kind})`);
        } else {
          t.misses.push(`${name}→${c.kind}`);
          if (!known) wrong.push(`${dir}/${name}: expected ${cls}, got ${JSON.stringify(c)}`);
          else if (known.kind !== c.kind) wrong.push(`${dir}/${name}: known miss as ${known.kind}, now ${c.kind}`);
        }
        if (dir === 'bsd' && c.kind === 'bounce' && c.reason !== 'feedback-report') {
          figures.bounces += 1;
          if (c.originalMessageId) figures.withOriginalId += 1;
          if (c.reason === 'failed') {
            figures.failed += 1;
            if (c.failedRecipients.length > 0) figures.failedWithRecipients += 1;
          }
          // Sisimai's own codes (x.0.9xx) and rows without a status are not comparable.
          const expected = (statuses.get(name) ?? []).filter((s) => /^[245]\.\d{1,3}\.\d{1,3}$/.test(s) && !/\.9\d\d$/.test(s));
          if (expected.length > 0 && c.status) {
            figures.statusComparable += 1;
            if (expected.includes(c.status)) figures.statusSame += 1;
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('names the recipients, the original and the status of most bounces', () => {
    // Regression floors a little under today's figures (see the printed figures).
    expect(figures.failedWithRecipients / figures.failed).toBeGreaterThan(0.85);
    expect(figures.withOriginalId / figures.bounces).toBeGreaterThan(0.85);
    expect(figures.statusSame / figures.statusComparable).toBeGreaterThan(0.9);
  });
});
