package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"math"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The scanners of cells give what a plain pointer destination gets from
// database/sql (Scan) for every source a driver hands them, and each row
// its own values.
func TestCellScannersAsDatabaseSQL(t *testing.T) {
	c := new(cells)
	when := time.Date(2023, 12, 31, 23, 59, 58, 7, time.UTC)
	srcs := []any{nil, int64(-7), int64(math.MaxInt64), float64(2.5), math.Inf(-1), "teks", []byte("bytes"), []byte{}, "", when, true}
	for _, src := range srcs {
		var (
			wantI, gotI *int64
			wantF, gotF *float64
			wantS, gotS *string
			wantT, gotT *time.Time
			wantV, gotV string
		)
		check := func(what string, wantErr error, gotErr error, same bool) {
			t.Helper()
			if (wantErr == nil) != (gotErr == nil) || (wantErr == nil && !same) {
				t.Errorf("%s from %#v: err %v, database/sql's %v", what, src, gotErr, wantErr)
			}
		}
		check("int64", convert(&wantI, src), c.optInt64(&gotI).Scan(src), eqPtr(wantI, gotI))
		check("float64", convert(&wantF, src), c.optFloat64(&gotF).Scan(src), eqPtr(wantF, gotF))
		check("*string", convert(&wantS, src), c.optText(&gotS).Scan(src), eqPtr(wantS, gotS))
		check("time", convert(&wantT, src), c.optTime(&gotT).Scan(src), eqPtr(wantT, gotT))
		check("string", convert(&wantV, src), c.textOf(&gotV).Scan(src), wantV == gotV)
	}
}

// convert scans src into dest as database/sql does for a column: a driver
// of one row of one value, src.
func convert(dest any, src any) error {
	oneValue.src = src
	return oneValueDB.QueryRow("one").Scan(dest)
}

var (
	oneValue   = &valueDriver{}
	oneValueDB = sql.OpenDB(oneValue)
)

// valueDriver is a database/sql driver whose every query answers one row
// of one column, src.
type valueDriver struct{ src any }

func (d *valueDriver) Connect(context.Context) (driver.Conn, error) { return d, nil }
func (d *valueDriver) Driver() driver.Driver                        { return nil }
func (d *valueDriver) Prepare(string) (driver.Stmt, error)          { return d, nil }
func (d *valueDriver) Close() error                                 { return nil }
func (d *valueDriver) Begin() (driver.Tx, error)                    { return nil, errors.New("no transactions") }
func (d *valueDriver) NumInput() int                                { return 0 }
func (d *valueDriver) Exec([]driver.Value) (driver.Result, error) {
	return nil, errors.New("no writes")
}
func (d *valueDriver) Query([]driver.Value) (driver.Rows, error) { return &valueRows{src: d.src}, nil }

type valueRows struct {
	src  any
	done bool
}

func (r *valueRows) Columns() []string { return []string{"v"} }
func (r *valueRows) Close() error      { return nil }
func (r *valueRows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	r.done, dest[0] = true, r.src
	return nil
}

func eqPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Cells hand each value out once: texts and values scanned for one row
// stay as they were when later rows fill the chunks and start new ones.
func TestCellsKeepEachValue(t *testing.T) {
	c := new(cells)
	var (
		texts []string
		ints  []*int64
		opt   []*string
	)
	for i := range 3000 {
		b := []byte{byte('a' + i%26), byte('A' + i%26), byte('0' + i%10)}
		var s string
		var n *int64
		var o *string
		if err := (c.textOf(&s)).ScanBytes(b); err != nil {
			t.Fatal(err)
		}
		_ = c.optInt64(&n).Scan(int64(i))
		_ = c.optText(&o).ScanBytes(b[:2])
		b[0] = '!' // the driver reuses its buffer
		texts, ints, opt = append(texts, s), append(ints, n), append(opt, o)
	}
	long := make([]byte, 3*textChunk)
	var l string
	_ = c.textOf(&l).ScanBytes(long)
	for i := range texts {
		want := string([]byte{byte('a' + i%26), byte('A' + i%26), byte('0' + i%10)})
		if texts[i] != want || *opt[i] != want[:2] || *ints[i] != int64(i) {
			t.Fatalf("row %d: %q %q %d, want %q", i, texts[i], *opt[i], *ints[i], want)
		}
	}
	if len(l) != 3*textChunk {
		t.Errorf("a long text of %d bytes", len(l))
	}
	var s string
	if err := (c.textOf(&s)).ScanBytes(nil); err == nil {
		t.Error("NULL into a NOT NULL text: no error")
	}
}

// Through pgx, each scanner reads what pgx reads into a plain pointer, in
// the binary format it asks for: NULL and values of every column type,
// and refuses an infinite timestamp as pgx does.
func TestCellScannersThroughPgx(t *testing.T) {
	url := os.Getenv("KINERJA_TEST_POSTGRES")
	if url == "" {
		t.Skip("no PostgreSQL (KINERJA_TEST_POSTGRES)")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const q = `SELECT * FROM (VALUES
		(NULL::bigint, NULL::float8, NULL::text, NULL::timestamptz, 'a'::text),
		(-9223372036854775808, 'NaN'::float8, '', '2023-12-31 23:59:58.123456+07'::timestamptz, ''),
		(42, -0.1, 'Bagian Tata Pemerintahan ✓', '1970-01-01 00:00:00+00', 'x'),
		(1, 1e308, 'ß', 'infinity', 'y')) AS v(i, f, s, t, n)`
	rows, err := conn.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	c := new(cells)
	var (
		i  *int64
		f  *float64
		s  *string
		tm *time.Time
		n  string
	)
	dest := []any{c.optInt64(&i), c.optFloat64(&f), c.optText(&s), c.optTime(&tm), c.textOf(&n)}
	type row struct {
		i  *int64
		f  *float64
		s  *string
		tm *time.Time
		n  string
	}
	var got []row
	var scanErr error
	for rows.Next() {
		if scanErr = rows.Scan(dest...); scanErr != nil {
			break
		}
		got = append(got, row{i, f, s, tm, n})
	}
	rows.Close()
	if scanErr == nil {
		t.Fatal("an infinite timestamp scanned without error")
	}
	rows, err = conn.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var want []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.i, &r.f, &r.s, &r.tm, &r.n); err != nil {
			break // the infinite timestamp, refused alike
		}
		want = append(want, r)
	}
	rows.Close()
	if len(got) != 3 || len(want) != 3 {
		t.Fatalf("%d rows scanned, pgx's %d; want 3 each", len(got), len(want))
	}
	for k := range got {
		g, w := got[k], want[k]
		sameF := eqPtr(g.f, w.f) || (g.f != nil && w.f != nil && math.IsNaN(*g.f) && math.IsNaN(*w.f))
		sameT := (g.tm == nil && w.tm == nil) || (g.tm != nil && w.tm != nil && g.tm.Equal(*w.tm) && g.tm.Location() == w.tm.Location())
		if !eqPtr(g.i, w.i) || !sameF || !eqPtr(g.s, w.s) || !sameT || g.n != w.n {
			t.Errorf("row %d: got %v %v %v %v %q, pgx's %v %v %v %v %q", k, g.i, g.f, g.s, g.tm, g.n, w.i, w.f, w.s, w.tm, w.n)
		}
	}
}
