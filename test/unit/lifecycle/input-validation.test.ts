import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { declareAgentCommands, defaultAgent, withExplicitAgent, type AgentCommandRequest } from '../../../src/cli/commands/agent-actions.ts';
import type { Database } from '../../../src/db/port.ts';
import { CaseActionError } from '../../../src/lifecycle/case-action-error.ts';
import { decideCase } from '../../../src/lifecycle/decide.ts';
import { parseDepartment } from '../../../src/lifecycle/escalate.ts';
import { replyToCase } from '../../../src/lifecycle/agent-mail.ts';
import { reclassifyCase } from '../../../src/lifecycle/reclassify.ts';
import type { MailDeps } from '../../../src/outbox/queue-mail.ts';
import { ManualClock } from '../../../src/clock.ts';

/** A database that fails the test if touched: bad input is refused before any statement. */
const untouchable = new Proxy({} as Database, {
  get: () => {
    throw new Error('the database was touched');
  },
});
const noMail = new Proxy({} as MailDeps, {
  get: () => {
    throw new Error('mail was touched');
  },
});
const procedure = { answerDeadlineMonths: 1, interimUpdateEveryDays: 14, complaintWindowMonths: 3, reopenWithinDays: 30 };
const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));

async function refusal(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    if (error instanceof CaseActionError) return error.code;
    throw error;
  }
  throw new Error('expected a CaseActionError');
}

describe('refusals before any statement', () => {
  it('decide', async () => {
    expect(await refusal(decideCase(untouchable, noMail, { ref: 'SC-1', outcome: 'maybe', reasons: 'x', agent: 'a' }))).toBe('UNKNOWN_OUTCOME');
    for (const outcome of ['confirmed', 'cancelled', 'clarification']) {
      expect(await refusal(decideCase(untouchable, noMail, { ref: 'SC-1', outcome, reasons: null, agent: 'a' }))).toBe('REASONS_REQUIRED');
      expect(await refusal(decideCase(untouchable, noMail, { ref: 'SC-1', outcome, reasons: ' \n\t ', agent: 'a' }))).toBe('REASONS_REQUIRED');
    }
    expect(await refusal(decideCase(untouchable, noMail, { ref: ' ', outcome: 'solution', reasons: null, agent: 'a' }))).toBe('INVALID_INPUT');
    expect(await refusal(decideCase(untouchable, noMail, { ref: 'SC-1', outcome: 'solution', reasons: null, agent: '' }))).toBe('INVALID_INPUT');
  });

  it('reclassify', async () => {
    const base = { ref: 'SC-1', agent: 'a', procedure, clock };
    expect(await refusal(reclassifyCase(untouchable, { ...base, category: 'question' }))).toBe('INVALID_INPUT');
    expect(await refusal(reclassifyCase(untouchable, { ...base, category: 'complaint', ground: 'bad-mood' }))).toBe('INVALID_INPUT');
    expect(await refusal(reclassifyCase(untouchable, { ...base, category: 'request', ground: 'technical-failure' }))).toBe('INVALID_INPUT');
    expect(await refusal(reclassifyCase(untouchable, { ...base, category: 'request', eventDate: new Date('2026-01-01') }))).toBe('INVALID_INPUT');
    expect(await refusal(reclassifyCase(untouchable, { ...base, category: 'complaint', eventDate: new Date('nope') }))).toBe('INVALID_INPUT');
  });

  it('agent mail', async () => {
    expect(await refusal(replyToCase(untouchable, noMail, { ref: 'SC-1', text: '  \n ', agent: 'a', kind: 'reply' }))).toBe('INVALID_INPUT');
    expect(await refusal(replyToCase(untouchable, noMail, { ref: 'SC-1', text: 'hello', agent: 'a', kind: 'toString' as 'reply' }))).toBe('INVALID_INPUT');
  });
});

describe('parseDepartment', () => {
  it.each([
    ['payments', 'payments'],
    ['  Payments ', 'payments'],
    ['responsible-gaming', 'responsible-gaming'],
    ['kyc2', 'kyc2'],
  ])('accepts %j as %j', (input, expected) => expect(parseDepartment(input)).toBe(expected));
  it.each(['', '   ', 'pay ments', 'pay_ments', '-payments', 'payments-', 'pay--ments', 'paiements/fr', 'é', 'x'.repeat(41)])('refuses %j', (input) => {
    expect(() => parseDepartment(input)).toThrow(CaseActionError);
  });
});

describe('agent command line', () => {
  const parse = (argv: string[]): AgentCommandRequest | CommanderError => {
    let chosen: AgentCommandRequest | null = null;
    const program = new Command('guichet').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    declareAgentCommands(program, (r) => (chosen = r), 'claire');
    try {
      program.parse(argv, { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) return error;
      throw error;
    }
    if (!chosen) throw new Error('no command chosen');
    return chosen;
  };

  it('parses each command with its defaults', () => {
    expect(parse(['reply', 'sc-2026-000001', '--text', 'Bonjour'])).toEqual({ name: 'reply', ref: 'SC-2026-000001', text: 'Bonjour', file: null, agent: 'claire', json: false });
    expect(parse(['request-info', 'SC-2026-000001', '--file', 'q.txt', '--agent', 'bob', '--json'])).toEqual({ name: 'request-info', ref: 'SC-2026-000001', text: null, file: 'q.txt', agent: 'bob', json: true });
    expect(parse(['escalate', 'SC-2026-000001', '--department', 'payments'])).toMatchObject({ name: 'escalate', department: 'payments' });
    expect(parse(['classify', 'SC-2026-000001', '--category', 'complaint', '--ground', 'technical-failure', '--event-date', '2026-02-28'])).toMatchObject({
      name: 'classify',
      category: 'complaint',
      ground: 'technical-failure',
      eventDate: '2026-02-28',
    });
    expect(parse(['classify', 'SC-2026-000001', '--category', 'request'])).toMatchObject({ ground: null, eventDate: null });
    expect(parse(['decide', 'SC-2026-000001', '--outcome', 'solution'])).toMatchObject({ name: 'decide', outcome: 'solution', reasons: null });
    expect(parse(['decide', 'SC-2026-000001', '--outcome', 'confirmed', '--reasons', 'Parce que.'])).toMatchObject({ reasons: 'Parce que.' });
  });

  it('refuses bad usage', () => {
    for (const argv of [
      ['reply', 'SC-1'],
      ['reply', 'SC-1', '--text', 'a', '--file', 'b'],
      ['escalate', 'SC-1'],
      ['classify', 'SC-1', '--category', 'question'],
      ['classify', 'SC-1', '--category', 'complaint', '--event-date', '2026-02-30'],
      ['classify', 'SC-1', '--category', 'complaint', '--event-date', '12/09/2026'],
      ['decide', 'SC-1', '--outcome', 'maybe'],
      ['decide', 'SC-1'],
    ]) {
      expect(parse(argv), argv.join(' ')).toBeInstanceOf(CommanderError);
    }
  });

  it('defaults the agent to the login name and makes it explicit when forwarding', () => {
    expect(defaultAgent({ USER: 'claire' })).toBe('claire');
    expect(defaultAgent({ LOGNAME: 'bob' })).toBe('bob');
    expect(defaultAgent({})).toBe('agent');
    const request = parse(['reply', 'SC-1', '--text', 'x']) as AgentCommandRequest;
    expect(withExplicitAgent(['reply', 'SC-1', '--text', 'x'], request)).toEqual(['reply', 'SC-1', '--text', 'x', '--agent', 'claire']);
    expect(withExplicitAgent(['reply', 'SC-1', '--agent=zoé', '--text', 'x'], request)).toEqual(['reply', 'SC-1', '--agent=zoé', '--text', 'x']);
  });
});
