-- Indexes for the aggregates over a year (achievementSummary, the budget):
-- they read every target and realisation of one year under a subtree, so
-- the year comes first, and the index carries what the roll-up reads, so
-- that the rows themselves are not visited. The org units that set a
-- convention for negative indicators are few: a partial index finds those
-- on a unit's path.

-- +goose Up
CREATE INDEX realisations_year ON realisations (year, indicator_id) INCLUDE (period, value, status);
CREATE INDEX targets_year ON targets (year, indicator_id) INCLUDE (value, min, max, label);
CREATE INDEX org_units_negative_formula ON org_units (path) INCLUDE (negative_formula, depth) WHERE negative_formula IS NOT NULL;

-- +goose Down
DROP INDEX org_units_negative_formula;
DROP INDEX targets_year;
DROP INDEX realisations_year;
