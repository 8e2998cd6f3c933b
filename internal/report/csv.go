package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// WriteCSV writes the tables of slug as one CSV to w: the header, then the
// rows of each table. Numbers use a dot as the decimal separator and no
// thousands separator: amounts with two decimals, percentages and values at
// full precision. It reports false, writing nothing, for an unknown slug.
func WriteCSV(w io.Writer, r *Report, slug string) (bool, error) {
	tables := r.TablesOf(slug)
	if len(tables) == 0 {
		return false, nil
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(tables[0].Header); err != nil {
		return true, fmt.Errorf("csv %s: %w", slug, err)
	}
	for _, t := range tables {
		for _, row := range t.Rows {
			rec := make([]string, len(row))
			for i, c := range row {
				rec[i] = csvValue(c)
			}
			if err := cw.Write(rec); err != nil {
				return true, fmt.Errorf("csv %s: %w", slug, err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return true, fmt.Errorf("csv %s: %w", slug, err)
	}
	return true, nil
}

// csvValue is a cell as CSV writes it.
func csvValue(c Cell) string {
	switch {
	case c.Empty:
		return ""
	case c.Kind == Text:
		return c.Text
	case c.Kind == Rupiah:
		return c.Money.String()
	}
	return strconv.FormatFloat(c.Num, 'f', -1, 64)
}
