package storage

import (
	"context"
	"log/slog"
	"sync"
)

// factsInWrite is the most indicators a write recomputes in its own
// transaction (about 2 s of work): a change of settings at the top of a
// large tree leaves the rest stale, for the facts worker to recompute
// after it commits. Readers never use a stale indicator's facts (see
// AchievementSummaries and AchievementStats), so the figures stay exact
// while the worker runs; only slower, or refused for stats.
var factsInWrite = 10000

// factsWorker recomputes, in the background, the facts a write left stale.
type factsWorker struct {
	// paused keeps the worker from starting (for the tests).
	paused bool
	once   sync.Once
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
	log    *slog.Logger
}

// RefreshLater asks the facts worker to recompute every stale indicator
// in the background: what a migration or a write outside the server left,
// when a server starts. Readers meanwhile compute from the lines.
func (s *Store) RefreshLater() { s.refreshLater() }

// refreshLater asks the facts worker of s to recompute every stale
// indicator, starting it the first time.
func (s *Store) refreshLater() {
	w := s.facts
	if w.paused {
		return
	}
	w.once.Do(func() {
		w.kick = make(chan struct{}, 1)
		w.done = make(chan struct{})
		ctx, cancel := context.WithCancel(context.Background())
		w.cancel = cancel
		go func() {
			defer close(w.done)
			for {
				select {
				case <-ctx.Done():
					return
				case <-w.kick:
				}
				n, err := s.RefreshFacts(ctx)
				if err != nil && ctx.Err() == nil {
					w.log.Error("refresh the achievement facts", "err", err, "indicators", n)
				} else if n > 0 {
					w.log.Info("achievement facts refreshed", "indicators", n)
				}
			}
		}()
	})
	select {
	case w.kick <- struct{}{}:
	default: // a refresh is pending already
	}
}

// stop ends the worker, if it runs.
func (w *factsWorker) stop() {
	if w.cancel != nil {
		w.cancel()
		<-w.done
	}
}

// orDiscard is log, or a logger that discards for nil.
func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}
