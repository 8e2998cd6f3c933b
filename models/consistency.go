package models

import "github.com/kinerja/kinerja/internal/domain"

// ConsistencyFinding is one place where a figure a document stated
// disagrees with what is computed from the stored lines, or one problem in
// the stored data itself.
type ConsistencyFinding struct {
	Kind domain.FindingKind
	// Location says where, for a person: table, row, column.
	Location string
	// Table is the document's table or section ("Tabel 3.6"), nil for a
	// problem of the stored data.
	Table *string
	// Figure names the figure ("pagu", "capaian"), as the stated figure does.
	Figure *string
	Year   *int
	// Stated is the figure as the document prints it (normalised), or the
	// stored value a data problem is about.
	Stated *string
	// Computed is what is computed from the stored lines, at the stated
	// figure's precision; nil when nothing can be.
	Computed      *string
	StatedValue   *float64
	ComputedValue *float64
	// Subject is the indicator, program, activity, sub-activity or org unit
	// the figure is about.
	Subject Node
	Note    *string
}
