package domain

import (
	"io"
	"math"
)

// Category is the rank of a capaian on the Permendagri 86/2017 scale.
type Category string

// The categories, best first.
const (
	SangatTinggi Category = "SANGAT_TINGGI"
	Tinggi       Category = "TINGGI"
	Sedang       Category = "SEDANG"
	Rendah       Category = "RENDAH"
	SangatRendah Category = "SANGAT_RENDAH"
)

// Categories lists the categories best first, the order reports use.
var Categories = []Category{SangatTinggi, Tinggi, Sedang, Rendah, SangatRendah}

// categoryFloors are the lower bounds of the bands, in the order of
// Categories. The regulation prints 91–100, 76–90, 66–75, 51–65 and ≤ 50; a
// value between two printed bands (90.5, say) belongs to the lower one.
var categoryFloors = []float64{91, 76, 66, 51}

// CategoryOf returns the category of capaian c (a percentage).
//
// c is first rounded to nine decimals, so that a ratio that should be exactly
// 91 but comes out of floating point as 90.99999999999999 ranks as 91.
func CategoryOf(c float64) Category {
	c = stable(c)
	for i, floor := range categoryFloors {
		if c >= floor {
			return Categories[i]
		}
	}
	return SangatRendah
}

// Label returns the category as the LKjIP prints it ("Sangat Tinggi").
func (c Category) Label() string {
	switch c {
	case SangatTinggi:
		return "Sangat Tinggi"
	case Tinggi:
		return "Tinggi"
	case Sedang:
		return "Sedang"
	case Rendah:
		return "Rendah"
	case SangatRendah:
		return "Sangat Rendah"
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if c == k {
			return true
		}
	}
	return false
}

// MarshalGQL writes c as a GraphQL enum value.
func (c Category) MarshalGQL(w io.Writer) { writeEnum(w, string(c)) }

// UnmarshalGQL reads c from a GraphQL enum value.
func (c *Category) UnmarshalGQL(v any) (err error) {
	*c, err = parseEnum[Category](v, "Category")
	return err
}

// stable rounds x to nine decimals for comparisons against band edges.
func stable(x float64) float64 {
	return math.Round(x*1e9) / 1e9
}
