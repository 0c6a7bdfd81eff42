import { describe, expect, it } from 'vitest';
import { addDays, addMonths, answerDeadline, isOutOfTime } from '../../../src/cases/procedure.ts';

/** The date arithmetic the lifecycle relies on: deadlines, interim cadence, eligibility. */
const procedure = { answerDeadlineMonths: 1, interimUpdateEveryDays: 14, complaintWindowMonths: 3, reopenWithinDays: 30 };
const iso = (d: Date) => d.toISOString();

describe('answer deadline (receipt + 1 calendar month)', () => {
  it.each([
    ['2026-01-15T09:00:00.000Z', '2026-02-15T09:00:00.000Z'],
    ['2026-01-31T09:00:00.000Z', '2026-02-28T09:00:00.000Z'], // clamped to the shorter month
    ['2028-01-31T09:00:00.000Z', '2028-02-29T09:00:00.000Z'], // leap year
    ['2026-03-31T22:30:00.000Z', '2026-04-30T22:30:00.000Z'],
    ['2026-12-15T23:59:59.000Z', '2027-01-15T23:59:59.000Z'], // across the year
  ])('%s → %s', (received, deadline) => {
    expect(iso(answerDeadline(new Date(received), procedure))).toBe(deadline);
  });

  it('keeps the time of day (a deadline is an instant, checked against the clock)', () => {
    expect(iso(addMonths(new Date('2026-05-20T17:45:12.345Z'), 1))).toBe('2026-06-20T17:45:12.345Z');
  });
});

describe('interim cadence (now + 14 days)', () => {
  it('adds exact 24-hour days, unaffected by summer time', () => {
    expect(iso(addDays(new Date('2026-03-20T09:00:00Z'), 14))).toBe('2026-04-03T09:00:00.000Z');
    expect(iso(addDays(new Date('2026-10-20T09:00:00Z'), 14))).toBe('2026-11-03T09:00:00.000Z');
  });
  it('crosses month and year ends', () => {
    expect(iso(addDays(new Date('2026-12-25T00:00:00Z'), 14))).toBe('2027-01-08T00:00:00.000Z');
    expect(iso(addDays(new Date('2028-02-20T12:00:00Z'), 14))).toBe('2028-03-05T12:00:00.000Z');
  });
});

describe('complaint window (event + 3 months, by calendar day)', () => {
  const event = new Date('2026-01-31T00:00:00Z');
  it('is in time on the last day, out of time the day after', () => {
    expect(isOutOfTime(event, new Date('2026-04-30T23:59:00Z'), procedure)).toBe(false);
    expect(isOutOfTime(event, new Date('2026-05-01T00:00:00Z'), procedure)).toBe(true);
  });
  it('is in time on the day of the event', () => {
    expect(isOutOfTime(event, new Date('2026-01-31T08:00:00Z'), procedure)).toBe(false);
  });
  it('clamps a 30 November event to 28 February', () => {
    const november = new Date('2026-11-30T00:00:00Z');
    expect(isOutOfTime(november, new Date('2027-02-28T12:00:00Z'), procedure)).toBe(false);
    expect(isOutOfTime(november, new Date('2027-03-01T12:00:00Z'), procedure)).toBe(true);
  });
});
