package resolvers

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/events"
	"github.com/kinerja/kinerja/models"
)

// subscribeTimeout bounds the wait for the event bus to listen (on
// PostgreSQL, its dedicated connection) when a subscription starts.
const subscribeTimeout = 10 * time.Second

// approvalEvents streams the workflow's events of the subtree at path to
// the subscription of ctx, until it ends. The channel is closed when the
// subscription ends, or when the bus ends it (its subscriber fell too far
// behind, or the instance lost its notifications): the client then
// subscribes again.
func (r *Resolver) approvalEvents(ctx context.Context, path string) (<-chan *models.ApprovalEvent, error) {
	wait, cancel := context.WithTimeout(ctx, subscribeTimeout)
	defer cancel()
	sub, err := r.Store.Events().Subscribe(wait)
	if err != nil {
		return nil, err
	}
	// The subscription lives as long as ctx, not as the wait.
	context.AfterFunc(ctx, sub.Close)
	out := make(chan *models.ApprovalEvent)
	go func() {
		defer close(out)
		for ev := range sub.C {
			if !strings.HasPrefix(ev.UnitPath, path) {
				continue
			}
			select {
			case out <- &models.ApprovalEvent{Event: ev}:
			case <-ctx.Done():
				return
			}
		}
		if err := sub.Err(); err != nil && !errors.Is(err, events.ErrClosed) {
			r.Log.InfoContext(ctx, "a subscription ended", "err", err)
		}
	}()
	return out, nil
}

// eventReason returns the reason of the audit entry of ev, nil when it has
// none.
func (r *Resolver) eventReason(ctx context.Context, ev *events.Event) (*string, error) {
	if !ev.HasReason {
		return nil, nil
	}
	if _, _, err := r.caller(ctx); err != nil {
		return nil, err
	}
	e, err := r.Store.AuditEntry(ctx, ev.AuditID)
	if err != nil {
		return nil, err
	}
	return e.Reason, nil
}
