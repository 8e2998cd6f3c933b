package events

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the PostgreSQL notification channel of the workflow's events.
const Channel = "kinerja_events"

// Postgres is the bus of instances that share a PostgreSQL database: a
// change NOTIFYs its events inside its transaction, and each instance
// LISTENs on one dedicated connection, opened with the first subscription
// and kept (reconnecting after a loss) until Close.
type Postgres struct {
	dsn string
	log *slog.Logger
	hub *hub

	mu        sync.Mutex
	started   bool
	closed    bool
	listening bool
	ready     chan struct{} // closed once listening
	cancel    context.CancelFunc
	done      chan struct{}
}

// NewPostgres returns the bus of the database at dsn (a postgres:// URL);
// it connects when the first subscriber comes. log receives the losses of
// the connection.
func NewPostgres(dsn string, log *slog.Logger) *Postgres {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Postgres{dsn: dsn, log: log, hub: newHub(), ready: make(chan struct{})}
}

// InTransaction implements Bus: it sends evs with NOTIFY, which PostgreSQL
// delivers when, and only if, the transaction commits.
func (p *Postgres) InTransaction(ctx context.Context, exec Exec, evs []Event) error {
	payloads, err := encode(evs)
	if err != nil {
		return err
	}
	for _, pl := range payloads {
		if err := exec(ctx, "SELECT pg_notify(?, ?)", Channel, pl); err != nil {
			return fmt.Errorf("notify events: %w", err)
		}
	}
	return nil
}

// Committed implements Bus: PostgreSQL delivers the events, to this
// instance too.
func (*Postgres) Committed([]Event) {}

// Subscribe implements Bus. It waits, as long as ctx allows, until this
// instance listens.
func (p *Postgres) Subscribe(ctx context.Context) (*Subscription, error) {
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, ErrClosed
		}
		if !p.started {
			p.start()
		}
		if p.listening {
			s, err := p.hub.add()
			p.mu.Unlock()
			return s, err
		}
		ready, done := p.ready, p.done
		p.mu.Unlock()
		select {
		case <-ready:
		case <-done:
			return nil, ErrClosed
		case <-ctx.Done():
			return nil, fmt.Errorf("listen for events: %w", ctx.Err())
		}
	}
}

// start starts the listener; p.mu is held.
func (p *Postgres) start() {
	ctx, cancel := context.WithCancel(context.Background())
	p.started, p.cancel, p.done = true, cancel, make(chan struct{})
	go p.run(ctx)
}

// run listens until ctx ends, connecting again after a loss.
func (p *Postgres) run(ctx context.Context) {
	defer close(p.done)
	wait := 100 * time.Millisecond
	for {
		err := p.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		p.log.WarnContext(ctx, "events: lost the notification connection; connecting again", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}

// listen connects, LISTENs and hands the notifications to the hub until the
// connection fails or ctx ends. When it has listened, the subscriptions
// are ended with ErrDisconnected: their subscribers may miss events until
// they subscribe again.
func (p *Postgres) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, p.dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	p.mu.Lock()
	p.listening = true
	close(p.ready)
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.listening, p.ready = false, make(chan struct{})
		if ctx.Err() == nil {
			p.hub.end(ErrDisconnected, false)
		}
		p.mu.Unlock()
	}()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for notifications: %w", err)
		}
		evs, err := decode(n.Payload)
		if err != nil {
			p.log.ErrorContext(ctx, "events: a notification of another kind on "+Channel, "err", err)
			continue
		}
		p.hub.publish(evs)
	}
}

// Subscribers implements Bus.
func (p *Postgres) Subscribers() int { return p.hub.count() }

// Close implements Bus.
func (p *Postgres) Close() error {
	p.mu.Lock()
	started, done := p.started, p.done
	p.closed = true
	if started {
		p.cancel()
	}
	p.mu.Unlock()
	if started {
		<-done
	}
	p.hub.end(ErrClosed, true)
	return nil
}
