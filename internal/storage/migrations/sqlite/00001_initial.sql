-- The initial schema: the organisation tree, users, the strategic plan with
-- its budget hierarchy, indicators with targets and realisations, budget
-- lines, and the figures source documents state beside them.
--
-- org_units.path is the materialised path of ids ("/1/2/5/") in byte order
-- (BINARY collation), so that a subtree is one range scan of its index.

-- +goose Up
CREATE TABLE org_units (
    id               INTEGER PRIMARY KEY,
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
CREATE UNIQUE INDEX org_units_path ON org_units (path);
CREATE UNIQUE INDEX org_units_parent_code ON org_units (parent_id, code);
CREATE UNIQUE INDEX org_units_root_code ON org_units (code) WHERE parent_id IS NULL;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('ADMIN', 'APPROVER', 'OPERATOR', 'VIEWER')),
    org_unit_id   BIGINT NOT NULL REFERENCES org_units (id),
    active        BOOLEAN NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE INDEX users_org_unit ON users (org_unit_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    name        TEXT NOT NULL,
    start_year  INTEGER NOT NULL,
    end_year    INTEGER NOT NULL,
    vision      TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    CHECK (end_year >= start_year)
);
CREATE INDEX plans_org_unit ON plans (org_unit_id);

CREATE TABLE missions (
    id      INTEGER PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    number  INTEGER NOT NULL,
    text    TEXT NOT NULL
);
CREATE UNIQUE INDEX missions_plan_number ON missions (plan_id, number);

CREATE TABLE goals (
    id         INTEGER PRIMARY KEY,
    plan_id    BIGINT NOT NULL REFERENCES plans (id),
    mission_id BIGINT REFERENCES missions (id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX goals_plan_code ON goals (plan_id, code);
CREATE INDEX goals_mission ON goals (mission_id);

CREATE TABLE sasaran (
    id       INTEGER PRIMARY KEY,
    goal_id  BIGINT NOT NULL REFERENCES goals (id),
    plan_id  BIGINT NOT NULL REFERENCES plans (id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sasaran_plan_code ON sasaran (plan_id, code);
CREATE INDEX sasaran_goal ON sasaran (goal_id);

CREATE TABLE programs (
    id       INTEGER PRIMARY KEY,
    plan_id  BIGINT NOT NULL REFERENCES plans (id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX programs_plan_code ON programs (plan_id, code);

CREATE TABLE program_sasaran (
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    sasaran_id BIGINT NOT NULL REFERENCES sasaran (id) ON DELETE CASCADE,
    PRIMARY KEY (program_id, sasaran_id)
);
CREATE INDEX program_sasaran_sasaran ON program_sasaran (sasaran_id);

CREATE TABLE activities (
    id          INTEGER PRIMARY KEY,
    program_id  BIGINT NOT NULL REFERENCES programs (id),
    plan_id     BIGINT NOT NULL REFERENCES plans (id),
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX activities_plan_code ON activities (plan_id, code);
CREATE INDEX activities_program ON activities (program_id);
CREATE INDEX activities_org_unit ON activities (org_unit_id);

CREATE TABLE sub_activities (
    id          INTEGER PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    plan_id     BIGINT NOT NULL REFERENCES plans (id),
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sub_activities_plan_code ON sub_activities (plan_id, code);
CREATE INDEX sub_activities_activity ON sub_activities (activity_id);
CREATE INDEX sub_activities_org_unit ON sub_activities (org_unit_id);

CREATE TABLE indicators (
    id              INTEGER PRIMARY KEY,
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
CREATE UNIQUE INDEX indicators_plan_code ON indicators (plan_id, code);
CREATE INDEX indicators_owner ON indicators (owner_id, level);
CREATE INDEX indicators_goal ON indicators (goal_id);
CREATE INDEX indicators_sasaran ON indicators (sasaran_id);
CREATE INDEX indicators_program ON indicators (program_id);
CREATE INDEX indicators_activity ON indicators (activity_id);
CREATE INDEX indicators_sub_activity ON indicators (sub_activity_id);

CREATE TABLE targets (
    id           INTEGER PRIMARY KEY,
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
CREATE UNIQUE INDEX targets_indicator_year ON targets (indicator_id, year);

CREATE TABLE realisations (
    id           INTEGER PRIMARY KEY,
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
CREATE UNIQUE INDEX realisations_indicator_year_period ON realisations (indicator_id, year, period);

CREATE TABLE budget_lines (
    id              INTEGER PRIMARY KEY,
    sub_activity_id BIGINT NOT NULL REFERENCES sub_activities (id),
    year            INTEGER NOT NULL,
    pagu            BIGINT NOT NULL CHECK (pagu >= 0),
    realisasi       BIGINT NOT NULL CHECK (realisasi >= 0),
    updated_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK (realisasi <= pagu)
);
CREATE UNIQUE INDEX budget_lines_sub_activity_year ON budget_lines (sub_activity_id, year);
CREATE INDEX budget_lines_year ON budget_lines (year, sub_activity_id);

CREATE TABLE stated_figures (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    table_ref    TEXT NOT NULL,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('ORG_UNIT', 'PROGRAM', 'ACTIVITY', 'SUB_ACTIVITY', 'INDICATOR')),
    subject_id   BIGINT NOT NULL,
    year         INTEGER,
    figure       TEXT NOT NULL,
    value        TEXT NOT NULL,
    note         TEXT
);
CREATE INDEX stated_figures_subject ON stated_figures (subject_type, subject_id, year);

-- +goose Down
DROP TABLE stated_figures;
DROP TABLE budget_lines;
DROP TABLE realisations;
DROP TABLE targets;
DROP TABLE indicators;
DROP TABLE sub_activities;
DROP TABLE activities;
DROP TABLE program_sasaran;
DROP TABLE programs;
DROP TABLE sasaran;
DROP TABLE goals;
DROP TABLE missions;
DROP TABLE plans;
DROP TABLE settings;
DROP TABLE users;
DROP TABLE org_units;
