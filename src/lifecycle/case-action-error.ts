/**
 * Why an agent action on a case was refused. Thrown before anything is written, or inside the
 * action's transaction so that it rolls back: a refused action changes nothing. `code` is stable
 * (the CLI, the console and the API branch on it); `message` is for people.
 */
export type CaseActionErrorCode =
  /** No case has this reference. */
  | 'UNKNOWN_CASE'
  /** The case is closed (decided): it takes no decision, reclassification, escalation or request. */
  | 'CASE_CLOSED'
  /** The outcome is not one of the procedure's five conclusions. */
  | 'UNKNOWN_OUTCOME'
  /** A confirmed, cancelled or clarified decision must say why (DESIGN 1: "motivées"). */
  | 'REASONS_REQUIRED'
  /** Anything else malformed: blank text, bad department, bad category or ground, bad date. */
  | 'INVALID_INPUT';

export class CaseActionError extends Error {
  readonly code: CaseActionErrorCode;
  constructor(code: CaseActionErrorCode, message: string) {
    super(message);
    this.name = 'CaseActionError';
    this.code = code;
  }
}

/** A required, non-blank single value (a reference, an agent's name), trimmed. */
export function requireValue(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CaseActionError('INVALID_INPUT', `${what} is required`);
  return value.trim();
}

/** Free text an agent wrote (a reply, reasons): must not be blank; kept as written otherwise. */
export function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CaseActionError('INVALID_INPUT', `${what} must not be empty`);
  return value;
}
