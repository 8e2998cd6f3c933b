package models

import "github.com/kinerja/kinerja/internal/domain"

// StatsKey is a unit, sasaran or program that a group of achievement stats
// is keyed by.
type StatsKey struct {
	ID   GlobalID
	Code string
	Name string
}

// StatsGroup is one group of achievement stats.
type StatsGroup struct {
	OrgUnit, Asisten, Sasaran, Program *StatsKey
	Category                           *domain.Category
	Year                               *int
	MeanCapaian                        *float64
	MeanCategory                       *domain.Category
	WithCapaian, WithoutCapaian        int
	ByCategory                         []*CategoryCount
	Pagu, Realisasi                    *domain.Total
	Absorption                         *float64
}

// AchievementStats is the answer of achievementStats.
type AchievementStats struct {
	FromYear, ToYear int
	GroupBy          []StatsDimension
	ApprovedOnly     bool
	Groups           []*StatsGroup
	Total            *StatsGroup
}
