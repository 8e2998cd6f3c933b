package resolvers

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// readyz answers 200 when the server can serve: the database answers and its
// schema is the one this binary expects (a load balancer keeps traffic away
// until then, e.g. while another instance migrates). /healthz only tells
// whether the process and the database are alive.
func (r *Resolver) readyz(w http.ResponseWriter, req *http.Request) {
	ctx := req.Context()
	body := map[string]any{"status": "ready"}
	status := http.StatusOK
	current, latest, err := r.Store.SchemaVersion(ctx)
	switch {
	case err != nil:
		r.Log.WarnContext(ctx, "readiness check", "err", err)
		status, body = http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "reason": "the database does not answer"}
	case current != latest:
		status, body = http.StatusServiceUnavailable, map[string]any{"status": "unavailable",
			"reason": fmt.Sprintf("the database schema is at version %d, this server needs %d", current, latest)}
	default:
		body["schemaVersion"] = current
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
