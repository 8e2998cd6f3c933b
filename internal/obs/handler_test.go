package obs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// clock is a settable time for the handler.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestLogger() (*slog.Logger, *Handler, *bytes.Buffer, *clock) {
	var buf bytes.Buffer
	c := &clock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	h := NewHandler(slog.NewTextHandler(&buf, nil), HandlerOptions{Interval: 10 * time.Second, Now: c.now})
	return slog.New(h), h, &buf, c
}

func lines(buf *bytes.Buffer) []string {
	s := strings.TrimSpace(buf.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestHandlerRequestID(t *testing.T) {
	log, _, buf, _ := newTestLogger()
	req := NewRequest("abc-123")
	ctx := WithRequest(context.Background(), req)
	log.With("component", "x").InfoContext(ctx, "one")
	log.WarnContext(ctx, "two")
	log.Info("outside a request")
	got := lines(buf)
	if len(got) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(got), buf)
	}
	for _, l := range got[:2] {
		if !strings.Contains(l, "request_id=abc-123") {
			t.Errorf("line %q has no request_id=abc-123", l)
		}
	}
	if strings.Contains(got[2], "request_id") {
		t.Errorf("line %q outside a request has a request_id", got[2])
	}
}

func TestHandlerOneErrorPerRequest(t *testing.T) {
	log, _, buf, _ := newTestLogger()
	req := NewRequest("")
	ctx := WithRequest(context.Background(), req)
	for i := range 5 {
		log.ErrorContext(ctx, "resolver failed", "err", fmt.Errorf("failure %d", i))
	}
	if got := lines(buf); len(got) != 1 || !strings.Contains(got[0], "failure 0") {
		t.Errorf("a request logged %d error lines, want only its first:\n%s", len(got), buf)
	}
	if n := req.SuppressedErrors(); n != 4 {
		t.Errorf("SuppressedErrors = %d, want 4", n)
	}
}

func TestHandlerSummarisesRepeats(t *testing.T) {
	log, h, buf, c := newTestLogger()
	outage := errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	for range 100 {
		ctx := WithRequest(context.Background(), NewRequest(""))
		log.ErrorContext(ctx, "authenticate", "err", outage)
		log.InfoContext(ctx, "request", "status", 500)
		c.t = c.t.Add(10 * time.Millisecond)
	}
	errorLines := func() int { return strings.Count(buf.String(), "level=ERROR") }
	if n := errorLines(); n != 1 {
		t.Fatalf("100 identical errors within the interval wrote %d error lines, want 1", n)
	}
	// The next line after the window ends brings the summary.
	c.t = c.t.Add(10 * time.Second)
	log.Info("later")
	if !strings.Contains(buf.String(), `msg="similar lines suppressed" message=authenticate`) || !strings.Contains(buf.String(), "suppressed=99") {
		t.Errorf("no summary of the 99 held back:\n%s", buf)
	}
	// A new window logs the error once again, and Flush reports the rest.
	buf.Reset()
	for range 3 {
		log.Error("authenticate", "err", outage)
	}
	h.Flush()
	got := lines(buf)
	if len(got) != 2 || !strings.Contains(got[1], "suppressed=2") {
		t.Errorf("after the window: %d lines, want the error and a summary of 2:\n%s", len(got), buf)
	}
	// Distinct errors are each logged.
	buf.Reset()
	log.Error("authenticate", "err", errors.New("a"))
	log.Error("authenticate", "err", errors.New("b"))
	log.Warn("authenticate", "err", errors.New("a"))
	if n := len(lines(buf)); n != 3 {
		t.Errorf("distinct errors: %d lines, want 3:\n%s", n, buf)
	}
}

func TestHandlerBoundsDistinctErrors(t *testing.T) {
	log, _, buf, _ := newTestLogger()
	for i := range 10 * maxKeys {
		log.Error("sql failed", "err", fmt.Errorf("row %d", i))
	}
	if n := len(lines(buf)); n > maxKeys+1 {
		t.Errorf("%d distinct errors wrote %d lines, want at most %d", 10*maxKeys, n, maxKeys+1)
	}
}

func TestValidRequestID(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want bool
	}{
		{"abc-123", true},
		{"4bf92f3577b34da6a3ce929d0e0e4736", true},
		{"req:1.2_3", true},
		{"", false},
		{strings.Repeat("a", MaxRequestIDLength), true},
		{strings.Repeat("a", MaxRequestIDLength+1), false},
		{"a b", false},
		{"x\nlevel=ERROR", false},
		{`a"b`, false},
	} {
		if got := ValidRequestID(tt.id); got != tt.want {
			t.Errorf("ValidRequestID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
	if r := NewRequest("bad id"); !ValidRequestID(r.ID()) || r.ID() == "bad id" {
		t.Errorf("NewRequest(%q) has id %q, want a new valid one", "bad id", r.ID())
	}
}
