package resolvers

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestSpend: a field is refused once the operation's budget is spent or
// its context has ended, each with its code and reason.
func TestSpend(t *testing.T) {
	ctx := withBudget(context.Background())
	for i := range MaxNodes {
		if err := spend(ctx); err != nil {
			t.Fatalf("field %d: %v, want within the budget of %d", i+1, err, MaxNodes)
		}
	}
	ended, cancel := context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	for _, tt := range []struct {
		name         string
		err          error
		code, reason string
	}{
		{"over the budget", spend(ctx), CodeBadUserInput, "RESULT_TOO_LARGE"},
		{"after the deadline", spend(withBudget(ended)), CodeInternal, "TIMEOUT"},
	} {
		var ge *gqlerror.Error
		if !errors.As(tt.err, &ge) || ge.Extensions["code"] != tt.code || ge.Extensions["reason"] != tt.reason {
			t.Errorf("%s: %v, want %s/%s", tt.name, tt.err, tt.code, tt.reason)
		}
	}
}
