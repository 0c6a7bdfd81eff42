/**
 * PostgreSQL `text` and `jsonb` cannot hold U+0000, which hostile or broken mail does contain.
 * The raw bytes keep the original; the decoded copies drop the NULs so the insert cannot fail.
 */
export function pgText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

/** JSON for a `jsonb` column, without U+0000 anywhere in it. */
export function pgJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? pgText(v) : v));
}
