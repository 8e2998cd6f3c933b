-- Indexes for the aggregates over a year (achievementSummary, the budget):
-- they read every target and realisation of one year under a subtree, so
-- the year comes first, and the index carries what the roll-up reads, so
-- that the rows themselves are not visited.

-- +goose Up
CREATE INDEX realisations_year ON realisations (year, indicator_id) INCLUDE (period, value, status);
CREATE INDEX targets_year ON targets (year, indicator_id) INCLUDE (value, min, max, label);

-- +goose Down
DROP INDEX targets_year;
DROP INDEX realisations_year;
