package events

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Event is one workflow action as the audit trail records it: the entry
// with id AuditID, of Action (SUBMIT, APPROVE, …) done by the user with id
// ActorID at At to the object of type Object (REALISATION, PERIOD,
// ENTRY_PERIOD) with id ObjectID, of the org unit with id OrgUnitID whose
// path was UnitPath, for Period of Year. IndicatorID is the realisation's
// indicator (0 for a period). HasReason tells whether the entry has a
// reason (read it from the audit entry: a reason may be longer than a
// notification may carry).
type Event struct {
	AuditID     int64     `json:"id"`
	Action      string    `json:"action"`
	Object      string    `json:"object"`
	ObjectID    int64     `json:"objectId,omitempty"`
	OrgUnitID   int64     `json:"orgUnitId"`
	UnitPath    string    `json:"unitPath"`
	IndicatorID int64     `json:"indicatorId,omitempty"`
	Year        int       `json:"year"`
	Period      string    `json:"period"`
	ActorID     int64     `json:"actorId,omitempty"`
	At          time.Time `json:"at"`
	HasReason   bool      `json:"hasReason,omitempty"`
}

// Exec runs a statement (with ? placeholders) inside the transaction of a
// change.
type Exec func(ctx context.Context, sql string, args ...any) error

// Bus delivers the events of committed changes to subscribers.
type Bus interface {
	// InTransaction is called inside the transaction of the change that
	// made evs, before it commits; exec runs statements in it. An error
	// rolls the change back.
	InTransaction(ctx context.Context, exec Exec, evs []Event) error
	// Committed is called once the change that made evs has committed.
	Committed(evs []Event)
	// Subscribe returns a subscription to every event published from now
	// on, until Close is called on it; ctx bounds only the wait for the bus
	// to listen. Once Subscribe returns, no event committed after is missed
	// (short of an overflow or a lost connection, which end the
	// subscription).
	Subscribe(ctx context.Context) (*Subscription, error)
	// Subscribers returns how many subscriptions are open on this instance.
	Subscribers() int
	// Close ends every subscription and releases the bus's resources.
	Close() error
}

// MaxPayload bounds the bytes of one notification: PostgreSQL refuses a
// NOTIFY payload of 8000 bytes or more.
const MaxPayload = 7999

// encode packs evs into payloads of JSON arrays, each at most MaxPayload
// bytes.
func encode(evs []Event) ([]string, error) {
	var out []string
	batch := []byte{'['}
	for _, ev := range evs {
		b, err := json.Marshal(ev)
		if err != nil {
			return nil, fmt.Errorf("encode event %d: %w", ev.AuditID, err)
		}
		if len(b)+2 > MaxPayload {
			return nil, fmt.Errorf("encode event %d: %d bytes is more than a notification carries", ev.AuditID, len(b))
		}
		if len(batch)+len(b)+1 > MaxPayload {
			out = append(out, string(append(batch, ']')))
			batch = []byte{'['}
		}
		if len(batch) > 1 {
			batch = append(batch, ',')
		}
		batch = append(batch, b...)
	}
	if len(batch) > 1 {
		out = append(out, string(append(batch, ']')))
	}
	return out, nil
}

// decode unpacks a payload of encode.
func decode(payload string) ([]Event, error) {
	var evs []Event
	if err := json.Unmarshal([]byte(payload), &evs); err != nil {
		return nil, fmt.Errorf("decode events: %w", err)
	}
	return evs, nil
}
