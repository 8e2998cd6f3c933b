package resolvers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// These tests look inside the LoginGuard (its maps, its slots, its log) and
// at client addresses; the behaviour through the API is login_test.go's.

// TestPasswordChecksBounded: no more than Checks password checks run at
// once, however many logins arrive together.
func TestPasswordChecksBounded(t *testing.T) {
	g := NewLoginGuard(LoginLimits{Checks: 2}, nil)
	var running, most, done atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			err := g.check(context.Background(), func() {
				n := running.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(2 * time.Millisecond)
				running.Add(-1)
				done.Add(1)
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most.Load() > 2 || done.Load() != 20 {
		t.Errorf("%d checks ran, at most %d at once; want 20, at most 2", done.Load(), most.Load())
	}
}

// TestPasswordCheckWaitBounded: a login that waits longer than Wait for its
// turn is refused with RATE_LIMITED rather than queueing for ever.
func TestPasswordCheckWaitBounded(t *testing.T) {
	g := NewLoginGuard(LoginLimits{Checks: 1, Wait: 20 * time.Millisecond}, nil)
	release, started := make(chan struct{}), make(chan struct{})
	go func() { _ = g.check(context.Background(), func() { close(started); <-release }) }()
	<-started
	err := g.check(context.Background(), func() { t.Error("a second check ran while the only slot was taken") })
	close(release)
	var limited *RateLimitedError
	if !errors.As(err, &limited) || limited.seconds() != 1 {
		t.Errorf("check while busy: %v, want a RateLimitedError asking to retry in 1 s", err)
	}
}

// TestLoginGuardMemoryBounded: a spray of distinct usernames and addresses
// keeps at most Entries of each.
func TestLoginGuardMemoryBounded(t *testing.T) {
	g := NewLoginGuard(LoginLimits{Entries: 100}, nil)
	for i := range 5000 {
		a, err := g.begin(context.Background(), fmt.Sprintf("user-%d", i), fmt.Sprintf("198.51.%d.%d", i/256, i%256))
		if err != nil {
			t.Fatal(err)
		}
		a.failed(context.Background(), "login failed")
	}
	if u, a := g.users.Len(), g.addrs.Len(); u > 100 || a > 100 {
		t.Errorf("remembers %d usernames and %d addresses, want at most 100 each", u, a)
	}
}

// TestFailedLoginsSummarised: a flood of failures writes at most
// failureLogLines warnings a window, and the first line of the next window
// says how many were left out.
func TestFailedLoginsSummarised(t *testing.T) {
	now := time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)
	var logs bytes.Buffer
	g := NewLoginGuard(LoginLimits{Now: func() time.Time { return now }}, slog.New(slog.NewTextHandler(&logs, nil)))
	for i := range 1000 {
		g.warn(context.Background(), "login failed", "user", fmt.Sprintf("user-%d", i))
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != failureLogLines {
		t.Errorf("1000 failures in a minute wrote %d lines, want %d", n, failureLogLines)
	}
	now = now.Add(failureLogWindow)
	logs.Reset()
	g.warn(context.Background(), "login failed", "user", "late")
	if want := `left_out_before="990 lines of failed logins"`; !strings.Contains(logs.String(), want) {
		t.Errorf("the next window's line is %q, want it to say %s", logs.String(), want)
	}
}

func TestClientAddr(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		remote, forwarded string
		trusted           []netip.Prefix
		want              string
	}{
		{"192.0.2.1:1234", "", nil, "192.0.2.1"},
		{"192.0.2.1:1234", "198.51.100.7", nil, "192.0.2.1"}, // no proxy trusted: the header is ignored
		{"[::ffff:192.0.2.1]:80", "", nil, "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "", nil, "2001:db8:1:2::/64"},
		{"192.0.2.1:1234", "198.51.100.7", trusted, "192.0.2.1"}, // not a trusted proxy
		{"10.1.2.3:80", "198.51.100.7", trusted, "198.51.100.7"},
		{"10.1.2.3:80", "203.0.113.9, 198.51.100.7, 10.0.0.5", trusted, "198.51.100.7"},
		{"127.0.0.1:80", "2001:db8::99", trusted, "2001:db8::/64"},
		{"[::1]:80", "", trusted, "::/64"}, // only proxies: the last of them
		{"10.1.2.3:80", "garbage, 198.51.100.7", trusted, "198.51.100.7"},
		{"10.1.2.3:80", "198.51.100.7, garbage", trusted, "10.1.2.3"}, // a hop that is no address ends the walk
		{"pipe", "", nil, "pipe"},
	} {
		req := httptest.NewRequest("POST", "/graphql", nil)
		req.RemoteAddr = tt.remote
		if tt.forwarded != "" {
			req.Header.Set("X-Forwarded-For", tt.forwarded)
		}
		if got := clientAddr(req, tt.trusted); got != tt.want {
			t.Errorf("clientAddr(%s, X-Forwarded-For %q, %d trusted) = %s, want %s", tt.remote, tt.forwarded, len(tt.trusted), got, tt.want)
		}
	}
	if _, err := ParseTrustedProxies("10.0.0.0/8, proxy.local"); err == nil {
		t.Error("ParseTrustedProxies accepted a host name")
	}
}
