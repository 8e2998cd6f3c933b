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

func (c *cells) int64(v int64) *int64 {
	if len(c.ints) == cap(c.ints) {
		c.ints = make([]int64, 0, cellChunk)
	}
	c.ints = append(c.ints, v)
	return &c.ints[len(c.ints)-1]
}

func (c *cells) float64(v float64) *float64 {
	if len(c.floats) == cap(c.floats) {
		c.floats = make([]float64, 0, cellChunk)
	}
	c.floats = append(c.floats, v)
	return &c.floats[len(c.floats)-1]
}

func (c *cells) stringPtr(v string) *string {
	if len(c.strs) == cap(c.strs) {
		c.strs = make([]string, 0, cellChunk)
	}
	c.strs = append(c.strs, v)
	return &c.strs[len(c.strs)-1]
}

func (c *cells) time(v time.Time) *time.Time {
	if len(c.times) == cap(c.times) {
		c.times = make([]time.Time, 0, cellChunk)
	}
	c.times = append(c.times, v)
	return &c.times[len(c.times)-1]
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
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	if !s.Valid {
		return errNullText
	}
	*t.p = s.String
	return nil
}

// optText scans a text column into the *string at p, nil for NULL.
type optText struct {
	p **string
	c *cells
}

func (t optText) ScanBytes(b []byte) error {
	if b == nil {
		*t.p = nil
		return nil
	}
	*t.p = t.c.stringPtr(t.c.string(b))
	return nil
}

func (t optText) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t.p = nil
		return nil
	case string:
		*t.p = t.c.stringPtr(v)
		return nil
	case []byte:
		return t.ScanBytes(v)
	}
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	*t.p = nil
	if s.Valid {
		*t.p = t.c.stringPtr(s.String)
	}
	return nil
}

// optInt64 scans a bigint column into the *int64 at p, nil for NULL.
type optInt64 struct {
	p **int64
	c *cells
}

func (o optInt64) ScanInt64(v pgtype.Int8) error {
	*o.p = nil
	if v.Valid {
		*o.p = o.c.int64(v.Int64)
	}
	return nil
}

func (o optInt64) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		return o.ScanInt64(pgtype.Int8{})
	case int64:
		return o.ScanInt64(pgtype.Int8{Int64: v, Valid: true})
	}
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	return o.ScanInt64(pgtype.Int8{Int64: n.Int64, Valid: n.Valid})
}

// optFloat64 scans a double precision column into the *float64 at p, nil
// for NULL.
type optFloat64 struct {
	p **float64
	c *cells
}

func (o optFloat64) ScanFloat64(v pgtype.Float8) error {
	*o.p = nil
	if v.Valid {
		*o.p = o.c.float64(v.Float64)
	}
	return nil
}

func (o optFloat64) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		return o.ScanFloat64(pgtype.Float8{})
	case float64:
		return o.ScanFloat64(pgtype.Float8{Float64: v, Valid: true})
	}
	var n sql.NullFloat64
	if err := n.Scan(src); err != nil {
		return err
	}
	return o.ScanFloat64(pgtype.Float8{Float64: n.Float64, Valid: n.Valid})
}

// optTime scans a timestamp column into the *time.Time at p, nil for
// NULL; an infinite timestamp is refused, as for a *time.Time.
type optTime struct {
	p **time.Time
	c *cells
}

func (o optTime) ScanTimestamptz(v pgtype.Timestamptz) error {
	*o.p = nil
	if !v.Valid {
		return nil
	}
	if v.InfinityModifier != pgtype.Finite {
		return errors.New("cannot scan an infinite timestamp into a time")
	}
	*o.p = o.c.time(v.Time)
	return nil
}

func (o optTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*o.p = nil
		return nil
	case time.Time:
		*o.p = o.c.time(v)
		return nil
	}
	var n sql.NullTime
	if err := n.Scan(src); err != nil {
		return err
	}
	*o.p = nil
	if n.Valid {
		*o.p = o.c.time(n.Time)
	}
	return nil
}
