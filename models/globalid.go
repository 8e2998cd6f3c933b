package models

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

// The types that implement the Node interface: the type part of their
// global ids.
const (
	TypeOrgUnit     = "OrgUnit"
	TypeUser        = "User"
	TypePlan        = "Plan"
	TypeMission     = "Mission"
	TypeGoal        = "Goal"
	TypeSasaran     = "Sasaran"
	TypeProgram     = "Program"
	TypeActivity    = "Activity"
	TypeSubActivity = "SubActivity"
	TypeIndicator   = "Indicator"
	TypeRealisation = "Realisation"
	TypeBudgetLine  = "BudgetLine"
)

// NodeTypes are the types that implement Node, in schema order.
var NodeTypes = []string{
	TypeOrgUnit, TypeUser, TypePlan, TypeMission, TypeGoal, TypeSasaran, TypeProgram,
	TypeActivity, TypeSubActivity, TypeIndicator, TypeRealisation, TypeBudgetLine,
}

// GlobalID is the id of a row on the wire: the GraphQL type it is a row of
// and its row id. Clients see it as an opaque string (base64url without
// padding of "Type:rowid"), unique across every type, and must not parse it.
// This file is the one place that encodes and decodes it.
type GlobalID struct {
	Type string
	ID   int64
}

// appendTo appends the encoded id to b.
func (g GlobalID) appendTo(b []byte) []byte {
	var raw [64]byte
	r := append(raw[:0], g.Type...)
	r = append(r, ':')
	r = strconv.AppendInt(r, g.ID, 10)
	return base64.RawURLEncoding.AppendEncode(b, r)
}

// AppendText appends the encoded id to b (encoding.TextAppender).
func (g GlobalID) AppendText(b []byte) ([]byte, error) { return g.appendTo(b), nil }

// String returns the encoded id, as the API shows it.
func (g GlobalID) String() string { return string(g.appendTo(nil)) }

// IDAdvice is the advice of every refused id.
const IDAdvice = "IDs are opaque: use the id the API returned (the id field of the object)"

// ParseGlobalID decodes an id the API returned. Anything else (a row
// number, an id of an unknown type, garbage) is a BAD_USER_INPUT error.
func ParseGlobalID(s string) (GlobalID, error) {
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err == nil {
		typ, num, ok := strings.Cut(string(raw), ":")
		id, perr := strconv.ParseInt(num, 10, 64)
		if ok && perr == nil && id > 0 && strconv.FormatInt(id, 10) == num && isNodeType(typ) {
			return GlobalID{Type: typ, ID: id}, nil
		}
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return GlobalID{}, domain.Invalid("", fmt.Sprintf("%q is not an ID of this API: %s", s, IDAdvice))
}

func isNodeType(typ string) bool {
	for _, t := range NodeTypes {
		if t == typ {
			return true
		}
	}
	return false
}

// NodeType returns the Node type named s, matched without regard to case;
// "" when there is none.
func NodeType(s string) string {
	for _, t := range NodeTypes {
		if strings.EqualFold(t, s) {
			return t
		}
	}
	return ""
}

// KindType returns the Node type of a PlanElementKind value ("SUB_ACTIVITY":
// SubActivity), "" when there is none.
func KindType(kind string) string {
	return NodeType(strings.ReplaceAll(kind, "_", ""))
}
