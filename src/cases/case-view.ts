import type { Queryable } from '../db/port.ts';

/** A case as `guichet case --json` and `guichet cases --json` show it (DESIGN 5.2; README documents it). */
export interface CaseView {
  ref: string;
  status: 'open' | 'assigned' | 'closed';
  category: 'request' | 'complaint';
  ground: string | null;
  categorySource: string;
  arrivalSeq: string;
  receivedAt: string;
  department: string;
  agent: string | null;
  subject: string | null;
  language: string | null;
  customer: { email: string; name: string | null; accountIds: string[] };
  messages: CaseMessageView[];
  events: CaseEventView[];
}

export interface CaseMessageView {
  id: string;
  messageId: string | null;
  direction: 'inbound' | 'outbound';
  kind: string;
  matchedBy: string;
  arrivalSeq: string | null;
  arrivedAt: string;
  from: string | null;
  subject: string | null;
}

export interface CaseEventView {
  at: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

type CaseRow = {
  id: string;
  ref: string;
  status: CaseView['status'];
  category: CaseView['category'];
  ground: string | null;
  category_source: string;
  arrival_seq: string;
  received_at: Date;
  department: string;
  agent: string | null;
  subject: string | null;
  language: string | null;
  email: string;
  display_name: string | null;
  account_ids: string[] | null;
};

const CASE_SELECT = `SELECT c.id, c.ref, c.status, c.category, c.ground, c.category_source, c.arrival_seq, c.received_at, c.department,
        c.agent, c.subject, c.language, cu.email, cu.display_name,
        (SELECT array_agg(account_id ORDER BY account_id) FROM customer_accounts a WHERE a.customer_id = cu.id) AS account_ids
   FROM cases c JOIN customers cu ON cu.id = c.customer_id`;

/** Cases in queue order (first message's arrival), optionally of one status, with messages and events. */
export async function loadCases(db: Queryable, filter: { ref?: string; status?: string; limit?: number } = {}): Promise<CaseView[]> {
  const { rows } = await db.query<CaseRow>(
    `${CASE_SELECT}
      WHERE ($1::text IS NULL OR c.ref = $1) AND ($2::text IS NULL OR c.status = $2)
      ORDER BY c.arrival_seq LIMIT $3`,
    [filter.ref ?? null, filter.status ?? null, filter.limit ?? 100_000],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const messages = await db.query<{
    case_id: string;
    id: string;
    message_id_header: string | null;
    direction: 'inbound' | 'outbound';
    kind: string;
    matched_by: string;
    arrival_seq: string | null;
    received_at: Date;
    from_address: string | null;
    subject: string | null;
  }>(
    `SELECT cm.case_id, m.id, m.message_id_header, m.direction, cm.kind, cm.matched_by, m.arrival_seq, m.received_at, m.from_address, m.subject
       FROM case_messages cm JOIN messages m ON m.id = cm.message_id
      WHERE cm.case_id = ANY($1) ORDER BY m.arrival_seq NULLS LAST, m.id`,
    [ids],
  );
  const events = await db.query<{ case_id: string; at: Date; type: string; actor: string; data: Record<string, unknown> }>(
    'SELECT case_id, at, type, actor, data FROM case_events WHERE case_id = ANY($1) ORDER BY id',
    [ids],
  );
  return rows.map((r) => ({
    ref: r.ref,
    status: r.status,
    category: r.category,
    ground: r.ground,
    categorySource: r.category_source,
    arrivalSeq: r.arrival_seq,
    receivedAt: r.received_at.toISOString(),
    department: r.department,
    agent: r.agent,
    subject: r.subject,
    language: r.language,
    customer: { email: r.email, name: r.display_name, accountIds: r.account_ids ?? [] },
    messages: messages.rows
      .filter((m) => m.case_id === r.id)
      .map((m) => ({
        id: m.id,
        messageId: m.message_id_header,
        direction: m.direction,
        kind: m.kind,
        matchedBy: m.matched_by,
        arrivalSeq: m.arrival_seq,
        arrivedAt: m.received_at.toISOString(),
        from: m.from_address,
        subject: m.subject,
      })),
    events: events.rows.filter((e) => e.case_id === r.id).map((e) => ({ at: e.at.toISOString(), type: e.type, actor: e.actor, data: e.data })),
  }));
}

/** One line of `guichet queue`. */
export interface QueueEntry {
  position: number;
  ref: string;
  status: 'open' | 'assigned';
  agent: string | null;
  department: string;
  arrivalSeq: string;
  receivedAt: string;
  category: string;
  ground: string | null;
  customer: string;
  subject: string | null;
  messages: number;
}

/** Cases not closed, in queue order (assigned ones keep their place and show their agent). */
export async function loadQueue(db: Queryable, department: string | null): Promise<QueueEntry[]> {
  const { rows } = await db.query<{
    ref: string;
    status: 'open' | 'assigned';
    agent: string | null;
    department: string;
    arrival_seq: string;
    received_at: Date;
    category: string;
    ground: string | null;
    email: string;
    subject: string | null;
    messages: string;
  }>(
    `SELECT c.ref, c.status, c.agent, c.department, c.arrival_seq, c.received_at, c.category, c.ground, cu.email, c.subject,
            (SELECT count(*) FROM case_messages cm WHERE cm.case_id = c.id) AS messages
       FROM cases c JOIN customers cu ON cu.id = c.customer_id
      WHERE c.status IN ('open', 'assigned') AND ($1::text IS NULL OR c.department = $1)
      ORDER BY c.arrival_seq`,
    [department],
  );
  return rows.map((r, i) => ({
    position: i + 1,
    ref: r.ref,
    status: r.status,
    agent: r.agent,
    department: r.department,
    arrivalSeq: r.arrival_seq,
    receivedAt: r.received_at.toISOString(),
    category: r.category,
    ground: r.ground,
    customer: r.email,
    subject: r.subject,
    messages: Number(r.messages),
  }));
}
