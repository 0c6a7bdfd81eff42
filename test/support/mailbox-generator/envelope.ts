import { offsetMinutes, rfc5322Date } from './dates.ts';
import type { Random } from './random.ts';

/**
 * What the desk's own mail server adds on delivery (Return-Path, Delivered-To, Received, with
 * the arrival time), and the Message-IDs every generated message must keep unique.
 */

export interface MailboxContext {
  random: Random;
  supportAddress: string;
  /** The domain of supportAddress: the desk's Message-IDs end with it. */
  deskDomain: string;
  contactFormSender: string;
  /** Message-IDs handed out so far. */
  ids: Set<string>;
}

/** A Message-ID from `make`, drawn again until it is new to the mailbox. */
export function uniqueId(ctx: MailboxContext, make: () => string): string {
  for (;;) {
    const id = make();
    if (!ctx.ids.has(id)) {
      ctx.ids.add(id);
      return id;
    }
  }
}

export interface Relay {
  host: string;
  ip: string;
}

/**
 * Return-Path (`''` writes the null reverse-path `<>` of bounces), Delivered-To and the desk's
 * Received field, stamped with the arrival time.
 */
export function deliveryHeaders(ctx: MailboxContext, returnPath: string, relay: Relay, arrival: Date): string[] {
  const offset = offsetMinutes(arrival, 'fr');
  const zone = offset === 120 ? 'CEST' : 'CET';
  return [
    `Return-Path: <${returnPath}>`,
    `Delivered-To: ${ctx.supportAddress}`,
    `Received: from ${relay.host} (${relay.host} [${relay.ip}])\r\n\tby mx.${ctx.deskDomain} (Postfix) with ESMTPS id 4${ctx.random.chars(11, 'BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789')}\r\n\tfor <${ctx.supportAddress}>; ${rfc5322Date(arrival, offset)} (${zone})`,
  ];
}

/** The desk as customers address it: bare, or with a display name. */
export function deskRecipient(ctx: MailboxContext): string {
  return ctx.random.weighted<string>([
    [ctx.supportAddress, 5],
    [`Service Client <${ctx.supportAddress}>`, 3],
    [`"${ctx.supportAddress}" <${ctx.supportAddress}>`, 1],
  ]);
}
