-- The approval workflow: Bagian submit, the Asisten over them approve, the
-- agency's APPROVER approves a period for the whole agency.
--
-- approvals holds the approval state of one unit's period at its level (one
-- record per unit, year, period and level), so that a Bagian with nothing to
-- report can be approved as empty, and so that every write of the unit's
-- data can lock that record first: a write and an approval of the same unit
-- and period run one after the other. DRAFT is a record no period action has
-- touched yet.
--
-- audit_log is the audit trail, written in the same transaction as every
-- change. It is append-only: triggers refuse to change or delete its rows.
-- Its user and unit ids are kept without foreign keys, so that deleting a
-- user or a unit leaves the history as it was (ids are never reused). An
-- entry belongs to the scope of its unit's path as it is now, or, once the
-- unit is deleted, as it was when the entry was written (unit_path).
--
-- entry_periods holds the periods an ADMIN closed (or opened again) for data
-- entry, per agency; a period without a row is open.
--
-- realisations gain who submitted and approved them and when, and the
-- reason of a rejection; targets and budget lines gain a version, which a
-- writer may name (expectedVersion) so that it does not overwrite a change
-- it has not seen.

-- +goose Up
CREATE TABLE approvals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_unit_id  BIGINT NOT NULL REFERENCES org_units (id),
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL CHECK (period IN ('Q1', 'Q2', 'Q3', 'Q4', 'YEAR')),
    level        TEXT NOT NULL CHECK (level IN ('DIVISION', 'ASSISTANT', 'AGENCY')),
    state        TEXT NOT NULL CHECK (state IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED')),
    submitted_by BIGINT,
    submitted_at DATETIME,
    approved_by  BIGINT,
    approved_at  DATETIME,
    reason       TEXT,
    version      INTEGER NOT NULL DEFAULT 1,
    updated_by   BIGINT,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX approvals_unit_year_period_level ON approvals (org_unit_id, year, period, level);
CREATE INDEX approvals_year_period ON approvals (year, period, level, state);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           DATETIME NOT NULL,
    user_id      BIGINT,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    BIGINT,
    org_unit_id  BIGINT,
    unit_path    TEXT,
    indicator_id BIGINT,
    old_value    TEXT,
    new_value    TEXT,
    reason       TEXT
);
CREATE INDEX audit_log_indicator ON audit_log (indicator_id, id);
CREATE INDEX audit_log_org_unit ON audit_log (org_unit_id, id);
CREATE INDEX audit_log_user ON audit_log (user_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_at ON audit_log (at, id);
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

CREATE TABLE entry_periods (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL CHECK (period IN ('Q1', 'Q2', 'Q3', 'Q4', 'YEAR')),
    open        BOOLEAN NOT NULL,
    closed_at   DATETIME,
    closed_by   BIGINT,
    updated_by  BIGINT,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX entry_periods_unit_year_period ON entry_periods (org_unit_id, year, period);

ALTER TABLE realisations ADD COLUMN submitted_by BIGINT;
ALTER TABLE realisations ADD COLUMN submitted_at DATETIME;
ALTER TABLE realisations ADD COLUMN approved_by BIGINT;
ALTER TABLE realisations ADD COLUMN approved_at DATETIME;
ALTER TABLE realisations ADD COLUMN rejection_reason TEXT;
CREATE INDEX realisations_status ON realisations (status, id);

ALTER TABLE targets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE budget_lines ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE budget_lines DROP COLUMN version;
ALTER TABLE targets DROP COLUMN version;
DROP INDEX realisations_status;
ALTER TABLE realisations DROP COLUMN rejection_reason;
ALTER TABLE realisations DROP COLUMN approved_at;
ALTER TABLE realisations DROP COLUMN approved_by;
ALTER TABLE realisations DROP COLUMN submitted_at;
ALTER TABLE realisations DROP COLUMN submitted_by;
DROP TABLE entry_periods;
DROP TABLE audit_log;
DROP TABLE approvals;
