-- What a message's processing may depend on (src/ingest/processing-key.ts orderKeys): the
-- customer's address, each account identifier the message gives, its own Message-ID and those it
-- replies to. pg-boss serialises processing by address only; a batch also threads, before its
-- own messages, any earlier message still unprocessed that shares one of these keys
-- (src/jobs/predecessors.ts), so a customer known under two addresses, or a reply and its
-- original, are threaded in arrival order whichever worker fetched which job. NULL for rows
-- stored before this migration: they have no predecessors to wait for.
ALTER TABLE messages ADD COLUMN order_keys text[];
CREATE INDEX messages_unprocessed_order_keys ON messages USING gin (order_keys) WHERE processed_at IS NULL;
