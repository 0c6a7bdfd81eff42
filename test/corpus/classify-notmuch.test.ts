/**
 * A sanity check over ordinary mail (shared/corpus/notmuch, see its SOURCE.txt): 280 real
 * mailing-list posts (notmuch, aur-general, LKML) and edge cases must never be taken for
 * bounces. List mail (`List-Id`, `Precedence: list|bulk`) is reported as an auto-reply with a
 * list reason — it never opens a case, which is right for a support desk — and counted apart;
 * the posts whose list headers the corpus stripped stay customers. Printed once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../src/ingest/classify/classify-message.ts';
import { factsFromParsed } from '../../src/ingest/classify/message-facts.ts';
import { parseMessage } from '../../src/ingest/parse/parse-message.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = process.env.CORPUS_DIR ?? path.resolve(repoRoot, '../shared/corpus');
const root = path.join(corpusDir, 'notmuch/test/corpora');
const exists = fs.existsSync(root);
if (!exists) console.warn(`[corpus] SKIPPED classify-notmuch: no corpus at ${root}; set CORPUS_DIR to run it`);

const OPTIONS = { contactFormSenders: [], supportAddress: 'support@guichet.example' };
const LIMITS = { maxMessageBytes: 50e6, maxMimeDepth: 50, maxParts: 5000 };

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.name !== 'README') yield p;
  }
}

describe.skipIf(!exists)('classification over the notmuch corpus (ordinary mail)', () => {
  it('takes no ordinary mail for a bounce; list mail is an auto-reply with a list reason', async () => {
    const counts = { messages: 0, bounce: 0, list: 0, otherAutoReply: 0, customer: 0 };
    const bounces: string[] = [];
    const otherAutoReplies: string[] = [];
    for (const file of [...files(root)].sort()) {
      const parsed = await parseMessage(fs.readFileSync(file), LIMITS);
      if (!parsed.ok) continue;
      counts.messages += 1;
      const c = classifyMessage(factsFromParsed(parsed.message), OPTIONS);
      const name = path.relative(root, file);
      if (c.kind === 'bounce') {
        counts.bounce += 1;
        bounces.push(name);
      } else if (c.kind === 'auto-reply' && /^(?:mailing list|precedence: (?:list|bulk))/.test(c.reason)) counts.list += 1;
      else if (c.kind === 'auto-reply') {
        counts.otherAutoReply += 1;
        otherAutoReplies.push(`${name}: ${c.reason}`);
      } else counts.customer += 1;
    }
    console.log(
      `[corpus] notmuch classification: ${counts.messages} messages — bounce ${counts.bounce}, auto-reply as list mail ${counts.list}, other auto-reply ${counts.otherAutoReply} (${otherAutoReplies.join('; ')}), customer ${counts.customer}`,
    );
    expect(bounces).toEqual([]);
    // The one other auto-reply is Request Tracker's "[support… #33575] AutoReply: FYI …", which is one.
    expect(otherAutoReplies).toEqual([expect.stringMatching(/ghost-root\/.*out-of-office subject "autoreply"/)]);
    expect(counts.messages).toBeGreaterThan(250);
  });
});
