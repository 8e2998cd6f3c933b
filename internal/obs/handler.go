package obs

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// DefaultInterval is the window in which a repeated warning or error is
// logged once.
const DefaultInterval = 10 * time.Second

// maxKeys bounds the distinct warnings and errors remembered in a window;
// past it, lines are told apart by level and message alone.
const maxKeys = 256

// HandlerOptions configure NewHandler.
type HandlerOptions struct {
	// Interval is the window in which a repeated warning or error is logged
	// once; 0 means DefaultInterval.
	Interval time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Handler is a slog.Handler in front of another that
//
//   - adds request_id to every line logged with the context of a request
//     (see WithRequest);
//   - lets through only the first error line of a request, counting the
//     rest (Request.SuppressedErrors), so a failed request logs one error;
//   - logs a warning or error that repeats (same level, message and "err")
//     once per interval, then one line saying how many similar lines it held
//     back, so an outage does not write a line per request.
type Handler struct {
	next slog.Handler
	root slog.Handler // without the attributes of WithAttrs, for summaries
	d    *dedup
}

// NewHandler returns a Handler writing to next.
func NewHandler(next slog.Handler, opts HandlerOptions) *Handler {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Handler{next: next, root: next, d: &dedup{interval: opts.Interval, now: opts.Now, seen: map[dedupKey]*window{}}}
}

// Enabled implements slog.Handler.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle implements slog.Handler.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	req := RequestFrom(ctx)
	if r.Level >= slog.LevelError && req != nil && !req.firstError() {
		return nil
	}
	admit, summaries := h.d.admit(r)
	for _, s := range summaries {
		_ = h.root.Handle(context.Background(), s)
	}
	if !admit {
		return nil
	}
	if req != nil {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", req.ID()))
	}
	return h.next.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &Handler{next: h.next.WithAttrs(attrs), root: h.root, d: h.d}
}

// WithGroup implements slog.Handler.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name), root: h.root, d: h.d}
}

// Flush logs the summaries of the lines held back so far; call it before
// the program exits.
func (h *Handler) Flush() {
	for _, s := range h.d.flush() {
		_ = h.root.Handle(context.Background(), s)
	}
}

type dedupKey struct {
	level slog.Level
	msg   string
	err   string
}

type window struct {
	start      time.Time
	suppressed int
}

// dedup remembers the warnings and errors logged in the current window of
// each kind of line.
type dedup struct {
	interval time.Duration
	now      func() time.Time

	mu        sync.Mutex
	seen      map[dedupKey]*window
	nextSweep time.Time // when the oldest window ends
}

// admit reports whether r is to be logged, and returns the summaries of
// the windows that have ended.
func (d *dedup) admit(r slog.Record) (bool, []slog.Record) {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	var summaries []slog.Record
	if len(d.seen) > 0 && !now.Before(d.nextSweep) {
		summaries = d.sweep(now, false)
	}
	if r.Level < slog.LevelWarn {
		return true, summaries
	}
	k := dedupKey{level: r.Level, msg: r.Message, err: errText(r)}
	if _, ok := d.seen[k]; !ok && len(d.seen) >= maxKeys {
		k.err = ""
	}
	if w, ok := d.seen[k]; ok {
		w.suppressed++
		return false, summaries
	}
	d.seen[k] = &window{start: now}
	if len(d.seen) == 1 || now.Add(d.interval).Before(d.nextSweep) {
		d.nextSweep = now.Add(d.interval)
	}
	return true, summaries
}

func (d *dedup) flush() []slog.Record {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sweep(d.now(), true)
}

// sweep forgets the windows that ended by now (all of them when all is
// set) and returns a summary line for each that held lines back.
func (d *dedup) sweep(now time.Time, all bool) []slog.Record {
	var out []slog.Record
	d.nextSweep = time.Time{}
	for k, w := range d.seen {
		end := w.start.Add(d.interval)
		if !all && now.Before(end) {
			if d.nextSweep.IsZero() || end.Before(d.nextSweep) {
				d.nextSweep = end
			}
			continue
		}
		delete(d.seen, k)
		if w.suppressed == 0 {
			continue
		}
		s := slog.NewRecord(now, k.level, "similar lines suppressed", 0)
		s.AddAttrs(slog.String("message", k.msg))
		if k.err != "" {
			s.AddAttrs(slog.String("err", k.err))
		}
		s.AddAttrs(slog.Int("suppressed", w.suppressed), slog.Duration("during", now.Sub(w.start).Round(time.Millisecond)))
		out = append(out, s)
	}
	return out
}

// errText returns the "err" attribute of r, shortened.
func errText(r slog.Record) string {
	var s string
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			s = a.Value.String()
			return false
		}
		return true
	})
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
