package demo

// Structure returns a copy of d with its organisation, users and plan
// (missions, goals, sasaran, programs, activities, sub-activities and
// indicators with their Renstra end targets and baselines) but without its
// figures: no yearly targets, realisations, budget lines or stated figures.
// Loaded, it is a database with the same organisation and plan that an
// import of d's figures fills in.
func (d *Dataset) Structure() *Dataset {
	out := *d
	out.Budget, out.Stated = nil, nil
	out.Indicators = make([]Indicator, len(d.Indicators))
	for i, in := range d.Indicators {
		in.Targets, in.Realisations = nil, nil
		out.Indicators[i] = in
	}
	return &out
}
