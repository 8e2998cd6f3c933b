package demo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed data/lkjip2023.json
var lkjip2023 []byte

// LKjIP2023 returns the demo data set: the 2023 LKjIP of the Sekretariat
// Daerah of Kabupaten Kutai Kartanegara, as transcribed into the embedded file.
func LKjIP2023() (*Dataset, error) {
	return Parse(lkjip2023)
}

// Parse decodes a data set, refusing unknown fields so that a typo in the
// file is an error rather than a silently missing figure.
func Parse(b []byte) (*Dataset, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Dataset
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("demo: parse data set: %w", err)
	}
	return &d, nil
}
