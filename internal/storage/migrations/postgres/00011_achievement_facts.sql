-- The achievement facts: the capaian and category of every indicator in
-- every year that has a target or a realisation, over every realisation and
-- over APPROVED ones only, as internal/domain computes them (storage/facts.go).
-- They make an aggregate over a whole country one pass over one narrow table
-- instead of rolling up millions of quarterly realisations per request.
--
-- Triggers name the indicators whose facts a statement changes in
-- achievement_facts_stale: a target or a realisation written, an indicator's
-- polarity, accumulation or owner changed, or an org unit's path or settings
-- changed (every indicator in its subtree). The write funnel recomputes the
-- facts of the stale indicators inside the same transaction, so no reader
-- sees facts older than the rows they come from. Writes outside the funnel
-- (synth, the demo loader, an operator's SQL) are caught up by the next
-- write or when the server starts.

-- +goose Up
CREATE TABLE achievement_facts (
    indicator_id      BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    year              INTEGER NOT NULL,
    capaian           DOUBLE PRECISION,
    category          TEXT,
    approved_capaian  DOUBLE PRECISION,
    approved_category TEXT,
    -- the exact decimal value of the capaian (domain.ExactDecimal): summed
    -- without rounding, a mean is the same whatever the order of the rows
    capaian_exact          NUMERIC,
    approved_capaian_exact NUMERIC,
    PRIMARY KEY (indicator_id, year)
);
CREATE INDEX achievement_facts_year ON achievement_facts (year, indicator_id)
    INCLUDE (capaian, category, approved_capaian, approved_category, capaian_exact, approved_capaian_exact);

-- No key: concurrent writers never wait on each other here.
CREATE TABLE achievement_facts_stale (indicator_id BIGINT NOT NULL);
CREATE INDEX achievement_facts_stale_indicator ON achievement_facts_stale (indicator_id);

-- +goose StatementBegin
CREATE FUNCTION kinerja_facts_stale_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO achievement_facts_stale SELECT DISTINCT indicator_id FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO achievement_facts_stale SELECT DISTINCT indicator_id FROM old_rows;
    ELSE
        INSERT INTO achievement_facts_stale
        SELECT indicator_id FROM new_rows UNION SELECT indicator_id FROM old_rows;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION kinerja_facts_stale_indicators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO achievement_facts_stale
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.polarity IS DISTINCT FROM o.polarity OR n.accumulation IS DISTINCT FROM o.accumulation
       OR n.owner_id IS DISTINCT FROM o.owner_id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION kinerja_facts_stale_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO achievement_facts_stale
    SELECT DISTINCT i.id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN org_units u ON u.path >= n.path AND u.path < left(n.path, -1) || '0'
    JOIN indicators i ON i.owner_id = u.id
    WHERE n.path IS DISTINCT FROM o.path OR n.negative_formula IS DISTINCT FROM o.negative_formula
       OR n.capaian_cap IS DISTINCT FROM o.capaian_cap;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER targets_facts_insert AFTER INSERT ON targets REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_rows();
CREATE TRIGGER targets_facts_update AFTER UPDATE ON targets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_rows();
CREATE TRIGGER targets_facts_delete AFTER DELETE ON targets REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_rows();
CREATE TRIGGER realisations_facts_insert AFTER INSERT ON realisations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_rows();
CREATE TRIGGER realisations_facts_update AFTER UPDATE ON realisations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_rows();
CREATE TRIGGER realisations_facts_delete AFTER DELETE ON realisations REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_rows();
CREATE TRIGGER indicators_facts_update AFTER UPDATE ON indicators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_indicators();
CREATE TRIGGER org_units_facts_update AFTER UPDATE ON org_units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja_facts_stale_units();

-- Every existing indicator is computed when the server next starts.
INSERT INTO achievement_facts_stale SELECT id FROM indicators;

-- +goose Down
DROP TRIGGER org_units_facts_update ON org_units;
DROP TRIGGER indicators_facts_update ON indicators;
DROP TRIGGER realisations_facts_delete ON realisations;
DROP TRIGGER realisations_facts_update ON realisations;
DROP TRIGGER realisations_facts_insert ON realisations;
DROP TRIGGER targets_facts_delete ON targets;
DROP TRIGGER targets_facts_update ON targets;
DROP TRIGGER targets_facts_insert ON targets;
DROP FUNCTION kinerja_facts_stale_units();
DROP FUNCTION kinerja_facts_stale_indicators();
DROP FUNCTION kinerja_facts_stale_rows();
DROP TABLE achievement_facts_stale;
DROP TABLE achievement_facts;
