package resolvers

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/kinerja/kinerja/internal/gqlx"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// budget is what an operation may still resolve: at most MaxNodes fields,
// before its context's deadline (RequestTimeout). Every field is counted
// and checked, whether its resolver reads the database or the request's
// caches, so that a query refused by neither limit in advance still stops.
type budget struct {
	nodes atomic.Int64
	// done is the operation's context's Done, polled for every field
	// (cheaper than asking each field's context, many layers deep).
	done <-chan struct{}
}

type budgetKey struct{}

// Leaf fields skip the field middleware (see internal/gqlx): they spend the
// budget through this hook.
func init() { gqlx.FieldHook = spend }

// withBudget returns ctx carrying a fresh budget for one operation (or one
// event of a subscription), and a fresh state of the executor's shortcuts,
// whose leaf fields spend that budget (see internal/gqlx).
func withBudget(ctx context.Context) context.Context {
	b := &budget{done: ctx.Done()}
	ctx = context.WithValue(ctx, budgetKey{}, b)
	return gqlx.WithOperation(ctx, func() error { return b.spend(ctx) })
}

// spend refuses a field once the operation's context is done or its budget
// is spent.
func spend(ctx context.Context) error {
	b, _ := ctx.Value(budgetKey{}).(*budget)
	if b == nil {
		if err := ctx.Err(); err != nil {
			return deadlineError(err)
		}
		return nil
	}
	return b.spend(ctx)
}

// spend spends a field of b, whose operation's context is ctx.
func (b *budget) spend(ctx context.Context) error {
	select {
	case <-b.done:
		return deadlineError(ctx.Err())
	default:
	}
	if b.nodes.Add(1) > MaxNodes {
		return limitError(CodeBadUserInput, "RESULT_TOO_LARGE",
			fmt.Sprintf("the answer would hold more than %d fields: ask for less (a page of indicators, fewer levels)", MaxNodes))
	}
	return nil
}

// deadlineError is the error of a field reached after the request's
// context ended.
func deadlineError(err error) *gqlerror.Error {
	msg := "the request was cancelled"
	if errors.Is(err, context.DeadlineExceeded) {
		msg = fmt.Sprintf("the request timed out and was stopped (a request may take at most %s)", RequestTimeout)
	}
	return limitError(CodeInternal, "TIMEOUT", msg)
}

// limitError returns an error with code and reason.
func limitError(code, reason, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code, "reason": reason}}
}

// collapseLimitErrors keeps one error of each limit reason in a response:
// once a limit stops an operation, every field still pending reports it.
func collapseLimitErrors(resp *graphql.Response) {
	if resp == nil || len(resp.Errors) < 2 {
		return
	}
	seen := map[string]bool{}
	out := resp.Errors[:0]
	for _, e := range resp.Errors {
		switch r, _ := e.Extensions["reason"].(string); r {
		case "RESULT_TOO_LARGE", "TIMEOUT":
			if seen[r] {
				continue
			}
			seen[r] = true
		}
		out = append(out, e)
	}
	resp.Errors = out
}
