package domain

// Summary aggregates the capaian of many indicators (a sasaran, an org unit
// over its subtree, an agency): the unweighted mean of those that have a
// capaian, its category, and the count of those that have none.
type Summary struct {
	Mean       *float64
	Category   *Category
	With       int
	Without    int
	ByCategory map[Category]int
}

// Summarise aggregates cs. A capaian without a finite value counts as one
// without capaian; the mean is the exact mean rounded once (see ExactSum),
// always finite.
func Summarise(cs []Capaian) Summary {
	s := Summary{ByCategory: make(map[Category]int, len(Categories))}
	var sum ExactSum
	for _, c := range cs {
		if !c.finite() {
			s.Without++
			continue
		}
		s.With++
		sum.Add(*c.Value)
		s.ByCategory[*c.Category]++
	}
	if mean, ok := sum.Mean(); ok {
		cat := CategoryOf(mean)
		s.Mean, s.Category = &mean, &cat
	}
	return s
}

// finite reports whether c has a value that is a finite number.
func (c Capaian) finite() bool { return c.Value != nil && c.Category != nil && finite(*c.Value) }
