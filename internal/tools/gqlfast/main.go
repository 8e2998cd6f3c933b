// Command gqlfast rewrites the executor that gqlgen generated to call the
// shortcuts of internal/gqlx where they apply (see that package). It runs
// after gqlgen in graph/generate.go:
//
//	go run ../internal/tools/gqlfast generated.go
//
// It fails, leaving the file alone, when it finds nothing to rewrite: gqlgen
// then generates code of another shape, and gqlfast must learn it.
package main

import (
	"fmt"
	"os"

	"github.com/kinerja/kinerja/internal/gqlx/rewrite"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gqlfast GENERATED.go")
		os.Exit(2)
	}
	path := os.Args[1]
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gqlfast:", err)
		os.Exit(1)
	}
	out, st, err := rewrite.Source(src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gqlfast:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gqlfast:", err)
		os.Exit(1)
	}
	fmt.Printf("gqlfast: %d leaf fields (%d in line, %d of them through a pointer), %d objects (%d without concurrent fields), %d other fields read from the parent resolved in line, %d field contexts from slabs (%d with their Child per operation), %d lists, %d fields with arguments (%d asking for those kept first), %d answers\n", st.Leaves, st.InLine, st.Pointed, st.Objects, st.FieldSets, st.Fields, st.FieldContexts, st.Children, st.Lists, st.Args, st.KeptArgs, st.Answers)
}
