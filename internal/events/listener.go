package events

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listener is told what a Listen loop hears.
type Listener interface {
	// Listening is called each time a connection listens, with that
	// connection, before any notification of it is delivered: the place to
	// read the state that the notifications then change.
	Listening(ctx context.Context, conn *pgx.Conn) error
	// Notified is called with the payload of each notification.
	Notified(payload string)
	// Lost is called when a connection that listened is lost: the
	// notifications sent until the next Listening may never arrive.
	Lost()
}

// Listen LISTENs on channel of the database at dsn on a dedicated
// connection until ctx ends, connecting again after a loss (with the same
// back-off as the bus of the workflow's events), and tells l.
func Listen(ctx context.Context, dsn, channel string, log *slog.Logger, l Listener) {
	wait := 100 * time.Millisecond
	for {
		err := listenOnce(ctx, dsn, channel, l)
		if ctx.Err() != nil {
			return
		}
		log.WarnContext(ctx, "lost the notification connection; connecting again", "channel", channel, "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}

// listenOnce listens on one connection until it fails or ctx ends.
func listenOnce(ctx context.Context, dsn, channel string, l Listener) error {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	// Named for the channel, so that pg_stat_activity tells it apart.
	cfg.RuntimeParams["application_name"] = "kinerja listen " + channel
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if err := l.Listening(ctx, conn); err != nil {
		return err
	}
	defer l.Lost()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for notifications: %w", err)
		}
		l.Notified(n.Payload)
	}
}
