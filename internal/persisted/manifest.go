// Package persisted reads manifests of persisted operations: the documents
// a first-party app was built with, keyed by their hash, as GraphQL code
// generators write them. In allow-list mode the server runs only these for
// callers other than ADMIN.
package persisted

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Manifest is a set of operation documents, found by the id their manifest
// gives them or by the SHA-256 of their text.
type Manifest struct {
	byID     map[string]string
	bySHA256 map[string]bool
}

// apolloManifest is the format of Apollo's persisted query manifests
// (@apollo/generate-persisted-query-manifest).
type apolloManifest struct {
	Format     string `json:"format"`
	Version    int    `json:"version"`
	Operations []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
		Body string `json:"body"`
	} `json:"operations"`
}

// Parse reads a manifest: either a JSON object of hash → document (GraphQL
// Code Generator's client preset with persistedDocuments, graphql-codegen's
// persisted documents, Relay's persisted queries) or Apollo's
// {"format": "apollo-persisted-query-manifest", "operations": [...]}.
func Parse(r io.Reader) (*Manifest, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	m := &Manifest{byID: map[string]string{}, bySHA256: map[string]bool{}}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("manifest: not a JSON object: %w", err)
	}
	if _, ok := probe["operations"]; ok {
		var am apolloManifest
		if err := json.Unmarshal(b, &am); err != nil {
			return nil, fmt.Errorf("manifest: %w", err)
		}
		if am.Format != "apollo-persisted-query-manifest" {
			return nil, fmt.Errorf("manifest: format %q is not apollo-persisted-query-manifest", am.Format)
		}
		for i, op := range am.Operations {
			if err := m.add(op.ID, op.Body); err != nil {
				return nil, fmt.Errorf("manifest: operation %d (%s): %w", i, op.Name, err)
			}
		}
	} else {
		var docs map[string]string
		if err := json.Unmarshal(b, &docs); err != nil {
			return nil, fmt.Errorf("manifest: want an object of hash to document: %w", err)
		}
		for id, doc := range docs {
			if err := m.add(id, doc); err != nil {
				return nil, fmt.Errorf("manifest: %s: %w", id, err)
			}
		}
	}
	if len(m.byID) == 0 {
		return nil, errors.New("manifest: no operations")
	}
	return m, nil
}

// Load reads the manifest file at path.
func Load(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f)
}

func (m *Manifest) add(id, doc string) error {
	if id == "" || doc == "" {
		return errors.New("an operation needs an id and a document")
	}
	m.byID[id] = doc
	m.bySHA256[SHA256(doc)] = true
	return nil
}

// Document returns the document the manifest names id.
func (m *Manifest) Document(id string) (string, bool) {
	doc, ok := m.byID[id]
	return doc, ok
}

// Allows reports whether the document is in the manifest, by its text.
func (m *Manifest) Allows(doc string) bool { return m.bySHA256[SHA256(doc)] }

// Len returns the number of operations.
func (m *Manifest) Len() int { return len(m.byID) }

// SHA256 returns the hex SHA-256 of a document, the hash automatic persisted
// queries use.
func SHA256(doc string) string {
	s := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(s[:])
}
