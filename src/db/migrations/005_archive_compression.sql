-- The archive's bytes — raw messages and attachment blobs — compressed with lz4 instead of the
-- default pglz where the server has lz4 (PostgreSQL 14+ built --with-lz4, as Debian's and the
-- official images are). Mail is stored once and read rarely, but every message is compressed on
-- the way in, inside the store's transaction: lz4 compresses several times faster than pglz at
-- a similar ratio on mail. Only new values are affected; existing rows keep their compression.
-- A server without lz4 (PGlite) refuses the method: pglz stays, nothing else changes.
DO $$
BEGIN
  ALTER TABLE messages ALTER COLUMN raw SET COMPRESSION lz4;
  ALTER TABLE attachment_blobs ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'lz4 compression not available (%); the archive keeps pglz', SQLERRM;
END
$$;
