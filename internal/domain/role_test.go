package domain

import (
	"bytes"
	"testing"
)

func TestRoleGQL(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want Role
		ok   bool
	}{
		{"ADMIN", RoleAdmin, true},
		{"APPROVER", RoleApprover, true},
		{"OPERATOR", RoleOperator, true},
		{"VIEWER", RoleViewer, true},
		{"admin", "", false},
		{"ROOT", "", false},
		{1, "", false},
	} {
		var r Role
		err := r.UnmarshalGQL(tt.in)
		if (err == nil) != tt.ok || r != tt.want {
			t.Errorf("UnmarshalGQL(%#v) = %q, %v; want %q, ok=%v", tt.in, r, err, tt.want, tt.ok)
		}
		if tt.ok {
			var b bytes.Buffer
			r.MarshalGQL(&b)
			if got := b.String(); got != `"`+string(tt.want)+`"` {
				t.Errorf("MarshalGQL(%q) = %s", r, got)
			}
		}
	}
}
