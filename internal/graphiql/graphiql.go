// Package graphiql serves the GraphiQL IDE from the binary: the browser
// builds of GraphiQL, React and ReactDOM at the versions pinned in
// npm/package-lock.json (rebuilt by scripts/graphiql-assets.sh, with their
// licences in assets/LICENSES.txt), and a page that signs a person in and
// sends the bearer token with every request. No page refers to a host other
// than the server itself, so GraphiQL works on an intranet without internet.
package graphiql

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

//go:embed assets
var assets embed.FS

// contentSecurityPolicy allows the page to load and call nothing but the
// server itself. GraphiQL sets inline styles, and its stylesheet embeds its
// fonts as data: URLs.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

// Handler returns the GraphiQL page at prefix (e.g. "/") and its assets
// under prefix + "graphiql/", calling the GraphQL API at endpoint.
func Handler(prefix, endpoint string) http.Handler {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	base := prefix + "graphiql/"
	var page bytes.Buffer
	tpl := template.Must(template.ParseFS(assets, "assets/index.html"))
	if err := tpl.Execute(&page, struct{ Base, Endpoint string }{base, endpoint}); err != nil {
		panic(err) // the template is embedded: a failure is a build defect
	}
	return &handler{prefix: prefix, base: base, page: newAsset("index.html", page.Bytes())}
}

type handler struct {
	prefix, base string
	page         *asset
}

// files are the embedded assets, read and compressed once per process on
// first use (every handler shares them).
var (
	filesMu sync.Mutex
	files   = map[string]*asset{}
)

func (h *handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch {
	case req.URL.Path == h.prefix:
		w.Header().Set("Cache-Control", "no-cache")
		h.page.serve(w, req)
	case strings.HasPrefix(req.URL.Path, h.base):
		name := strings.TrimPrefix(req.URL.Path, h.base)
		a := lookup(name)
		if a == nil {
			http.NotFound(w, req)
			return
		}
		// Asset names do not change with their content, so browsers
		// revalidate (cheaply, by ETag) rather than keep them blindly.
		w.Header().Set("Cache-Control", "no-cache")
		a.serve(w, req)
	default:
		http.NotFound(w, req)
	}
}

// lookup returns the embedded file name, or nil; the page's template is not
// served raw.
func lookup(name string) *asset {
	if name == "" || name == "index.html" || strings.Contains(name, "/") || strings.HasPrefix(name, ".") {
		return nil
	}
	filesMu.Lock()
	defer filesMu.Unlock()
	if a, ok := files[name]; ok {
		return a
	}
	b, err := fs.ReadFile(assets, "assets/"+name)
	if err != nil {
		return nil
	}
	a := newAsset(name, b)
	files[name] = a
	return a
}

// asset is one file, kept plain and gzipped, with its ETag.
type asset struct {
	ctype string
	plain []byte
	gz    []byte
	etag  string
}

func newAsset(name string, b []byte) *asset {
	sum := sha256.Sum256(b)
	a := &asset{ctype: mime.TypeByExtension(path.Ext(name)), plain: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	if a.ctype == "" {
		a.ctype = "application/octet-stream"
	}
	if strings.HasSuffix(name, ".txt") {
		a.ctype = "text/plain; charset=utf-8"
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	if buf.Len() < len(b) {
		a.gz = buf.Bytes()
	}
	return a
}

func (a *asset) serve(w http.ResponseWriter, req *http.Request) {
	hd := w.Header()
	hd.Set("Content-Type", a.ctype)
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("ETag", a.etag)
	hd.Add("Vary", "Accept-Encoding")
	if match := req.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.plain
	if a.gz != nil && acceptsGzip(req) {
		hd.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	if req.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func acceptsGzip(req *http.Request) bool {
	for _, part := range strings.Split(req.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
