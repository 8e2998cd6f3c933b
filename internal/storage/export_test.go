package storage

import "gorm.io/gorm"

// DB gives the tests of this directory the database handle of s, for rows
// written beside the API (a schema before a migration).
func DB(s *Store) *gorm.DB { return s.db }
