-- The SQLite BI views of 00005, rewritten for speed with the same names,
-- columns and meaning. SQLite flattens nested subqueries, so an expression
-- that refers to the column of the level below several times re-expands it
-- each time; the views of 00005 grew exponentially that way, and their org
-- unit settings were LIKE scans repeated by the same expansion. Here:
--  * the settings, agency and Asisten of a unit come from one walk down the
--    tree (O(units)) instead of a LIKE scan per unit;
--  * a year's realisations are looked up per indicator through the unique
--    (indicator_id, year, period) index instead of a GROUP BY over all years;
--  * the levels where the large expressions are computed are SELECT DISTINCT
--    (their rows are unique anyway), which SQLite does not flatten, so each
--    value is computed once per row; a WHERE on year, owner_path or level is
--    still pushed down through them to the indexes.

-- +goose Up
DROP VIEW kinerja_bi_budget;
DROP VIEW kinerja_bi_achievement_approved;
DROP VIEW kinerja_bi_achievement;
DROP VIEW kinerja_bi_achievement_by_basis;
DROP VIEW kinerja_bi_org_units;

-- org_units: as in 00005 (the nearest agency, Asisten and settings on a
-- unit's path, itself included), the walk carrying them down from the roots.
CREATE VIEW kinerja_bi_org_units AS
WITH RECURSIVE walk (id, agency_id, asisten_id, negative_formula, capaian_cap) AS (
    SELECT id, CASE WHEN kind = 'AGENCY' THEN id END, CASE WHEN kind = 'ASSISTANT' THEN id END,
           negative_formula, capaian_cap
    FROM org_units WHERE parent_id IS NULL
    UNION ALL
    SELECT u.id, CASE WHEN u.kind = 'AGENCY' THEN u.id ELSE w.agency_id END,
           CASE WHEN u.kind = 'ASSISTANT' THEN u.id ELSE w.asisten_id END,
           COALESCE(u.negative_formula, w.negative_formula), COALESCE(u.capaian_cap, w.capaian_cap)
    FROM walk w JOIN org_units u ON u.parent_id = w.id
)
SELECT u.id, u.code, u.name, u.kind, u.parent_id, pu.code AS parent_code, u.depth, u.path,
       ag.id AS agency_id, ag.code AS agency_code, ag.name AS agency_name,
       asi.id AS asisten_id, asi.code AS asisten_code, asi.name AS asisten_name,
       COALESCE(w.negative_formula, 'GAP') AS negative_formula,
       NULLIF(w.capaian_cap, 0) AS capaian_cap
FROM org_units u
LEFT JOIN walk w ON w.id = u.id
LEFT JOIN org_units pu ON pu.id = u.parent_id
LEFT JOIN org_units ag ON ag.id = w.agency_id
LEFT JOIN org_units asi ON asi.id = w.asisten_id;

-- achievement_by_basis: as in 00005.
CREATE VIEW kinerja_bi_achievement_by_basis AS
SELECT c.*,
       CASE WHEN c.capaian_cap IS NOT NULL AND c.stable_capaian > c.capaian_cap THEN c.capaian_cap ELSE c.uncapped_capaian END AS capaian,
       COALESCE(c.capaian_cap IS NOT NULL AND c.stable_capaian > c.capaian_cap, FALSE) AS capped,
       CASE WHEN c.stable_capaian IS NULL THEN NULL
            WHEN c.stable_capaian >= 91 THEN 'SANGAT_TINGGI'
            WHEN c.stable_capaian >= 76 THEN 'TINGGI'
            WHEN c.stable_capaian >= 66 THEN 'SEDANG'
            WHEN c.stable_capaian >= 51 THEN 'RENDAH'
            ELSE 'SANGAT_RENDAH' END AS category,
       CASE WHEN c.stable_capaian IS NULL THEN NULL ELSE c.stable_capaian >= 100 END AS met
FROM (
    SELECT DISTINCT v.*,
           CASE WHEN v.uncapped_capaian IS NULL THEN NULL ELSE CASE WHEN (ABS(v.uncapped_capaian) * 1e9) >= 4503599627370496 THEN v.uncapped_capaian WHEN v.uncapped_capaian < 0 THEN -((CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) + CASE WHEN (ABS(v.uncapped_capaian) * 1e9) - CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) >= 0.5 THEN 1 ELSE 0 END) / 1e9) ELSE (CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) + CASE WHEN (ABS(v.uncapped_capaian) * 1e9) - CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) >= 0.5 THEN 1 ELSE 0 END) / 1e9 END END AS stable_capaian
    FROM (
        SELECT DISTINCT e.*,
               CASE WHEN e.state <> 'COMPUTED' THEN NULL
                    WHEN e.edge IS NULL THEN 100.0
                    WHEN e.polarity = 'NEGATIVE' AND e.negative_formula = 'RATIO' THEN
                         CASE WHEN e.realisation = 0 THEN 100.0 ELSE e.edge / e.realisation * 100 END
                    WHEN e.polarity = 'NEGATIVE' THEN
                         CASE WHEN e.edge = 0 THEN 100.0 ELSE (e.edge - (e.realisation - e.edge)) / e.edge * 100 END
                    ELSE e.realisation / e.edge * 100 END AS uncapped_capaian
        FROM (
            SELECT d.*,
                   CASE WHEN d.target_value IS NULL AND d.target_min IS NULL THEN 'INCOMPLETE'
                        WHEN d.realisation IS NULL THEN 'INCOMPLETE'
                        WHEN d.edge IS NULL THEN 'COMPUTED'
                        WHEN d.polarity = 'NEGATIVE' AND d.negative_formula = 'RATIO' AND d.realisation = 0 AND d.edge <> 0 THEN 'NOT_EVALUABLE'
                        WHEN d.polarity = 'NEGATIVE' AND d.negative_formula = 'RATIO' THEN 'COMPUTED'
                        WHEN d.polarity = 'NEGATIVE' AND d.edge = 0 AND d.realisation <> 0 THEN 'NOT_EVALUABLE'
                        WHEN d.polarity = 'NEGATIVE' THEN 'COMPUTED'
                        WHEN d.edge = 0 THEN 'NOT_EVALUABLE'
                        ELSE 'COMPUTED' END AS state
            FROM (
                SELECT b.*,
                       CASE WHEN b.target_min IS NOT NULL THEN 'RANGE'
                            WHEN b.polarity = 'NEGATIVE' AND b.negative_formula = 'RATIO' THEN 'NEGATIVE_RATIO'
                            WHEN b.polarity = 'NEGATIVE' THEN 'NEGATIVE_GAP'
                            ELSE 'RATIO' END AS method,
                       -- the target measured against: the value, or the near
                       -- edge of a band; NULL inside a band (100)
                       CASE WHEN b.realisation IS NULL THEN NULL
                            WHEN b.target_min IS NULL THEN b.target_value
                            WHEN b.realisation < b.target_min THEN b.target_min
                            WHEN b.realisation > b.target_max THEN b.target_max
                            ELSE NULL END AS edge
                FROM (
                    SELECT DISTINCT r.indicator_id, r.indicator_code, r.indicator_name, r.level,
                           r.satuan, r.polarity, r.accumulation, r.plan_id,
                           r.year, r.approved_only,
                           r.owner_id, r.owner_code, r.owner_name, r.owner_path,
                           r.agency_id, r.agency_code, r.agency_name,
                           r.asisten_id, r.asisten_code, r.asisten_name,
                           r.sasaran_id, r.sasaran_code, r.sasaran_name,
                           r.program_id, r.program_code, r.program_name,
                           r.target_value, r.target_min, r.target_max, r.target_label,
                           CASE WHEN r.y_value IS NOT NULL THEN r.y_value
                                WHEN r.q_n = 0 THEN NULL
                                WHEN r.accumulation = 'SUM' THEN COALESCE(r.q1, 0) + COALESCE(r.q2, 0) + COALESCE(r.q3, 0) + COALESCE(r.q4, 0)
                                WHEN r.accumulation = 'AVERAGE' THEN (COALESCE(r.q1, 0) + COALESCE(r.q2, 0) + COALESCE(r.q3, 0) + COALESCE(r.q4, 0)) / r.q_n
                                ELSE COALESCE(r.q4, r.q3, r.q2, r.q1) END AS realisation,
                           CASE WHEN r.y_value IS NOT NULL THEN r.y_status
                                WHEN r.q_n = 0 THEN NULL
                                WHEN r.q_approved = r.q_n THEN 'APPROVED'
                                WHEN r.q_rejected > 0 THEN 'REJECTED'
                                WHEN r.q_submitted = r.q_n THEN 'SUBMITTED'
                                ELSE 'DRAFT' END AS approval_state,
                           r.negative_formula, r.capaian_cap
                    FROM (
                        -- one row per indicator, year and basis with the
                        -- year's YEAR record and quarters counted on that basis
                        SELECT i.id AS indicator_id, i.code AS indicator_code, i.name AS indicator_name, i.level,
                               i.unit AS satuan, i.polarity, i.accumulation, i.plan_id,
                               y.year, bs.approved_only,
                               o.id AS owner_id, o.code AS owner_code, o.name AS owner_name, o.path AS owner_path,
                               o.agency_id, o.agency_code, o.agency_name,
                               o.asisten_id, o.asisten_code, o.asisten_name,
                               s.id AS sasaran_id, s.code AS sasaran_code, s.name AS sasaran_name,
                               pr.id AS program_id, pr.code AS program_code, pr.name AS program_name,
                               t.value AS target_value, t.min AS target_min, t.max AS target_max, t.label AS target_label,
                               ry.value AS y_value, ry.status AS y_status,
                               r1.value AS q1, r2.value AS q2, r3.value AS q3, r4.value AS q4,
                               (r1.value IS NOT NULL) + (r2.value IS NOT NULL) + (r3.value IS NOT NULL) + (r4.value IS NOT NULL) AS q_n,
                               (r1.status IS 'APPROVED') + (r2.status IS 'APPROVED') + (r3.status IS 'APPROVED') + (r4.status IS 'APPROVED') AS q_approved,
                               COALESCE(r1.status IN ('SUBMITTED', 'APPROVED'), 0) + COALESCE(r2.status IN ('SUBMITTED', 'APPROVED'), 0)
                                   + COALESCE(r3.status IN ('SUBMITTED', 'APPROVED'), 0) + COALESCE(r4.status IN ('SUBMITTED', 'APPROVED'), 0) AS q_submitted,
                               (r1.status IS 'REJECTED') + (r2.status IS 'REJECTED') + (r3.status IS 'REJECTED') + (r4.status IS 'REJECTED') AS q_rejected,
                               CASE WHEN i.polarity = 'NEGATIVE' THEN o.negative_formula ELSE 'GAP' END AS negative_formula,
                               o.capaian_cap
                        FROM (SELECT indicator_id, year FROM targets UNION SELECT indicator_id, year FROM realisations) y
                        CROSS JOIN (SELECT FALSE AS approved_only UNION ALL SELECT TRUE) bs
                        JOIN indicators i ON i.id = y.indicator_id
                        JOIN kinerja_bi_org_units o ON o.id = i.owner_id
                        LEFT JOIN targets t ON t.indicator_id = i.id AND t.year = y.year
                        LEFT JOIN realisations ry ON ry.indicator_id = i.id AND ry.year = y.year AND ry.period = 'YEAR'
                                                 AND (bs.approved_only = FALSE OR ry.status = 'APPROVED')
                        LEFT JOIN realisations r1 ON r1.indicator_id = i.id AND r1.year = y.year AND r1.period = 'Q1'
                                                 AND (bs.approved_only = FALSE OR r1.status = 'APPROVED')
                        LEFT JOIN realisations r2 ON r2.indicator_id = i.id AND r2.year = y.year AND r2.period = 'Q2'
                                                 AND (bs.approved_only = FALSE OR r2.status = 'APPROVED')
                        LEFT JOIN realisations r3 ON r3.indicator_id = i.id AND r3.year = y.year AND r3.period = 'Q3'
                                                 AND (bs.approved_only = FALSE OR r3.status = 'APPROVED')
                        LEFT JOIN realisations r4 ON r4.indicator_id = i.id AND r4.year = y.year AND r4.period = 'Q4'
                                                 AND (bs.approved_only = FALSE OR r4.status = 'APPROVED')
                        LEFT JOIN sasaran s ON s.id = i.sasaran_id
                        LEFT JOIN activities ia ON ia.id = i.activity_id
                        LEFT JOIN sub_activities isa ON isa.id = i.sub_activity_id
                        LEFT JOIN activities isaa ON isaa.id = isa.activity_id
                        LEFT JOIN programs pr ON pr.id = COALESCE(i.program_id, ia.program_id, isaa.program_id)
                    ) r
                ) b
            ) d
        ) e
    ) v
) c;

-- achievement, achievement_approved and budget: as in 00005.
CREATE VIEW kinerja_bi_achievement AS
SELECT indicator_id, indicator_code, indicator_name, level, satuan, polarity, accumulation, plan_id, year,
       owner_id, owner_code, owner_name, owner_path, agency_id, agency_code, agency_name,
       asisten_id, asisten_code, asisten_name, sasaran_id, sasaran_code, sasaran_name,
       program_id, program_code, program_name,
       target_value, target_min, target_max, target_label, realisation, approval_state,
       capaian, uncapped_capaian, capped, category, met, state, method, negative_formula, capaian_cap
FROM kinerja_bi_achievement_by_basis WHERE approved_only = FALSE;

CREATE VIEW kinerja_bi_achievement_approved AS
SELECT indicator_id, indicator_code, indicator_name, level, satuan, polarity, accumulation, plan_id, year,
       owner_id, owner_code, owner_name, owner_path, agency_id, agency_code, agency_name,
       asisten_id, asisten_code, asisten_name, sasaran_id, sasaran_code, sasaran_name,
       program_id, program_code, program_name,
       target_value, target_min, target_max, target_label, realisation, approval_state,
       capaian, uncapped_capaian, capped, category, met, state, method, negative_formula, capaian_cap
FROM kinerja_bi_achievement_by_basis WHERE approved_only = TRUE;

CREATE VIEW kinerja_bi_budget AS
SELECT bl.id AS budget_line_id, bl.year, pl.id AS plan_id,
       pr.id AS program_id, pr.code AS program_code, pr.name AS program_name,
       a.id AS activity_id, a.code AS activity_code, a.name AS activity_name,
       sa.id AS sub_activity_id, sa.code AS sub_activity_code, sa.name AS sub_activity_name,
       u.id AS org_unit_id, u.code AS org_unit_code, u.name AS org_unit_name, u.path AS org_unit_path,
       u.agency_id, u.asisten_id, u.asisten_code, u.asisten_name,
       bl.pagu / 100.0 AS pagu, bl.realisasi / 100.0 AS realisasi, (bl.pagu - bl.realisasi) / 100.0 AS sisa,
       CASE WHEN bl.pagu = 0 THEN NULL ELSE CAST(bl.realisasi AS REAL) / CAST(bl.pagu AS REAL) * 100 END AS absorption,
       bl.pagu AS pagu_sen, bl.realisasi AS realisasi_sen
FROM budget_lines bl
JOIN sub_activities sa ON sa.id = bl.sub_activity_id
JOIN activities a ON a.id = sa.activity_id
JOIN programs pr ON pr.id = a.program_id
JOIN plans pl ON pl.id = pr.plan_id
JOIN kinerja_bi_org_units u ON u.id = sa.org_unit_id;

-- +goose Down
-- The views of 00005.
DROP VIEW kinerja_bi_budget;
DROP VIEW kinerja_bi_achievement_approved;
DROP VIEW kinerja_bi_achievement;
DROP VIEW kinerja_bi_achievement_by_basis;
DROP VIEW kinerja_bi_org_units;

-- org_units: the tree flattened, with each unit's agency and Asisten (the
-- nearest unit of that kind on its path, itself included) and the settings
-- in force for the indicators it owns (its own, else the nearest ancestor's).
CREATE VIEW kinerja_bi_org_units AS
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

-- achievement_by_basis: one row per indicator, year (one with a target or a
-- realisation) and basis: approved_only false counts every realisation,
-- true the APPROVED ones only. achievement and achievement_approved are its
-- two halves.
CREATE VIEW kinerja_bi_achievement_by_basis AS
SELECT c.*,
       CASE WHEN c.capaian_cap IS NOT NULL AND c.stable_capaian > c.capaian_cap THEN c.capaian_cap ELSE c.uncapped_capaian END AS capaian,
       COALESCE(c.capaian_cap IS NOT NULL AND c.stable_capaian > c.capaian_cap, FALSE) AS capped,
       CASE WHEN c.stable_capaian IS NULL THEN NULL
            WHEN c.stable_capaian >= 91 THEN 'SANGAT_TINGGI'
            WHEN c.stable_capaian >= 76 THEN 'TINGGI'
            WHEN c.stable_capaian >= 66 THEN 'SEDANG'
            WHEN c.stable_capaian >= 51 THEN 'RENDAH'
            ELSE 'SANGAT_RENDAH' END AS category,
       CASE WHEN c.stable_capaian IS NULL THEN NULL ELSE c.stable_capaian >= 100 END AS met
FROM (
    SELECT v.*,
           CASE WHEN v.uncapped_capaian IS NULL THEN NULL ELSE CASE WHEN (ABS(v.uncapped_capaian) * 1e9) >= 4503599627370496 THEN v.uncapped_capaian WHEN v.uncapped_capaian < 0 THEN -((CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) + CASE WHEN (ABS(v.uncapped_capaian) * 1e9) - CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) >= 0.5 THEN 1 ELSE 0 END) / 1e9) ELSE (CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) + CASE WHEN (ABS(v.uncapped_capaian) * 1e9) - CAST((ABS(v.uncapped_capaian) * 1e9) AS INTEGER) >= 0.5 THEN 1 ELSE 0 END) / 1e9 END END AS stable_capaian
    FROM (
        SELECT e.*,
               CASE WHEN e.state <> 'COMPUTED' THEN NULL
                    WHEN e.edge IS NULL THEN 100.0
                    WHEN e.polarity = 'NEGATIVE' AND e.negative_formula = 'RATIO' THEN
                         CASE WHEN e.realisation = 0 THEN 100.0 ELSE e.edge / e.realisation * 100 END
                    WHEN e.polarity = 'NEGATIVE' THEN
                         CASE WHEN e.edge = 0 THEN 100.0 ELSE (e.edge - (e.realisation - e.edge)) / e.edge * 100 END
                    ELSE e.realisation / e.edge * 100 END AS uncapped_capaian
        FROM (
            SELECT d.*,
                   CASE WHEN d.target_value IS NULL AND d.target_min IS NULL THEN 'INCOMPLETE'
                        WHEN d.realisation IS NULL THEN 'INCOMPLETE'
                        WHEN d.edge IS NULL THEN 'COMPUTED'
                        WHEN d.polarity = 'NEGATIVE' AND d.negative_formula = 'RATIO' AND d.realisation = 0 AND d.edge <> 0 THEN 'NOT_EVALUABLE'
                        WHEN d.polarity = 'NEGATIVE' AND d.negative_formula = 'RATIO' THEN 'COMPUTED'
                        WHEN d.polarity = 'NEGATIVE' AND d.edge = 0 AND d.realisation <> 0 THEN 'NOT_EVALUABLE'
                        WHEN d.polarity = 'NEGATIVE' THEN 'COMPUTED'
                        WHEN d.edge = 0 THEN 'NOT_EVALUABLE'
                        ELSE 'COMPUTED' END AS state
            FROM (
                SELECT b.*,
                       CASE WHEN b.target_min IS NOT NULL THEN 'RANGE'
                            WHEN b.polarity = 'NEGATIVE' AND b.negative_formula = 'RATIO' THEN 'NEGATIVE_RATIO'
                            WHEN b.polarity = 'NEGATIVE' THEN 'NEGATIVE_GAP'
                            ELSE 'RATIO' END AS method,
                       -- the target measured against: the value, or the near
                       -- edge of a band; NULL inside a band (100)
                       CASE WHEN b.realisation IS NULL THEN NULL
                            WHEN b.target_min IS NULL THEN b.target_value
                            WHEN b.realisation < b.target_min THEN b.target_min
                            WHEN b.realisation > b.target_max THEN b.target_max
                            ELSE NULL END AS edge
                FROM (
                    SELECT i.id AS indicator_id, i.code AS indicator_code, i.name AS indicator_name, i.level,
                           i.unit AS satuan, i.polarity, i.accumulation, i.plan_id,
                           y.year, bs.approved_only,
                           o.id AS owner_id, o.code AS owner_code, o.name AS owner_name, o.path AS owner_path,
                           o.agency_id, o.agency_code, o.agency_name,
                           o.asisten_id, o.asisten_code, o.asisten_name,
                           s.id AS sasaran_id, s.code AS sasaran_code, s.name AS sasaran_name,
                           pr.id AS program_id, pr.code AS program_code, pr.name AS program_name,
                           t.value AS target_value, t.min AS target_min, t.max AS target_max, t.label AS target_label,
                           CASE WHEN rr.y_value IS NOT NULL THEN rr.y_value
                                WHEN COALESCE(rr.q_n, 0) = 0 THEN NULL
                                WHEN i.accumulation = 'SUM' THEN COALESCE(rr.q1, 0) + COALESCE(rr.q2, 0) + COALESCE(rr.q3, 0) + COALESCE(rr.q4, 0)
                                WHEN i.accumulation = 'AVERAGE' THEN (COALESCE(rr.q1, 0) + COALESCE(rr.q2, 0) + COALESCE(rr.q3, 0) + COALESCE(rr.q4, 0)) / rr.q_n
                                ELSE COALESCE(rr.q4, rr.q3, rr.q2, rr.q1) END AS realisation,
                           CASE WHEN rr.y_value IS NOT NULL THEN rr.y_status
                                WHEN COALESCE(rr.q_n, 0) = 0 THEN NULL
                                WHEN rr.q_approved = rr.q_n THEN 'APPROVED'
                                WHEN rr.q_rejected > 0 THEN 'REJECTED'
                                WHEN rr.q_submitted = rr.q_n THEN 'SUBMITTED'
                                ELSE 'DRAFT' END AS approval_state,
                           CASE WHEN i.polarity = 'NEGATIVE' THEN o.negative_formula ELSE 'GAP' END AS negative_formula,
                           o.capaian_cap
                    FROM indicators i
                    JOIN (SELECT indicator_id, year FROM targets UNION SELECT indicator_id, year FROM realisations) y ON y.indicator_id = i.id
                    CROSS JOIN (SELECT FALSE AS approved_only UNION ALL SELECT TRUE) bs
                    JOIN kinerja_bi_org_units o ON o.id = i.owner_id
                    LEFT JOIN targets t ON t.indicator_id = i.id AND t.year = y.year
                    LEFT JOIN (
                        SELECT r.indicator_id, r.year, rb.approved_only,
                               MAX(CASE WHEN r.period = 'YEAR' THEN r.value END) AS y_value,
                               MAX(CASE WHEN r.period = 'YEAR' THEN r.status END) AS y_status,
                               MAX(CASE WHEN r.period = 'Q1' THEN r.value END) AS q1,
                               MAX(CASE WHEN r.period = 'Q2' THEN r.value END) AS q2,
                               MAX(CASE WHEN r.period = 'Q3' THEN r.value END) AS q3,
                               MAX(CASE WHEN r.period = 'Q4' THEN r.value END) AS q4,
                               COUNT(CASE WHEN r.period <> 'YEAR' THEN 1 END) AS q_n,
                               COUNT(CASE WHEN r.period <> 'YEAR' AND r.status = 'APPROVED' THEN 1 END) AS q_approved,
                               COUNT(CASE WHEN r.period <> 'YEAR' AND r.status IN ('SUBMITTED', 'APPROVED') THEN 1 END) AS q_submitted,
                               COUNT(CASE WHEN r.period <> 'YEAR' AND r.status = 'REJECTED' THEN 1 END) AS q_rejected
                        FROM realisations r
                        CROSS JOIN (SELECT FALSE AS approved_only UNION ALL SELECT TRUE) rb
                        WHERE rb.approved_only = FALSE OR r.status = 'APPROVED'
                        GROUP BY r.indicator_id, r.year, rb.approved_only
                    ) rr ON rr.indicator_id = i.id AND rr.year = y.year AND rr.approved_only = bs.approved_only
                    LEFT JOIN sasaran s ON s.id = i.sasaran_id
                    LEFT JOIN activities ia ON ia.id = i.activity_id
                    LEFT JOIN sub_activities isa ON isa.id = i.sub_activity_id
                    LEFT JOIN activities isaa ON isaa.id = isa.activity_id
                    LEFT JOIN programs pr ON pr.id = COALESCE(i.program_id, ia.program_id, isaa.program_id)
                ) b
            ) d
        ) e
    ) v
) c;

-- achievement: every realisation counts (what an editor sees).
CREATE VIEW kinerja_bi_achievement AS
SELECT indicator_id, indicator_code, indicator_name, level, satuan, polarity, accumulation, plan_id, year,
       owner_id, owner_code, owner_name, owner_path, agency_id, agency_code, agency_name,
       asisten_id, asisten_code, asisten_name, sasaran_id, sasaran_code, sasaran_name,
       program_id, program_code, program_name,
       target_value, target_min, target_max, target_label, realisation, approval_state,
       capaian, uncapped_capaian, capped, category, met, state, method, negative_formula, capaian_cap
FROM kinerja_bi_achievement_by_basis WHERE approved_only = FALSE;

-- achievement_approved: APPROVED realisations only (what a VIEWER sees).
CREATE VIEW kinerja_bi_achievement_approved AS
SELECT indicator_id, indicator_code, indicator_name, level, satuan, polarity, accumulation, plan_id, year,
       owner_id, owner_code, owner_name, owner_path, agency_id, agency_code, agency_name,
       asisten_id, asisten_code, asisten_name, sasaran_id, sasaran_code, sasaran_name,
       program_id, program_code, program_name,
       target_value, target_min, target_max, target_label, realisation, approval_state,
       capaian, uncapped_capaian, capped, category, met, state, method, negative_formula, capaian_cap
FROM kinerja_bi_achievement_by_basis WHERE approved_only = TRUE;

-- budget: one row per sub-activity line and year; money in Rupiah with two
-- decimals (REAL: SQLite has no exact decimal type; pagu_sen and realisasi_sen are exact).
CREATE VIEW kinerja_bi_budget AS
SELECT bl.id AS budget_line_id, bl.year, pl.id AS plan_id,
       pr.id AS program_id, pr.code AS program_code, pr.name AS program_name,
       a.id AS activity_id, a.code AS activity_code, a.name AS activity_name,
       sa.id AS sub_activity_id, sa.code AS sub_activity_code, sa.name AS sub_activity_name,
       u.id AS org_unit_id, u.code AS org_unit_code, u.name AS org_unit_name, u.path AS org_unit_path,
       u.agency_id, u.asisten_id, u.asisten_code, u.asisten_name,
       bl.pagu / 100.0 AS pagu, bl.realisasi / 100.0 AS realisasi, (bl.pagu - bl.realisasi) / 100.0 AS sisa,
       CASE WHEN bl.pagu = 0 THEN NULL ELSE CAST(bl.realisasi AS REAL) / CAST(bl.pagu AS REAL) * 100 END AS absorption,
       bl.pagu AS pagu_sen, bl.realisasi AS realisasi_sen
FROM budget_lines bl
JOIN sub_activities sa ON sa.id = bl.sub_activity_id
JOIN activities a ON a.id = sa.activity_id
JOIN programs pr ON pr.id = a.program_id
JOIN plans pl ON pl.id = pr.plan_id
JOIN kinerja_bi_org_units u ON u.id = sa.org_unit_id;

