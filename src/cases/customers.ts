import type { Queryable } from '../db/port.ts';
import { pgText } from '../db/text.ts';

/**
 * The customer with this address, created on first contact; account identifiers are added as
 * they appear. When the address is new but an identifier is already known, the mail comes from
 * that identifier's customer (DESIGN 3.2: "the same customer — address, or account identifier").
 * @returns the customer's id.
 */
export async function resolveCustomer(
  db: Queryable,
  who: { email: string; displayName: string | null; accountIds: string[] },
): Promise<string> {
  const email = who.email.toLowerCase();
  const known = await db.query<{ id: string }>('SELECT id FROM customers WHERE email = $1', [email]);
  let id = known.rows[0]?.id;
  if (!id && who.accountIds.length > 0) {
    const byAccount = await db.query<{ customer_id: string }>(
      'SELECT customer_id FROM customer_accounts WHERE account_id = ANY($1) ORDER BY customer_id LIMIT 1',
      [who.accountIds],
    );
    id = byAccount.rows[0]?.customer_id;
  }
  if (!id) {
    const created = await db.query<{ id: string }>(
      `INSERT INTO customers (email, display_name) VALUES ($1, $2)
       ON CONFLICT (email) DO UPDATE SET display_name = COALESCE(customers.display_name, EXCLUDED.display_name)
       RETURNING id`,
      [email, pgText(who.displayName)],
    );
    id = created.rows[0]?.id;
    if (!id) throw new Error(`could not create customer ${email}`);
  } else if (who.displayName) {
    await db.query('UPDATE customers SET display_name = $2 WHERE id = $1 AND display_name IS NULL', [id, pgText(who.displayName)]);
  }
  for (const account of who.accountIds) {
    await db.query('INSERT INTO customer_accounts (customer_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, pgText(account)]);
  }
  return id;
}
