package storage

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"gorm.io/gorm"
)

// statementKinds are the kinds of statement GORM runs, the label values of
// the statement metrics.
var statementKinds = [...]string{"create", "query", "update", "delete", "row", "raw"}

// statementStats counts the statements the store has run, and those that
// failed, by kind (the index in statementKinds).
type statementStats struct {
	run, failed [len(statementKinds)]atomic.Int64
}

// count returns the callback that counts a statement of kind i.
func (s *statementStats) count(i int) func(*gorm.DB) {
	return func(tx *gorm.DB) {
		s.run[i].Add(1)
		if tx.Error != nil && !errors.Is(tx.Error, gorm.ErrRecordNotFound) {
			s.failed[i].Add(1)
		}
	}
}

// Collectors returns the Prometheus collectors of s: the statements run and
// failed by kind, and the use of the connection pool.
func (s *Store) Collectors() ([]prometheus.Collector, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, fmt.Errorf("collectors: %w", err)
	}
	out := []prometheus.Collector{collectors.NewDBStatsCollector(sqlDB, "kinerja")}
	for i, kind := range statementKinds {
		out = append(out,
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name:        "kinerja_sql_statements_total",
				Help:        "SQL statements run, by kind.",
				ConstLabels: prometheus.Labels{"kind": kind},
			}, func() float64 { return float64(s.stats.run[i].Load()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name:        "kinerja_sql_errors_total",
				Help:        "SQL statements that failed (other than finding no row), by kind.",
				ConstLabels: prometheus.Labels{"kind": kind},
			}, func() float64 { return float64(s.stats.failed[i].Load()) }),
		)
	}
	return out, nil
}
