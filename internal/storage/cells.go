package storage

import (
	"database/sql"
	"errors"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5/pgtype"
)

// A read scanned by hand (scanRows) gives each row's nullable fields and
// texts their values from cells: a few arrays shared by the rows of the
// read, where pgx and database/sql would allocate each value on its own
// (pgx through reflection, for every pointer field). The scanners below
// are the fields' destinations; each implements the interface pgx plans
// its column's scan for (so pgx calls it directly) and sql.Scanner for
// database/sql (SQLite, and reads in a transaction): the driver's usual
// types taken as they are, any other converted as for a plain destination.
type cells struct {
	ints   []int64
	floats []float64
	strs   []string
	times  []time.Time
	text   []byte
}

// cellChunk is how many values of a kind cells allocates at once;
// textChunk how many bytes of text (more for a longer text).
const (
	cellChunk = 32
	textChunk = 4096
)

// cell returns a pointer to a copy of v in *slab, a new chunk of the slab
// when it is full (the full one is left to the pointers into it).
func cell[T any](slab *[]T, v T) *T {
	if len(*slab) == cap(*slab) {
		*slab = make([]T, 0, cellChunk)
	}
	*slab = append(*slab, v)
	return &(*slab)[len(*slab)-1]
}

// string returns b as a string whose bytes are a copy in the text of c.
// The bytes, once handed out, are never written again: a full chunk is
// left to the strings that point into it and a new one started.
func (c *cells) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(c.text)-len(c.text) < len(b) {
		c.text = make([]byte, 0, max(textChunk, len(b)))
	}
	start := len(c.text)
	c.text = append(c.text, b...)
	return unsafe.String(&c.text[start], len(b))
}

// The scanners of a read's fields, their values from c.
func (c *cells) textOf(p *string) textOf           { return textOf{p, c} }
func (c *cells) optText(p **string) optText        { return optText{opt[string]{p, &c.strs}, c} }
func (c *cells) optInt64(p **int64) optInt64       { return optInt64{opt[int64]{p, &c.ints}} }
func (c *cells) optFloat64(p **float64) optFloat64 { return optFloat64{opt[float64]{p, &c.floats}} }
func (c *cells) optTime(p **time.Time) optTime     { return optTime{opt[time.Time]{p, &c.times}} }

// opt sets the *T at p: nil for NULL, else a cell of slab holding the
// value.
type opt[T any] struct {
	p    **T
	slab *[]T
}

func (o opt[T]) set(v T, valid bool) {
	*o.p = nil
	if valid {
		*o.p = cell(o.slab, v)
	}
}

// scan is sql.Scanner's Scan: a NULL or a T taken as it is, any other
// value converted by database/sql as for a plain destination.
func (o opt[T]) scan(src any) error {
	switch v := src.(type) {
	case nil:
		o.set(*new(T), false)
		return nil
	case T:
		o.set(v, true)
		return nil
	}
	var n sql.Null[T]
	if err := n.Scan(src); err != nil {
		return err
	}
	o.set(n.V, n.Valid)
	return nil
}

var errNullText = errors.New("cannot scan NULL into a string")

// textOf scans a NOT NULL text column into the string at p.
type textOf struct {
	p *string
	c *cells
}

func (t textOf) ScanBytes(b []byte) error {
	if b == nil {
		return errNullText
	}
	*t.p = t.c.string(b)
	return nil
}

func (t textOf) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*t.p = v
		return nil
	case []byte:
		return t.ScanBytes(v)
	}
	var s sql.Null[string]
	if err := s.Scan(src); err != nil {
		return err
	}
	if !s.Valid {
		return errNullText
	}
	*t.p = s.V
	return nil
}

// optText scans a text column into the *string at p, nil for NULL; its
// bytes (pgx's, or a driver's []byte) are copied into the text of c.
type optText struct {
	opt[string]
	c *cells
}

func (t optText) ScanBytes(b []byte) error {
	if b == nil {
		t.set("", false)
		return nil
	}
	t.set(t.c.string(b), true)
	return nil
}

func (t optText) Scan(src any) error {
	if b, ok := src.([]byte); ok {
		return t.ScanBytes(b)
	}
	return t.scan(src)
}

// optInt64 scans a bigint column into the *int64 at p, nil for NULL.
type optInt64 struct{ opt[int64] }

func (o optInt64) ScanInt64(v pgtype.Int8) error { o.set(v.Int64, v.Valid); return nil }
func (o optInt64) Scan(src any) error            { return o.scan(src) }

// optFloat64 scans a double precision column into the *float64 at p, nil
// for NULL.
type optFloat64 struct{ opt[float64] }

func (o optFloat64) ScanFloat64(v pgtype.Float8) error { o.set(v.Float64, v.Valid); return nil }
func (o optFloat64) Scan(src any) error                { return o.scan(src) }

// optTime scans a timestamp column into the *time.Time at p, nil for
// NULL; an infinite timestamp is refused, as for a *time.Time.
type optTime struct{ opt[time.Time] }

func (o optTime) ScanTimestamptz(v pgtype.Timestamptz) error {
	if v.Valid && v.InfinityModifier != pgtype.Finite {
		*o.p = nil
		return errors.New("cannot scan an infinite timestamp into a time")
	}
	o.set(v.Time, v.Valid)
	return nil
}

func (o optTime) Scan(src any) error { return o.scan(src) }
