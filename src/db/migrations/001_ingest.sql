-- Ingestion: every message that reached the mailbox, stored exactly once (DESIGN 3.1).

-- One row per IMAP folder we sync: the cursor (UIDVALIDITY, last UID) that makes a re-fetch
-- after a crash start where the last committed message left off (RFC 3501 2.3.1.1).
CREATE TABLE mailboxes (
  id bigserial PRIMARY KEY,
  account text NOT NULL,           -- user@host:port, never the password
  name text NOT NULL,              -- the folder, e.g. INBOX
  uid_validity bigint,
  last_uid bigint NOT NULL DEFAULT 0,
  last_poll_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  UNIQUE (account, name)
);

-- Global arrival order of inbound messages (DESIGN 3.3): taken under a transaction-level
-- advisory lock at ingest so that sequence order is also commit order.
CREATE SEQUENCE message_arrival_seq;

CREATE TABLE messages (
  id bigserial PRIMARY KEY,
  direction text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
  arrival_seq bigint UNIQUE,
  sha256 text NOT NULL UNIQUE,
  size integer NOT NULL,
  raw bytea NOT NULL,
  received_at timestamptz NOT NULL,  -- INTERNALDATE / delivery time, never the Date: header
  stored_at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL CHECK (source IN ('imap', 'maildir', 'import', 'outbox')),
  message_id_header text,
  subject text,
  from_address text,
  from_name text,
  addresses jsonb NOT NULL DEFAULT '{}'::jsonb,   -- from, to, cc, replyTo as {name, address}[]
  return_path text,
  sent_date timestamptz,
  in_reply_to text[] NOT NULL DEFAULT '{}',
  "references" text[] NOT NULL DEFAULT '{}',
  auto_submitted text,
  precedence text,
  content_type text,
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  text_body text,
  html_body text,
  delivery_status text,
  quarantine_code text,
  quarantine_detail text,
  processed_at timestamptz
);
CREATE INDEX messages_message_id_header ON messages (message_id_header);
CREATE INDEX messages_unprocessed ON messages (arrival_seq) WHERE processed_at IS NULL;

-- Every place a stored message was seen. The unique key on (mailbox, UIDVALIDITY, UID) makes an
-- IMAP re-fetch a no-op; the same bytes found again (a rescan after a UIDVALIDITY change, a
-- re-import) add an origin row and nothing else.
CREATE TABLE message_origins (
  id bigserial PRIMARY KEY,
  message_id bigint NOT NULL REFERENCES messages (id),
  kind text NOT NULL CHECK (kind IN ('imap', 'maildir', 'import')),
  mailbox_id bigint REFERENCES mailboxes (id),
  uid_validity bigint,
  uid bigint,
  path text,
  path_index integer,
  seen_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mailbox_id, uid_validity, uid)
);
CREATE INDEX message_origins_message ON message_origins (message_id);

-- Attachment bytes, content-addressed: stored by sha256, never under the sender's filename.
CREATE TABLE attachment_blobs (
  sha256 text PRIMARY KEY,
  size integer NOT NULL,
  content bytea NOT NULL
);

CREATE TABLE message_attachments (
  message_id bigint NOT NULL REFERENCES messages (id),
  position integer NOT NULL,
  sha256 text NOT NULL REFERENCES attachment_blobs (sha256),
  filename text,
  content_type text NOT NULL,
  content_id text,
  disposition text,
  size integer NOT NULL,
  PRIMARY KEY (message_id, position)
);
