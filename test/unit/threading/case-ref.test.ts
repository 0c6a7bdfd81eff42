import { describe, expect, it } from 'vitest';
import { findCaseRefs, formatCaseRef } from '../../../src/cases/case-ref.ts';

describe('case references', () => {
  it('formats with the prefix, the year and six digits', () => {
    expect(formatCaseRef('SC', 2026, 42)).toBe('SC-2026-000042');
    expect(formatCaseRef('REC', 2027, 123456)).toBe('REC-2027-123456');
  });

  it.each([
    ['RE: [SC-2026-000042] Retrait non reçu', ['SC-2026-000042']],
    ['Votre dossier sc-2026-000042 et SC - 2026 - 000043', ['SC-2026-000042', 'SC-2026-000043']],
    ['Référence : SC-2026-000042. Merci. (rappel SC-2026-000042)', ['SC-2026-000042']],
    ['XSC-2026-000042 or SC-2026-0000421 are not references', []],
    ['Commande 2026-000042', []],
    [null, []],
  ])('finds references in %j', (text, expected) => {
    expect(findCaseRefs(text, 'SC')).toEqual(expected);
  });
});
