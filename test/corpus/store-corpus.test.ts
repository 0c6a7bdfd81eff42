import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/port.ts';
import { createMessageStore } from '../../src/ingest/store-message.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { REPO_ROOT } from '../support/cli.ts';

/**
 * Every real-world message of the shared corpus goes through the real store into PostgreSQL:
 * all stored (or quarantined, raw kept), none lost, none doubled, in the order handed in.
 */
const corpusDir = process.env.CORPUS_DIR ?? path.resolve(REPO_ROOT, '../shared/corpus');
const present = existsSync(corpusDir);
if (!present) console.warn(`[corpus] SKIPPED: no corpus at ${corpusDir}; set CORPUS_DIR to run the corpus tests`);

/** Mail files: .eml and .box anywhere, and the Maildir-style folders of sisimai and notmuch. */
async function mailFiles(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, maildir: boolean): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, maildir || full.includes('sisimai/set-of-emails/maildir') || full.includes('notmuch/test/corpora') || full.includes('bestpractical-rt/t/data/emails'));
      else if (/\.(eml|box)$/.test(entry.name) || (maildir && !/\.(json|tsv|yml|md|txt)$|README|SOURCE|LICENSE|COPYING/.test(entry.name))) found.push(full);
    }
  };
  await walk(corpusDir, false);
  return found;
}

let testDb: TestDatabase;
let db: Database;
beforeAll(async () => {
  if (!present) return;
  testDb = await createTestDatabase();
  db = testDb.open();
});
afterAll(async () => {
  await testDb?.drop();
});

describe.skipIf(!present)('the shared corpus through the store', () => {
  it('stores every message exactly once, quarantining rather than losing', async () => {
    const files = await mailFiles();
    const logger = createLogger('silent');
    const boss = await startBoss({ kind: 'postgres', connectionString: testDb.url }, logger, { supervise: false });
    try {
      const store = createMessageStore({
        db,
        boss,
        limits: { maxMessageBytes: 40 * 1024 * 1024, maxMimeDepth: 20, maxParts: 500 },
        settings: { contactFormSenders: [], supportAddress: 'support@guichet.example' },
        logger,
      });
      const hashes = new Set<string>();
      const counts = { stored: 0, quarantined: 0, duplicate: 0 };
      for (const [index, file] of files.entries()) {
        const raw = await readFile(file);
        if (raw.length === 0) continue;
        hashes.add(createHash('sha256').update(raw).digest('hex'));
        const outcome = await store({ raw, receivedAt: (await stat(file)).mtime, origin: { kind: 'import', path: file, index } });
        counts[outcome.status]++;
      }
      console.log(`[corpus] ${files.length} files: ${counts.stored} stored, ${counts.quarantined} quarantined, ${counts.duplicate} duplicates of identical bytes`);
      const { rows } = await db.query<{ n: string; q: string }>("SELECT count(*) AS n, count(*) FILTER (WHERE quarantine_code IS NOT NULL) AS q FROM messages WHERE direction = 'inbound'");
      expect(Number(rows[0]?.n)).toBe(hashes.size); // none lost, none doubled
      expect(counts.stored + counts.quarantined).toBe(hashes.size);
      expect(Number(rows[0]?.q)).toBe(counts.quarantined);
      const raws = await db.query<{ ok: boolean }>("SELECT bool_and(encode(sha256(raw), 'hex') = sha256) AS ok FROM messages");
      expect(raws.rows[0]?.ok).toBe(true); // the raw bytes are exactly what was handed in
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  }, 300_000);
});
