-- Outbound correspondence (DESIGN 3.5): every message to a customer is an outbox row written in
-- the transaction of the event that causes it, composed there (Message-ID recorded before any
-- send), then sent by a job. Its raw bytes are archived in `messages` like inbound mail.

-- Whether processing a message may send automatic mail: live mail yes, imported history only
-- when asked (`guichet import --notify`).
ALTER TABLE messages ADD COLUMN send_mail boolean NOT NULL DEFAULT true;

CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  message_id bigint NOT NULL UNIQUE REFERENCES messages (id),  -- the archived raw bytes
  template text NOT NULL,
  locale text NOT NULL,
  to_address text NOT NULL,
  automatic boolean NOT NULL,
  -- pending → sending → sent; failed after the last retry; bounced when a DSN reports it.
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'bounced')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  cause text NOT NULL,             -- what caused it: case-opened, repeat, agent action, deadline
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  smtp_response text
);
CREATE INDEX outbox_recipient_automatic ON outbox (to_address, created_at) WHERE automatic;
CREATE INDEX outbox_status ON outbox (status);
