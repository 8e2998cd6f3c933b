package app

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// ReportHistory is how many years before its year an annual report
// restates: Tabel 3.2 shows every year of the Renstra (five years) up to the
// report's, Tabel 3.7 and the increases the year before. The consistency
// report of a year checks the figures stated of that year and of the
// ReportHistory years before it, and those stated without a year (the
// Renstra end targets).
const ReportHistory = 4

// consistency is one run of the consistency report: the caller's session,
// the unit and year it is about, and what it has read.
type consistency struct {
	l        *Session
	unit     *models.OrgUnit
	year     int
	approved bool
	subjects map[models.GlobalID]models.Node
	findings []*models.ConsistencyFinding
}

// ConsistencyReport returns, for the subtree of unit u (which the caller may
// read) and year, every figure a document stated that disagrees with what is
// computed from the stored lines (see ReportHistory for the years it
// covers), then the problems of the stored data of the year: realisations
// without a target, capaian that cannot be evaluated, budget lines spent
// over their pagu and targets changed after a realisation of their
// indicator and year was approved (not for a caller that reads approved
// values only: the audit trail is not theirs to read). Values are approved
// ones only when the caller reads those only or asked for them. The number
// of statements it runs does not depend on the number of rows.
func (l *Session) ConsistencyReport(ctx context.Context, u *models.OrgUnit, year int, approvedOnly bool) ([]*models.ConsistencyFinding, error) {
	c := &consistency{l: l, unit: u, year: year, approved: l.approvedOnly(approvedOnly), subjects: map[models.GlobalID]models.Node{}}
	l.Register(u)
	stated, err := l.st.StatedFiguresUnder(ctx, l.scope, u.Path, year-ReportHistory, year)
	if err != nil {
		return nil, err
	}
	m, err := l.st.MeasuresUnder(ctx, storage.MeasuresFilter{Scope: l.scope, Paths: []string{u.Path}, Year: year, ApprovedOnly: c.approved})
	if err != nil {
		return nil, err
	}
	if err := c.fetchSubjects(ctx, stated, m); err != nil {
		return nil, err
	}
	for i := range stated {
		if err := c.check(ctx, &stated[i]); err != nil {
			return nil, err
		}
	}
	if err := c.measureProblems(ctx, m); err != nil {
		return nil, err
	}
	if err := c.budgetProblems(ctx); err != nil {
		return nil, err
	}
	if domain.AuditTrailReadable(domain.Role(l.who.Role)) == nil {
		if err := c.targetChanges(ctx); err != nil {
			return nil, err
		}
	}
	return c.findings, nil
}

// subjectID returns the global id of the subject of a stated figure.
func subjectID(sf *models.StatedFigure) models.GlobalID {
	t := map[string]string{
		"ORG_UNIT": models.TypeOrgUnit, "PROGRAM": models.TypeProgram, "ACTIVITY": models.TypeActivity,
		"SUB_ACTIVITY": models.TypeSubActivity, "INDICATOR": models.TypeIndicator,
	}[sf.SubjectType]
	return models.GlobalID{Type: t, ID: sf.SubjectID}
}

// fetchSubjects reads the subjects of the stated figures and the indicators
// of m, one statement per type, then the sasaran of the indicators (for the
// programs that support them).
func (c *consistency) fetchSubjects(ctx context.Context, stated []models.StatedFigure, ms []storage.Measure) error {
	ids := make([]models.GlobalID, 0, len(stated)+len(ms))
	for i := range stated {
		ids = append(ids, subjectID(&stated[i]))
	}
	for i := range ms {
		ids = append(ids, models.GlobalID{Type: models.TypeIndicator, ID: ms[i].IndicatorID})
	}
	c.l.Want(ids)
	var sasaran []models.GlobalID
	for _, g := range ids {
		if _, ok := c.subjects[g]; ok {
			continue
		}
		n, err := c.node(ctx, g)
		if err != nil {
			return err
		}
		c.subjects[g] = n
		if ind, ok := n.(*models.Indicator); ok && ind.SasaranID != nil {
			sasaran = append(sasaran, models.GlobalID{Type: models.TypeSasaran, ID: *ind.SasaranID})
		}
	}
	c.l.Want(sasaran)
	for _, g := range sasaran {
		if _, err := c.l.Sasaran(ctx, g.ID); err != nil {
			return err
		}
	}
	return nil
}

// node returns the row of g from the session, nil when there is none.
func (c *consistency) node(ctx context.Context, g models.GlobalID) (models.Node, error) {
	switch g.Type {
	case models.TypeOrgUnit:
		return nilNode(c.l.OrgUnit(ctx, g.ID))
	case models.TypeProgram:
		return nilNode(c.l.Program(ctx, g.ID))
	case models.TypeActivity:
		return nilNode(c.l.Activity(ctx, g.ID))
	case models.TypeSubActivity:
		return nilNode(c.l.SubActivity(ctx, g.ID))
	case models.TypeIndicator:
		return nilNode(c.l.Indicator(ctx, g.ID))
	}
	return nil, nil
}

// nilNode returns row as a Node, a nil interface for a nil row.
func nilNode[T any, P interface {
	*T
	models.Node
}](row P, err error) (models.Node, error) {
	if err != nil || row == nil {
		return nil, err
	}
	return row, nil
}

// add records a finding.
func (c *consistency) add(f *models.ConsistencyFinding) { c.findings = append(c.findings, f) }

// indicatorRow names an indicator as a row of a table.
func indicatorRow(ind *models.Indicator) string { return ind.Code + " " + ind.Name }

// yearColumn returns column with the year appended when it is not the
// report's.
func (c *consistency) yearColumn(column string, year *int) string {
	if year != nil && *year != c.year {
		return fmt.Sprintf("%s %d", column, *year)
	}
	return column
}

func ref[T any](v T) *T { return &v }
