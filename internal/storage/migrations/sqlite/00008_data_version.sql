-- The data version: one row whose number every write bumps inside its own
-- transaction (the write funnel, write.go). A cache of answers is valid while
-- the number stays; on PostgreSQL the new number is also sent with NOTIFY on
-- the channel kinerja_data_version, so that every instance on the database
-- learns of the change at once.

-- +goose Up
CREATE TABLE data_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE data_version;
