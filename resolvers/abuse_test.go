package resolvers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/introspection"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// Bounds every refused attack must keep, stated generously: the limits
// refuse them in milliseconds and a few megabytes, while the server without
// them took seconds and gigabytes.
const (
	attackTime  = 5 * time.Second
	attackAlloc = 256 << 20
)

// nest returns outer, a format with one %s, applied n times around inner:
// nest("a { %s }", 2, "x") is "a { a { x } }".
func nest(outer string, n int, inner string) string {
	for range n {
		inner = fmt.Sprintf(outer, inner)
	}
	return inner
}

// hops returns the selection of a program that goes to its activities and
// back n times.
func hops(n int) string {
	return nest("activities { id program { %s } }", n-1, "activities { id }")
}

// abuseTests are the attacks TestAbuse sends, cheapest first (for a server
// without limits).
var abuseTests = []struct {
	name   string
	user   string // "" for no token
	query  func(x *abuseIDs) string
	code   string
	reason string // extensions.reason, when the code alone does not tell
}{
	{"introspection without a token", "", func(*abuseIDs) string { return `{ __schema { types { name } } }` },
		"UNAUTHENTICATED", ""},
	{"unknown field without a token is not validated", "", func(*abuseIDs) string { return `{ nosuchfield }` },
		"UNAUTHENTICATED", ""},
	{"data without a token", "", func(*abuseIDs) string { return `{ me { id } }` },
		"UNAUTHENTICATED", ""},
	{"twenty password guesses in one request", "", func(*abuseIDs) string {
		var b strings.Builder
		for i := range 20 {
			fmt.Fprintf(&b, `g%d: login(username: "admin", password: "guess-%d") { token } `, i, i)
		}
		return "mutation { " + b.String() + "}"
	}, "BAD_USER_INPUT", "REPEATED_LOGIN"},
	{"nesting too deep", "bi", func(x *abuseIDs) string {
		return fmt.Sprintf(`{ orgUnit(id: %q) { %s } }`, x.unit, nest("parent { %s }", resolvers.MaxDepth, "id"))
	}, "BAD_USER_INPUT", "DEPTH_LIMIT_EXCEEDED"},
	{"plan and goals back and forth", "bi", func(*abuseIDs) string {
		return `{ plans { ` + nest("goals { id plan { %s } }", 5, "goals { id }") + ` } }`
	}, "BAD_USER_INPUT", "COMPLEXITY_LIMIT_EXCEEDED"},
	{"indicators, owner, indicators", "bi", func(*abuseIDs) string {
		return `{ indicators(first: 100) { edges { node { ` + nest("owner { indicators { id %s } }", 3, "owner { id }") + ` } } } }`
	}, "BAD_USER_INPUT", "COMPLEXITY_LIMIT_EXCEEDED"},
	{"the same field five hundred times", "bi", func(*abuseIDs) string {
		return `{ me { ` + strings.Repeat("id ", 500) + `} }`
	}, "BAD_USER_INPUT", "DOCUMENT_TOO_COMPLEX"},
	{"a cycle of a thousand fragments", "bi", func(*abuseIDs) string {
		var b strings.Builder
		b.WriteString("{ me { ...F0 } } ")
		for i := range 1000 {
			fmt.Fprintf(&b, "fragment F%d on User { id ...F%d } ", i, (i+1)%1000)
		}
		return b.String()
	}, "BAD_USER_INPUT", "DOCUMENT_TOO_LARGE"},
	{"answer larger than the node budget", "bagian.tapem", func(x *abuseIDs) string {
		// Three copies of four hops: within the complexity limit (the
		// activity lists are shorter than assumed), beyond the budget.
		var b strings.Builder
		for i := range 3 {
			fmt.Fprintf(&b, "p%d: program(id: %q) { %s } ", i, x.program, hops(4))
		}
		return "{ " + b.String() + "}"
	}, "BAD_USER_INPUT", "RESULT_TOO_LARGE"},
	{"five hops as an operator", "bagian.tapem", func(x *abuseIDs) string {
		return fmt.Sprintf(`{ program(id: %q) { %s } }`, x.program, hops(5))
	}, "BAD_USER_INPUT", "COMPLEXITY_LIMIT_EXCEEDED"},
	{"five hops as a viewer", "bi", func(x *abuseIDs) string {
		return fmt.Sprintf(`{ program(id: %q) { %s } }`, x.program, hops(5))
	}, "BAD_USER_INPUT", "COMPLEXITY_LIMIT_EXCEEDED"},
	{"60 KB of fields without a token", "", func(*abuseIDs) string {
		return `{ me { ` + strings.Repeat("id ", 19990) + `} }`
	}, "UNAUTHENTICATED", ""},
	{"60 KB of fields with a token", "bi", func(*abuseIDs) string {
		return `{ me { ` + strings.Repeat("id ", 19990) + `} }`
	}, "BAD_USER_INPUT", ""},
}

type abuseIDs struct{ unit, program string }

// TestAbuse sends each attack and checks that it is refused with its code,
// within generous bounds of time and memory, and that the server still
// answers a dashboard afterwards.
func TestAbuse(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := &abuseIDs{}
		var out struct {
			OrgUnits struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Plans []struct{ Programs []struct{ ID, Code string } }
		}
		api.OK(api.Token("admin"), `{ orgUnits(kind: DIVISION) { edges { node { id } } } plans { programs { id code } } }`, nil, &out)
		x.unit = out.OrgUnits.Edges[0].Node.ID
		for _, p := range out.Plans[0].Programs {
			if p.Code == "01" { // eleven activities
				x.program = p.ID
			}
		}
		tokens := map[string]string{"": ""}
		for _, tt := range abuseTests {
			if _, ok := tokens[tt.user]; !ok {
				tokens[tt.user] = api.Token(tt.user)
			}
		}

		for _, tt := range abuseTests {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			resp := api.Do(tokens[tt.user], tt.query(x), nil)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			// A failure here means the server has no limit against this
			// attack: the heavier ones after it are not sent.
			if len(resp.Errors) == 0 {
				t.Fatalf("%s: answered (%.200s), want refused with %s", tt.name, resp.Data, tt.code)
			}
			e := resp.Errors[0]
			if reason, _ := e.Extensions["reason"].(string); e.Code() != tt.code || (tt.reason != "" && reason != tt.reason) {
				t.Fatalf("%s: refused with %s/%v (%q), want %s/%s", tt.name, e.Code(), e.Extensions["reason"], e.Message, tt.code, tt.reason)
			}
			if took > attackTime {
				t.Fatalf("%s: refused after %v, want within %v", tt.name, took, attackTime)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > attackAlloc {
				t.Fatalf("%s: allocated %d MiB, want at most %d MiB", tt.name, alloc>>20, attackAlloc>>20)
			}
			t.Logf("%s: %s in %v, %d KiB allocated", tt.name, e.Code(), took.Round(time.Microsecond), (after.TotalAlloc-before.TotalAlloc)>>10)
			if len(resp.Errors) > 1 && tt.reason == "RESULT_TOO_LARGE" {
				t.Errorf("%s: %d errors, want the limit reported once", tt.name, len(resp.Errors))
			}
		}

		var dash dashboardOut
		api.OK(tokens["bi"], dashboardQuery, map[string]any{"unit": x.unit, "year": 2023}, &dash)
		api.OK(tokens["bagian.tapem"], fmt.Sprintf(`{ program(id: %q) { %s } }`, x.program, hops(3)), nil, nil)
	})
}

// TestSchemaPrivacy: a caller without a valid token learns nothing of the
// schema, neither by introspection nor from suggestions; a caller with one
// gets both.
func TestSchemaPrivacy(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		typo := `mutation { login(username: "bi", password: "x") { tokn } }`
		e := api.Fails("", typo, nil, "BAD_USER_INPUT")
		if strings.Contains(e.Message, "Did you mean") || strings.Contains(e.Message, `"token"`) {
			t.Errorf("without a token: %q suggests a name of the schema", e.Message)
		}
		api.Fails("", `{ __type(name: "Indicator") { fields { name } } }`, nil, "UNAUTHENTICATED")
		e = api.Fails("not-a-token", `{ __schema { queryType { name } } }`, nil, "UNAUTHENTICATED")
		if strings.Contains(e.Message, "not-a-token") {
			t.Errorf("the message echoes the token: %q", e.Message)
		}

		bi := api.Token("bi")
		e = api.Fails(bi, `{ me { usernme } }`, nil, "BAD_USER_INPUT")
		if !strings.Contains(e.Message, `Did you mean "username"`) {
			t.Errorf("with a token: %q, want a suggestion", e.Message)
		}
		var schema struct {
			Schema struct{ Types []struct{ Name string } } `json:"__schema"`
		}
		api.OK(bi, introspection.Query, nil, &schema)
		if len(schema.Schema.Types) < 30 {
			t.Errorf("introspection with a token: %d types", len(schema.Schema.Types))
		}
	})
}

// TestBodyLimit: a body over the limit is refused with 413 and a coded
// error that says the limit, before it is read whole.
func TestBodyLimit(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	body := `{"query": "{ me { id } }", "variables": {"x": "` + strings.Repeat("a", 1<<20) + `"}}`
	for _, chunked := range []bool{false, true} {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		if chunked {
			req.ContentLength = -1 // no length announced: the limit applies as it is read
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+api.Token("bi"))
		resp := api.Send(req)
		if resp.Status != http.StatusRequestEntityTooLarge || len(resp.Errors) != 1 || resp.Errors[0].Code() != "BAD_USER_INPUT" ||
			!strings.Contains(resp.Errors[0].Message, "1 MiB") {
			t.Errorf("chunked %v: %d %+v, want 413 with BAD_USER_INPUT saying the limit", chunked, resp.Status, resp.Errors)
		}
	}
}
