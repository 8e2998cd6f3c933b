package resolvers

import (
	"context"
	"mime"
	"net/http"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/workbook"
	"github.com/kinerja/kinerja/models"
)

// MaxUploadBytes bounds a file sent with a multipart request (importWorkbook).
const MaxUploadBytes = 10 << 20

// importWorkbook imports the data sheets of file as the caller, an ADMIN.
func (r *Resolver) importWorkbook(ctx context.Context, file graphql.Upload, dryRun bool) (*models.ImportResult, error) {
	who, _, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	if who.Role != auth.Admin {
		return nil, auth.Forbidden("only an ADMIN imports a workbook; your role is " + string(who.Role))
	}
	res, rejected, err := workbook.Load(ctx, r.Store, who, file.File, dryRun)
	if err != nil {
		return nil, err
	}
	out := &models.ImportResult{Written: len(rejected) == 0 && !res.DryRun, Rejections: []*models.ImportRejection{}}
	for _, rej := range rejected {
		if rej.Whole() {
			return nil, domain.Invalid("file", rej.Error())
		}
		out.Rejections = append(out.Rejections, &models.ImportRejection{Sheet: rej.Sheet, Row: rej.Row, Reason: rej.Reason})
	}
	for _, s := range []struct {
		sheet string
		t     storage.Tally
	}{{workbook.SheetTargets, res.Targets}, {workbook.SheetRealisations, res.Realisations}, {workbook.SheetBudget, res.Budget}, {workbook.SheetStated, res.Stated}} {
		out.Sheets = append(out.Sheets, &models.ImportSheetCount{Sheet: s.sheet, Created: s.t.Created, Updated: s.t.Updated, Unchanged: s.t.Unchanged})
	}
	return out, nil
}

// isMultipart reports whether req is a multipart request (a file upload),
// whose body may be as large as MaxUploadBytes and a request beside it.
func isMultipart(req *http.Request) bool {
	mt, _, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}
