package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/workbook"
)

// errRejected ends `kinerja import` with a non-zero exit status once the
// rejections are printed.
var errRejected = errors.New("import: rows rejected, nothing written")

// importWorkbook imports the data sheets of cfg.File as cfg.User (an ADMIN
// of the whole organisation by default) and prints what it wrote, or every
// rejected row.
func importWorkbook(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	st, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	who, err := importer(ctx, st, cfg.User)
	if err != nil {
		return err
	}
	f, err := os.Open(cfg.File)
	if err != nil {
		return err
	}
	defer f.Close()
	res, rejected, err := workbook.Load(ctx, st, who, f, cfg.DryRun)
	if err != nil {
		return err
	}
	if len(rejected) > 0 {
		for _, r := range rejected {
			if _, err := fmt.Fprintln(stdout, "rejected:", r.Error()); err != nil {
				return err
			}
		}
		_, _ = fmt.Fprintf(stdout, "%d rows rejected; nothing written\n", len(rejected))
		return errRejected
	}
	// The facts of a large import that its write left to the worker:
	// before this process ends rather than at the next server's start.
	if _, err := st.RefreshFacts(ctx); err != nil {
		return err
	}
	verb := "written"
	if res.DryRun {
		verb = "checked (dry run, nothing written)"
	}
	for _, s := range []struct {
		sheet string
		t     storage.Tally
	}{{workbook.SheetTargets, res.Targets}, {workbook.SheetRealisations, res.Realisations}, {workbook.SheetBudget, res.Budget}, {workbook.SheetStated, res.Stated}} {
		if _, err := fmt.Fprintf(stdout, "%-15s %5d created, %5d updated, %5d unchanged\n", s.sheet+":", s.t.Created, s.t.Updated, s.t.Unchanged); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintln(stdout, verb)
	log.Info("workbook imported", "file", cfg.File, "user", who.Username, "dryRun", res.DryRun)
	return err
}

// importer returns the identity of the user named username, or of the ADMIN
// nearest the root when username is empty.
func importer(ctx context.Context, st *storage.Store, username string) (*auth.Identity, error) {
	if username == "" {
		page, err := st.ListUsers(ctx, "", storage.Window{Limit: 10000})
		if err != nil {
			return nil, err
		}
		best := ""
		for _, u := range page.Items {
			if u.Role != string(auth.Admin) || !u.Active {
				continue
			}
			unit, err := st.OrgUnit(ctx, u.OrgUnitID)
			if err != nil {
				return nil, err
			}
			if username == "" || len(unit.Path) < len(best) {
				username, best = u.Username, unit.Path
			}
		}
		if username == "" {
			return nil, errors.New("import: the database has no active ADMIN; name the user with -user")
		}
	}
	u, err := st.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, fmt.Errorf("user %q is deactivated", u.Username)
	}
	unit, err := st.OrgUnit(ctx, u.OrgUnitID)
	if err != nil {
		return nil, err
	}
	return &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, UnitPath: unit.Path}, nil
}
