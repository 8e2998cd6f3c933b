-- The achievement facts: the capaian and category of every indicator in
-- every year that has a target or a realisation, over every realisation and
-- over APPROVED ones only, as internal/domain computes them (storage/facts.go).
-- See the PostgreSQL migration of the same number; SQLite's triggers are per
-- row.

-- +goose Up
CREATE TABLE achievement_facts (
    indicator_id      BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    year              INTEGER NOT NULL,
    capaian           REAL,
    category          TEXT,
    approved_capaian  REAL,
    approved_category TEXT,
    -- the capaian as the shortest decimal that reads back as the same float:
    -- SQLite has no exact decimal sum, so a mean lists these for the server
    -- to add exactly (storage.factColumns)
    capaian_exact          TEXT,
    approved_capaian_exact TEXT,
    PRIMARY KEY (indicator_id, year)
);
CREATE INDEX achievement_facts_year ON achievement_facts (year, indicator_id, capaian, category, approved_capaian, approved_category);

CREATE TABLE achievement_facts_stale (indicator_id BIGINT NOT NULL);
CREATE INDEX achievement_facts_stale_indicator ON achievement_facts_stale (indicator_id);

-- +goose StatementBegin
CREATE TRIGGER targets_facts_insert AFTER INSERT ON targets BEGIN
    INSERT INTO achievement_facts_stale VALUES (NEW.indicator_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER targets_facts_update AFTER UPDATE ON targets BEGIN
    INSERT INTO achievement_facts_stale VALUES (NEW.indicator_id);
    INSERT INTO achievement_facts_stale SELECT OLD.indicator_id WHERE OLD.indicator_id <> NEW.indicator_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER targets_facts_delete AFTER DELETE ON targets BEGIN
    INSERT INTO achievement_facts_stale VALUES (OLD.indicator_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER realisations_facts_insert AFTER INSERT ON realisations BEGIN
    INSERT INTO achievement_facts_stale VALUES (NEW.indicator_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER realisations_facts_update AFTER UPDATE ON realisations BEGIN
    INSERT INTO achievement_facts_stale VALUES (NEW.indicator_id);
    INSERT INTO achievement_facts_stale SELECT OLD.indicator_id WHERE OLD.indicator_id <> NEW.indicator_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER realisations_facts_delete AFTER DELETE ON realisations BEGIN
    INSERT INTO achievement_facts_stale VALUES (OLD.indicator_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER indicators_facts_update AFTER UPDATE OF polarity, accumulation, owner_id ON indicators
WHEN NEW.polarity IS NOT OLD.polarity OR NEW.accumulation IS NOT OLD.accumulation OR NEW.owner_id IS NOT OLD.owner_id
BEGIN
    INSERT INTO achievement_facts_stale VALUES (NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_units_facts_update AFTER UPDATE OF path, negative_formula, capaian_cap ON org_units
WHEN NEW.path IS NOT OLD.path OR NEW.negative_formula IS NOT OLD.negative_formula OR NEW.capaian_cap IS NOT OLD.capaian_cap
BEGIN
    INSERT INTO achievement_facts_stale
    SELECT i.id FROM org_units u JOIN indicators i ON i.owner_id = u.id
    WHERE u.path >= NEW.path AND u.path < substr(NEW.path, 1, length(NEW.path) - 1) || '0';
END;
-- +goose StatementEnd

-- Every existing indicator is computed when the server next starts.
INSERT INTO achievement_facts_stale SELECT id FROM indicators;

-- +goose Down
DROP TRIGGER org_units_facts_update;
DROP TRIGGER indicators_facts_update;
DROP TRIGGER realisations_facts_delete;
DROP TRIGGER realisations_facts_update;
DROP TRIGGER realisations_facts_insert;
DROP TRIGGER targets_facts_delete;
DROP TRIGGER targets_facts_update;
DROP TRIGGER targets_facts_insert;
DROP TABLE achievement_facts_stale;
DROP TABLE achievement_facts;
