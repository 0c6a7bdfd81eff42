-- Cases, customers and the chronological queue (DESIGN 3.2–3.4).

CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,            -- lower-cased; the customer of a form message is the one in its fields
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Account identifiers given in forms or signatures ("Identifiant : PP123456"): a customer
-- writing from a second address with the same identifier is still the same customer.
CREATE TABLE customer_accounts (
  customer_id bigint NOT NULL REFERENCES customers (id),
  account_id text NOT NULL,
  PRIMARY KEY (customer_id, account_id)
);
CREATE INDEX customer_accounts_account ON customer_accounts (account_id);

CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
  id bigserial PRIMARY KEY,
  ref text NOT NULL UNIQUE,
  customer_id bigint NOT NULL REFERENCES customers (id),
  category text NOT NULL CHECK (category IN ('request', 'complaint')),
  ground text CHECK (ground IN ('technical-failure', 'non-compliant-decision', 'service-not-provided')),
  category_source text NOT NULL CHECK (category_source IN ('form', 'classifier', 'agent')),
  -- open: in the queue; assigned: an agent has it; closed: decided.
  status text NOT NULL CHECK (status IN ('open', 'assigned', 'closed')),
  -- The queue place: the arrival of the case's first message, for ever (DESIGN 3.3).
  arrival_seq bigint NOT NULL UNIQUE,
  received_at timestamptz NOT NULL,
  department text NOT NULL DEFAULT 'support',
  agent text,
  subject text,                          -- of the first message, for repeat detection and lists
  first_text text,                       -- what the customer wrote in the first message (quotes and signature removed)
  language text,                         -- 'fr' or 'en', for the correspondence
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX cases_queue ON cases (department, arrival_seq) WHERE status = 'open';
CREATE INDEX cases_customer_open ON cases (customer_id) WHERE status <> 'closed';

-- A message belongs to at most one case; how it got there is kept.
CREATE TABLE case_messages (
  message_id bigint PRIMARY KEY REFERENCES messages (id),
  case_id bigint NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('new', 'repeat', 'follow-up', 'auto-reply', 'bounce', 'outbound')),
  matched_by text NOT NULL,
  score real,
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_messages_case ON case_messages (case_id);

-- What processing decided for each inbound message.
ALTER TABLE messages
  ADD COLUMN classification text,
  ADD COLUMN customer_id bigint REFERENCES customers (id),
  ADD COLUMN unmatched_reason text;

-- The append-only event log of a case.
CREATE TABLE case_events (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  actor text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE FUNCTION guichet_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION guichet_reject_change();

-- Each hand-out to an agent, numbered: hand-out order is checkable against arrival order.
CREATE SEQUENCE handout_seq;
