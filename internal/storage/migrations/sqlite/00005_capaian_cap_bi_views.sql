-- The capaian cap, an agency setting inherited down the tree like
-- negative_formula: NULL inherits the nearest ancestor's, 0 means no cap,
-- otherwise a capaian above it is reported as the cap (100 to 1000).

-- +goose Up
ALTER TABLE org_units ADD COLUMN capaian_cap REAL CHECK (capaian_cap = 0 OR capaian_cap BETWEEN 100 AND 1000);

-- +goose Down
ALTER TABLE org_units DROP COLUMN capaian_cap;
