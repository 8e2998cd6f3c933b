package events

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestEncode: events are packed into notifications under PostgreSQL's
// limit, and come back whole and in order.
func TestEncode(t *testing.T) {
	var evs []Event
	for i := range 500 {
		evs = append(evs, Event{AuditID: int64(i + 1), Action: "APPROVE", Object: "REALISATION", ObjectID: int64(i),
			OrgUnitID: 7, UnitPath: strings.Repeat("/1234567", 20) + "/", IndicatorID: 9, Year: 2024, Period: "Q1",
			ActorID: 3, At: time.Date(2024, 4, 1, 8, 30, 0, 123456000, time.UTC), HasReason: i%2 == 0})
	}
	payloads, err := encode(evs)
	if err != nil {
		t.Fatal(err)
	}
	if len(payloads) < 2 {
		t.Errorf("%d payloads, want the events split", len(payloads))
	}
	var back []Event
	for _, p := range payloads {
		if len(p) > MaxPayload {
			t.Errorf("a payload of %d bytes, want at most %d", len(p), MaxPayload)
		}
		got, err := decode(p)
		if err != nil {
			t.Fatal(err)
		}
		back = append(back, got...)
	}
	if len(back) != len(evs) {
		t.Fatalf("%d events back, want %d", len(back), len(evs))
	}
	for i := range evs {
		if back[i] != evs[i] {
			t.Fatalf("event %d: got %+v, want %+v", i, back[i], evs[i])
		}
	}
	if p, err := encode(nil); err != nil || len(p) != 0 {
		t.Errorf("no events: %q %v, want no payload", p, err)
	}
}

// TestLocal: every subscriber gets every event after the commit, none
// before; one that falls more than Buffer behind is ended with ErrOverflow
// without holding up the others; Close ends the rest.
func TestLocal(t *testing.T) {
	bus := NewLocal()
	ctx := context.Background()
	slow, err := bus.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := bus.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.InTransaction(ctx, func(context.Context, string, ...any) error { return errors.New("no statement") }, []Event{{AuditID: 1}}); err != nil {
		t.Fatalf("in the transaction: %v, want nothing done", err)
	}
	if n := len(fast.C); n != 0 {
		t.Fatalf("%d events before the commit, want none", n)
	}
	for i := range Buffer + 1 {
		bus.Committed([]Event{{AuditID: int64(i + 1)}})
		if ev := <-fast.C; ev.AuditID != int64(i+1) {
			t.Fatalf("event %d: got %d", i+1, ev.AuditID)
		}
	}
	n := 0
	for range slow.C {
		n++
	}
	if n != Buffer || !errors.Is(slow.Err(), ErrOverflow) {
		t.Errorf("the slow subscriber got %d events and %v, want %d and %v", n, slow.Err(), Buffer, ErrOverflow)
	}
	if got := bus.Subscribers(); got != 1 {
		t.Errorf("%d subscribers, want 1", got)
	}
	_ = bus.Close()
	if _, ok := <-fast.C; ok || !errors.Is(fast.Err(), ErrClosed) {
		t.Errorf("after Close: open %v, err %v", ok, fast.Err())
	}
	if _, err := bus.Subscribe(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("subscribe to a closed bus: %v, want %v", err, ErrClosed)
	}
}
