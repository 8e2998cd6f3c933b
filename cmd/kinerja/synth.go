package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/synth"
)

// synthCommand runs `kinerja synth`: it migrates the empty database of -db
// and fills it with a synthetic national data set, with a progress bar on
// stderr.
func synthCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	db := "kinerja.db"
	if v := getenv("KINERJA_DB"); v != "" {
		db = v
	}
	if v := getenv("DATABASE_URL"); v != "" {
		db = v
	}
	s := synth.Spec{Password: getenv("KINERJA_DEMO_PASSWORD")}
	if s.Password == "" {
		s.Password = demo.DefaultPassword
	}
	fs := flag.NewFlagSet("kinerja synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&db, "db", db, "the empty database to fill: an SQLite file path or a postgres:// URL (env KINERJA_DB, DATABASE_URL)")
	fs.IntVar(&s.Pemda, "pemda", 5, "Pemda under the country's root")
	fs.IntVar(&s.Agencies, "agencies", 4, "agencies per Pemda")
	fs.IntVar(&s.Indicators, "indicators", 30, "indicators per agency")
	fs.IntVar(&s.Years, "years", 5, fmt.Sprintf("years of targets and realisations, ending with %d", synth.LastYear))
	fs.Uint64Var(&s.Seed, "seed", 1, "the seed: the same seed and sizes give the same data")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("synth: unexpected arguments %q", fs.Args())
	}
	if err := s.Check(); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := open(ctx, config{DB: db}, log)
	if err != nil {
		return err
	}
	defer st.Close()
	var loaded func(int)
	if !*quiet {
		bar := progressbar.NewOptions64(s.Rows(), progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("synth"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
		defer bar.Finish()
		loaded = func(n int) { _ = bar.Add(n) }
	}
	start := time.Now()
	if err := synth.Load(ctx, st, s, loaded); err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("synth: interrupted; nothing was written")
		}
		return err
	}
	_, err = fmt.Fprintf(stdout, "synth: %d Pemda × %d agencies × %d indicators × %d years (%d indicators) into %s in %s; user national (ADMIN)\n",
		s.Pemda, s.Agencies, s.Indicators, s.Years, s.Pemda*s.Agencies*s.Indicators, st.Dialect(), time.Since(start).Round(time.Millisecond))
	return err
}
