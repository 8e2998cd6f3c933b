package models

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportsNoGraphQLNorAuth keeps models the persisted row types and the
// API's generated input and payload types: the scalars' marshallers live in
// internal/scalar, the roles the API binds are domain.Role.
func TestImportsNoGraphQLNorAuth(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, banned := range []string{"github.com/99designs/gqlgen", "github.com/vektah/gqlparser", "github.com/kinerja/kinerja/auth"} {
				if strings.HasPrefix(path, banned) {
					t.Errorf("%s imports %s; models imports no GraphQL package and no auth", f, path)
				}
			}
		}
	}
}
