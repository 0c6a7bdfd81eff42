import type { CaseState } from './case-state.ts';
import { uniqueId, type MailboxContext } from './envelope.ts';
import type { Language } from './types.ts';

/**
 * The acknowledgement the desk sent for a case (never itself in the mailbox): what auto-replies
 * answer and bounces report. Its Message-ID is on the desk's domain; its reference is made up
 * in the desk's format and matches no real case.
 */

export interface DeskAck {
  messageId: string;
  subject: string;
  language: Language;
}

export function deskAck(ctx: MailboxContext, state: CaseState, sentAt: Date): DeskAck {
  const language = state.planned.customer.language;
  const reference = `SC-${sentAt.getUTCFullYear()}-${String(40 + state.planned.index * 3 + ctx.random.int(0, 2)).padStart(6, '0')}`;
  const subject = language === 'fr' ? `[${reference}] Accusé de réception de votre demande` : `[${reference}] We have received your request`;
  const messageId = uniqueId(ctx, () => `${ctx.random.hex(8)}-${ctx.random.hex(4)}-${ctx.random.hex(4)}-${ctx.random.hex(4)}-${ctx.random.hex(12)}@${ctx.deskDomain}`);
  return { messageId, subject, language };
}
