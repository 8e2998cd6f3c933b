package storage

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// The hot reads of a dashboard (a page of indicators, their owners, targets
// and realisations, the summary) and of the budget tree are scanned by
// hand: GORM builds the statement (so it is counted, routed and observed
// like any other), and each row is scanned straight into the fields named
// below, in the order of the columns selected, without GORM's reflection
// over the struct; on PostgreSQL by pgx itself (see pgxread.go), on SQLite
// by database/sql. Each list of columns and its fields function must agree;
// the tests read every field back through the API.

// scanRows runs q, which selects the columns fields returns pointers for,
// and returns its rows; about expect of them, which saves regrowing the
// slice.
func scanRows[T any](q *gorm.DB, what string, expect int, fields func(*T) []any) ([]T, error) {
	var row T
	dest := fields(&row)
	out := make([]T, 0, expect)
	err := queryPgx(q, func(rows pgx.Rows) error {
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			out = append(out, row)
		}
		return nil
	})
	if err == nil {
		return out, nil
	}
	if !errors.Is(err, errNotPgx) {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	// Every row is scanned into row, then copied: Scan gives each row
	// values of its own (strings, and pointers set anew or to nil).
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return out, nil
}

// expectRows is how many rows of the given indicators a read expects, perYear
// of each in each year (of a few years when years is empty).
func expectRows(indicatorIDs []int64, years []int, perYear int) int {
	n := len(years)
	if n == 0 {
		n = 5
	}
	return min(len(indicatorIDs)*n*perYear, 10000)
}

// orgUnitColumns are the columns of org_units, in the order of
// orgUnitFields.
const orgUnitColumns = "id, parent_id, code, name, kind, path, depth, negative_formula, capaian_cap, created_at, updated_at"

func orgUnitFields(u *models.OrgUnit) []any {
	return []any{&u.ID, &u.ParentID, &u.Code, &u.Name, (*string)(&u.Kind), &u.Path, &u.Depth,
		&u.NegativeFormula, &u.CapaianCap, &u.CreatedAt, &u.UpdatedAt}
}

// targetColumns are the columns of targets the API reads (not the
// timestamps), in the order of targetFields.
const targetColumns = "id, indicator_id, year, value, min, max, label, version, updated_by"

func targetFields(t *models.Target) []any {
	c := new(cells)
	return []any{&t.ID, &t.IndicatorID, &t.Year, c.optFloat64(&t.Value), c.optFloat64(&t.Min), c.optFloat64(&t.Max),
		c.optText(&t.Label), &t.Version, c.optInt64(&t.UpdatedBy)}
}

// realisationColumns are the columns of realisations, in the order of
// realisationFields.
const realisationColumns = `id, indicator_id, year, period, value, data_source, obstacles, remedies, status, version,
	submitted_by, submitted_at, approved_by, approved_at, rejection_reason, updated_by, created_at, updated_at`

func realisationFields(r *models.Realisation) []any {
	c := new(cells)
	return []any{&r.ID, &r.IndicatorID, &r.Year, enumText{(*string)(&r.Period)}, &r.Value,
		c.optText(&r.DataSource), c.optText(&r.Obstacles), c.optText(&r.Remedies),
		enumText{(*string)(&r.Status)}, &r.Version, c.optInt64(&r.SubmittedBy), c.optTime(&r.SubmittedAt),
		c.optInt64(&r.ApprovedBy), c.optTime(&r.ApprovedAt),
		c.optText(&r.RejectionReason), c.optInt64(&r.UpdatedBy), &r.CreatedAt, &r.UpdatedAt}
}

// indicatorFields are the fields of indicatorColumns, in order.
func indicatorFields(i *models.Indicator) []any {
	c := new(cells)
	return []any{&i.ID, &i.PlanID, c.textOf(&i.Code), c.textOf(&i.Name), c.textOf(&i.Unit),
		enumText{(*string)(&i.Polarity)}, enumText{(*string)(&i.Accumulation)}, enumText{(*string)(&i.Level)}, &i.OwnerID, c.optText(&i.Formula),
		c.optInt64(&i.GoalID), c.optInt64(&i.SasaranID), c.optInt64(&i.ProgramID), c.optInt64(&i.ActivityID), c.optInt64(&i.SubActivityID),
		&i.Position, c.optFloat64(&i.RenstraValue), c.optFloat64(&i.RenstraMin), c.optFloat64(&i.RenstraMax), c.optText(&i.RenstraLabel),
		c.optFloat64(&i.BaselineValue), c.optFloat64(&i.BaselineMin), c.optFloat64(&i.BaselineMax), c.optText(&i.BaselineLabel),
		c.textOf(&i.OwnerPath)}
}

// enumText scans a NOT NULL text column holding the value of an enum into
// the string at p: a known value (enumValues) takes the constant's string,
// with no allocation per row; any other is copied. pgx hands it the
// column's bytes (pgtype.BytesScanner), database/sql its value (Scan).
type enumText struct{ p *string }

// enumValues are the values of the enums stored as text.
var enumValues = func() map[string]string {
	m := map[string]string{}
	for _, v := range []string{
		string(domain.Q1), string(domain.Q2), string(domain.Q3), string(domain.Q4), string(domain.Year),
		string(domain.Draft), string(domain.Submitted), string(domain.Approved), string(domain.Rejected),
		string(domain.Positive), string(domain.Negative),
		string(domain.Sum), string(domain.Last), string(domain.Average),
		string(domain.LevelGoal), string(domain.LevelSasaran), string(domain.LevelProgram), string(domain.LevelActivity), string(domain.LevelSubActivity),
	} {
		m[v] = v
	}
	return m
}()

func (e enumText) ScanBytes(b []byte) error {
	if b == nil {
		return errors.New("cannot scan NULL into an enum")
	}
	if v, ok := enumValues[string(b)]; ok {
		*e.p = v
		return nil
	}
	*e.p = string(b)
	return nil
}

func (e enumText) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*e.p = v
	case []byte:
		return e.ScanBytes(v)
	default:
		return fmt.Errorf("cannot scan %T into an enum", src)
	}
	return nil
}
