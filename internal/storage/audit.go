package storage

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// The actions of the audit trail.
const (
	AuditCreate         = "CREATE"
	AuditUpdate         = "UPDATE"
	AuditDelete         = "DELETE"
	AuditSubmit         = "SUBMIT"
	AuditApprove        = "APPROVE"
	AuditReject         = "REJECT"
	AuditUnapprove      = "UNAPPROVE"
	AuditOpenPeriod     = "OPEN_PERIOD"
	AuditClosePeriod    = "CLOSE_PERIOD"
	AuditImport         = "IMPORT"
	AuditLogout         = "LOGOUT"
	AuditChangePassword = "CHANGE_PASSWORD"
)

// AuditActions lists every action of the audit trail.
var AuditActions = []string{
	AuditCreate, AuditUpdate, AuditDelete, AuditSubmit, AuditApprove, AuditReject, AuditUnapprove,
	AuditOpenPeriod, AuditClosePeriod, AuditImport, AuditLogout, AuditChangePassword,
}

// The types of object the audit trail names.
const (
	ObjectRealisation = "REALISATION"
	ObjectTarget      = "TARGET"
	ObjectBudgetLine  = "BUDGET_LINE"
	ObjectPeriod      = "PERIOD" // a unit's period: its approval record
	ObjectEntryPeriod = "ENTRY_PERIOD"
	ObjectOrgUnit     = "ORG_UNIT"
	ObjectUser        = "USER"
	ObjectPlan        = "PLAN"
	ObjectMission     = "MISSION"
	ObjectGoal        = "GOAL"
	ObjectSasaran     = "SASARAN"
	ObjectProgram     = "PROGRAM"
	ObjectActivity    = "ACTIVITY"
	ObjectSubActivity = "SUB_ACTIVITY"
	ObjectIndicator   = "INDICATOR"
	ObjectDataset     = "DATASET"
)

// change is one entry a write records: action done to the object of type
// object with id, within org unit unit (0 for none; it scopes who reads the
// entry), of indicator (0 for none), with the object before (old) and after
// (new), each nil where there is none, and the reason given.
type change struct {
	action, object string
	id             int64
	unit           int64
	indicator      int64
	old, new       any
	reason         string
}

// auditTrail gathers the entries of one write; the write funnel stores them
// in the write's transaction.
type auditTrail struct {
	entries []models.AuditEntry
	err     error
	// marked are the entries that are events of the workflow.
	marked []marked
}

// add records c as done by the user with id who (0 for the system).
func (t *auditTrail) add(who int64, c change) {
	e := models.AuditEntry{UserID: nonZero(who), Action: c.action, ObjectType: c.object, ObjectID: nonZero(c.id),
		OrgUnitID: nonZero(c.unit), IndicatorID: nonZero(c.indicator), Reason: optional(c.reason)}
	var err error
	if e.OldValue, err = asJSON(c.old); err == nil {
		e.NewValue, err = asJSON(c.new)
	}
	if err != nil && t.err == nil {
		t.err = fmt.Errorf("audit %s %s %d: %w", c.action, c.object, c.id, err)
	}
	t.entries = append(t.entries, e)
	t.mark(c)
}

// flush writes the gathered entries in tx, all at the same instant.
func (t *auditTrail) flush(tx *gorm.DB, op string) error {
	if t.err != nil {
		return t.err
	}
	if len(t.entries) == 0 {
		return fmt.Errorf("%s: the change recorded nothing in the audit trail", op)
	}
	var ids []int64
	for _, e := range t.entries {
		if e.OrgUnitID != nil {
			ids = append(ids, *e.OrgUnitID)
		}
	}
	var units []models.OrgUnit
	if len(ids) > 0 {
		if err := tx.Select("id", "path").Where("id IN ?", ids).Find(&units).Error; err != nil {
			return fmt.Errorf("read the units of the audit trail: %w", err)
		}
	}
	paths := make(map[int64]string, len(units))
	for _, u := range units {
		paths[u.ID] = u.Path
	}
	now := tx.NowFunc()
	for i, e := range t.entries {
		t.entries[i].At = now
		if e.OrgUnitID != nil {
			if p, ok := paths[*e.OrgUnitID]; ok {
				t.entries[i].UnitPath = &p
			}
		}
	}
	if err := tx.CreateInBatches(&t.entries, 100).Error; err != nil {
		return fmt.Errorf("write the audit trail: %w", err)
	}
	return nil
}

func nonZero(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// asJSON returns v as JSON text: a row as its snapshot, nil as nil.
func asJSON(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		v = rv.Elem().Interface()
	}
	if reflect.TypeOf(v).Kind() == reflect.Struct {
		v = snapshot(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// unaudited are the fields of a row that its audit snapshot leaves out: its
// id (the entry names it), the bookkeeping the entry itself records (who and
// when), and secrets.
var unaudited = map[string]bool{
	"ID": true, "CreatedAt": true, "UpdatedAt": true, "UpdatedBy": true,
	"PasswordHash": true, "SessionGen": true,
}

// snapshot returns the stored fields of a row (a struct of package models)
// keyed by their API names ("orgUnitId"), for the audit trail: amounts as
// their decimal text, fields read with joins and secrets left out.
func snapshot(row any) map[string]any {
	rv := reflect.ValueOf(row)
	rt := rv.Type()
	out := make(map[string]any, rt.NumField())
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() || unaudited[f.Name] || strings.HasPrefix(f.Tag.Get("gorm"), "->") || f.Tag.Get("gorm") == "-" {
			continue
		}
		v := rv.Field(i).Interface()
		switch x := v.(type) {
		case domain.Money:
			v = x.String()
		case time.Time:
			v = x.UTC().Format(time.RFC3339Nano)
		}
		out[apiName(f.Name)] = v
	}
	return out
}

// apiName turns a Go field name into the API's: "OrgUnitID" → "orgUnitId".
func apiName(field string) string {
	if field == "ID" {
		return "id"
	}
	if strings.HasSuffix(field, "ID") {
		field = field[:len(field)-2] + "Id"
	}
	r := []rune(field)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// created records that actor created row (object with id, in unit).
func (t *auditTrail) created(actor Actor, object string, id, unit int64, row any) {
	t.add(actor.ActorID(), change{action: AuditCreate, object: object, id: id, unit: unit, new: row})
}

// updated records that actor changed the object with id, in unit, from old
// to row.
func (t *auditTrail) updated(actor Actor, object string, id, unit int64, old, row any) {
	t.add(actor.ActorID(), change{action: AuditUpdate, object: object, id: id, unit: unit, old: old, new: row})
}

// deleted records that actor deleted old (object with id, in unit).
func (t *auditTrail) deleted(actor Actor, object string, id, unit int64, old any) {
	t.add(actor.ActorID(), change{action: AuditDelete, object: object, id: id, unit: unit, old: old})
}
