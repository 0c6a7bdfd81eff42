import { describe, expect, it } from 'vitest';
import { reopenPolicy } from '../../../src/lifecycle/reopen.ts';

const procedure = { reopenWithinDays: 30 };
const closedAt = new Date('2026-03-10T15:30:00Z');
const after = (ms: number) => new Date(closedAt.getTime() + ms);
const DAY = 86_400_000;

describe('reopenPolicy', () => {
  it.each([
    ['the same instant', 0, 'reopen'],
    ['a minute later', 60_000, 'reopen'],
    ['29 days later', 29 * DAY, 'reopen'],
    ['exactly 30 days later (inclusive)', 30 * DAY, 'reopen'],
    ['30 days and a millisecond later', 30 * DAY + 1, 'new-linked-case'],
    ['31 days later', 31 * DAY, 'new-linked-case'],
    ['a year later', 365 * DAY, 'new-linked-case'],
    ['before the closure (clock skew)', -5 * 60_000, 'reopen'],
  ] as const)('%s → %s', (_label, offset, expected) => {
    expect(reopenPolicy(closedAt, after(offset), procedure)).toBe(expected);
  });

  it('counts elapsed time, not calendar days in a time zone: across the March DST change 30 days are 30 × 24 h', () => {
    // Europe/Paris moves to summer time on 29 March 2026; the window is still 720 hours.
    expect(reopenPolicy(closedAt, new Date('2026-04-09T15:30:00Z'), procedure)).toBe('reopen');
    expect(reopenPolicy(closedAt, new Date('2026-04-09T15:30:00.001Z'), procedure)).toBe('new-linked-case');
  });

  it('follows the setting', () => {
    expect(reopenPolicy(closedAt, after(8 * DAY), { reopenWithinDays: 7 })).toBe('new-linked-case');
    expect(reopenPolicy(closedAt, after(7 * DAY), { reopenWithinDays: 7 })).toBe('reopen');
  });
});
