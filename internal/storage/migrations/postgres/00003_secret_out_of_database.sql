-- The token signing secret no longer lives in the database: anyone who could
-- read the database (or a backup) could sign a token for any user. The server
-- now reads it from JWT_SECRET or a file (see the README), so the secret kept
-- here before is removed; tokens signed with it stop being accepted.

-- +goose Up
DELETE FROM settings WHERE key = 'jwt_secret';

-- +goose Down
-- Nothing to restore: a removed secret is not brought back.
SELECT 1;
