package resolvers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
	"github.com/kinerja/kinerja/resolvers"
)

const approvalEventsQuery = `subscription Events($unit: ID) {
  approvalEvents(orgUnitId: $unit) {
    action orgUnit { code } year period realisationId indicator { code } actor { username } at reason
  }
}`

// approvalEvent is an event as a subscriber reads it.
type approvalEvent struct {
	Action        string
	OrgUnit       struct{ Code string }
	Year          int
	Period        string
	RealisationID *string
	Indicator     *struct{ Code string }
	Actor         struct{ Username string }
	At            string
	Reason        *string
}

// line names an event the way the tests list what they want.
func (e approvalEvent) line() string {
	s := fmt.Sprintf("%s %s %s %d %s", e.Actor.Username, e.Action, e.OrgUnit.Code, e.Year, e.Period)
	if e.Indicator != nil {
		s += " " + e.Indicator.Code
	}
	if e.Reason != nil {
		s += " [" + *e.Reason + "]"
	}
	return s
}

// wsClient is a graphql-transport-ws client of a test server.
type wsClient struct {
	t    testing.TB
	conn *coderws.Conn
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialEvents connects to the server at url and sends connection_init with
// payload (none when nil).
func dialEvents(t testing.TB, url string, payload map[string]any) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql",
		&coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = conn.CloseNow() })
	c := &wsClient{t: t, conn: conn}
	init := map[string]any{"type": "connection_init"}
	if payload != nil {
		init["payload"] = payload
	}
	c.send(init)
	return c
}

// connect connects as the holder of token and waits for connection_ack.
func connect(t testing.TB, url, token string) *wsClient {
	t.Helper()
	c := dialEvents(t, url, map[string]any{"Authorization": "Bearer " + token})
	if m, err := c.read(); err != nil || m.Type != "connection_ack" {
		t.Fatalf("connection_init: %+v %v, want connection_ack", m, err)
	}
	return c
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, coderws.MessageText, b); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// read returns the next message other than ping and pong, waiting at most
// 10 seconds.
func (c *wsClient) read() (wsMessage, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return wsMessage{}, err
		}
		var m wsMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return wsMessage{}, err
		}
		if m.Type == "ping" {
			c.send(map[string]any{"type": "pong"})
			continue
		}
		if m.Type != "pong" {
			return m, nil
		}
	}
}

// subscribe starts the subscription id to the events of unit ("" for the
// caller's own).
func (c *wsClient) subscribe(id, unit string) {
	vars := map[string]any{}
	if unit != "" {
		vars["unit"] = unit
	}
	c.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": approvalEventsQuery, "variables": vars}})
}

// next returns the next event of the subscription id.
func (c *wsClient) next(id string) approvalEvent {
	c.t.Helper()
	m, err := c.read()
	if err != nil {
		c.t.Fatalf("read an event: %v", err)
	}
	if m.Type != "next" || m.ID != id {
		c.t.Fatalf("got %s %s %s, want the next event of %s", m.Type, m.ID, m.Payload, id)
	}
	var p struct {
		Data   struct{ ApprovalEvents approvalEvent }
		Errors []apitest.Error
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		c.t.Fatal(err)
	}
	if len(p.Errors) > 0 {
		c.t.Fatalf("event with errors: %+v", p.Errors)
	}
	return p.Data.ApprovalEvents
}

// refusal reads the refusal of a subscription, its only response (an
// error) and its end, and returns its id and the error's code.
func (c *wsClient) refusal() (id, code string) {
	c.t.Helper()
	m, err := c.read()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var p struct{ Errors []apitest.Error }
	if err := json.Unmarshal(m.Payload, &p); err != nil || m.Type != "next" || len(p.Errors) != 1 {
		c.t.Fatalf("got %s %s %s, want a refusal", m.Type, m.ID, m.Payload)
	}
	if end, err := c.read(); err != nil || end.Type != "complete" || end.ID != m.ID {
		c.t.Fatalf("after the refusal of %s: %+v %v, want complete", m.ID, end, err)
	}
	return m.ID, p.Errors[0].Code()
}

// events returns the next n events of the subscription id, as lines.
func (c *wsClient) events(id string, n int) []string {
	c.t.Helper()
	var out []string
	for range n {
		out = append(out, c.next(id).line())
	}
	return out
}

// waitSubscribers waits until st's bus has n subscriptions open.
func waitSubscribers(t testing.TB, st *storage.Store, n int) {
	t.Helper()
	for range 500 {
		if st.Events().Subscribers() == n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d subscriptions open, want %d", st.Events().Subscribers(), n)
}

// workflowActor is a demo user as storage's actor.
func workflowActor(t testing.TB, st *storage.Store, username string) *auth.Identity {
	t.Helper()
	u, err := st.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, UnitPath: u.UnitPath}
}

// unitByCode returns the demo unit with code.
func unitByCode(t testing.TB, st *storage.Store, code string) models.OrgUnit {
	t.Helper()
	units, err := st.ListOrgUnits(context.Background(), storage.OrgUnitFilter{}, storage.Window{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units.Items {
		if u.Code == code {
			return u
		}
	}
	t.Fatalf("no unit %s", code)
	return models.OrgUnit{}
}

// firstIndicator returns the first indicator the unit with id owns.
func firstIndicator(t testing.TB, st *storage.Store, unit int64) models.Indicator {
	t.Helper()
	inds, err := st.IndicatorsByOwner(context.Background(), []int64{unit}, nil)
	if err != nil || len(inds) == 0 {
		t.Fatalf("indicators of unit %d: %v %v", unit, inds, err)
	}
	return inds[0]
}

// runQuarter runs a realisation of Bagian Organisasi through the workflow
// in st (a refused approval; submit, reject, correct, submit, approve) and
// returns the realisation and the indicator's code.
func runQuarter(t testing.TB, st *storage.Store) (*models.Realisation, string) {
	t.Helper()
	ctx := context.Background()
	op, adum := workflowActor(t, st, "bagian.organisasi"), workflowActor(t, st, "asisten.adum")
	ind := firstIndicator(t, st, unitByCode(t, st, "BAG-ORGANISASI").ID)
	in := storage.RealisationInput{IndicatorID: ind.ID, Year: 2024, Period: domain.Q1, Value: 10, DataSource: "Laporan"}
	r, err := st.RecordRealisation(ctx, op, in)
	apitest.Must(t, err)
	_, err = st.SubmitRealisation(ctx, op, r.ID)
	apitest.Must(t, err)
	if _, err := st.ApproveRealisation(ctx, workflowActor(t, st, "asisten.ekbang"), r.ID); err == nil {
		t.Fatal("the wrong Asisten approved")
	}
	_, err = st.RejectRealisation(ctx, adum, r.ID, "Sumber data belum dilampirkan")
	apitest.Must(t, err)
	in.Value = 11
	_, err = st.RecordRealisation(ctx, op, in)
	apitest.Must(t, err)
	_, err = st.SubmitRealisation(ctx, op, r.ID)
	apitest.Must(t, err)
	r, err = st.ApproveRealisation(ctx, adum, r.ID)
	apitest.Must(t, err)
	return r, ind.Code
}

// TestApprovalEvents follows the workflow live: the operator of Bagian
// Organisasi sees each action on its realisation, with its fields; the
// operator of Bagian Tata Pemerintahan sees only its own Bagian's; the
// Sekda, narrowing to Bagian Organisasi, sees that Bagian's alone; a unit
// outside the caller's scope is refused; a refused action publishes
// nothing.
func TestApprovalEvents(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		api := apitest.New(t, st)
		srv := httptest.NewServer(api.Handler)
		defer srv.Close()
		org := unitByCode(t, st, "BAG-ORGANISASI")
		orgID := org.GlobalID().String()

		organisasi := connect(t, srv.URL, api.Token("bagian.organisasi"))
		organisasi.subscribe("own", "")
		tapem := connect(t, srv.URL, api.Token("bagian.tapem"))
		tapem.subscribe("own", "")
		tapem.subscribe("other", orgID)
		sekda := connect(t, srv.URL, api.Token("sekda"))
		sekda.subscribe("organisasi", orgID)

		if id, code := tapem.refusal(); id != "other" || code != resolvers.CodeForbidden {
			t.Fatalf("a unit outside the scope: %s %s, want FORBIDDEN of the subscription", id, code)
		}
		waitSubscribers(t, st, 3)

		tapemUnit := unitByCode(t, st, "BAG-TAPEM").ID
		_, err := st.SubmitPeriod(ctx, workflowActor(t, st, "bagian.tapem"), tapemUnit, 2024, domain.Q1)
		apitest.Must(t, err)
		r, code := runQuarter(t, st)
		_, err = st.ApprovePeriod(ctx, workflowActor(t, st, "asisten.pemkesra"), tapemUnit, 2024, domain.Q1)
		apitest.Must(t, err)

		want := []string{
			"bagian.organisasi SUBMIT BAG-ORGANISASI 2024 Q1 " + code,
			"asisten.adum REJECT BAG-ORGANISASI 2024 Q1 " + code + " [Sumber data belum dilampirkan]",
			"bagian.organisasi SUBMIT BAG-ORGANISASI 2024 Q1 " + code,
		}
		if got := organisasi.events("own", 3); !slices.Equal(got, want) {
			t.Errorf("the events of Bagian Organisasi:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		approved := organisasi.next("own")
		wantID := models.GlobalID{Type: models.TypeRealisation, ID: r.ID}.String()
		entries, err := st.AuditLog(ctx, storage.AuditFilter{IndicatorID: r.IndicatorID, Action: storage.AuditApprove}, "", storage.Window{Limit: 10})
		if err != nil || len(entries.Items) != 1 {
			t.Fatalf("the audit entry of the approval: %v %v", entries, err)
		}
		wantAt := entries.Items[0].At
		at, err := time.Parse(time.RFC3339Nano, approved.At)
		if approved.Action != "APPROVE" || approved.OrgUnit.Code != "BAG-ORGANISASI" || approved.Year != 2024 || approved.Period != "Q1" ||
			approved.RealisationID == nil || *approved.RealisationID != wantID || approved.Indicator == nil || approved.Indicator.Code != code ||
			approved.Actor.Username != "asisten.adum" || approved.Reason != nil || err != nil || !at.Equal(wantAt) {
			t.Errorf("the approval: %+v, want APPROVE of %s (%s) in BAG-ORGANISASI 2024 Q1 by asisten.adum at %s, no reason",
				approved, wantID, code, wantAt)
		}

		// Bagian Tata Pemerintahan: its own submission, then its approval,
		// nothing of Bagian Organisasi's in between.
		want = []string{"bagian.tapem SUBMIT BAG-TAPEM 2024 Q1", "asisten.pemkesra APPROVE BAG-TAPEM 2024 Q1"}
		if got := tapem.events("own", 2); !slices.Equal(got, want) {
			t.Errorf("the events of Bagian Tata Pemerintahan: %q, want %q", got, want)
		}
		// The Sekda narrowed to Bagian Organisasi: its four, first.
		if got := sekda.events("organisasi", 4); got[0] != "bagian.organisasi SUBMIT BAG-ORGANISASI 2024 Q1 "+code || !strings.HasPrefix(got[3], "asisten.adum APPROVE") {
			t.Errorf("the Sekda's events of Bagian Organisasi: %q", got)
		}
	})
}

// TestApprovalEventsRefused: a connection without a valid token is closed
// at connection_init with 4403, and a subscription over HTTP is refused.
func TestApprovalEventsRefused(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	srv := httptest.NewServer(api.Handler)
	defer srv.Close()
	expired, _, err := api.Tokens.Issue(auth.Identity{UserID: workflowActor(t, st, "sekda").UserID})
	apitest.Must(t, err)
	for _, tc := range []struct {
		name    string
		payload map[string]any
		says    string
	}{
		{"no payload", nil, "authentication required"},
		{"no token", map[string]any{"other": "x"}, "authentication required"},
		{"not a token", map[string]any{"Authorization": "Bearer garbage"}, ""},
		{"not bearer", map[string]any{"Authorization": "Basic " + expired}, "Bearer"},
		{"a token of another secret", map[string]any{"token": strings.Repeat("x", 20) + "." + expired}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialEvents(t, srv.URL, tc.payload)
			m, err := c.read()
			if err == nil {
				t.Fatalf("got %+v, want the connection refused", m)
			}
			if coderws.CloseStatus(err) != resolvers.CloseForbidden {
				t.Fatalf("closed with %v, want %d", err, resolvers.CloseForbidden)
			}
			var ce coderws.CloseError
			if tc.says != "" && (!errors.As(err, &ce) || !strings.Contains(ce.Reason, tc.says)) {
				t.Errorf("close reason %q, want it to say %q", ce.Reason, tc.says)
			}
		})
	}
	// {"token": …} works as well as the Authorization entry.
	c := dialEvents(t, srv.URL, map[string]any{"token": api.Token("sekda")})
	if m, err := c.read(); err != nil || m.Type != "connection_ack" {
		t.Fatalf(`{"token": …}: %+v %v, want connection_ack`, m, err)
	}

	resp := api.Do(api.Token("sekda"), approvalEventsQuery, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Code() != resolvers.CodeBadUserInput || !strings.Contains(resp.Errors[0].Message, "WebSocket") {
		t.Errorf("a subscription over HTTP: %+v, want BAD_USER_INPUT naming WebSocket", resp.Errors)
	}
}

// TestApprovalEventsBounds: a connection holds at most
// MaxSubscriptionsPerConnection subscriptions, a user at most
// MaxConnectionsPerUser connections.
func TestApprovalEventsBounds(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	srv := httptest.NewServer(api.Handler)
	defer srv.Close()
	token := api.Token("sekda")
	c := connect(t, srv.URL, token)
	for i := range resolvers.MaxSubscriptionsPerConnection + 1 {
		c.subscribe(fmt.Sprint(i), "")
	}
	if _, code := c.refusal(); code != resolvers.CodeRateLimited {
		t.Fatalf("subscription %d: %s, want RATE_LIMITED", resolvers.MaxSubscriptionsPerConnection+1, code)
	}
	waitSubscribers(t, st, resolvers.MaxSubscriptionsPerConnection)
	for range resolvers.MaxConnectionsPerUser - 1 {
		connect(t, srv.URL, token)
	}
	over := dialEvents(t, srv.URL, map[string]any{"Authorization": "Bearer " + token})
	if _, err := over.read(); coderws.CloseStatus(err) != resolvers.CloseForbidden {
		t.Fatalf("connection %d: %v, want it refused", resolvers.MaxConnectionsPerUser+1, err)
	}
	// Closing one makes room for another.
	_ = c.conn.Close(coderws.StatusNormalClosure, "")
	waitSubscribers(t, st, 0)
	connect(t, srv.URL, token)
}

// TestApprovalEventsAcrossInstances: two server instances on one PostgreSQL
// database; a subscriber on the first receives the approval made on the
// second.
func TestApprovalEventsAcrossInstances(t *testing.T) {
	if !slices.Contains(testdb.Dialects(t), storage.Postgres) {
		t.Skip("needs PostgreSQL: set " + testdb.EnvPostgres)
	}
	first, second := testdb.Twin(t, storage.Postgres)
	api := apitest.New(t, first)
	srv := httptest.NewServer(api.Handler)
	defer srv.Close()
	c := connect(t, srv.URL, api.Token("asisten.adum"))
	c.subscribe("adum", "")
	waitSubscribers(t, first, 1)
	r, code := runQuarter(t, second)
	got := c.events("adum", 4)
	if !strings.HasPrefix(got[3], "asisten.adum APPROVE BAG-ORGANISASI 2024 Q1 "+code) || !strings.HasPrefix(got[1], "asisten.adum REJECT") {
		t.Errorf("the events on the first instance: %q, want the approval of realisation %d made on the second", got, r.ID)
	}
}
