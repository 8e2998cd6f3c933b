-- kinerja_bi.org_units without a scan of the tree per unit and per use.
-- The settings in force (negative_formula, capaian_cap) and the nearest
-- agency and Asisten were correlated subqueries matching every unit's path
-- by LIKE; PostgreSQL inlines the view into the achievement view, where the
-- capaian expression names the settings dozens of times, and ran one such
-- scan per mention and row (seconds at 10,000 units, hours at 140,000).
-- They are now read from the chain of the unit's ancestors joined by
-- parent_id, 8 levels deep (deeper than any tree the product builds: a
-- country, Pemda, agency, Asisten, Bagian, Subbagian), which the planner
-- runs as hash joins over a whole country or index lookups for one unit;
-- a unit deeper than that still falls back to the path match, so the view
-- is exact at any depth. Same columns, same values.

-- +goose Up
CREATE OR REPLACE VIEW kinerja_bi.org_units AS
SELECT u.id, u.code, u.name, u.kind, u.parent_id, p1.code AS parent_code, u.depth, u.path,
       ag.id AS agency_id, ag.code AS agency_code, ag.name AS agency_name,
       asi.id AS asisten_id, asi.code AS asisten_code, asi.name AS asisten_name,
       COALESCE(CASE WHEN u.depth < 8 THEN COALESCE(u.negative_formula, p1.negative_formula, p2.negative_formula, p3.negative_formula, p4.negative_formula, p5.negative_formula, p6.negative_formula, p7.negative_formula)
                     ELSE (SELECT a.negative_formula FROM org_units a
                           WHERE a.negative_formula IS NOT NULL AND u.path LIKE a.path || '%'
                           ORDER BY a.depth DESC LIMIT 1) END, 'GAP') AS negative_formula,
       NULLIF(CASE WHEN u.depth < 8 THEN COALESCE(u.capaian_cap, p1.capaian_cap, p2.capaian_cap, p3.capaian_cap, p4.capaian_cap, p5.capaian_cap, p6.capaian_cap, p7.capaian_cap)
                   ELSE (SELECT a.capaian_cap FROM org_units a
                         WHERE a.capaian_cap IS NOT NULL AND u.path LIKE a.path || '%'
                         ORDER BY a.depth DESC LIMIT 1) END, 0) AS capaian_cap
FROM org_units u
LEFT JOIN org_units p1 ON p1.id = u.parent_id
LEFT JOIN org_units p2 ON p2.id = p1.parent_id
LEFT JOIN org_units p3 ON p3.id = p2.parent_id
LEFT JOIN org_units p4 ON p4.id = p3.parent_id
LEFT JOIN org_units p5 ON p5.id = p4.parent_id
LEFT JOIN org_units p6 ON p6.id = p5.parent_id
LEFT JOIN org_units p7 ON p7.id = p6.parent_id
LEFT JOIN org_units ag ON ag.id = CASE WHEN u.depth < 8 THEN CASE WHEN u.kind = 'AGENCY' THEN u.id WHEN p1.kind = 'AGENCY' THEN p1.id WHEN p2.kind = 'AGENCY' THEN p2.id WHEN p3.kind = 'AGENCY' THEN p3.id WHEN p4.kind = 'AGENCY' THEN p4.id WHEN p5.kind = 'AGENCY' THEN p5.id WHEN p6.kind = 'AGENCY' THEN p6.id WHEN p7.kind = 'AGENCY' THEN p7.id END
                                       ELSE (SELECT a.id FROM org_units a
                                             WHERE a.kind = 'AGENCY' AND u.path LIKE a.path || '%'
                                             ORDER BY a.depth DESC LIMIT 1) END
LEFT JOIN org_units asi ON asi.id = CASE WHEN u.depth < 8 THEN CASE WHEN u.kind = 'ASSISTANT' THEN u.id WHEN p1.kind = 'ASSISTANT' THEN p1.id WHEN p2.kind = 'ASSISTANT' THEN p2.id WHEN p3.kind = 'ASSISTANT' THEN p3.id WHEN p4.kind = 'ASSISTANT' THEN p4.id WHEN p5.kind = 'ASSISTANT' THEN p5.id WHEN p6.kind = 'ASSISTANT' THEN p6.id WHEN p7.kind = 'ASSISTANT' THEN p7.id END
                                         ELSE (SELECT a.id FROM org_units a
                                               WHERE a.kind = 'ASSISTANT' AND u.path LIKE a.path || '%'
                                               ORDER BY a.depth DESC LIMIT 1) END;

-- +goose Down
CREATE OR REPLACE VIEW kinerja_bi.org_units AS
SELECT u.id, u.code, u.name, u.kind, u.parent_id, pu.code AS parent_code, u.depth, u.path,
       ag.id AS agency_id, ag.code AS agency_code, ag.name AS agency_name,
       asi.id AS asisten_id, asi.code AS asisten_code, asi.name AS asisten_name,
       COALESCE((SELECT a.negative_formula FROM org_units a
                 WHERE a.negative_formula IS NOT NULL AND u.path LIKE a.path || '%'
                 ORDER BY a.depth DESC LIMIT 1), 'GAP') AS negative_formula,
       NULLIF((SELECT a.capaian_cap FROM org_units a
               WHERE a.capaian_cap IS NOT NULL AND u.path LIKE a.path || '%'
               ORDER BY a.depth DESC LIMIT 1), 0) AS capaian_cap
FROM org_units u
LEFT JOIN org_units pu ON pu.id = u.parent_id
LEFT JOIN org_units ag ON ag.id = (SELECT a.id FROM org_units a
                                   WHERE a.kind = 'AGENCY' AND u.path LIKE a.path || '%'
                                   ORDER BY a.depth DESC LIMIT 1)
LEFT JOIN org_units asi ON asi.id = (SELECT a.id FROM org_units a
                                     WHERE a.kind = 'ASSISTANT' AND u.path LIKE a.path || '%'
                                     ORDER BY a.depth DESC LIMIT 1);
