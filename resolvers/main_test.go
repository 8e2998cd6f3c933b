package resolvers_test

import (
	"os"
	"testing"

	"github.com/kinerja/kinerja/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }
