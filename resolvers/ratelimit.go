package resolvers

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/time/rate"
)

// LoginLimits configure a LoginGuard. Zero fields take the defaults of
// DefaultLoginLimits.
type LoginLimits struct {
	// UserBurst failed logins of one username are allowed at once, then one
	// more every UserEvery.
	UserBurst int
	UserEvery time.Duration
	// AddrBurst failed logins from one client address (an IPv6 /64) are
	// allowed at once, then one more every AddrEvery.
	AddrBurst int
	AddrEvery time.Duration
	// Checks is the number of password checks (bcrypt) run at once, so that
	// logins never take every CPU; a login waits at most Wait for its turn
	// and is refused with RATE_LIMITED after that.
	Checks int
	Wait   time.Duration
	// Entries bounds the usernames and the addresses remembered (each); the
	// least recently seen are forgotten first.
	Entries int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed: the client address of a request from one of them is the
	// nearest address of the header that is not a trusted proxy. Empty:
	// the address of the connection, always.
	TrustedProxies []netip.Prefix
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// DefaultLoginLimits returns the limits of a LoginGuard unless configured
// otherwise: 5 failed logins per username, then one a minute; 20 per
// address, then one every 10 s; half the CPUs (at least one) checking
// passwords, a login waiting at most 5 s for its turn; 10,000 usernames and
// 10,000 addresses remembered (a few MB at most).
func DefaultLoginLimits() LoginLimits {
	return LoginLimits{
		UserBurst: 5, UserEvery: time.Minute,
		AddrBurst: 20, AddrEvery: 10 * time.Second,
		Checks: max(1, runtime.GOMAXPROCS(0)/2), Wait: 5 * time.Second,
		Entries: 10000,
	}
}

// failureLogWindow and failureLogLines bound the warnings of failed logins:
// at most failureLogLines lines per window; the next line after that says
// how many were left out.
const (
	failureLogWindow = time.Minute
	failureLogLines  = 10
)

// LoginGuard protects the password checks of logins (and of password
// changes) from guessing: it throttles failed attempts per username and per
// client address, and bounds the checks that run at once. Memory is bounded
// by Entries per map (a few hundred bytes each).
type LoginGuard struct {
	limits LoginLimits
	log    *slog.Logger
	slots  chan struct{}

	mu    sync.Mutex
	users *simplelru.LRU[string, *rate.Limiter]
	addrs *simplelru.LRU[string, *rate.Limiter]

	logMu      sync.Mutex
	logStart   time.Time
	logged     int
	suppressed int
}

// NewLoginGuard returns a LoginGuard with limits, warning of failed logins
// through log.
func NewLoginGuard(limits LoginLimits, log *slog.Logger) *LoginGuard {
	d := DefaultLoginLimits()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setDur := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&limits.UserBurst, d.UserBurst)
	set(&limits.AddrBurst, d.AddrBurst)
	set(&limits.Checks, d.Checks)
	set(&limits.Entries, d.Entries)
	setDur(&limits.UserEvery, d.UserEvery)
	setDur(&limits.AddrEvery, d.AddrEvery)
	setDur(&limits.Wait, d.Wait)
	if limits.Now == nil {
		limits.Now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	users, _ := simplelru.NewLRU[string, *rate.Limiter](limits.Entries, nil)
	addrs, _ := simplelru.NewLRU[string, *rate.Limiter](limits.Entries, nil)
	return &LoginGuard{limits: limits, log: log, slots: make(chan struct{}, limits.Checks), users: users, addrs: addrs}
}

// RateLimitedError refuses a request made too often; the client may try
// again after RetryAfter. The API answers it with the code RATE_LIMITED,
// HTTP status 429 and a Retry-After header.
type RateLimitedError struct {
	Message    string
	RetryAfter time.Duration
}

// Error implements error.
func (e *RateLimitedError) Error() string { return e.Message }

// seconds returns RetryAfter in whole seconds, rounded up, at least 1.
func (e *RateLimitedError) seconds() int64 { return retrySeconds(e.RetryAfter) }

func retrySeconds(d time.Duration) int64 { return max(1, int64((d+time.Second-1)/time.Second)) }

// attempt is one password check's claim on the throttle of its username and
// address: taken before the check, kept when the password is wrong, given
// back when it is right (only failures count).
type attempt struct {
	g          *LoginGuard
	user, addr *rate.Reservation
	at         time.Time
	username   string
	client     string
}

// begin claims an attempt for username from client, or refuses it with a
// RateLimitedError when either has failed too often; then no password is
// checked at all, not even a right one.
func (g *LoginGuard) begin(ctx context.Context, username, client string) (*attempt, error) {
	now := g.limits.Now()
	g.mu.Lock()
	ur := limiter(g.users, username, g.limits.UserEvery, g.limits.UserBurst).ReserveN(now, 1)
	ar := limiter(g.addrs, client, g.limits.AddrEvery, g.limits.AddrBurst).ReserveN(now, 1)
	uw, aw := ur.DelayFrom(now), ar.DelayFrom(now)
	if uw > 0 || aw > 0 {
		ur.CancelAt(now)
		ar.CancelAt(now)
	}
	g.mu.Unlock()
	if uw <= 0 && aw <= 0 {
		return &attempt{g: g, user: ur, addr: ar, at: now, username: username, client: client}, nil
	}
	e := &RateLimitedError{RetryAfter: max(uw, aw)}
	who := "for this username"
	if aw > uw {
		who = "from your address"
	}
	e.Message = fmt.Sprintf("too many failed logins %s: try again in %d s", who, e.seconds())
	g.warn(ctx, "login throttled", "user", username, "addr", client, "retry_after_s", e.seconds())
	return nil, e
}

// limiter returns the limiter of key in m, adding a full one when m has
// none (a forgotten key had a full bucket or is forgiven).
func limiter(m *simplelru.LRU[string, *rate.Limiter], key string, every time.Duration, burst int) *rate.Limiter {
	if l, ok := m.Get(key); ok {
		return l
	}
	l := rate.NewLimiter(rate.Every(every), burst)
	m.Add(key, l)
	return l
}

// failed keeps the attempt counted and warns of it.
func (a *attempt) failed(ctx context.Context, what string) {
	a.g.warn(ctx, what, "user", a.username, "addr", a.client)
}

// succeeded gives the attempt back: a right password is no guess. So is an
// attempt that ended before its check (a busy server, a database error).
func (a *attempt) succeeded() {
	a.g.mu.Lock()
	defer a.g.mu.Unlock()
	a.user.CancelAt(a.at)
	a.addr.CancelAt(a.at)
}

// check runs fn, a password check, when fewer than Checks run at once; it
// waits at most Wait for its turn, and refuses with a RateLimitedError
// after that.
func (g *LoginGuard) check(ctx context.Context, fn func()) error {
	t := time.NewTimer(g.limits.Wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
	case <-t.C:
		return &RateLimitedError{Message: "the server is busy checking other logins: try again in a moment", RetryAfter: time.Second}
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()
	fn()
	return nil
}

// warn logs a failed or refused login at WARN, at most failureLogLines
// lines per failureLogWindow; the first line after lines were left out
// says how many.
func (g *LoginGuard) warn(ctx context.Context, msg string, args ...any) {
	now := g.limits.Now()
	g.logMu.Lock()
	if now.Sub(g.logStart) >= failureLogWindow || now.Before(g.logStart) {
		g.logStart, g.logged = now, 0
	}
	if g.logged >= failureLogLines {
		g.suppressed++
		g.logMu.Unlock()
		return
	}
	g.logged++
	left := g.suppressed
	g.suppressed = 0
	g.logMu.Unlock()
	if left > 0 {
		args = append(args, "left_out_before", strconv.Itoa(left)+" lines of failed logins")
	}
	g.log.WarnContext(ctx, msg, args...)
}
