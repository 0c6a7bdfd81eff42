import { describe, expect, it } from 'vitest';
import { orderedJobIds } from '../../../src/jobs/ordered-job-id.ts';

/** PostgreSQL's uuid order: byte by byte, i.e. the hex digits as a string. */
const pgOrder = (a: string, b: string) => (a.replace(/-/g, '') < b.replace(/-/g, '') ? -1 : 1);

describe('orderedJobIds', () => {
  it('makes UUIDv7s that sort in the order they were made, whatever the clock does', () => {
    let clock = 1_764_000_000_000;
    const steps = [0, 0, 0, 1, 0, -5, 0, 3, -1000, 0];
    const next = orderedJobIds(() => (clock += steps.shift() ?? 1));
    const ids = Array.from({ length: 10_000 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort(pgOrder)).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('stays ordered past 4096 ids in one millisecond (the counter overflows into the time)', () => {
    const next = orderedJobIds(() => 1_764_000_000_000);
    const ids = Array.from({ length: 10_000 }, () => next());
    expect([...ids].sort(pgOrder)).toEqual(ids);
  });

  it('carries the time it was made in its first 48 bits', () => {
    const ms = Date.UTC(2026, 10, 25, 15, 0, 0);
    const id = orderedJobIds(() => ms)();
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });
});
