import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../../src/ingest/classify/classify-message.ts';
import { customerOf } from '../../../src/ingest/classify/customer-of.ts';
import { facts } from './facts-of.ts';

/** Who the customer of a message is, and which addresses cannot be one. */
const SETTINGS = { contactFormSenders: ['formulaire@site.example'], supportAddress: 'support@guichet.example' };
const customerFrom = (from: string, replyTo: string[] = [], text: string | null = null) => {
  const f = facts({ from: [{ name: 'Client', address: from }], replyTo: replyTo.map((address) => ({ name: '', address })), subject: 'Demande', text });
  return customerOf(classifyMessage(f, SETTINGS), { from: f.from, replyTo: f.replyTo, text });
};

describe('customerOf', () => {
  it('takes the sender, with the account identifiers the text gives', () => {
    expect(customerFrom('client@example.fr', [], 'Bonjour\nIdentifiant : PP123456\n')).toEqual({ email: 'client@example.fr', displayName: 'Client', accountIds: ['PP123456'] });
  });

  it('takes no address longer than an SMTP path allows (RFC 5321 4.5.3.1.3) as a customer', () => {
    const long = `${'a'.repeat(250)}@example.fr`; // 261 bytes
    expect(customerFrom(long)).toBeNull();
    const multibyte = `${'é'.repeat(125)}@example.fr`; // 125 characters, 261 bytes
    expect(customerFrom(multibyte)).toBeNull();
    const longest = `${'a'.repeat(243)}@example.fr`; // 254 bytes: still an address
    expect(customerFrom(longest)?.email).toBe(longest);
  });

  it("takes a contact form's customer from its fields, never an over-long one", () => {
    const form = (email: string) => {
      const text = `Nom : Client\nE-mail : ${email}\nDescription :\nMon retrait est bloqué.\n`;
      const f = facts({ from: [{ name: 'Formulaire', address: 'formulaire@site.example' }], subject: 'Contact', text });
      return customerOf(classifyMessage(f, SETTINGS), { from: f.from, replyTo: f.replyTo, text });
    };
    expect(form('camille@example.fr')?.email).toBe('camille@example.fr');
    expect(form(`${'b'.repeat(300)}@example.fr`)).toBeNull();
  });
});
