package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/obs"
	"github.com/kinerja/kinerja/internal/persisted"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/resolvers"
)

// open opens and migrates the database of cfg.
func open(ctx context.Context, cfg config, log *slog.Logger) (*storage.Store, error) {
	st, err := storage.Open(ctx, cfg.DB, log)
	if err != nil {
		return nil, err
	}
	applied, err := st.Migrate(ctx)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	for _, m := range applied {
		log.Info("migration applied", "version", m.Version, "file", m.Source)
	}
	return st, nil
}

func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	log.Info("starting", "version", obs.Build().String(), "config", cfg.String())
	gcDefaults(os.LookupEnv, log)
	tok, err := tokens(cfg, log)
	if err != nil {
		return err
	}
	st, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if cfg.Demo {
		if err := loadDemo(ctx, st, cfg, log); err != nil {
			return err
		}
	}
	st.RefreshLater()
	// After the demo data: whether the database is empty is the primary's
	// to say.
	if err := useReplicas(ctx, cfg, st, log); err != nil {
		return err
	}
	opts := resolvers.HandlerOptions{AllowedOrigins: cfg.AllowedOrigins, AllowedHeaders: cfg.CORSHeaders, AllowCredentials: cfg.CORSCredentials,
		MetricsToken: cfg.MetricsToken, ResponseCache: responseCache(cfg.Cache, st, log)}
	if cfg.AllowList != "" {
		m, err := persisted.Load(cfg.AllowList)
		if err != nil {
			return fmt.Errorf("KINERJA_PERSISTED_OPERATIONS: %w", err)
		}
		opts.AllowList = m
		log.Info("allow-list: only the persisted operations run for callers other than ADMIN", "file", cfg.AllowList, "operations", m.Len())
	}
	idp, err := identityProvider(ctx, cfg.OIDC, log)
	if err != nil {
		return err
	}
	r := &resolvers.Resolver{Store: st, Tokens: tok, IdP: idp, Log: log,
		Logins: resolvers.NewLoginGuard(resolvers.LoginLimits{TrustedProxies: cfg.TrustedProxies}, log)}
	// Requests live on a context of their own: a signal stops the server
	// taking new ones, and those running finish (see below).
	base, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           r.Handler(opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("serving", "graphql", "http://"+ln.Addr().String()+"/graphql", "graphiql", "http://"+ln.Addr().String()+"/", "db", st.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: no new requests, waiting for those running", "timeout", cfg.ShutdownTimeout)
	shutdown, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdown); errors.Is(err, context.DeadlineExceeded) {
		log.Warn("shutdown: requests still running after the timeout are cancelled", "timeout", cfg.ShutdownTimeout)
		cancelRequests()
		_ = srv.Close()
	} else if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadDemo loads the demo data set into an empty database.
func loadDemo(ctx context.Context, st *storage.Store, cfg config, log *slog.Logger) error {
	empty, err := st.IsEmpty(ctx)
	if err != nil || !empty {
		return err
	}
	d, err := demo.LKjIP2023()
	if err != nil {
		return err
	}
	if err := demo.Load(ctx, st, d, cfg.DemoPassword); err != nil {
		return err
	}
	log.Info("demo data loaded", "source", d.Source, "users", len(d.Users), "indicators", len(d.Indicators), "budget lines", len(d.Budget))
	return nil
}

func migrate(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	st, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	// What the migrations or writes outside the server left stale, now
	// rather than in the background of the next server.
	if n, err := st.RefreshFacts(ctx); err != nil {
		return err
	} else if n > 0 {
		log.Info("achievement facts refreshed", "indicators", n)
	}
	cur, latest, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "schema version %d of %d (%s)\n", cur, latest, st.Dialect())
	return err
}

func token(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	tok, err := tokens(cfg, log)
	if err != nil {
		return err
	}
	st, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByUsername(ctx, cfg.User)
	if err != nil {
		return err
	}
	if !u.Active {
		return fmt.Errorf("user %q is deactivated", u.Username)
	}
	t, exp, err := tok.Issue(auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, SessionGen: u.SessionGen})
	if err != nil {
		return err
	}
	log.Info("token issued", "user", u.Username, "role", u.Role, "expires", exp.Format(time.RFC3339))
	_, err = fmt.Fprintln(stdout, t)
	return err
}
