import { describe, expect, it } from 'vitest';
import { intoRounds } from '../../../src/jobs/process-messages.ts';

const msg = (name: string, customerId: string | null, refs: string[] = []) => ({
  name,
  customerId,
  message: { messageIdHeader: `${name}@x`, inReplyTo: refs.slice(0, 1), references: refs },
});
const names = (rounds: { name: string }[][]) => rounds.map((r) => r.map((m) => m.name));

describe('intoRounds', () => {
  it('keeps independent messages in one round, in order', () => {
    expect(names(intoRounds([msg('a', '1'), msg('b', '2'), msg('c', null)]))).toEqual([['a', 'b', 'c']]);
  });

  it('puts a customer’s later message after the earlier one, however many', () => {
    expect(names(intoRounds([msg('a', '1'), msg('b', '2'), msg('c', '1'), msg('d', '1'), msg('e', '2')]))).toEqual([['a', 'b'], ['c', 'e'], ['d']]);
  });

  it('puts a message after the one of the batch it replies to, even from someone else', () => {
    expect(names(intoRounds([msg('a', '1'), msg('ooo', null, ['a@x']), msg('b', '2', ['zz@x'])]))).toEqual([['a', 'b'], ['ooo']]);
  });

  it('chains dependencies', () => {
    expect(names(intoRounds([msg('a', '1'), msg('r', null, ['a@x']), msg('s', '3', ['r@x'])]))).toEqual([['a'], ['r'], ['s']]);
  });
});
