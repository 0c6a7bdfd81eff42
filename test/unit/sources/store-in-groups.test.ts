import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../src/ingest/incoming-message.ts';
import type { PreparedMessage, SinkSteps } from '../../../src/ingest/prepared-message.ts';
import { GROUP_MAX, storeInGroups } from '../../../src/ingest/store-in-groups.ts';
import type { StoreOutcome } from '../../../src/ingest/store-outcome.ts';

/**
 * The group-commit driver the IMAP sync stores through, against in-memory steps whose prepare
 * and commit the test releases by hand: order, grouping, stop and failures.
 */

/** A message standing for item `n` (only its uid matters to the fake steps). */
const messageOf = (n: number): IncomingMessage => ({ raw: Buffer.from(String(n)), receivedAt: new Date(0), origin: { kind: 'imap', mailboxId: '1', uidValidity: 1n, uid: n } });
const uidOf = (m: IncomingMessage) => (m.origin.kind === 'imap' ? m.origin.uid : -1);

type Deferred = { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Steps that record what happens; `gateCommits` makes each commit wait for the test. */
function fakeSteps(options: { gateCommits?: boolean; failPrepareAt?: number; failCommitAt?: number } = {}) {
  const groups: number[][] = [];
  const prepared: number[] = [];
  const gates: Deferred[] = [];
  let preparing = 0;
  const lookedUp: number[][] = [];
  const steps: SinkSteps = {
    async lookUp(messages) {
      lookedUp.push(messages.map(uidOf));
      return messages.map((m) => ({ sha256: `sha-${uidOf(m)}`, knownId: null }));
    },
    async prepare(message, lookUp) {
      preparing++;
      try {
        await new Promise((r) => setImmediate(r));
        const uid = uidOf(message);
        if (lookUp?.sha256 !== `sha-${uid}`) throw new Error(`prepare ${uid} was not given its look-up`);
        if (uid === options.failPrepareAt) throw new Error(`prepare ${uid} failed`);
        prepared.push(uid);
        return { uid, commit: () => Promise.reject(new Error('commit() is not used by the driver')) } as PreparedMessage & { uid: number };
      } finally {
        preparing--;
      }
    },
    async commitGroup(group, onCommitted) {
      const uids = group.map((p) => (p as PreparedMessage & { uid: number }).uid);
      groups.push(uids);
      if (options.gateCommits) {
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
      } else {
        await new Promise((r) => setImmediate(r));
      }
      // Like the store: what committed before the failing message is reported, then it throws.
      const outcomes: StoreOutcome[] = [];
      for (const [i, uid] of uids.entries()) {
        if (uid === options.failCommitAt) throw new Error(`commit of ${uid} failed`);
        const outcome: StoreOutcome = { status: 'stored', id: String(uid), arrivalSeq: String(uid) };
        onCommitted(i, outcome);
        outcomes.push(outcome);
      }
      return outcomes;
    },
  };
  return {
    steps,
    groups,
    lookedUp,
    prepared,
    gates,
    preparingNow: () => preparing,
  };
}

const waitUntil = async (condition: () => boolean) => {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  if (!condition()) throw new Error('condition never held');
};

describe('storeInGroups', () => {
  it('commits every item once, in order, and reports each once committed', async () => {
    const fake = fakeSteps();
    const items = Array.from({ length: 40 }, (_, i) => i + 1);
    const committed: number[] = [];
    await storeInGroups(items, messageOf, fake.steps, { shouldStop: () => false, onCommitted: (item, outcome) => committed.push(Number(outcome.status === 'stored' ? outcome.id : -item)) });
    expect(fake.groups.flat()).toEqual(items);
    expect(committed).toEqual(items);
    expect(fake.lookedUp).toEqual([items]); // one look-up for the lot
    for (const group of fake.groups) expect(group.length).toBeLessThanOrEqual(GROUP_MAX);
  });

  it('commits a lone message at once, and groups what was prepared while a commit ran', async () => {
    const fake = fakeSteps({ gateCommits: true });
    const items = Array.from({ length: 2 * GROUP_MAX + 5 }, (_, i) => i + 1);
    const done = storeInGroups(items, messageOf, fake.steps, { shouldStop: () => false, onCommitted: () => {} });
    // The first message does not wait for company.
    await waitUntil(() => fake.gates.length === 1);
    expect(fake.groups[0]).toEqual([1]);
    // While it commits, the others are prepared, at most GROUP_MAX ahead.
    await waitUntil(() => fake.prepared.length === 1 + GROUP_MAX);
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.prepared.length).toBe(1 + GROUP_MAX);
    fake.gates[0]?.resolve();
    await waitUntil(() => fake.gates.length === 2);
    expect(fake.groups[1]).toEqual(Array.from({ length: GROUP_MAX }, (_, i) => i + 2));
    // The rest, released as each commit starts, is committed as it gets prepared.
    for (let g = 1; ; g++) {
      await waitUntil(() => fake.gates.length > g);
      fake.gates[g]?.resolve();
      if (fake.groups.flat().length === items.length) break;
    }
    await done;
    expect(fake.groups.flat()).toEqual(items);
  });

  it('drops prepared messages once asked to stop, leaving them for the next pass', async () => {
    const fake = fakeSteps({ gateCommits: true });
    let stop = false;
    const committed: number[] = [];
    const done = storeInGroups([1, 2, 3, 4, 5], messageOf, fake.steps, { shouldStop: () => stop, onCommitted: (item) => committed.push(item) });
    await waitUntil(() => fake.gates.length === 1 && fake.prepared.length === 5);
    stop = true;
    fake.gates[0]?.resolve();
    await done;
    expect(committed).toEqual([1]);
    expect(fake.groups).toEqual([[1]]);
  });

  it('commits what was prepared before a failed prepare, then throws it; nothing after it is prepared', async () => {
    const fake = fakeSteps({ failPrepareAt: 3 });
    const committed: number[] = [];
    await expect(storeInGroups([1, 2, 3, 4, 5], messageOf, fake.steps, { shouldStop: () => false, onCommitted: (item) => committed.push(item) })).rejects.toThrow('prepare 3 failed');
    expect(committed).toEqual([1, 2]);
    expect(fake.prepared).toEqual([1, 2]);
  });

  it('throws a failed commit at once and leaves no prepare running', async () => {
    const fake = fakeSteps({ failCommitAt: 1 });
    const committed: number[] = [];
    await expect(storeInGroups(Array.from({ length: 30 }, (_, i) => i + 1), messageOf, fake.steps, { shouldStop: () => false, onCommitted: (item) => committed.push(item) })).rejects.toThrow('commit of 1 failed');
    expect(fake.preparingNow()).toBe(0);
    expect(committed).toEqual([]);
    expect(fake.groups).toEqual([[1]]);
  });

  it('reports the messages of a group committed before one that failed', async () => {
    const fake = fakeSteps({ gateCommits: true, failCommitAt: 5 });
    const committed: number[] = [];
    const done = storeInGroups([1, 2, 3, 4, 5, 6, 7], messageOf, fake.steps, { shouldStop: () => false, onCommitted: (item) => committed.push(item) });
    await waitUntil(() => fake.gates.length === 1 && fake.prepared.length === 7);
    fake.gates[0]?.resolve(); // [1] commits; [2..7] is the next group, in which 5 fails
    await waitUntil(() => fake.gates.length === 2);
    fake.gates[1]?.resolve();
    await expect(done).rejects.toThrow('commit of 5 failed');
    expect(fake.groups).toEqual([[1], [2, 3, 4, 5, 6, 7]]);
    expect(committed).toEqual([1, 2, 3, 4]);
  });

  it('does not hang when a commit fails, or a stop comes, while the preparing side waits for room', async () => {
    for (const ending of ['failure', 'stop'] as const) {
      const fake = fakeSteps({ gateCommits: true });
      let stop = false;
      const done = storeInGroups(Array.from({ length: 3 * GROUP_MAX }, (_, i) => i + 1), messageOf, fake.steps, { shouldStop: () => stop, onCommitted: () => {} });
      // The first message commits (held), GROUP_MAX more are prepared, and the preparing side waits.
      await waitUntil(() => fake.gates.length === 1 && fake.prepared.length === 1 + GROUP_MAX);
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.prepared.length).toBe(1 + GROUP_MAX);
      if (ending === 'failure') fake.gates[0]?.reject(new Error('boom'));
      else {
        stop = true;
        fake.gates[0]?.resolve();
      }
      const outcome = await Promise.race([done.then(() => 'resolved', (e: Error) => e.message), new Promise((r) => setTimeout(() => r('HANG'), 2000))]);
      expect(outcome).toBe(ending === 'failure' ? 'boom' : 'resolved');
      expect(fake.preparingNow()).toBe(0);
      expect(fake.prepared.length).toBe(1 + GROUP_MAX); // nothing prepared after the end
    }
  });
});
