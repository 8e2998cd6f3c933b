-- users gains session_gen, the user's session generation: every token
-- carries the generation it was issued in, and moving it on (logout, a new
-- password, deactivation, a change of role or unit) revokes every earlier
-- token at once.
--
-- Ids are never reused here already: every id is an identity column, whose
-- sequence only moves forward (the SQLite migration of the same number makes
-- its tables AUTOINCREMENT to the same end).

-- +goose Up
ALTER TABLE users ADD COLUMN session_gen BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN session_gen;
