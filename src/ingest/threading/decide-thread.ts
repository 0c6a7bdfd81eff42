import { isSameProblem } from './text/similarity.ts';

/** A case the threading may attach a message to, with what repeat detection compares against. */
export interface CandidateCase {
  id: string;
  customerId: string;
  status: 'open' | 'assigned' | 'closed';
  /** Subject and customer-written text of the case's first message. */
  subject: string | null;
  firstText: string | null;
}

/** What the threading knows about one inbound message and the cases around it. */
export interface ThreadingInput {
  kind: 'customer' | 'auto-reply' | 'bounce';
  /** The customer writing (null for auto-replies and bounces, which have none). */
  customerId: string | null;
  subject: string | null;
  /** What the customer wrote in this message (quotes and signature removed). */
  newText: string | null;
  /** Cases of the messages named by In-Reply-To / References (inbound or sent by us), nearest first. */
  byReference: CandidateCase[];
  /** Cases whose public reference appears in the subject or body. */
  byCaseRef: CandidateCase[];
  /** For a bounce: the case of the message it reports as undelivered. */
  byBouncedMessage: CandidateCase[];
  /** The customer's cases that are not closed, oldest first. */
  customerOpenCases: CandidateCase[];
}

/** Where a message goes. */
export type ThreadingDecision =
  | {
      action: 'attach';
      caseId: string;
      kind: 'follow-up' | 'repeat' | 'auto-reply' | 'bounce';
      matchedBy: 'references' | 'case-ref' | 'repeat-subject' | 'repeat-body' | 'bounced-message';
      score: number | null;
    }
  | { action: 'new-case' }
  | { action: 'unmatched'; reason: string };

/**
 * The threading rules of DESIGN 3.2, in order: (1) a reference to a message we know, (2) the case
 * reference in the subject or body, (3) a repeat — the same customer's open case about the same
 * problem — and otherwise (4) a new case. Auto-replies and bounces never open a case: they attach
 * to the case they thread to, else stay unmatched. Two customers never share a case: a reference
 * to another customer's case is not followed (a forwarded thread answered by someone else is that
 * someone's own case).
 */
export function decideThread(input: ThreadingInput): ThreadingDecision {
  if (input.kind !== 'customer') {
    const kind = input.kind;
    const viaReference = input.byReference[0] ?? input.byCaseRef[0];
    if (viaReference) return { action: 'attach', caseId: viaReference.id, kind, matchedBy: input.byReference[0] ? 'references' : 'case-ref', score: null };
    const bounced = input.byBouncedMessage[0];
    if (bounced) return { action: 'attach', caseId: bounced.id, kind, matchedBy: 'bounced-message', score: null };
    return { action: 'unmatched', reason: kind === 'bounce' ? 'bounce for no known message' : 'auto-reply to no known message' };
  }
  const mine = (c: CandidateCase) => c.customerId === input.customerId;
  const referenced = input.byReference.find(mine);
  if (referenced) return { action: 'attach', caseId: referenced.id, kind: 'follow-up', matchedBy: 'references', score: null };
  const quoted = input.byCaseRef.find(mine);
  if (quoted) return { action: 'attach', caseId: quoted.id, kind: 'follow-up', matchedBy: 'case-ref', score: null };
  for (const candidate of input.customerOpenCases) {
    if (!mine(candidate) || candidate.status === 'closed') continue;
    const same = isSameProblem({ subject: input.subject, text: input.newText }, { subject: candidate.subject, text: candidate.firstText });
    if (same.same) return { action: 'attach', caseId: candidate.id, kind: 'repeat', matchedBy: same.by === 'subject' ? 'repeat-subject' : 'repeat-body', score: same.score };
  }
  return { action: 'new-case' };
}
