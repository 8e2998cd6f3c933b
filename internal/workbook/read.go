package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/domain"
)

// Data are the rows of a workbook's data sheets, each with its place.
type Data struct {
	Targets      []TargetRow
	Realisations []RealisationRow
	Budget       []BudgetRow
	Stated       []StatedRow
}

// Place is where a row is: its sheet and its row number as a spreadsheet
// shows it (the headers are row 1).
type Place struct {
	Sheet string
	Row   int
}

// TargetRow is a row of Data Target.
type TargetRow struct {
	Place
	Indicator string
	Year      int
	Target    domain.Target
}

// RealisationRow is a row of Data Realisasi.
type RealisationRow struct {
	Place
	Indicator                     string
	Year                          int
	Period                        domain.Period
	Value                         float64
	DataSource, Obstacles, Remedy string
}

// BudgetRow is a row of Data Anggaran.
type BudgetRow struct {
	Place
	SubActivity     string
	Year            int
	Pagu, Realisasi domain.Money
}

// StatedRow is a row of Angka Dokumen.
type StatedRow struct {
	Place
	Source, Table, SubjectType, Subject string
	Year                                *int
	Figure, Value, Note                 string
}

// Rejection is a row refused, and why. Row 0 (and Sheet "" when it is not
// about one sheet) is the workbook as a whole: not one that can be read.
type Rejection struct {
	Sheet  string
	Row    int
	Reason string
}

// Error implements error: the rejection as a person reads it.
func (r Rejection) Error() string {
	switch {
	case r.Sheet == "":
		return r.Reason
	case r.Row == 0:
		return fmt.Sprintf("sheet %q: %s", r.Sheet, r.Reason)
	}
	return fmt.Sprintf("sheet %q row %d: %s", r.Sheet, r.Row, r.Reason)
}

// Whole reports whether the rejection refuses the workbook as a whole
// rather than a row of it.
func (r Rejection) Whole() bool { return r.Row == 0 }

// Read parses the data sheets of the workbook r holds and checks every row
// that needs no database: numbers, years, periods, bounds, the budget's
// rules, lengths, duplicates. It returns the rows and every rejection; a
// workbook that cannot be read at all (not an xlsx file, too large, more
// than MaxRows rows, none of the data sheets) gives one rejection of Row 0.
func Read(r io.Reader) (Data, []Rejection) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return Data{}, []Rejection{{Reason: "the file could not be read"}}
	}
	if len(b) > MaxFileBytes {
		return Data{}, []Rejection{{Reason: fmt.Sprintf("the file is larger than %d MiB", MaxFileBytes>>20)}}
	}
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return Data{}, []Rejection{{Reason: "the file is not an xlsx workbook"}}
	}
	formulas, err := formulaCells(b)
	if err != nil {
		return Data{}, []Rejection{{Reason: "the file is not a readable xlsx workbook: " + err.Error()}}
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzippedBytes, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return Data{}, []Rejection{{Reason: "the file is not a readable xlsx workbook: " + err.Error()}}
	}
	defer f.Close()
	rd := &reader{formulas: formulas}
	found := 0
	for _, name := range sheetOrder {
		if idx, err := f.GetSheetIndex(name); err != nil || idx < 0 {
			continue
		}
		found++
		if whole := rd.sheet(f, name); whole != nil {
			return Data{}, []Rejection{*whole}
		}
	}
	if found == 0 {
		return Data{}, []Rejection{{Reason: fmt.Sprintf("the workbook has none of the data sheets %q", sheetOrder)}}
	}
	return rd.data, rd.rejected
}

// reader gathers the rows and rejections of Read.
type reader struct {
	data     Data
	rejected []Rejection
	formulas map[string]map[string]bool // sheet → cells holding a formula
	// seen are the keys of the rows read, per sheet, with their rows.
	seen map[string]int
}

// sheet reads the sheet name; a rejection of the whole sheet is returned.
func (rd *reader) sheet(f *excelize.File, name string) *Rejection {
	rows, err := f.Rows(name)
	if err != nil {
		return &Rejection{Sheet: name, Reason: "the sheet cannot be read: " + err.Error()}
	}
	defer rows.Close()
	rd.seen = map[string]int{}
	n := 0
	for rows.Next() {
		n++
		if n > MaxRows {
			return &Rejection{Sheet: name, Reason: fmt.Sprintf("the sheet has more than %d rows; split the import", MaxRows)}
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &Rejection{Sheet: name, Reason: "the sheet cannot be read: " + err.Error()}
		}
		if n == 1 {
			if err := checkHeaders(name, cells); err != nil {
				return &Rejection{Sheet: name, Row: 1, Reason: err.Error()}
			}
			continue
		}
		if blank(cells) {
			continue
		}
		if err := rd.row(name, n, cells); err != nil {
			rd.rejected = append(rd.rejected, Rejection{Sheet: name, Row: n, Reason: err.Error()})
		}
	}
	if err := rows.Error(); err != nil {
		return &Rejection{Sheet: name, Reason: "the sheet cannot be read: " + err.Error()}
	}
	return nil
}

func checkHeaders(name string, cells []string) error {
	want := headers[name]
	for i, h := range want {
		got := ""
		if i < len(cells) {
			got = strings.TrimSpace(cells[i])
		}
		if !strings.EqualFold(got, h) {
			return fmt.Errorf("column %s must be headed %q, found %q (the columns are %s)", column(i), h, clip(got), strings.Join(want, " | "))
		}
	}
	return nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// row parses one data row n of sheet.
func (rd *reader) row(sheet string, n int, cells []string) error {
	width := len(headers[sheet])
	for i := range cells {
		if i >= width && strings.TrimSpace(cells[i]) != "" {
			return fmt.Errorf("column %s: the sheet has %d columns; remove what lies beyond them", column(i), width)
		}
	}
	for i := range width {
		cell, _ := excelize.CoordinatesToCellName(i+1, n)
		if rd.formulas[sheet][cell] {
			return fmt.Errorf("%s (%s) holds a formula: enter its value instead", headers[sheet][i], cell)
		}
	}
	c := cols{sheet: sheet, cells: cells}
	at := Place{Sheet: sheet, Row: n}
	var key string
	switch sheet {
	case SheetTargets:
		r := TargetRow{Place: at, Indicator: c.code(0), Year: c.year(1)}
		r.Target = domain.Target{Value: c.optNumber(2), Min: c.optNumber(3), Max: c.optNumber(4), Label: c.text(5, domain.MaxLabel)}
		if c.err == nil {
			c.fail(r.Target.Validate())
		}
		key = fmt.Sprint(r.Indicator, "\x00", r.Year)
		defer func() { rd.data.Targets = appendIf(rd.data.Targets, r, c.err) }()
	case SheetRealisations:
		r := RealisationRow{Place: at, Indicator: c.code(0), Year: c.year(1), Period: domain.Period(strings.ToUpper(c.text(2, 10))),
			Value: c.number(3), DataSource: c.text(4, MaxText), Obstacles: c.text(5, MaxText), Remedy: c.text(6, MaxText)}
		if c.err == nil && !r.Period.Valid() {
			c.fail(fmt.Errorf("Periode: %q is not a period: use Q1, Q2, Q3, Q4 or YEAR", clip(cells[2])))
		}
		key = fmt.Sprint(r.Indicator, "\x00", r.Year, "\x00", r.Period)
		defer func() { rd.data.Realisations = appendIf(rd.data.Realisations, r, c.err) }()
	case SheetBudget:
		r := BudgetRow{Place: at, SubActivity: c.code(0), Year: c.year(1), Pagu: c.money(2), Realisasi: c.money(3)}
		if c.err == nil {
			c.fail(domain.CheckLine(r.Pagu, r.Realisasi))
		}
		key = fmt.Sprint(r.SubActivity, "\x00", r.Year)
		defer func() { rd.data.Budget = appendIf(rd.data.Budget, r, c.err) }()
	case SheetStated:
		r := StatedRow{Place: at, Source: c.required(0, 500), Table: c.required(1, 200), SubjectType: strings.ToUpper(c.required(2, 20)),
			Subject: c.code(3), Figure: c.required(5, 100), Value: c.required(6, 500), Note: c.text(7, MaxText)}
		if strings.TrimSpace(c.get(4)) != "" {
			y := c.year(4)
			r.Year = &y
		}
		if c.err == nil && !slices.Contains(subjectTypes, r.SubjectType) {
			c.fail(fmt.Errorf("Jenis Subjek: %q is not one of %s", clip(r.SubjectType), strings.Join(subjectTypes, ", ")))
		}
		year := ""
		if r.Year != nil {
			year = strconv.Itoa(*r.Year)
		}
		key = strings.Join([]string{r.Source, r.Table, r.SubjectType, r.Subject, year, r.Figure}, "\x00")
		defer func() { rd.data.Stated = appendIf(rd.data.Stated, r, c.err) }()
	}
	if c.err != nil {
		return c.err
	}
	if first, ok := rd.seen[key]; ok {
		c.fail(fmt.Errorf("repeats row %d (the same %s)", first, keyName[sheet]))
		return c.err
	}
	rd.seen[key] = n
	return nil
}

// keyName says what names a row of each sheet, for a duplicate's rejection.
var keyName = map[string]string{
	SheetTargets:      "indicator and year",
	SheetRealisations: "indicator, year and period",
	SheetBudget:       "sub-activity and year",
	SheetStated:       "source, table, subject, year and figure",
}

func appendIf[T any](rows []T, r T, err error) []T {
	if err != nil {
		return rows
	}
	return append(rows, r)
}

// cols reads the cells of a row; the first error sticks.
type cols struct {
	sheet string
	cells []string
	err   error
}

func (c *cols) fail(err error) {
	if c.err == nil && err != nil {
		c.err = err
	}
}

func (c *cols) get(i int) string {
	if i < len(c.cells) {
		return c.cells[i]
	}
	return ""
}

func (c *cols) name(i int) string { return headers[c.sheet][i] }

// text returns the trimmed text of column i, at most max characters.
func (c *cols) text(i, max int) string {
	s := strings.TrimSpace(c.get(i))
	switch {
	case !utf8.ValidString(s):
		c.fail(fmt.Errorf("%s: not valid UTF-8 text", c.name(i)))
	case strings.IndexByte(s, 0) >= 0:
		c.fail(fmt.Errorf("%s: holds a NUL byte", c.name(i)))
	case utf8.RuneCountInString(s) > max:
		c.fail(fmt.Errorf("%s: %d characters long; at most %d are allowed", c.name(i), utf8.RuneCountInString(s), max))
	}
	return s
}

func (c *cols) required(i, max int) string {
	s := c.text(i, max)
	if s == "" {
		c.fail(fmt.Errorf("%s: missing", c.name(i)))
	}
	return s
}

func (c *cols) code(i int) string { return c.required(i, MaxCode) }

func (c *cols) year(i int) int {
	s := strings.TrimSpace(c.get(i))
	y, err := strconv.Atoi(s)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1e6 {
			c.fail(fmt.Errorf("%s: %q is not a year", c.name(i), clip(s)))
			return 0
		}
		y = int(f)
	}
	if y < 1900 || y > 2200 {
		c.fail(fmt.Errorf("%s: %d is not a plausible year (1900–2200)", c.name(i), y))
	}
	return y
}

// number returns the value of column i, checked against the bounds of an
// indicator's values.
func (c *cols) number(i int) float64 {
	s := strings.TrimSpace(c.get(i))
	if s == "" {
		c.fail(fmt.Errorf("%s: missing", c.name(i)))
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		c.fail(fmt.Errorf("%s: %q is not a number", c.name(i), clip(s)))
		return 0
	}
	if err := domain.CheckAmount(c.name(i), v); err != nil {
		c.fail(err)
	}
	return v
}

func (c *cols) optNumber(i int) *float64 {
	if strings.TrimSpace(c.get(i)) == "" {
		return nil
	}
	v := c.number(i)
	return &v
}

// money returns the amount of column i: a number of Rupiah with at most two
// decimals.
func (c *cols) money(i int) domain.Money {
	s := strings.TrimSpace(c.get(i))
	if s == "" {
		c.fail(fmt.Errorf("%s: missing", c.name(i)))
		return 0
	}
	if m, err := domain.ParseMoney(s); err == nil {
		return m
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		c.fail(fmt.Errorf("%s: %q is not an amount of Rupiah", c.name(i), clip(s)))
		return 0
	}
	sen := math.Round(v * 100)
	if math.Abs(sen) >= float64(domain.MaxMoney)*10 {
		c.fail(fmt.Errorf("%s: %q is beyond any budget", c.name(i), clip(s)))
		return 0
	}
	if math.Abs(v*100-sen) > 1e-6*math.Max(1, math.Abs(sen)) {
		c.fail(fmt.Errorf("%s: %q has more than two decimals", c.name(i), clip(s)))
		return 0
	}
	return domain.Money(sen)
}

// column returns the letter of column i (from 0).
func column(i int) string {
	s, _ := excelize.ColumnNumberToName(i + 1)
	return s
}

// clip shortens a cell's text for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
