package events

import (
	"context"
	"errors"
	"sync"
)

// Buffer is how many events a subscription holds for a subscriber that
// has not read them yet; one that falls further behind is ended (with
// ErrOverflow) rather than slowing down the others or growing without
// bound.
const Buffer = 256

// ErrOverflow ends a subscription whose subscriber fell more than Buffer
// events behind.
var ErrOverflow = errors.New("events: the subscriber fell too far behind")

// ErrClosed ends the subscriptions of a closed bus.
var ErrClosed = errors.New("events: the bus is closed")

// ErrDisconnected ends the subscriptions of an instance that lost its
// connection to the database's notifications: events may have been missed.
var ErrDisconnected = errors.New("events: the connection to the notifications was lost")

// Subscription is one subscriber's stream of events.
type Subscription struct {
	// C delivers the events; it is closed when the subscription ends.
	C    <-chan Event
	c    chan Event
	hub  *hub
	once sync.Once
	err  error // why it ended; set before c is closed
}

// Err returns why the subscription ended, once C is closed: nil when Close
// was called.
func (s *Subscription) Err() error { return s.err }

// Close ends the subscription.
func (s *Subscription) Close() { s.hub.remove(s, nil) }

// hub fans events out to the subscriptions of one instance.
type hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	closed bool
}

func newHub() *hub { return &hub{subs: map[*Subscription]struct{}{}} }

// add returns a new subscription.
func (h *hub) add() (*Subscription, error) {
	c := make(chan Event, Buffer)
	s := &Subscription{C: c, c: c, hub: h}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrClosed
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s, nil
}

// remove ends s for why.
func (h *hub) remove(s *Subscription, why error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(s, why)
}

func (h *hub) removeLocked(s *Subscription, why error) {
	if _, ok := h.subs[s]; !ok {
		return
	}
	delete(h.subs, s)
	s.err = why
	close(s.c)
}

// count returns how many subscriptions are open.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// publish hands evs to every subscription.
func (h *hub) publish(evs []Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		for _, ev := range evs {
			select {
			case s.c <- ev:
			default:
				h.removeLocked(s, ErrOverflow)
			}
			if _, ok := h.subs[s]; !ok {
				break
			}
		}
	}
}

// end ends every subscription for why; with closed, no more are accepted.
func (h *hub) end(why error, closed bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		h.removeLocked(s, why)
	}
	h.closed = h.closed || closed
}

// Local is the bus of a single instance: events are published in process
// once their change has committed.
type Local struct{ hub *hub }

// NewLocal returns an in-process bus.
func NewLocal() *Local { return &Local{hub: newHub()} }

// InTransaction implements Bus: a local bus publishes after the commit.
func (*Local) InTransaction(context.Context, Exec, []Event) error { return nil }

// Committed implements Bus.
func (l *Local) Committed(evs []Event) { l.hub.publish(evs) }

// Subscribe implements Bus.
func (l *Local) Subscribe(context.Context) (*Subscription, error) { return l.hub.add() }

// Subscribers implements Bus.
func (l *Local) Subscribers() int { return l.hub.count() }

// Close implements Bus.
func (l *Local) Close() error {
	l.hub.end(ErrClosed, true)
	return nil
}
