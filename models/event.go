package models

import "github.com/kinerja/kinerja/internal/events"

// ApprovalEvent is an event of the approval workflow as the API shows it.
type ApprovalEvent struct{ events.Event }

// RealisationID returns the global id of the realisation the event's action
// was done to, nil for an action on a whole period.
func (e *ApprovalEvent) RealisationID() *GlobalID {
	if e.IndicatorID == 0 {
		return nil
	}
	return &GlobalID{Type: TypeRealisation, ID: e.ObjectID}
}
