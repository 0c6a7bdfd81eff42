/**
 * Public case references, e.g. `SC-2026-000042`: a configurable prefix, the year the case was
 * opened and a number that never repeats. Customers quote it, agents search by it, and the
 * threading finds it in subjects and bodies.
 */

/** Formats a reference. */
export function formatCaseRef(prefix: string, year: number, number: number): string {
  return `${prefix}-${year}-${String(number).padStart(6, '0')}`;
}

/**
 * Every reference with this prefix found in a text (subject or body), in order of appearance,
 * without duplicates. Matching ignores case and tolerates spaces around the dashes that mail
 * clients and customers introduce (`sc - 2026 - 000042`).
 */
export function findCaseRefs(text: string | null, prefix: string): string[] {
  if (!text) return [];
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![A-Za-z0-9])${escaped}\\s*-\\s*(\\d{4})\\s*-\\s*(\\d{6})(?!\\d)`, 'gi');
  const found: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const ref = formatCaseRef(prefix, Number(match[1]), Number(match[2]));
    if (!found.includes(ref)) found.push(ref);
  }
  return found;
}
