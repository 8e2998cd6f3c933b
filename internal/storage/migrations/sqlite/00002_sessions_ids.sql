-- Ids are never reused: every table whose ids clients hold becomes
-- AUTOINCREMENT, so that the id of a deleted row (a user whose token is still
-- out there, an org unit, an indicator) is never given to a new one. SQLite
-- cannot add AUTOINCREMENT to a table, so each is rebuilt the way SQLite's
-- documentation prescribes (https://www.sqlite.org/lang_altertable.html#otheralter):
-- foreign keys off, create the new table, copy, drop the old one, rename the
-- new one into its place, recreate its indexes, check the foreign keys, and
-- commit. The references of other tables name the table, so they hold
-- across the rename. Foreign keys can only be switched off outside a
-- transaction, so this migration runs without goose's and brings its own.
--
-- users gains session_gen, the user's session generation: every token
-- carries the generation it was issued in, and moving it on (logout, a new
-- password, deactivation, a change of role or unit) revokes every earlier
-- token at once.

-- +goose NO TRANSACTION
-- +goose Up
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE org_units_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id        BIGINT REFERENCES org_units (id),
    code             TEXT NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('PEMDA', 'AGENCY', 'ASSISTANT', 'DIVISION', 'SUBDIVISION')),
    path             TEXT NOT NULL,
    depth            INTEGER NOT NULL,
    negative_formula TEXT CHECK (negative_formula IN ('GAP', 'RATIO')),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
INSERT INTO org_units_new (id, parent_id, code, name, kind, path, depth, negative_formula, created_at, updated_at)
    SELECT id, parent_id, code, name, kind, path, depth, negative_formula, created_at, updated_at FROM org_units;
DROP TABLE org_units;
ALTER TABLE org_units_new RENAME TO org_units;
CREATE UNIQUE INDEX org_units_path ON org_units (path);
CREATE UNIQUE INDEX org_units_parent_code ON org_units (parent_id, code);
CREATE UNIQUE INDEX org_units_root_code ON org_units (code) WHERE parent_id IS NULL;

CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('ADMIN', 'APPROVER', 'OPERATOR', 'VIEWER')),
    org_unit_id   BIGINT NOT NULL REFERENCES org_units (id),
    active        BOOLEAN NOT NULL DEFAULT 1,
    session_gen   BIGINT NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
INSERT INTO users_new (id, username, display_name, password_hash, role, org_unit_id, active, created_at, updated_at)
    SELECT id, username, display_name, password_hash, role, org_unit_id, active, created_at, updated_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE UNIQUE INDEX users_username ON users (username);
CREATE INDEX users_org_unit ON users (org_unit_id);

CREATE TABLE plans_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    name        TEXT NOT NULL,
    start_year  INTEGER NOT NULL,
    end_year    INTEGER NOT NULL,
    vision      TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    CHECK (end_year >= start_year)
);
INSERT INTO plans_new (id, org_unit_id, name, start_year, end_year, vision, created_at, updated_at)
    SELECT id, org_unit_id, name, start_year, end_year, vision, created_at, updated_at FROM plans;
DROP TABLE plans;
ALTER TABLE plans_new RENAME TO plans;
CREATE INDEX plans_org_unit ON plans (org_unit_id);

CREATE TABLE missions_new (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    number  INTEGER NOT NULL,
    text    TEXT NOT NULL
);
INSERT INTO missions_new (id, plan_id, number, text)
    SELECT id, plan_id, number, text FROM missions;
DROP TABLE missions;
ALTER TABLE missions_new RENAME TO missions;
CREATE UNIQUE INDEX missions_plan_number ON missions (plan_id, number);

CREATE TABLE goals_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id    BIGINT NOT NULL REFERENCES plans (id),
    mission_id BIGINT REFERENCES missions (id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO goals_new (id, plan_id, mission_id, code, name, position)
    SELECT id, plan_id, mission_id, code, name, position FROM goals;
DROP TABLE goals;
ALTER TABLE goals_new RENAME TO goals;
CREATE UNIQUE INDEX goals_plan_code ON goals (plan_id, code);
CREATE INDEX goals_mission ON goals (mission_id);

CREATE TABLE sasaran_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id  BIGINT NOT NULL REFERENCES goals (id),
    plan_id  BIGINT NOT NULL REFERENCES plans (id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sasaran_new (id, goal_id, plan_id, code, name, position)
    SELECT id, goal_id, plan_id, code, name, position FROM sasaran;
DROP TABLE sasaran;
ALTER TABLE sasaran_new RENAME TO sasaran;
CREATE UNIQUE INDEX sasaran_plan_code ON sasaran (plan_id, code);
CREATE INDEX sasaran_goal ON sasaran (goal_id);

CREATE TABLE programs_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id  BIGINT NOT NULL REFERENCES plans (id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO programs_new (id, plan_id, code, name, position)
    SELECT id, plan_id, code, name, position FROM programs;
DROP TABLE programs;
ALTER TABLE programs_new RENAME TO programs;
CREATE UNIQUE INDEX programs_plan_code ON programs (plan_id, code);

CREATE TABLE activities_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id  BIGINT NOT NULL REFERENCES programs (id),
    plan_id     BIGINT NOT NULL REFERENCES plans (id),
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO activities_new (id, program_id, plan_id, org_unit_id, code, name, position)
    SELECT id, program_id, plan_id, org_unit_id, code, name, position FROM activities;
DROP TABLE activities;
ALTER TABLE activities_new RENAME TO activities;
CREATE UNIQUE INDEX activities_plan_code ON activities (plan_id, code);
CREATE INDEX activities_program ON activities (program_id);
CREATE INDEX activities_org_unit ON activities (org_unit_id);

CREATE TABLE sub_activities_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    plan_id     BIGINT NOT NULL REFERENCES plans (id),
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sub_activities_new (id, activity_id, plan_id, org_unit_id, code, name, position)
    SELECT id, activity_id, plan_id, org_unit_id, code, name, position FROM sub_activities;
DROP TABLE sub_activities;
ALTER TABLE sub_activities_new RENAME TO sub_activities;
CREATE UNIQUE INDEX sub_activities_plan_code ON sub_activities (plan_id, code);
CREATE INDEX sub_activities_activity ON sub_activities (activity_id);
CREATE INDEX sub_activities_org_unit ON sub_activities (org_unit_id);

CREATE TABLE indicators_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         BIGINT NOT NULL REFERENCES plans (id),
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    unit            TEXT NOT NULL,
    polarity        TEXT NOT NULL CHECK (polarity IN ('POSITIVE', 'NEGATIVE')),
    accumulation    TEXT NOT NULL CHECK (accumulation IN ('SUM', 'LAST', 'AVERAGE')),
    level           TEXT NOT NULL CHECK (level IN ('GOAL', 'SASARAN', 'PROGRAM', 'ACTIVITY', 'SUB_ACTIVITY')),
    owner_id        BIGINT NOT NULL REFERENCES org_units (id),
    formula         TEXT,
    goal_id         BIGINT REFERENCES goals (id),
    sasaran_id      BIGINT REFERENCES sasaran (id),
    program_id      BIGINT REFERENCES programs (id),
    activity_id     BIGINT REFERENCES activities (id),
    sub_activity_id BIGINT REFERENCES sub_activities (id),
    position        INTEGER NOT NULL DEFAULT 0,
    renstra_value   REAL,
    renstra_min     REAL,
    renstra_max     REAL,
    renstra_label   TEXT,
    baseline_value  REAL,
    baseline_min    REAL,
    baseline_max    REAL,
    baseline_label  TEXT,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK ((level = 'GOAL') = (goal_id IS NOT NULL)),
    CHECK ((level = 'SASARAN') = (sasaran_id IS NOT NULL)),
    CHECK ((level = 'PROGRAM') = (program_id IS NOT NULL)),
    CHECK ((level = 'ACTIVITY') = (activity_id IS NOT NULL)),
    CHECK ((level = 'SUB_ACTIVITY') = (sub_activity_id IS NOT NULL))
);
INSERT INTO indicators_new (id, plan_id, code, name, unit, polarity, accumulation, level, owner_id, formula, goal_id, sasaran_id, program_id, activity_id, sub_activity_id, position, renstra_value, renstra_min, renstra_max, renstra_label, baseline_value, baseline_min, baseline_max, baseline_label, created_at, updated_at)
    SELECT id, plan_id, code, name, unit, polarity, accumulation, level, owner_id, formula, goal_id, sasaran_id, program_id, activity_id, sub_activity_id, position, renstra_value, renstra_min, renstra_max, renstra_label, baseline_value, baseline_min, baseline_max, baseline_label, created_at, updated_at FROM indicators;
DROP TABLE indicators;
ALTER TABLE indicators_new RENAME TO indicators;
CREATE UNIQUE INDEX indicators_plan_code ON indicators (plan_id, code);
CREATE INDEX indicators_owner ON indicators (owner_id, level);
CREATE INDEX indicators_goal ON indicators (goal_id);
CREATE INDEX indicators_sasaran ON indicators (sasaran_id);
CREATE INDEX indicators_program ON indicators (program_id);
CREATE INDEX indicators_activity ON indicators (activity_id);
CREATE INDEX indicators_sub_activity ON indicators (sub_activity_id);

CREATE TABLE targets_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    value        REAL,
    min          REAL,
    max          REAL,
    label        TEXT,
    updated_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    CHECK ((value IS NOT NULL AND min IS NULL AND max IS NULL)
        OR (value IS NULL AND min IS NOT NULL AND max IS NOT NULL AND min <= max))
);
INSERT INTO targets_new (id, indicator_id, year, value, min, max, label, updated_by, created_at, updated_at)
    SELECT id, indicator_id, year, value, min, max, label, updated_by, created_at, updated_at FROM targets;
DROP TABLE targets;
ALTER TABLE targets_new RENAME TO targets;
CREATE UNIQUE INDEX targets_indicator_year ON targets (indicator_id, year);

CREATE TABLE realisations_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL CHECK (period IN ('Q1', 'Q2', 'Q3', 'Q4', 'YEAR')),
    value        REAL NOT NULL,
    data_source  TEXT,
    obstacles    TEXT,
    remedies     TEXT,
    status       TEXT NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED')),
    version      INTEGER NOT NULL DEFAULT 1,
    updated_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
INSERT INTO realisations_new (id, indicator_id, year, period, value, data_source, obstacles, remedies, status, version, updated_by, created_at, updated_at)
    SELECT id, indicator_id, year, period, value, data_source, obstacles, remedies, status, version, updated_by, created_at, updated_at FROM realisations;
DROP TABLE realisations;
ALTER TABLE realisations_new RENAME TO realisations;
CREATE UNIQUE INDEX realisations_indicator_year_period ON realisations (indicator_id, year, period);

CREATE TABLE budget_lines_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    sub_activity_id BIGINT NOT NULL REFERENCES sub_activities (id),
    year            INTEGER NOT NULL,
    pagu            BIGINT NOT NULL CHECK (pagu >= 0),
    realisasi       BIGINT NOT NULL CHECK (realisasi >= 0),
    updated_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK (realisasi <= pagu)
);
INSERT INTO budget_lines_new (id, sub_activity_id, year, pagu, realisasi, updated_by, created_at, updated_at)
    SELECT id, sub_activity_id, year, pagu, realisasi, updated_by, created_at, updated_at FROM budget_lines;
DROP TABLE budget_lines;
ALTER TABLE budget_lines_new RENAME TO budget_lines;
CREATE UNIQUE INDEX budget_lines_sub_activity_year ON budget_lines (sub_activity_id, year);
CREATE INDEX budget_lines_year ON budget_lines (year, sub_activity_id);

CREATE TABLE stated_figures_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL,
    table_ref    TEXT NOT NULL,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('ORG_UNIT', 'PROGRAM', 'ACTIVITY', 'SUB_ACTIVITY', 'INDICATOR')),
    subject_id   BIGINT NOT NULL,
    year         INTEGER,
    figure       TEXT NOT NULL,
    value        TEXT NOT NULL,
    note         TEXT
);
INSERT INTO stated_figures_new (id, source, table_ref, subject_type, subject_id, year, figure, value, note)
    SELECT id, source, table_ref, subject_type, subject_id, year, figure, value, note FROM stated_figures;
DROP TABLE stated_figures;
ALTER TABLE stated_figures_new RENAME TO stated_figures;
CREATE INDEX stated_figures_subject ON stated_figures (subject_type, subject_id, year);

-- A foreign key broken by the copy would abort here: the CHECK refuses a
-- count of violations other than 0.
CREATE TEMP TABLE migration_00002_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO migration_00002_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE migration_00002_check;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
-- The tables stay AUTOINCREMENT: the schema of migration 1 works with them,
-- and undoing it would let ids be reused again.
ALTER TABLE users DROP COLUMN session_gen;
