package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// formulaCells returns the cells of the data sheets that hold a formula, by
// sheet and cell name ("C5"). A formula's cached value may be stale or
// missing, and a figure is a value: an import refuses them. excelize's row
// reader does not tell a formula from a value, so this reads the sheets'
// XML itself, each part bounded by MaxUnzippedBytes.
func formulaCells(b []byte) (map[string]map[string]bool, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, f := range z.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(parts, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := decodePart(parts, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	for _, s := range wb.Sheets {
		if !slices.Contains(sheetOrder, s.Name) {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID != s.RID {
				continue
			}
			target := r.Target
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join("xl", target)
			}
			cells, err := scanFormulas(parts[target])
			if err != nil {
				return nil, fmt.Errorf("sheet %q: %w", s.Name, err)
			}
			out[s.Name] = cells
		}
	}
	return out, nil
}

func decodePart(parts map[string]*zip.File, name string, v any) error {
	f, ok := parts[name]
	if !ok {
		return fmt.Errorf("no part %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, MaxUnzippedBytes)).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// scanFormulas returns the cells of the worksheet part f that hold a formula.
func scanFormulas(f *zip.File) (map[string]bool, error) {
	out := map[string]bool{}
	if f == nil {
		return out, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, MaxUnzippedBytes))
	cell := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "c":
			cell = ""
			for _, a := range el.Attr {
				if a.Name.Local == "r" {
					cell = a.Value
				}
			}
		case "f":
			if cell != "" {
				out[cell] = true
			}
		}
	}
}
