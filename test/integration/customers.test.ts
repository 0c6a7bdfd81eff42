import { describe, expect, it } from 'vitest';
import { resolveCustomer, resolveCustomers } from '../../src/cases/customers.ts';
import { useTestDatabase } from '../support/database.ts';

/**
 * Customer resolution for a batch of messages, on real PostgreSQL: the same customers as
 * resolving the contacts one after another (address, else the lowest customer of a known
 * account identifier, else a new customer), names filled where missing, and "has an account"
 * as it stood at each contact.
 */
const ctx = useTestDatabase();

const row = async (id: string) =>
  (
    await ctx.db.query<{ email: string; display_name: string | null; accounts: string[] }>(
      'SELECT c.email, c.display_name, ARRAY(SELECT account_id FROM customer_accounts a WHERE a.customer_id = c.id ORDER BY 1) AS accounts FROM customers c WHERE c.id = $1',
      [id],
    )
  ).rows[0];

describe('resolveCustomers', () => {
  it('resolves a new address by the lowest customer among its known identifiers', async () => {
    const first = await resolveCustomer(ctx.db, { email: 'first@example.fr', displayName: null, accountIds: ['PP100'] });
    const second = await resolveCustomer(ctx.db, { email: 'second@example.fr', displayName: null, accountIds: ['PP200'] });
    // The second customer quoting the first's identifier: both now hold PP100.
    expect(await resolveCustomer(ctx.db, { email: 'second@example.fr', displayName: null, accountIds: ['PP100'] })).toBe(second);
    const [viaBoth, viaShared] = await resolveCustomers(ctx.db, [
      { email: 'third@example.fr', displayName: null, accountIds: ['PP200', 'PP100'] },
      { email: 'fourth@example.fr', displayName: null, accountIds: ['PP100'] },
    ]);
    expect(viaBoth?.id).toBe(first);
    expect(viaShared?.id).toBe(first);
    expect(viaBoth?.hasAccount).toBe(true);
  });

  it('lets a later contact of the list find a customer an earlier one created, by address or identifier', async () => {
    const [a, b, c] = await resolveCustomers(ctx.db, [
      { email: 'Dana@Example.fr', displayName: null, accountIds: ['ZZ9'] },
      { email: 'dana.other@example.fr', displayName: 'Dana Roux', accountIds: ['ZZ9'] },
      { email: 'dana@example.fr', displayName: 'Dana', accountIds: [] },
    ]);
    expect(b?.id).toBe(a?.id);
    expect(c?.id).toBe(a?.id);
    // The first name given fills the missing one, as one-by-one would (COALESCE / IS NULL).
    expect(await row(a!.id)).toEqual({ email: 'dana@example.fr', display_name: 'Dana Roux', accounts: ['ZZ9'] });
  });

  it('says whether an identifier is known as it stood at each contact', async () => {
    const [before, after, again] = await resolveCustomers(ctx.db, [
      { email: 'eve@example.fr', displayName: 'Eve', accountIds: [] },
      { email: 'eve@example.fr', displayName: null, accountIds: ['EV-1'] },
      { email: 'eve@example.fr', displayName: null, accountIds: [] },
    ]);
    expect([before?.hasAccount, after?.hasAccount, again?.hasAccount]).toEqual([false, true, true]);
    expect(new Set([before?.id, after?.id, again?.id]).size).toBe(1);
  });

  it('fills a known customer’s missing name and keeps an existing one', async () => {
    const nameless = await resolveCustomer(ctx.db, { email: 'nameless@example.fr', displayName: null, accountIds: [] });
    const named = await resolveCustomer(ctx.db, { email: 'named@example.fr', displayName: 'Named', accountIds: [] });
    await resolveCustomers(ctx.db, [
      { email: 'nameless@example.fr', displayName: 'Now Named', accountIds: [] },
      { email: 'named@example.fr', displayName: 'Other Name', accountIds: [] },
    ]);
    expect((await row(nameless))?.display_name).toBe('Now Named');
    expect((await row(named))?.display_name).toBe('Named');
  });
});
