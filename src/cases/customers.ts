import type { Queryable } from '../db/port.ts';
import { pgText } from '../db/text.ts';
import { valuesRows } from '../db/values-rows.ts';

/** Who wrote a message, as far as the customer record goes. */
export interface CustomerContact {
  email: string;
  displayName: string | null;
  accountIds: string[];
}

/** A resolved customer. */
export interface ResolvedCustomer {
  id: string;
  /** Whether any account identifier is known for the customer (after this contact's were added). */
  hasAccount: boolean;
}

/**
 * The customer with this address, created on first contact; account identifiers are added as
 * they appear. When the address is new but an identifier is already known, the mail comes from
 * that identifier's customer (DESIGN 3.2: "the same customer — address, or account identifier").
 * @returns the customer's id.
 */
export async function resolveCustomer(db: Queryable, who: CustomerContact): Promise<string> {
  const [resolved] = await resolveCustomers(db, [who]);
  if (!resolved) throw new Error(`could not resolve customer ${who.email}`);
  return resolved.id;
}

/**
 * resolveCustomer for several contacts at once, in at most four statements, with the same result
 * as resolving them one after another in the order given: a contact whose address is new but
 * whose identifier an earlier contact of the list brought is that earlier contact's customer.
 */
export async function resolveCustomers(db: Queryable, contacts: readonly CustomerContact[]): Promise<ResolvedCustomer[]> {
  if (contacts.length === 0) return [];
  const emails = [...new Set(contacts.map((c) => c.email.toLowerCase()))];
  const accounts = [...new Set(contacts.flatMap((c) => c.accountIds.map((a) => pgText(a) ?? '')))];
  const { rows: known } = await db.query<{ via: 'email' | 'account'; key: string; id: string; named: boolean; has_account: boolean }>(
    `SELECT 'email' AS via, c.email AS key, c.id, c.display_name IS NOT NULL AS named,
            EXISTS (SELECT 1 FROM customer_accounts a WHERE a.customer_id = c.id) AS has_account
       FROM customers c WHERE c.email = ANY($1)
     UNION ALL
     SELECT DISTINCT ON (a.account_id) 'account', a.account_id, a.customer_id, true, true
       FROM customer_accounts a WHERE a.account_id = ANY($2)
     ORDER BY 1, 2, 3`,
    [emails, accounts],
  );
  const byEmail = new Map<string, { id: string | null; named: boolean; hasAccount: boolean }>();
  const byAccount = new Map<string, string | null>();
  for (const r of known) {
    if (r.via === 'email') byEmail.set(r.key, { id: r.id, named: r.named, hasAccount: r.has_account });
    else if (!byAccount.has(r.key)) byAccount.set(r.key, r.id);
  }

  // In list order: known address, else a known identifier, else a new customer (keyed by its
  // address until inserted, so later contacts of the list can find it by address or identifier).
  const keys: string[] = [];
  const newCustomers = new Map<string, string | null>(); // email → display name
  const renamed = new Map<string, string>(); // customer id → display name, where it had none
  const accountRows = new Map<string, [string, string]>(); // key|account → [customer key, account]
  for (const contact of contacts) {
    const email = contact.email.toLowerCase();
    const ids = contact.accountIds.map((a) => pgText(a) ?? '');
    let key = byEmail.get(email)?.id ?? null;
    if (key === null && !newCustomers.has(email)) key = ids.map((a) => byAccount.get(a)).find((id) => id) ?? null;
    if (key === null) {
      key = `new:${email}`;
      if (!newCustomers.has(email)) newCustomers.set(email, pgText(contact.displayName));
      else if (!newCustomers.get(email) && contact.displayName) newCustomers.set(email, pgText(contact.displayName));
    } else if (contact.displayName && !byEmail.get(email)?.named && !renamed.has(key) && !key.startsWith('new:')) {
      renamed.set(key, pgText(contact.displayName) ?? '');
    }
    for (const account of ids) {
      accountRows.set(`${key}|${account}`, [key, account]);
      if (!byAccount.get(account)) byAccount.set(account, key);
    }
    keys.push(key);
  }

  const created = new Map<string, string>();
  if (newCustomers.size > 0) {
    const list = valuesRows([...newCustomers].map(([email, name]) => [email, name]));
    const { rows } = await db.query<{ id: string; email: string }>(
      `INSERT INTO customers (email, display_name) VALUES ${list.text}
       ON CONFLICT (email) DO UPDATE SET display_name = COALESCE(customers.display_name, EXCLUDED.display_name)
       RETURNING id, email`,
      list.values,
    );
    for (const r of rows) created.set(`new:${r.email}`, r.id);
  }
  const idOf = (key: string): string => {
    const id = key.startsWith('new:') ? created.get(key) : key;
    if (!id) throw new Error(`could not create customer ${key.slice(4)}`);
    return id;
  };
  if (renamed.size > 0) {
    const list = valuesRows([...renamed].map(([id, name]) => [id, name]), ['int8', 'text']);
    await db.query(`UPDATE customers c SET display_name = v.name FROM (VALUES ${list.text}) AS v(id, name) WHERE c.id = v.id AND c.display_name IS NULL`, list.values);
  }
  if (accountRows.size > 0) {
    const list = valuesRows([...accountRows.values()].map(([key, account]) => [idOf(key), account]));
    await db.query(`INSERT INTO customer_accounts (customer_id, account_id) VALUES ${list.text} ON CONFLICT DO NOTHING`, list.values);
  }
  const withAccount = new Set([...accountRows.values()].map(([key]) => idOf(key)));
  for (const [, known] of byEmail) if (known.id && known.hasAccount) withAccount.add(known.id);
  for (const [, id] of byAccount) if (id && !id.startsWith('new:')) withAccount.add(id);
  return keys.map((key) => {
    const id = idOf(key);
    return { id, hasAccount: withAccount.has(id) };
  });
}
