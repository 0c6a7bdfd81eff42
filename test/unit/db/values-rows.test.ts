import { describe, expect, it } from 'vitest';
import { valuesRows } from '../../../src/db/values-rows.ts';

describe('valuesRows', () => {
  it('numbers the parameters row after row and keeps every value bound', () => {
    expect(valuesRows([[1, "o'brien"], [2, null]])).toEqual({ text: '($1, $2), ($3, $4)', values: [1, "o'brien", 2, null] });
  });

  it('casts the columns it is told to', () => {
    expect(valuesRows([['7', 'x']], ['int8', null]).text).toBe('($1::int8, $2)');
  });

  it('refuses an empty list (VALUES needs a row)', () => {
    expect(() => valuesRows([])).toThrow(/at least one row/);
  });
});
