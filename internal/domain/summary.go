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

// Summarise aggregates cs.
func Summarise(cs []Capaian) Summary {
	s := Summary{ByCategory: make(map[Category]int, len(Categories))}
	var total float64
	for _, c := range cs {
		if c.Value == nil {
			s.Without++
			continue
		}
		s.With++
		total += *c.Value
		s.ByCategory[*c.Category]++
	}
	if s.With > 0 {
		mean := total / float64(s.With)
		cat := CategoryOf(mean)
		s.Mean, s.Category = &mean, &cat
	}
	return s
}
