/**
 * Escalation (DESIGN 1: "examined by customer service or by the department responsible"): the
 * case moves to another department's queue and waits there for one of its agents — at its
 * original place, since a case's place is its first message's arrival (arrival_seq), which
 * nothing here touches.
 */
import type { Database } from '../db/port.ts';
import { CaseActionError, requireValue } from './case-action-error.ts';
import { appendLifecycleEvent } from './lifecycle-events.ts';
import { lockCaseByRef } from './locked-case.ts';

/** A department name: a lower-case slug (`support`, `payments`, `responsible-gaming`). */
const DEPARTMENT = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DEPARTMENT_MAX = 40;

/** Normalises and validates a department name (trimmed, lower-cased), or throws INVALID_INPUT. */
export function parseDepartment(value: unknown): string {
  const department = requireValue(value, 'the department').toLowerCase();
  if (department.length > DEPARTMENT_MAX || !DEPARTMENT.test(department)) {
    throw new CaseActionError('INVALID_INPUT', `invalid department "${department}": lower-case letters, digits and single dashes, at most ${DEPARTMENT_MAX} characters`);
  }
  return department;
}

export interface EscalateInput {
  ref: string;
  department: string;
  agent: string;
}

export interface EscalateResult {
  ref: string;
  department: string;
  previousDepartment: string;
  status: 'open';
  arrivalSeq: string;
}

/**
 * Hands case `ref` (not closed) to `department`: the department changes, the case is back in the
 * queue (`open`, no agent) and the event `escalated` records from where, to where and from whom.
 * Escalating to the department the case is already in is refused (`guichet release` puts a case
 * back in its own queue).
 */
export async function escalateCase(db: Database, input: EscalateInput): Promise<EscalateResult> {
  const ref = requireValue(input.ref, 'the case reference');
  const agent = requireValue(input.agent, 'the agent');
  const department = parseDepartment(input.department);
  return db.transaction(async (tx) => {
    const c = await lockCaseByRef(tx, ref);
    if (c.department === department) throw new CaseActionError('INVALID_INPUT', `case ${c.ref} is already in department ${department}`);
    await tx.query("UPDATE cases SET department = $2, status = 'open', agent = NULL WHERE id = $1", [c.id, department]);
    await appendLifecycleEvent(tx, c.id, 'escalated', agent, {
      from: c.department,
      to: department,
      previousStatus: c.status,
      previousAgent: c.agent,
    });
    return { ref: c.ref, department, previousDepartment: c.department, status: 'open', arrivalSeq: c.arrival_seq };
  });
}
