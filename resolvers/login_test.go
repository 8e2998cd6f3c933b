package resolvers_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *testClock { return &testClock{now: time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// withLogins gives the API a LoginGuard with limits, logging to log (nil:
// nowhere).
func withLogins(limits resolvers.LoginLimits, log *slog.Logger) func(*resolvers.Resolver) {
	return func(r *resolvers.Resolver) { r.Logins = resolvers.NewLoginGuard(limits, log) }
}

const loginMutation = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { username } } }`

// loginFrom logs in as username with password from the client address addr
// ("ip:port"), with X-Forwarded-For set to forwarded when it is not empty.
func loginFrom(t *testing.T, api *apitest.API, addr, forwarded, username, password string) apitest.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql",
		bytes.NewReader(apitest.Body(t, loginMutation, map[string]any{"u": username, "p": password})))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = addr
	if forwarded != "" {
		req.Header.Set("X-Forwarded-For", forwarded)
	}
	return api.Send(req)
}

// wantLogin checks that resp is a login that succeeded.
func wantLogin(t *testing.T, what string, resp apitest.Response) {
	t.Helper()
	if len(resp.Errors) > 0 || resp.Status != http.StatusOK || !strings.Contains(string(resp.Data), `"token":"ey`) {
		t.Errorf("%s: status %d, errors %+v, data %s; want a token", what, resp.Status, resp.Errors, resp.Data)
	}
}

// wantRefused checks that resp is a login refused with code.
func wantRefused(t *testing.T, what string, resp apitest.Response, code string) {
	t.Helper()
	if len(resp.Errors) == 0 || resp.Errors[0].Code() != code {
		t.Errorf("%s: errors %+v, data %s; want %s", what, resp.Errors, resp.Data, code)
	}
	if strings.Contains(string(resp.Data), `"token"`) {
		t.Errorf("%s: a token was issued: %s", what, resp.Data)
	}
}

// wantThrottled checks that resp is a login refused as RATE_LIMITED with
// HTTP status 429 and Retry-After seconds.
func wantThrottled(t *testing.T, what string, resp apitest.Response, seconds int) {
	t.Helper()
	wantRefused(t, what, resp, resolvers.CodeRateLimited)
	if resp.Status != http.StatusTooManyRequests {
		t.Errorf("%s: HTTP status %d, want 429", what, resp.Status)
	}
	if got := resp.Header.Get("Retry-After"); got != fmt.Sprint(seconds) {
		t.Errorf("%s: Retry-After %q, want %d", what, got, seconds)
	}
	if len(resp.Errors) > 0 {
		if got, _ := resp.Errors[0].Extensions["retryAfter"].(float64); got != float64(seconds) {
			t.Errorf("%s: extensions.retryAfter %v, want %d", what, resp.Errors[0].Extensions["retryAfter"], seconds)
		}
	}
}

// TestOneLoginPerRequest: a document with more than one login, under
// aliases or through fragments, is refused before any password is checked.
// With one failed login allowed per username, the right password still
// works afterwards: none of the guesses was checked.
func TestOneLoginPerRequest(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st, withLogins(resolvers.LoginLimits{UserBurst: 1}, nil))
		var aliases strings.Builder
		aliases.WriteString("mutation {")
		for i := range 50 {
			fmt.Fprintf(&aliases, ` a%d: login(username: "sekda", password: "guess-%d") { token }`, i, i)
		}
		aliases.WriteString(" }")
		for name, doc := range map[string]string{
			"50 aliases": aliases.String(),
			"a fragment": `mutation { ...L } fragment L on Mutation {
				a: login(username: "sekda", password: "guess-a") { token } b: login(username: "sekda", password: "guess-b") { token } }`,
			"an inline fragment": `mutation { login(username: "sekda", password: "guess-c") { token }
				... on Mutation { again: login(username: "sekda", password: "` + testdb.Password + `") { token } } }`,
		} {
			// Without a token the document is refused as one that is not a
			// plain login; with one (a signed-in user trying others'
			// passwords), as a second login.
			resp := api.Do("", doc, nil)
			if len(resp.Errors) != 1 || (resp.Errors[0].Code() != resolvers.CodeBadUserInput && resp.Errors[0].Code() != resolvers.CodeUnauthenticated) {
				t.Errorf("%s without a token: errors %+v, want one refusal", name, resp.Errors)
			}
			if d := string(resp.Data); d != "" && d != "null" {
				t.Errorf("%s without a token: data %s, want none", name, d)
			}
			resp = api.Do(api.Token("bi"), doc, nil)
			if len(resp.Errors) != 1 || resp.Errors[0].Code() != resolvers.CodeBadUserInput || !strings.Contains(resp.Errors[0].Message, "once") {
				t.Errorf("%s with a token: errors %+v, want one BAD_USER_INPUT saying login is asked for once", name, resp.Errors)
			}
			if d := string(resp.Data); d != "" && d != "null" {
				t.Errorf("%s with a token: data %s, want none", name, d)
			}
		}
		wantLogin(t, "the right password after the refused documents", loginFrom(t, api, "192.0.2.1:1234", "", "sekda", testdb.Password))
	})
}

// TestLoginThrottledByUsername: past the failed logins a username may have,
// its logins are refused (even with the right password, from any address)
// with RATE_LIMITED, HTTP 429 and Retry-After, until the window passes;
// other usernames are not affected; failures are logged at WARN.
func TestLoginThrottledByUsername(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		clock := newClock()
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		api := apitest.New(t, st, withLogins(resolvers.LoginLimits{UserBurst: 2, UserEvery: time.Minute, AddrBurst: 1000, Now: clock.Now}, log))
		const addr = "192.0.2.10:5000"
		for i := range 2 {
			wantRefused(t, fmt.Sprintf("wrong password %d", i+1), loginFrom(t, api, addr, "", "sekda", fmt.Sprintf("wrong-%d", i)), resolvers.CodeUnauthenticated)
		}
		wantThrottled(t, "the right password after 2 failures", loginFrom(t, api, addr, "", "sekda", testdb.Password), 60)
		wantThrottled(t, "the right password from another address", loginFrom(t, api, "198.51.100.20:1", "", "sekda", testdb.Password), 60)
		wantLogin(t, "another user from the same address", loginFrom(t, api, addr, "", "bi", testdb.Password))

		clock.Add(30 * time.Second)
		wantThrottled(t, "the right password 30 s later", loginFrom(t, api, addr, "", "sekda", testdb.Password), 30)
		clock.Add(29 * time.Second)
		wantThrottled(t, "the right password 59 s later", loginFrom(t, api, addr, "", "sekda", testdb.Password), 1)
		clock.Add(time.Second)
		wantLogin(t, "the right password a minute later", loginFrom(t, api, addr, "", "sekda", testdb.Password))
		// The successful login did not count: one more failure is allowed,
		// and the next login waits again.
		wantRefused(t, "a wrong password after the wait", loginFrom(t, api, addr, "", "sekda", "wrong-again"), resolvers.CodeUnauthenticated)
		wantThrottled(t, "the right password after that", loginFrom(t, api, addr, "", "sekda", testdb.Password), 60)

		for _, want := range []string{`level=WARN msg="login failed" user=sekda addr=192.0.2.10`, `level=WARN msg="login throttled" user=sekda`} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("the log does not say %q:\n%s", want, logs.String())
			}
		}
		if strings.Contains(logs.String(), "wrong-") {
			t.Errorf("the log holds a password:\n%s", logs.String())
		}
	})
}

// TestLoginThrottledByAddress: past the failed logins one client address
// may have, across usernames, its logins are refused until the window
// passes; behind a trusted proxy, the address is taken from
// X-Forwarded-For. (How addresses are keyed, IPv6 blocks and forged headers
// included, is TestClientAddr's.)
func TestLoginThrottledByAddress(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		clock := newClock()
		limits := resolvers.LoginLimits{AddrBurst: 2, AddrEvery: 10 * time.Second, UserBurst: 1000, Now: clock.Now}
		api := apitest.New(t, st, withLogins(limits, nil))
		wantRefused(t, "a guess for sekda", loginFrom(t, api, "203.0.113.7:4000", "", "sekda", "guess"), resolvers.CodeUnauthenticated)
		wantRefused(t, "a guess for an unknown user", loginFrom(t, api, "203.0.113.7:4000", "", "nobody", "guess"), resolvers.CodeUnauthenticated)
		wantThrottled(t, "admin's right password from the same address", loginFrom(t, api, "203.0.113.7:4001", "", "admin", testdb.Password), 10)
		wantLogin(t, "admin from another address", loginFrom(t, api, "203.0.113.8:4000", "", "admin", testdb.Password))
		clock.Add(5 * time.Second)
		wantThrottled(t, "the same address 5 s later", loginFrom(t, api, "203.0.113.7:4000", "", "admin", testdb.Password), 5)
		clock.Add(5 * time.Second)
		wantLogin(t, "the same address after the window", loginFrom(t, api, "203.0.113.7:4000", "", "admin", testdb.Password))

		limits.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
		proxied := apitest.New(t, st, withLogins(limits, nil))
		for _, u := range []string{"sekda", "nobody"} {
			wantRefused(t, "a guess through the proxy", loginFrom(t, proxied, "10.0.0.1:80", "198.51.100.1", u, "guess"), resolvers.CodeUnauthenticated)
		}
		wantThrottled(t, "the same client through another proxy, with a forged first hop",
			loginFrom(t, proxied, "10.0.0.2:80", "192.0.2.200, 198.51.100.1, 10.0.0.9", "admin", testdb.Password), 10)
		wantLogin(t, "another client through the proxy", loginFrom(t, proxied, "10.0.0.1:80", "198.51.100.2", "admin", testdb.Password))
	})
}

// TestLoginDeactivatedUser: a deactivated user's right password answers as
// a wrong one, so a guesser cannot tell it from a miss.
func TestLoginDeactivatedUser(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		var out struct{ UpdateUser struct{ Active bool } }
		api.OK(api.Token("admin"), `mutation { updateUser(id: "`+userID(t, api, "bagian.hukum")+`", input: {active: false}) { active } }`, nil, &out)
		right := loginFrom(t, api, "192.0.2.10:4000", "", "bagian.hukum", testdb.Password)
		wrong := loginFrom(t, api, "192.0.2.11:4000", "", "bagian.hukum", "not-the-password")
		wantRefused(t, "right password of a deactivated user", right, resolvers.CodeUnauthenticated)
		wantRefused(t, "wrong password of a deactivated user", wrong, resolvers.CodeUnauthenticated)
		if len(right.Errors) > 0 && len(wrong.Errors) > 0 && right.Errors[0].Message != wrong.Errors[0].Message {
			t.Errorf("messages differ: %q for the right password, %q for a wrong one", right.Errors[0].Message, wrong.Errors[0].Message)
		}
	})
}

// userID returns the id of the user named username, as an ADMIN sees it.
func userID(t *testing.T, api *apitest.API, username string) string {
	t.Helper()
	var out struct {
		Users struct {
			Edges []struct{ Node struct{ ID, Username string } }
		}
	}
	api.OK(api.Token("admin"), `{ users(first: 100) { edges { node { id username } } } }`, nil, &out)
	for _, e := range out.Users.Edges {
		if e.Node.Username == username {
			return e.Node.ID
		}
	}
	t.Fatalf("no user %q", username)
	return ""
}
