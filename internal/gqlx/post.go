package gqlx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// POST is gqlgen's transport.POST but for how it writes a response of
// data alone: gqlgen encodes the response with encoding/json, which
// compacts (scans and copies) the data that the executor wrote already
// compact. POST writes it as it is when that gives the same bytes: no
// errors, no extensions, and none of the characters encoding/json escapes
// (<, >, &, U+2028, U+2029). A body it cannot decode goes to gqlgen's
// transport whole. The rest of Do follows transport.POST.Do of gqlgen
// v0.17.98 (MIT licence): the same content type, headers and status codes.
type POST struct{ transport.POST }

var _ graphql.Transport = POST{}

// Do implements graphql.Transport.
func (h POST) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	var params graphql.RawParams
	if err != nil || decode(body, &params) != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.POST.Do(w, r, exec)
		return
	}
	ctx := r.Context()
	contentType := responseContentType(h.ResponseHeaders, r, h.UseGrapQLResponseJsonByDefault)
	headers := map[string][]string{"Content-Type": {contentType}}
	maps.Copy(headers, h.ResponseHeaders)
	for key, values := range headers {
		for _, value := range values {
			w.Header().Add(key, value)
		}
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	rc, opErr := exec.CreateOperationContext(ctx, &params)
	if opErr != nil {
		w.WriteHeader(statusFor(opErr, contentType == graphqlResponseJSON))
		WriteResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	WriteResponse(w, responses(ctx))
}

func decode(body []byte, params *graphql.RawParams) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	return dec.Decode(params)
}

const graphqlResponseJSON = "application/graphql-response+json"

// responseContentType is the content type gqlgen's transport answers with.
func responseContentType(explicit map[string][]string, r *http.Request, graphqlResponseByDefault bool) string {
	for k, v := range explicit {
		if strings.EqualFold(k, "Content-Type") {
			return v[0]
		}
	}
	byDefault := "application/json"
	if graphqlResponseByDefault {
		byDefault = graphqlResponseJSON
	}
	accept := r.Header.Get("Accept")
	if accept == "" {
		return byDefault
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*":
			return byDefault
		case "application/json":
			return "application/json"
		case graphqlResponseJSON:
			return graphqlResponseJSON
		}
	}
	return graphqlResponseJSON
}

// statusFor is the status of a response of errors alone: a protocol error
// is 400 under application/graphql-response+json, 422 under
// application/json.
func statusFor(errs gqlerror.List, graphqlResponse bool) int {
	if errcode.GetErrorKind(errs) != errcode.KindProtocol {
		return http.StatusOK
	}
	if graphqlResponse {
		return http.StatusBadRequest
	}
	return http.StatusUnprocessableEntity
}

var (
	dataOpen  = []byte(`{"data":`)
	dataClose = []byte(`}`)
	null      = []byte(`null`)
)

// WriteResponse writes resp as encoding/json encodes it, in one Write. To
// an http.ResponseWriter whose header is not sent yet it gives the length
// (Content-Length): the body then goes out as it is, not in chunks, in
// fewer system calls.
func WriteResponse(w io.Writer, resp *graphql.Response) {
	if resp != nil && len(resp.Errors) == 0 && resp.Label == "" && resp.Path == nil && resp.HasNext == nil &&
		len(resp.Extensions) == 0 && !needsEscaping(resp.Data) {
		data := []byte(resp.Data)
		if data == nil {
			data = null
		}
		bp := bodies.Get().(*[]byte)
		body := append(append(append((*bp)[:0], dataOpen...), data...), dataClose...)
		writeBody(w, body)
		if cap(body) <= maxPooledBody {
			*bp = body[:0]
			bodies.Put(bp)
		}
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		panic(fmt.Errorf("unable to marshal %s: %w", string(resp.Data), err))
	}
	writeBody(w, b)
}

func writeBody(w io.Writer, body []byte) {
	if hw, ok := w.(http.ResponseWriter); ok {
		hw.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.Write(body)
}

// bodies are buffers for the bodies of WriteResponse, kept up to
// maxPooledBody bytes.
var bodies = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

const maxPooledBody = 1 << 20

// needsEscaping reports whether encoding/json would rewrite data: a
// character it escapes for HTML, or one that is not JSON text the executor
// writes (whitespace outside strings is not looked for: the executor writes
// none).
func needsEscaping(data []byte) bool {
	return bytes.IndexByte(data, '<') >= 0 || bytes.IndexByte(data, '>') >= 0 || bytes.IndexByte(data, '&') >= 0 ||
		bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029"))
}
