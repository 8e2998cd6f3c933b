package models

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// Time is the instant type of rows and of the Time scalar.
type Time = time.Time

// OrgUnitKind is the kind of an org unit.
type OrgUnitKind string

// The kinds of org unit.
const (
	KindPemda       OrgUnitKind = "PEMDA"
	KindAgency      OrgUnitKind = "AGENCY"
	KindAssistant   OrgUnitKind = "ASSISTANT"
	KindDivision    OrgUnitKind = "DIVISION"
	KindSubdivision OrgUnitKind = "SUBDIVISION"
)

// Valid reports whether k is a known kind.
func (k OrgUnitKind) Valid() bool {
	switch k {
	case KindPemda, KindAgency, KindAssistant, KindDivision, KindSubdivision:
		return true
	}
	return false
}

// MarshalGQL writes k as a GraphQL enum value.
func (k OrgUnitKind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads k from a GraphQL enum value.
func (k *OrgUnitKind) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !OrgUnitKind(s).Valid() {
		return fmt.Errorf("%v is not a valid OrgUnitKind", v)
	}
	*k = OrgUnitKind(s)
	return nil
}

// OrgUnit is a unit of the organisation tree.
//
// Path is the materialised path of ids from the root, "/1/2/5/": the subtree
// of a unit is every unit whose path starts with its path, one indexed range
// scan at any depth.
type OrgUnit struct {
	ID              int64 `gorm:"primaryKey"`
	ParentID        *int64
	Code            string
	Name            string
	Kind            OrgUnitKind
	Path            string
	Depth           int
	NegativeFormula *domain.NegativeFormula
	// CapaianCap is the unit's own capaian cap: nil inherits, 0 is none.
	CapaianCap *float64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName names the table of OrgUnit.
func (OrgUnit) TableName() string { return "org_units" }

// AncestorIDs returns the ids on u's path above u, root first.
func (u OrgUnit) AncestorIDs() []int64 {
	return PathIDs(u.Path[:len(u.Path)-len(strconv.FormatInt(u.ID, 10))-1])
}

// PathIDs parses a materialised path ("/1/2/5/") into its ids.
func PathIDs(path string) []int64 {
	// One allocation: a path is read for every indicator of a page.
	ids := AppendPathIDs(make([]int64, 0, strings.Count(path, "/")), path)
	if len(ids) == 0 {
		return nil
	}
	return ids
}

// AppendPathIDs appends the ids of the materialised path to dst: with dst
// on the caller's stack, no allocation.
func AppendPathIDs(dst []int64, path string) []int64 {
	for rest := path; rest != ""; {
		seg, after, _ := strings.Cut(rest, "/")
		rest = after
		if seg == "" {
			continue
		}
		if id, err := strconv.ParseInt(seg, 10, 64); err == nil {
			dst = append(dst, id)
		}
	}
	return dst
}

// ChildPath returns the path of a child with id under a unit at parentPath
// ("" for a root).
func ChildPath(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}
