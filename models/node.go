package models

// The row types that implement the Node interface: IsNode marks them for
// gqlgen, GlobalID is their id field.

// IsNode marks OrgUnit as a Node.
func (OrgUnit) IsNode() {}

// GlobalID returns the id the API shows for u.
func (u *OrgUnit) GlobalID() GlobalID { return GlobalID{TypeOrgUnit, u.ID} }

// IsNode marks User as a Node.
func (User) IsNode() {}

// GlobalID returns the id the API shows for u.
func (u *User) GlobalID() GlobalID { return GlobalID{TypeUser, u.ID} }

// IsNode marks Plan as a Node.
func (Plan) IsNode() {}

// GlobalID returns the id the API shows for p.
func (p *Plan) GlobalID() GlobalID { return GlobalID{TypePlan, p.ID} }

// IsNode marks Mission as a Node.
func (Mission) IsNode() {}

// GlobalID returns the id the API shows for m.
func (m *Mission) GlobalID() GlobalID { return GlobalID{TypeMission, m.ID} }

// IsNode marks Goal as a Node.
func (Goal) IsNode() {}

// GlobalID returns the id the API shows for g.
func (g *Goal) GlobalID() GlobalID { return GlobalID{TypeGoal, g.ID} }

// IsNode marks Sasaran as a Node.
func (Sasaran) IsNode() {}

// GlobalID returns the id the API shows for s.
func (s *Sasaran) GlobalID() GlobalID { return GlobalID{TypeSasaran, s.ID} }

// IsNode marks Program as a Node.
func (Program) IsNode() {}

// GlobalID returns the id the API shows for p.
func (p *Program) GlobalID() GlobalID { return GlobalID{TypeProgram, p.ID} }

// IsNode marks Activity as a Node.
func (Activity) IsNode() {}

// GlobalID returns the id the API shows for a.
func (a *Activity) GlobalID() GlobalID { return GlobalID{TypeActivity, a.ID} }

// IsNode marks SubActivity as a Node.
func (SubActivity) IsNode() {}

// GlobalID returns the id the API shows for s.
func (s *SubActivity) GlobalID() GlobalID { return GlobalID{TypeSubActivity, s.ID} }

// IsNode marks Indicator as a Node.
func (Indicator) IsNode() {}

// GlobalID returns the id the API shows for i.
func (i *Indicator) GlobalID() GlobalID { return GlobalID{TypeIndicator, i.ID} }

// IsNode marks Realisation as a Node.
func (Realisation) IsNode() {}

// GlobalID returns the id the API shows for r.
func (r *Realisation) GlobalID() GlobalID { return GlobalID{TypeRealisation, r.ID} }

// IsNode marks BudgetLine as a Node.
func (BudgetLine) IsNode() {}

// GlobalID returns the id the API shows for b.
func (b *BudgetLine) GlobalID() GlobalID { return GlobalID{TypeBudgetLine, b.ID} }
