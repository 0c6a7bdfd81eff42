import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { nextCase } from '../../src/cases/queue.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { Database } from '../../src/db/port.ts';
import { createMessageStore } from '../../src/ingest/store-message.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { processMessage } from '../../src/jobs/process-message.ts';
import { replyToCase } from '../../src/lifecycle/agent-mail.ts';
import { CaseActionError } from '../../src/lifecycle/case-action-error.ts';
import { decideCase, OUTCOMES } from '../../src/lifecycle/decide.ts';
import { escalateCase } from '../../src/lifecycle/escalate.ts';
import { DEADLINE_SWEEP_QUEUE, registerDeadlineSweep, sendDueInterimUpdates } from '../../src/lifecycle/interim-updates.ts';
import { reclassifyCase } from '../../src/lifecycle/reclassify.ts';
import { reopenCase } from '../../src/lifecycle/reopen.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { MailDeps } from '../../src/outbox/queue-mail.ts';
import { loadTemplates, TEMPLATES_DIR } from '../../src/templates/load-templates.ts';
import type { TemplateSet } from '../../src/templates/render.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { makeMail } from '../support/mail-factory.ts';
import { waitFor } from '../support/wait.ts';
import { Writable } from 'node:stream';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAgentAction, type AgentActionDeps, type AgentCommandRequest } from '../../src/cli/commands/agent-actions.ts';

/**
 * The complaint lifecycle on real PostgreSQL, cases opened through the real path (store →
 * processMessage → acknowledgement), time moved by a ManualClock: interim updates, decisions,
 * refusals that change nothing, reclassification, escalation, agent mail, reopening.
 */
const DAY = 86_400_000;
const FORM = 'formulaire@site.example';
const logger = createLogger('silent');
let testDb: TestDatabase;
let db: Database;
let boss: PgBoss;
let config: Config;
let templates: TemplateSet;
let clock: ManualClock;
let mail: MailDeps;
let store: ReturnType<typeof createMessageStore>;
let seq = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.open();
  config = loadConfig({ DATABASE_URL: testDb.url, LOG_LEVEL: 'silent', CONTACT_FORM_SENDERS: FORM, SUPPORT_ADDRESS: 'support@guichet.example', DESK_NAME: 'Service Client Exemple' });
  boss = await startBoss({ kind: 'postgres', connectionString: testDb.url }, logger, { supervise: false });
  templates = await loadTemplates(TEMPLATES_DIR);
  clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
  mail = { boss, templates, clock, settings: config };
  store = createMessageStore({ db, boss, limits: config.limits, settings: config, logger });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await testDb?.drop();
});

type Opened = { id: string; ref: string };

/** A contact-form complaint (or request) from a new customer, received at `receivedAt`, processed. */
async function openFormCase(receivedAt: Date, options: { language?: 'fr' | 'en'; category?: 'complaint' | 'request'; eventDate?: string } = {}): Promise<Opened> {
  const n = ++seq;
  const email = `client${n}@example.fr`;
  const body =
    options.language === 'en'
      ? [`Category: ${options.category === 'request' ? 'Question' : 'Complaint'}`, `Name: Customer ${n}`, `Email: ${email}`, `Username: PP${100000 + n}`, ...(options.eventDate ? [`Event date: ${options.eventDate}`] : []), 'Description:', `My withdrawal number ${n} of 200 euros was refused and I have not received the money on my bank account, please check it and tell me what happened.`]
      : [`Catégorie : ${options.category === 'request' ? 'Question' : 'Plainte'}`, `Nom : Client ${n}`, `E-mail : ${email}`, `Identifiant : PP${100000 + n}`, ...(options.eventDate ? [`Date de l'événement : ${options.eventDate}`] : []), 'Description :', `Mon retrait numéro ${n} de 200 euros a été refusé et je ne vois pas pourquoi, merci de vérifier mon compte et de me dire ce qui se passe.`];
  const raw = makeMail(n, { from: `Formulaire <${FORM}>`, subject: `Contact ${n}`, body: `${body.join('\r\n')}\r\n`, extraHeaders: { 'Reply-To': email } });
  const stored = await store({ raw, receivedAt, origin: { kind: 'import', path: `/mail/${n}.eml`, index: 0 } });
  if (stored.status !== 'stored') throw new Error(`not stored: ${stored.status}`);
  const outcome = await processMessage(db, stored.id, config, mail);
  if (outcome.status !== 'new-case') throw new Error(`no new case: ${JSON.stringify(outcome)}`);
  return { id: outcome.caseId, ref: outcome.ref };
}

type CaseRow = Record<string, unknown> & { status: string; interim_updates: number; next_update_at: Date | null; deadline_at: Date; arrival_seq: string };
const caseRow = async (id: string) => (await db.query<CaseRow>('SELECT * FROM cases WHERE id = $1', [id])).rows[0]!;
const outboxOf = async (id: string, template?: string) =>
  (
    await db.query<{ template: string; locale: string; automatic: boolean; cause: string; text_body: string; subject: string }>(
      `SELECT o.template, o.locale, o.automatic, o.cause, m.text_body, m.subject FROM outbox o JOIN messages m ON m.id = o.message_id
        WHERE o.case_id = $1 AND ($2::text IS NULL OR o.template = $2) ORDER BY o.id`,
      [id, template ?? null],
    )
  ).rows;
const eventsOf = async (id: string, type?: string) =>
  (await db.query<{ type: string; actor: string; data: Record<string, unknown> }>('SELECT type, actor, data FROM case_events WHERE case_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY id', [id, type ?? null])).rows;

/** Everything a refused action must leave as it was. */
async function snapshot(id: string | null) {
  const counts = await db.query(
    `SELECT (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM case_events) AS events, (SELECT count(*) FROM messages) AS messages,
            (SELECT count(*) FROM pgboss.job) AS jobs, (SELECT count(*) FROM cases) AS cases`,
  );
  return { counts: counts.rows[0], row: id ? await caseRow(id) : null };
}

async function refusedWithoutChange(id: string | null, action: () => Promise<unknown>): Promise<string> {
  const before = await snapshot(id);
  const error = await action().then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CaseActionError)) throw new Error(`expected a CaseActionError, got ${String(error)}`);
  expect(await snapshot(id)).toEqual(before);
  return error.code;
}

describe('interim updates and the decision', () => {
  it('sends one update at the deadline, one per cadence, none after the decision', async () => {
    const received = new Date('2026-11-02T09:00:00Z');
    clock.set(new Date(received.getTime() + 60_000));
    const c = await openFormCase(received);
    const opened = await caseRow(c.id);
    expect(opened).toMatchObject({ category: 'complaint', status: 'open', interim_updates: 0 });
    expect(opened.deadline_at.toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(opened.next_update_at?.toISOString()).toBe('2026-12-02T09:00:00.000Z');

    // Before the deadline: nothing.
    clock.set(new Date('2026-12-02T08:59:59Z'));
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(0);
    expect(await outboxOf(c.id, 'interim-update')).toHaveLength(0);

    // Past it: exactly one, automatic, caused by the deadline.
    clock.set(new Date('2026-12-02T09:00:30Z'));
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(1);
    const first = await outboxOf(c.id, 'interim-update');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ locale: 'fr', automatic: true, cause: 'deadline' });
    expect(first[0]!.subject).toContain(c.ref);
    expect(first[0]!.text_body).toMatch(/2 novembre 2026/); // received on
    expect(first[0]!.text_body).toMatch(/16 décembre 2026/); // the next update, 14 days on
    let row = await caseRow(c.id);
    expect(row.interim_updates).toBe(1);
    expect(row.next_update_at?.toISOString()).toBe('2026-12-16T09:00:30.000Z');
    expect(await eventsOf(c.id, 'interim-update')).toEqual([expect.objectContaining({ actor: 'system', data: expect.objectContaining({ number: 1 }) })]);

    // The same instant again, twice at once: still one.
    const again = await Promise.all([sendDueInterimUpdates(db, mail, config.procedure), sendDueInterimUpdates(db, mail, config.procedure)]);
    expect(again).toEqual([0, 0]);
    expect(await outboxOf(c.id, 'interim-update')).toHaveLength(1);

    // Fourteen days on: a second one, even with two sweeps racing.
    clock.advance(14 * DAY);
    const second = await Promise.all([sendDueInterimUpdates(db, mail, config.procedure), sendDueInterimUpdates(db, mail, config.procedure)]);
    expect(second[0]! + second[1]!).toBe(1);
    expect(await outboxOf(c.id, 'interim-update')).toHaveLength(2);
    expect((await caseRow(c.id)).interim_updates).toBe(2);

    // The decision: mail queued, case closed, updates stopped.
    const decided = await decideCase(db, mail, { ref: c.ref, outcome: 'confirmed', reasons: 'Le retrait a été refusé conformément à l’article 12 des conditions générales.', agent: 'Claire' });
    expect(decided).toEqual({ ref: c.ref, outcome: 'confirmed', outboxStatus: 'queued' });
    row = await caseRow(c.id);
    expect(row).toMatchObject({ status: 'closed', outcome: 'confirmed', next_update_at: null });
    expect(row.decided_at).toEqual(clock.now());
    expect(row.closed_at).toEqual(clock.now());
    const decision = await outboxOf(c.id, 'decision-confirmed');
    expect(decision).toHaveLength(1);
    expect(decision[0]).toMatchObject({ automatic: false, cause: 'decision' });
    expect(decision[0]!.text_body).toContain('article 12 des conditions générales');
    expect(decision[0]!.text_body).toContain('Claire');
    expect((await eventsOf(c.id)).map((e) => e.type).slice(-3)).toEqual(['mail-queued', 'decided', 'closed']);

    clock.advance(60 * DAY);
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(0);
    expect(await outboxOf(c.id, 'interim-update')).toHaveLength(2);
  });

  it('re-checks each case under its lock: another sweep or a decision between the read and the lock wins', async () => {
    /** The database, except that right after the sweep has read the due cases, `meanwhile` runs to completion. */
    const interleaved = (meanwhile: () => Promise<unknown>): Database => {
      let ran = false;
      return {
        kind: db.kind,
        query: async (text, values) => {
          const result = await db.query(text, values);
          if (!ran && text.includes('next_update_at <=')) {
            ran = true;
            await meanwhile();
          }
          return result as never;
        },
        transaction: (work) => db.transaction(work),
        tryLock: (name) => db.tryLock(name),
        close: async () => {},
      };
    };
    clock.set(new Date('2027-02-01T10:00:00Z'));
    const raced = await openFormCase(new Date('2027-02-01T09:00:00Z'));
    const decided = await openFormCase(new Date('2027-02-01T09:00:00Z'));
    clock.set(new Date('2027-03-01T09:30:00Z'));
    let inner = -1;
    const outer = await sendDueInterimUpdates(
      interleaved(async () => {
        await decideCase(db, mail, { ref: decided.ref, outcome: 'solution', reasons: null, agent: 'Eve' });
        inner = await sendDueInterimUpdates(db, mail, config.procedure);
      }),
      mail,
      config.procedure,
    );
    expect([inner, outer]).toEqual([1, 0]);
    expect(await outboxOf(raced.id, 'interim-update')).toHaveLength(1);
    expect(await outboxOf(decided.id, 'interim-update')).toHaveLength(0);
  });

  it('retries an update held back by the per-address limit a day later', async () => {
    clock.set(new Date('2027-03-01T10:00:00Z'));
    const c = await openFormCase(new Date('2027-03-01T09:00:00Z'));
    clock.set(new Date('2027-04-01T10:00:00Z'));
    const limited: MailDeps = { ...mail, settings: { ...config, autoMailMaxPerDay: 0 } };
    expect(await sendDueInterimUpdates(db, limited, config.procedure)).toBe(0);
    expect(await caseRow(c.id)).toMatchObject({ interim_updates: 0, next_update_at: new Date('2027-04-02T10:00:00Z') });
    expect(await eventsOf(c.id, 'mail-suppressed')).toHaveLength(1);
    clock.set(new Date('2027-04-02T10:00:00Z'));
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBeGreaterThanOrEqual(1);
    expect(await caseRow(c.id)).toMatchObject({ interim_updates: 1, next_update_at: new Date('2027-04-16T10:00:00Z') });
  });

  it.each(['fr', 'en'] as const)('mails each of the five decisions in %s, with the reasons', async (language) => {
    clock.set(new Date('2027-01-10T10:00:00Z'));
    for (const outcome of OUTCOMES) {
      const c = await openFormCase(new Date('2027-01-10T09:00:00Z'), { language });
      expect((await caseRow(c.id)).language).toBe(language);
      const reasons = `Motif ${outcome} ${language}: vérification faite le 9 janvier.\nDeuxième ligne.`;
      expect(await decideCase(db, mail, { ref: c.ref, outcome, reasons, agent: 'Bob' })).toEqual({ ref: c.ref, outcome, outboxStatus: 'queued' });
      const [sent, ...more] = await outboxOf(c.id, `decision-${outcome}`);
      expect(more).toHaveLength(0);
      expect(sent).toMatchObject({ locale: language, automatic: false });
      expect(sent!.subject).toContain(c.ref);
      expect(sent!.text_body).toContain(`Motif ${outcome} ${language}: vérification faite le 9 janvier.`);
      expect(sent!.text_body).toContain('Deuxième ligne.');
    }
    // A solution and provisional information may come without reasons.
    for (const outcome of ['solution', 'provisional'] as const) {
      const c = await openFormCase(new Date('2027-01-10T09:00:00Z'), { language });
      await decideCase(db, mail, { ref: c.ref, outcome, reasons: '  ', agent: 'Bob' });
      expect(await caseRow(c.id)).toMatchObject({ status: 'closed', outcome, reasons: null });
      expect(await outboxOf(c.id, `decision-${outcome}`)).toHaveLength(1);
    }
  });

  it('refuses bad decisions and changes nothing', async () => {
    clock.set(new Date('2027-02-10T10:00:00Z'));
    const c = await openFormCase(new Date('2027-02-10T09:00:00Z'));
    expect(await refusedWithoutChange(null, () => decideCase(db, mail, { ref: 'SC-2099-999999', outcome: 'confirmed', reasons: 'x', agent: 'a' }))).toBe('UNKNOWN_CASE');
    expect(await refusedWithoutChange(c.id, () => decideCase(db, mail, { ref: c.ref, outcome: 'accepted', reasons: 'x', agent: 'a' }))).toBe('UNKNOWN_OUTCOME');
    expect(await refusedWithoutChange(c.id, () => decideCase(db, mail, { ref: c.ref, outcome: 'confirmed', reasons: null, agent: 'a' }))).toBe('REASONS_REQUIRED');
    expect(await refusedWithoutChange(c.id, () => decideCase(db, mail, { ref: c.ref, outcome: 'cancelled', reasons: ' \n ', agent: 'a' }))).toBe('REASONS_REQUIRED');
    await decideCase(db, mail, { ref: c.ref, outcome: 'cancelled', reasons: 'La décision est annulée.', agent: 'a' });
    expect(await refusedWithoutChange(c.id, () => decideCase(db, mail, { ref: c.ref, outcome: 'confirmed', reasons: 'Encore.', agent: 'a' }))).toBe('CASE_CLOSED');
    // Other actions on a closed case.
    expect(await refusedWithoutChange(c.id, () => escalateCase(db, { ref: c.ref, department: 'payments', agent: 'a' }))).toBe('CASE_CLOSED');
    expect(await refusedWithoutChange(c.id, () => reclassifyCase(db, { ref: c.ref, category: 'request', agent: 'a', procedure: config.procedure, clock }))).toBe('CASE_CLOSED');
    expect(await refusedWithoutChange(c.id, () => replyToCase(db, mail, { ref: c.ref, text: 'Pouvez-vous préciser ?', agent: 'a', kind: 'request-info' }))).toBe('CASE_CLOSED');
    expect(await outboxOf(c.id, 'decision-cancelled')).toHaveLength(1);
  });
});

describe('agent actions', () => {
  it('escalates to a department queue at the original place', async () => {
    clock.set(new Date('2027-05-01T12:00:00Z'));
    const older = await openFormCase(new Date('2027-05-01T09:00:00Z'));
    const younger = await openFormCase(new Date('2027-05-01T10:00:00Z'));
    const before = await caseRow(older.id);
    const handed = await nextCase(db, 'alice');
    expect(handed).toMatchObject({ status: 'assigned' });
    // Escalate the younger first, then the older one (assigned to whoever had it).
    await escalateCase(db, { ref: younger.ref, department: 'payments', agent: 'alice' });
    const r = await escalateCase(db, { ref: older.ref, department: ' Payments ', agent: 'alice' });
    expect(r).toMatchObject({ ref: older.ref, department: 'payments', previousDepartment: 'support', status: 'open', arrivalSeq: before.arrival_seq });
    const after = await caseRow(older.id);
    expect(after).toMatchObject({ department: 'payments', status: 'open', agent: null, arrival_seq: before.arrival_seq });
    expect(await eventsOf(older.id, 'escalated')).toEqual([expect.objectContaining({ actor: 'alice', data: expect.objectContaining({ from: 'support', to: 'payments' }) })]);
    // The department's queue hands out the older case first.
    expect(await nextCase(db, 'paul', 'payments')).toMatchObject({ status: 'assigned', ref: older.ref });
    expect(await nextCase(db, 'paul', 'payments')).toMatchObject({ status: 'assigned', ref: younger.ref });
    expect(await refusedWithoutChange(older.id, () => escalateCase(db, { ref: older.ref, department: 'payments', agent: 'paul' }))).toBe('INVALID_INPUT');
    expect(await refusedWithoutChange(older.id, () => escalateCase(db, { ref: older.ref, department: 'Pay ments!', agent: 'paul' }))).toBe('INVALID_INPUT');
  });

  it('reclassifies with an audit trail, and the interim schedule follows', async () => {
    clock.set(new Date('2027-06-01T10:00:00Z'));
    const c = await openFormCase(new Date('2027-06-01T09:00:00Z'), { category: 'request' });
    expect(await caseRow(c.id)).toMatchObject({ category: 'request', next_update_at: null });

    // Becoming a complaint before the deadline: first update due at the deadline; event 4 months before: out of time.
    const r = await reclassifyCase(db, { ref: c.ref, category: 'complaint', ground: 'service-not-provided', eventDate: new Date('2027-01-15T00:00:00Z'), agent: 'Claire', procedure: config.procedure, clock });
    expect(r).toEqual({ ref: c.ref, category: 'complaint', ground: 'service-not-provided', eventDate: '2027-01-15', outOfTime: true, nextUpdateAt: '2027-07-01T09:00:00.000Z' });
    expect(await caseRow(c.id)).toMatchObject({ category: 'complaint', category_source: 'agent', event_date_source: 'agent', out_of_time: true, ground: 'service-not-provided' });
    const [audit] = await eventsOf(c.id, 'reclassified');
    expect(audit).toMatchObject({ actor: 'Claire', data: { before: { category: 'request', ground: null, outOfTime: false, nextUpdateAt: null }, after: { category: 'complaint', eventDate: '2027-01-15', outOfTime: true } } });

    // A later event date: in time; the ground is kept when not given.
    const inTime = await reclassifyCase(db, { ref: c.ref, category: 'complaint', eventDate: new Date('2027-03-01T00:00:00Z'), agent: 'Claire', procedure: config.procedure, clock });
    expect(inTime).toMatchObject({ ground: 'service-not-provided', outOfTime: false, nextUpdateAt: '2027-07-01T09:00:00.000Z' });

    // Back to a request: no updates; to a complaint again after the deadline: due now.
    expect(await reclassifyCase(db, { ref: c.ref, category: 'request', agent: 'Claire', procedure: config.procedure, clock })).toMatchObject({ nextUpdateAt: null, outOfTime: false, ground: null });
    clock.set(new Date('2027-07-05T10:00:00Z'));
    expect(await reclassifyCase(db, { ref: c.ref, category: 'complaint', agent: 'Claire', procedure: config.procedure, clock })).toMatchObject({ nextUpdateAt: '2027-07-05T10:00:00.000Z' });
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBeGreaterThanOrEqual(1);
    expect(await outboxOf(c.id, 'interim-update')).toHaveLength(1);
    expect(await eventsOf(c.id, 'reclassified')).toHaveLength(4);

    expect(await refusedWithoutChange(c.id, () => reclassifyCase(db, { ref: c.ref, category: 'complaint', eventDate: new Date('2027-06-02T00:00:00Z'), agent: 'a', procedure: config.procedure, clock }))).toBe('INVALID_INPUT');
    expect(await refusedWithoutChange(null, () => reclassifyCase(db, { ref: 'SC-2099-000001', category: 'request', agent: 'a', procedure: config.procedure, clock }))).toBe('UNKNOWN_CASE');
  });

  it('queues the agent’s reply and information request, signed, in the case’s thread', async () => {
    clock.set(new Date('2027-08-01T10:00:00Z'));
    const c = await openFormCase(new Date('2027-08-01T09:00:00Z'), { language: 'en' });
    expect(await replyToCase(db, mail, { ref: c.ref, text: 'We are looking into it.\nThank you for your patience.', agent: 'Dana', kind: 'reply' })).toEqual({ ref: c.ref, kind: 'reply', status: 'open', outboxStatus: 'queued' });
    expect(await replyToCase(db, mail, { ref: c.ref, text: 'Could you send us your bank statement?', agent: 'Dana', kind: 'request-info' })).toMatchObject({ kind: 'request-info', outboxStatus: 'queued' });
    const [reply] = await outboxOf(c.id, 'agent-reply');
    expect(reply).toMatchObject({ locale: 'en', automatic: false, cause: 'agent-reply' });
    expect(reply!.text_body).toContain('Thank you for your patience.');
    expect(reply!.text_body).toContain('Dana');
    expect((await outboxOf(c.id, 'information-request'))[0]!.text_body).toContain('bank statement');
    expect((await eventsOf(c.id)).filter((e) => e.type === 'agent-replied' || e.type === 'information-requested').map((e) => [e.type, e.actor])).toEqual([
      ['agent-replied', 'Dana'],
      ['information-requested', 'Dana'],
    ]);
    expect(await refusedWithoutChange(c.id, () => replyToCase(db, mail, { ref: c.ref, text: '   ', agent: 'Dana', kind: 'reply' }))).toBe('INVALID_INPUT');
    expect(await refusedWithoutChange(null, () => replyToCase(db, mail, { ref: 'SC-2099-000002', text: 'Hello', agent: 'Dana', kind: 'reply' }))).toBe('UNKNOWN_CASE');

    // A reply to a closed case is correspondence too; the case stays closed.
    await decideCase(db, mail, { ref: c.ref, outcome: 'solution', reasons: null, agent: 'Dana' });
    expect(await replyToCase(db, mail, { ref: c.ref, text: 'A correction to our answer.', agent: 'Dana', kind: 'reply' })).toMatchObject({ status: 'closed', outboxStatus: 'queued' });
    expect((await caseRow(c.id)).status).toBe('closed');
  });

  it('reopens a closed case at its place, the decision kept in the log only', async () => {
    clock.set(new Date('2027-09-01T10:00:00Z'));
    const c = await openFormCase(new Date('2027-09-01T09:00:00Z'));
    const seqBefore = (await caseRow(c.id)).arrival_seq;
    await decideCase(db, mail, { ref: c.ref, outcome: 'clarification', reasons: 'Voici ce qui s’est passé.', agent: 'Eve' });
    const at = new Date('2027-09-10T08:00:00Z');
    const reopened = await db.transaction((tx) => reopenCase(tx, c.id, 'system', { at, procedure: config.procedure, messageId: null }));
    expect(reopened).toEqual({ status: 'reopened', deadlineAt: new Date('2027-10-10T08:00:00Z'), nextUpdateAt: new Date('2027-10-10T08:00:00Z') });
    expect(await caseRow(c.id)).toMatchObject({ status: 'open', agent: null, closed_at: null, outcome: null, reasons: null, decided_at: null, arrival_seq: seqBefore });
    const [event] = await eventsOf(c.id, 'reopened');
    expect(event!.data).toMatchObject({ outcome: 'clarification', reasons: 'Voici ce qui s’est passé.', previousDeadlineAt: '2027-10-01T09:00:00.000Z' });
    expect(await db.transaction((tx) => reopenCase(tx, c.id, 'system', { at, procedure: config.procedure }))).toEqual({ status: 'not-closed' });
    // It can be decided again.
    await decideCase(db, mail, { ref: c.ref, outcome: 'solution', reasons: null, agent: 'Eve' });
    expect(await caseRow(c.id)).toMatchObject({ status: 'closed', outcome: 'solution' });
  });
});

describe('the agent commands', () => {
  const run = async (request: AgentCommandRequest, cwd = '/') => {
    let stdout = '';
    let stderr = '';
    const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer, _enc, done) => (append(chunk.toString()), done()) });
    const deps: AgentActionDeps = { db, mail: async () => mail, procedure: config.procedure, clock };
    const code = await runAgentAction(deps, request, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd });
    return { code, stdout, stderr };
  };

  it('print one line, or JSON with the reference; refusals go to stderr with exit 1', async () => {
    clock.set(new Date('2027-11-01T10:00:00Z'));
    const c = await openFormCase(new Date('2027-11-01T09:00:00Z'));
    const base = { ref: c.ref, agent: 'cli-agent', json: false };

    const dir = await mkdtemp(path.join(tmpdir(), 'guichet-reply-'));
    await writeFile(path.join(dir, 'reply.txt'), 'Bonjour,\nNous revenons vers vous sous 48 heures.\n');
    const reply = await run({ ...base, name: 'reply', text: null, file: 'reply.txt' }, dir);
    expect(reply).toEqual({ code: 0, stdout: `${c.ref}: reply queued for sending\n`, stderr: '' });
    expect((await outboxOf(c.id, 'agent-reply'))[0]!.text_body).toContain('sous 48 heures');
    expect(await run({ ...base, name: 'reply', text: null, file: 'missing.txt' }, dir)).toMatchObject({ code: 1, stderr: 'guichet: cannot read missing.txt: ENOENT\n' });

    const info = await run({ ...base, name: 'request-info', text: 'Merci de nous envoyer un justificatif.', file: null, json: true });
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toEqual({ ref: c.ref, kind: 'request-info', status: 'open', outboxStatus: 'queued' });

    const classify = await run({ ...base, name: 'classify', category: 'complaint', ground: 'technical-failure', eventDate: '2027-10-20' });
    expect(classify).toEqual({ code: 0, stdout: `${c.ref} is now a complaint (technical-failure, event 2027-10-20)\n`, stderr: '' });

    const escalate = await run({ ...base, name: 'escalate', department: 'tech' });
    expect(escalate.stdout).toMatch(new RegExp(`^${c.ref} escalated from support to tech, back in the queue at its original place \\(arrival #\\d+\\)\\n$`));

    expect(await run({ ...base, name: 'decide', outcome: 'confirmed', reasons: null })).toEqual({ code: 1, stdout: '', stderr: 'guichet: a decision "confirmed" must give its reasons\n' });
    const decide = await run({ ...base, name: 'decide', outcome: 'solution', reasons: 'Le bug est corrigé.', json: true });
    expect(JSON.parse(decide.stdout)).toEqual({ ref: c.ref, outcome: 'solution', outboxStatus: 'queued' });
    expect(await run({ ...base, name: 'decide', outcome: 'solution', reasons: null })).toEqual({ code: 1, stdout: '', stderr: `guichet: case ${c.ref} is closed\n` });
    expect(await run({ ...base, ref: 'SC-2099-000009', name: 'escalate', department: 'tech' })).toEqual({ code: 1, stdout: '', stderr: 'guichet: no case SC-2099-000009\n' });
  });
});

describe('the deadline sweep through pg-boss', () => {
  it('is scheduled every minute and works the sweep queue', async () => {
    clock.set(new Date('2028-01-10T10:00:00Z'));
    const c = await openFormCase(new Date('2028-01-10T09:00:00Z'));
    clock.set(new Date('2028-02-10T09:30:00Z'));
    const worker = await startBoss({ kind: 'postgres', connectionString: testDb.url }, logger, { supervise: false });
    try {
      await registerDeadlineSweep(worker, db, { ...mail, boss: worker }, config.procedure, logger);
      expect(await worker.getSchedule(DEADLINE_SWEEP_QUEUE)).toMatchObject({ name: DEADLINE_SWEEP_QUEUE, cron: '* * * * *' });
      // Registering queues one sweep at once: the due update goes out without waiting for the cron.
      await waitFor('the interim update from the swept job', async () => (await outboxOf(c.id, 'interim-update')).length === 1 || undefined);
      // Registering again (a restart) is harmless.
      await registerDeadlineSweep(worker, db, { ...mail, boss: worker }, config.procedure, logger);
      expect(await worker.getSchedules(DEADLINE_SWEEP_QUEUE)).toHaveLength(1);
    } finally {
      await worker.stop({ graceful: true, close: true, timeout: 5000 });
    }
    expect(await outboxOf(c.id, 'interim-update')).toHaveLength(1);
  });
});
