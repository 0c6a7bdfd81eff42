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
     SELECT 'account', a.account_id, min(a.customer_id), true, true
       FROM customer_accounts a WHERE a.account_id = ANY($2) GROUP BY a.account_id`,
    [emails, accounts],
  );
  const byEmail = new Map<string, { id: string; named: boolean; hasAccount: boolean }>();
  // Identifier → its customer with the lowest id (as `ORDER BY customer_id LIMIT 1` would pick).
  // Customers created by this call are keyed `new:<email>` until inserted; they get ids above
  // every existing one, in the order they are met.
  const byAccount = new Map<string, string>();
  for (const r of known) {
    if (r.via === 'email') byEmail.set(r.key, { id: r.id, named: r.named, hasAccount: r.has_account });
    else byAccount.set(r.key, r.id);
  }
  const newCustomers = new Map<string, string | null>(); // email → display name, in creation order
  const newOrder = (key: string) => [...newCustomers.keys()].indexOf(key.slice(4));
  const lowest = (a: string, b: string): string => {
    if (a.startsWith('new:') !== b.startsWith('new:')) return a.startsWith('new:') ? b : a;
    if (a.startsWith('new:')) return newOrder(a) <= newOrder(b) ? a : b;
    return BigInt(a) <= BigInt(b) ? a : b;
  };

  // In list order, as one-by-one resolution: a known address; else the lowest customer of a known
  // identifier; else a new customer.
  const keys: string[] = [];
  const withAccount: boolean[] = [];
  const hasAccount = new Map<string, boolean>([...byEmail.values()].map((k) => [k.id, k.hasAccount]));
  const renamed = new Map<string, string>(); // customer id → display name, where it had none
  const accountRows = new Map<string, [string, string]>(); // key|account → [customer key, account]
  for (const contact of contacts) {
    const email = contact.email.toLowerCase();
    const ids = contact.accountIds.map((a) => pgText(a) ?? '');
    const name = pgText(contact.displayName);
    let key = byEmail.get(email)?.id ?? (newCustomers.has(email) ? `new:${email}` : null);
    if (key === null) {
      const owners = ids.flatMap((a) => byAccount.get(a) ?? []);
      key = owners.length > 0 ? owners.reduce(lowest) : null;
      if (key !== null) hasAccount.set(key, true);
    }
    if (key === null) {
      key = `new:${email}`;
      newCustomers.set(email, name);
    } else if (name && key.startsWith('new:')) {
      if (!newCustomers.get(key.slice(4))) newCustomers.set(key.slice(4), name);
    } else if (name && !renamed.has(key) && !byEmail.get(email)?.named) {
      renamed.set(key, name);
    }
    for (const account of ids) {
      accountRows.set(`${key}|${account}`, [key, account]);
      const owner = byAccount.get(account);
      byAccount.set(account, owner === undefined ? key : lowest(owner, key));
    }
    if (ids.length > 0) hasAccount.set(key, true);
    keys.push(key);
    withAccount.push(hasAccount.get(key) ?? false);
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
  return keys.map((key, i) => ({ id: idOf(key), hasAccount: withAccount[i] ?? false }));
}
