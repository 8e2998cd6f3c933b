// Command kinerja serves the Kinerja GraphQL API and manages its database.
//
//	kinerja [serve] [-db PATH|URL] [-addr ADDR] [-demo=false]   run the server (the default)
//	kinerja migrate [-db PATH|URL]                              apply the database migrations
//	kinerja token -user NAME [-ttl 12h] [-db PATH|URL]          print a token for a user
//	kinerja import [-db PATH|URL] [-user NAME] [-dry-run] FILE.xlsx  import a workbook's data sheets
//	kinerja synth [-db PATH|URL] -pemda N -agencies M -indicators K -years Y -seed S
//	                                                            fill an empty database with a synthetic country
//	kinerja schema                                              print the GraphQL schema (SDL)
//	kinerja version                                             print the version
//
// With no flags and no environment it creates an SQLite database kinerja.db,
// loads the demo data set, and serves http://localhost:8080/graphql.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/kinerja/kinerja/internal/obs"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kinerja:", err)
		}
		os.Exit(1)
	}
}

// run executes the command line args with the environment getenv.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	if cmd == "schema" {
		if len(args) > 0 {
			return fmt.Errorf("schema: unexpected arguments %q", args)
		}
		return printSchema(stdout)
	}
	if cmd == "synth" {
		return synthCommand(ctx, args, getenv, stdout, stderr)
	}
	if cmd == "version" {
		if len(args) > 0 {
			return fmt.Errorf("version: unexpected arguments %q", args)
		}
		_, err := fmt.Fprintln(stdout, "kinerja", obs.Build())
		return err
	}
	cfg, err := parseConfig(cmd, args, getenv, stderr)
	if err != nil {
		return err
	}
	h := obs.NewHandler(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}), obs.HandlerOptions{})
	defer h.Flush()
	log := slog.New(h)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, log, stdout)
	case "token":
		return token(ctx, cfg, log, stdout)
	case "import":
		return importWorkbook(ctx, cfg, log, stdout)
	}
	return fmt.Errorf("unknown command %q: use serve, migrate, token, import, synth, schema or version", cmd)
}
