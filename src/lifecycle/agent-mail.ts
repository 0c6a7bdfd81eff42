/**
 * An agent writing to the customer (DESIGN 2): a reply, or a request for information. The mail
 * is queued in the same transaction as the case's event, signed by the agent, not automatic.
 */
import type { Database } from '../db/port.ts';
import { queueMail, type MailDeps } from '../outbox/queue-mail.ts';
import { CaseActionError, requireText, requireValue } from './case-action-error.ts';
import { appendLifecycleEvent } from './lifecycle-events.ts';
import { lockCaseByRef } from './locked-case.ts';

export type AgentMailKind = 'reply' | 'request-info';

export interface AgentMailInput {
  ref: string;
  text: string;
  agent: string;
  kind: AgentMailKind;
}

export interface AgentMailResult {
  ref: string;
  kind: AgentMailKind;
  status: 'open' | 'assigned' | 'closed';
  outboxStatus: 'queued' | 'suppressed';
}

const KINDS = {
  reply: { template: 'agent-reply', event: 'agent-replied', cause: 'agent-reply' },
  'request-info': { template: 'information-request', event: 'information-requested', cause: 'information-request' },
} as const;

/**
 * Queues the agent's text to the customer of case `ref`, threaded in their mail client, and logs
 * `agent-replied` or `information-requested`. The case's status, place and schedule do not change.
 *
 * A reply may go to a closed case (correcting or completing the final answer is still
 * correspondence, recorded like the rest), and it does not reopen it: the customer writing back
 * does (reopen.ts). Asking for information on a closed case is refused: nothing is being
 * examined any more. Refused too: an unknown case, a blank text.
 */
export async function replyToCase(db: Database, mail: MailDeps, input: AgentMailInput): Promise<AgentMailResult> {
  const ref = requireValue(input.ref, 'the case reference');
  const agent = requireValue(input.agent, 'the agent');
  const text = requireText(input.text, 'the text');
  if (!Object.hasOwn(KINDS, input.kind)) throw new CaseActionError('INVALID_INPUT', `unknown kind "${String(input.kind)}": reply or request-info`);
  const kind = KINDS[input.kind];
  return db.transaction(async (tx) => {
    const c = await lockCaseByRef(tx, ref, { allowClosed: input.kind === 'reply' });
    const sent = await queueMail(tx, mail, {
      caseId: c.id,
      template: kind.template,
      data: { agentText: text },
      automatic: false,
      agentName: agent,
      cause: kind.cause,
    });
    await appendLifecycleEvent(tx, c.id, kind.event, agent, {
      outboxId: sent.status === 'queued' ? sent.outboxId : null,
      outboxStatus: sent.status,
      caseStatus: c.status,
    });
    return { ref: c.ref, kind: input.kind, status: c.status, outboxStatus: sent.status };
  });
}
