import type { Queryable } from '../db/port.ts';
import { pgJson } from '../db/text.ts';
import { valuesRows } from '../db/values-rows.ts';

/** Event types written to a case's append-only log. */
export type CaseEventType =
  | 'case-opened'
  | 'message-added'
  | 'assigned'
  | 'released'
  | 'reclassified'
  | 'escalated'
  | 'closed'
  | 'reopened'
  | 'mail-queued'
  | 'mail-suppressed'
  | 'mail-sent'
  | 'mail-failed'
  | 'mail-bounced'
  | 'interim-update'
  | 'decided'
  | 'agent-replied'
  | 'information-requested';

/** Appends one event to a case's log (the table refuses updates and deletes). */
export async function appendCaseEvent(db: Queryable, caseId: string, type: CaseEventType, actor: string, data: Record<string, unknown> = {}): Promise<void> {
  await appendCaseEvents(db, [{ caseId, type, actor, data }]);
}

/** One event for appendCaseEvents. */
export interface NewCaseEvent {
  caseId: string;
  type: CaseEventType;
  actor: string;
  data: Record<string, unknown>;
}

/** Appends several events in one statement, logged in the order given. */
export async function appendCaseEvents(db: Queryable, events: readonly NewCaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  const list = valuesRows(events.map((e) => [e.caseId, e.type, e.actor, pgJson(e.data)]));
  await db.query(`INSERT INTO case_events (case_id, type, actor, data) VALUES ${list.text}`, list.values);
}
