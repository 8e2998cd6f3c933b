package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/resolvers"
)

// config is the configuration of a run, parsed once from flags and the
// environment. Flags win over the environment.
type config struct {
	// DB is the database: a postgres:// URL or an SQLite file path.
	DB   string
	Addr string
	// Demo loads the demo data set into an empty database.
	Demo         bool
	DemoPassword string
	// JWTSecret signs tokens; empty: the secret in SecretFile.
	JWTSecret string
	// SecretFile holds the signing secret; empty: beside an SQLite
	// database (see signingSecret).
	SecretFile string
	TokenTTL   time.Duration
	// TokenMaxTTL bounds TokenTTL and the tokens the server accepts;
	// SessionMaxAge is how long after a login refreshToken extends a
	// session.
	TokenMaxTTL   time.Duration
	SessionMaxAge time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client address that logins are throttled by.
	TrustedProxies []netip.Prefix
	AllowedOrigins []string
	// CORSHeaders and CORSCredentials tune CORS (see resolvers.HandlerOptions).
	CORSHeaders     []string
	CORSCredentials bool
	// AllowList is the manifest file of persisted operations; when set, only
	// those run for callers other than ADMIN.
	AllowList string
	LogLevel  slog.Level
	// ShutdownTimeout bounds the wait for running requests on shutdown.
	ShutdownTimeout time.Duration
	// MetricsToken is the bearer token that reads /metrics; empty: local
	// clients only.
	MetricsToken string
	// User is the user of `kinerja token`, and whose authority `kinerja
	// import` writes with (empty: an ADMIN of the root).
	User string
	// File and DryRun are the workbook of `kinerja import` and whether to
	// check it only.
	File   string
	DryRun bool
	// OIDC is the identity provider whose tokens are accepted besides
	// Kinerja's own; zero: none.
	OIDC oidcConfig
	// Cache is the response cache's configuration.
	Cache cacheConfig
	// Replicas are the URLs of the database's read replicas.
	Replicas []string
}

// String shows the configuration with secrets masked, for the log.
func (c config) String() string {
	return fmt.Sprintf("db=%s addr=%s demo=%v token-ttl=%s token-max-ttl=%s session-max-age=%s jwt-secret=%s secret-file=%s shutdown-timeout=%s metrics-token=%s cors=%v trusted-proxies=%v oidc-issuer=%q",
		maskURL(c.DB), c.Addr, c.Demo, c.TokenTTL, c.TokenMaxTTL, c.SessionMaxAge, mask(c.JWTSecret), c.SecretFile, c.ShutdownTimeout, mask(c.MetricsToken), c.AllowedOrigins, c.TrustedProxies, c.OIDC.Issuer)
}

func mask(s string) string {
	if s == "" {
		return "(unset)"
	}
	return "(set)"
}

// maskURL hides the password of a database URL.
func maskURL(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok {
		return dsn
	}
	if user, _, hasPw := strings.Cut(userinfo, ":"); hasPw {
		userinfo = user + ":***"
	}
	return scheme + "://" + userinfo + "@" + host
}

// parseConfig reads the flags of cmd and the environment.
func parseConfig(cmd string, args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	dbDefault := "kinerja.db"
	if v := getenv("KINERJA_DB"); v != "" {
		dbDefault = v
	}
	if v := getenv("DATABASE_URL"); v != "" {
		dbDefault = v
	}
	ttl, err := time.ParseDuration(env("KINERJA_TOKEN_TTL", auth.DefaultTTL.String()))
	if err != nil {
		return config{}, fmt.Errorf("KINERJA_TOKEN_TTL: %w", err)
	}
	shutdown, err := time.ParseDuration(env("KINERJA_SHUTDOWN_TIMEOUT", "30s"))
	if err != nil || shutdown <= 0 {
		return config{}, fmt.Errorf("KINERJA_SHUTDOWN_TIMEOUT: want a positive duration such as 30s, got %q", getenv("KINERJA_SHUTDOWN_TIMEOUT"))
	}
	cfg := config{
		DemoPassword:    env("KINERJA_DEMO_PASSWORD", demo.DefaultPassword),
		JWTSecret:       getenv("JWT_SECRET"),
		SecretFile:      getenv("KINERJA_SECRET_FILE"),
		ShutdownTimeout: shutdown,
		MetricsToken:    getenv("KINERJA_METRICS_TOKEN"),
	}
	cfg.AllowedOrigins = list(getenv("KINERJA_CORS_ORIGINS"))
	cfg.CORSHeaders = list(getenv("KINERJA_CORS_HEADERS"))
	cfg.AllowList = getenv("KINERJA_PERSISTED_OPERATIONS")
	if v := getenv("KINERJA_CORS_CREDENTIALS"); v != "" {
		if cfg.CORSCredentials, err = strconv.ParseBool(v); err != nil {
			return config{}, fmt.Errorf("KINERJA_CORS_CREDENTIALS: %w", err)
		}
		if cfg.CORSCredentials && slices.Contains(cfg.AllowedOrigins, "*") {
			return config{}, errors.New(`KINERJA_CORS_CREDENTIALS=true needs a list of origins in KINERJA_CORS_ORIGINS, not "*"`)
		}
	}
	if cfg.TokenMaxTTL, err = time.ParseDuration(env("KINERJA_TOKEN_MAX_TTL", auth.DefaultMaxTTL.String())); err != nil {
		return config{}, fmt.Errorf("KINERJA_TOKEN_MAX_TTL: %w", err)
	}
	if cfg.SessionMaxAge, err = time.ParseDuration(env("KINERJA_SESSION_MAX_AGE", auth.DefaultMaxSessionAge.String())); err != nil {
		return config{}, fmt.Errorf("KINERJA_SESSION_MAX_AGE: %w", err)
	}
	if cfg.TrustedProxies, err = resolvers.ParseTrustedProxies(getenv("KINERJA_TRUSTED_PROXIES")); err != nil {
		return config{}, fmt.Errorf("KINERJA_TRUSTED_PROXIES: %w", err)
	}
	if cfg.OIDC, err = parseOIDC(getenv); err != nil {
		return config{}, err
	}
	if cfg.Cache, err = parseCacheConfig(getenv); err != nil {
		return config{}, err
	}
	if cfg.Replicas, err = parseReplicas(getenv, cfg.Cache); err != nil {
		return config{}, err
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(env("KINERJA_LOG_LEVEL", "INFO"))); err != nil {
		return config{}, fmt.Errorf("KINERJA_LOG_LEVEL: %w", err)
	}

	fs := flag.NewFlagSet("kinerja "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", dbDefault, "database: an SQLite file path or a postgres:// URL (env KINERJA_DB, DATABASE_URL)")
	switch cmd {
	case "serve":
		fs.StringVar(&cfg.Addr, "addr", env("KINERJA_ADDR", "localhost:8080"), "address to listen on (env KINERJA_ADDR)")
		fs.BoolVar(&cfg.Demo, "demo", true, "load the demo data set into an empty database")
	case "token":
		fs.StringVar(&cfg.User, "user", "", "the username to issue a token for (required)")
		fs.DurationVar(&ttl, "ttl", ttl, "how long the token lives, at most KINERJA_TOKEN_MAX_TTL (env KINERJA_TOKEN_TTL)")
	case "import":
		fs.StringVar(&cfg.User, "user", "", "the username whose authority the import writes with (default: an ADMIN of the whole organisation)")
		fs.BoolVar(&cfg.DryRun, "dry-run", false, "check the workbook only; write nothing")
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if cmd == "import" {
		if fs.NArg() != 1 {
			return config{}, errors.New("import: give one workbook: kinerja import [-db PATH|URL] [-user NAME] [-dry-run] FILE.xlsx")
		}
		cfg.File = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg.TokenTTL = ttl
	switch {
	case cfg.DB == "":
		return config{}, errors.New("-db must not be empty")
	case cfg.TokenTTL <= 0:
		return config{}, errors.New("the token lifetime must be positive")
	case cfg.TokenMaxTTL <= 0 || cfg.SessionMaxAge <= 0:
		return config{}, errors.New("KINERJA_TOKEN_MAX_TTL and KINERJA_SESSION_MAX_AGE must be positive")
	case cfg.TokenTTL > cfg.TokenMaxTTL:
		return config{}, fmt.Errorf("a token lifetime of %s is longer than the maximum, %s: shorten -ttl or KINERJA_TOKEN_TTL, or raise KINERJA_TOKEN_MAX_TTL", cfg.TokenTTL, cfg.TokenMaxTTL)
	case cfg.JWTSecret != "" && len(cfg.JWTSecret) < auth.MinSecretLength:
		return config{}, fmt.Errorf("JWT_SECRET has %d bytes; use at least %d random bytes (e.g. openssl rand -hex 32)", len(cfg.JWTSecret), auth.MinSecretLength)
	case cmd == "token" && cfg.User == "":
		return config{}, errors.New("token: -user NAME is required")
	}
	return cfg, nil
}

// list splits a comma-separated setting, dropping blanks.
func list(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
