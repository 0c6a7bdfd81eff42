import { appendCaseEvent, type CaseEventType } from '../cases/case-events.ts';
import type { Queryable } from '../db/port.ts';

/**
 * The event types the lifecycle writes beyond those case-events.ts already lists. They belong in
 * CaseEventType; until they are there, this is the one place that widens the union.
 */
export type LifecycleEventType = 'interim-update' | 'decided' | 'agent-replied' | 'information-requested';

/** Appends one event to a case's log (see appendCaseEvent). */
export async function appendLifecycleEvent(db: Queryable, caseId: string, type: CaseEventType | LifecycleEventType, actor: string, data: Record<string, unknown> = {}): Promise<void> {
  await appendCaseEvent(db, caseId, type as string as CaseEventType, actor, data);
}
