package gqlx

import (
	"bytes"
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// The marshallers of the leaves read from the parent's struct (see
// LeafContext). gqlgen's marshallers close over the value, which costs an
// allocation per leaf: a closure (a string, a number, a boolean) or a boxed
// value (an enum). These hold a pointer to the struct's field instead (a
// struct of one pointer is stored in an interface as is) and read it when
// the answer is written, later in the same operation: the rows an operation
// reads are not changed while it runs. They write what gqlgen's write, byte
// for byte (the tests compare them).

// String returns the marshaller of the string at p, as graphql.MarshalString.
func String(p *string) graphql.Marshaler { return stringAt{p} }

// OptString is String for a nullable field: Null when p is nil.
func OptString(p *string) graphql.Marshaler {
	if p == nil {
		return graphql.Null
	}
	return stringAt{p}
}

type stringAt struct{ p *string }

func (s stringAt) MarshalGQL(w io.Writer) { writeQuotedString(w, *s.p) }

// writeQuotedString is gqlgen's: \t, \r, \n, \\ and \" escaped, other
// control characters as \u00XX, the rest as is.
func writeQuotedString(w io.Writer, s string) {
	const hex = "0123456789ABCDEF"
	start := 0
	io.WriteString(w, `"`)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		io.WriteString(w, s[start:i])
		switch c {
		case '\t':
			io.WriteString(w, `\t`)
		case '\r':
			io.WriteString(w, `\r`)
		case '\n':
			io.WriteString(w, `\n`)
		case '\\':
			io.WriteString(w, `\\`)
		case '"':
			io.WriteString(w, `\"`)
		default:
			io.WriteString(w, `\u00`)
			io.WriteString(w, hex[c>>4:c>>4+1])
			io.WriteString(w, hex[c&0xf:c&0xf+1])
		}
		start = i + 1
	}
	io.WriteString(w, s[start:])
	io.WriteString(w, `"`)
}

// Int returns the marshaller of the int at p, as graphql.MarshalInt.
func Int(p *int) graphql.Marshaler { return intAt{p} }

// OptInt is Int for a nullable field.
func OptInt(p *int) graphql.Marshaler {
	if p == nil {
		return graphql.Null
	}
	return intAt{p}
}

type intAt struct{ p *int }

func (i intAt) MarshalGQL(w io.Writer) {
	if b, ok := w.(*bytes.Buffer); ok {
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(*i.p), 10))
		return
	}
	io.WriteString(w, strconv.Itoa(*i.p))
}

// Bool returns the marshaller of the bool at p, as graphql.MarshalBoolean.
func Bool(p *bool) graphql.Marshaler { return boolAt{p} }

// OptBool is Bool for a nullable field.
func OptBool(p *bool) graphql.Marshaler {
	if p == nil {
		return graphql.Null
	}
	return boolAt{p}
}

type boolAt struct{ p *bool }

func (b boolAt) MarshalGQL(w io.Writer) {
	if *b.p {
		io.WriteString(w, "true")
	} else {
		io.WriteString(w, "false")
	}
}

// Float returns the marshaller of the float at p, as
// graphql.MarshalFloatContext writes it (%g), or nil for an infinity or a
// NaN, whose error gqlgen's marshaller reports.
func Float(p *float64) graphql.Marshaler {
	if math.IsInf(*p, 0) || math.IsNaN(*p) {
		return nil
	}
	return floatAt{p}
}

// OptFloat is Float for a nullable field: Null when p is nil.
func OptFloat(p *float64) graphql.Marshaler {
	if p == nil {
		return graphql.Null
	}
	return Float(p)
}

type floatAt struct{ p *float64 }

// MarshalGQL writes the shortest 'g' form, which is what fmt's %g writes.
func (f floatAt) MarshalGQL(w io.Writer) {
	if b, ok := w.(*bytes.Buffer); ok {
		b.Write(strconv.AppendFloat(b.AvailableBuffer(), *f.p, 'g', -1, 64))
		return
	}
	io.WriteString(w, strconv.FormatFloat(*f.p, 'g', -1, 64))
}

// Value returns the marshaller of the value at p, a type that marshals
// itself (an enum, money).
func Value[T graphql.Marshaler](p *T) graphql.Marshaler { return valueAt[T]{p} }

// OptValue is Value for a nullable field.
func OptValue[T graphql.Marshaler](p *T) graphql.Marshaler {
	if p == nil {
		return graphql.Null
	}
	return valueAt[T]{p}
}

type valueAt[T graphql.Marshaler] struct{ p *T }

func (v valueAt[T]) MarshalGQL(w io.Writer) { (*v.p).MarshalGQL(w) }
