package gqlx

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// WriteResponse writes the bytes encoding/json writes, whether it takes
// the shortcut or not.
func TestWriteResponseAsEncodingJSON(t *testing.T) {
	yes := true
	for _, resp := range []*graphql.Response{
		{Data: json.RawMessage(`{"indicator":{"code":"SS.1","capaian":102.14,"owner":null}}`)},
		{Data: nil},
		{Data: json.RawMessage(`{"name":"Bagian <Umum> & \u2028 Hukum"}`)},
		{Data: json.RawMessage(`{"name":"Bagian \"Umum\""}`)},
		{Data: json.RawMessage(`null`), Errors: gqlerror.List{{Message: "not found", Path: ast.Path{ast.PathName("indicator")}}}},
		{Data: json.RawMessage(`{"a":1}`), Extensions: map[string]any{"cost": 3}},
		{Data: json.RawMessage(`{"a":1}`), Label: "later", Path: ast.Path{ast.PathName("a")}, HasNext: &yes},
	} {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		WriteResponse(&got, resp)
		if got.String() != string(want) {
			t.Errorf("WriteResponse wrote\n%s\nencoding/json\n%s", got.String(), want)
		}
	}
}

func TestResponseContentTypeAndStatus(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                  "application/json",
		"*/*":                               "application/json",
		"application/json":                  "application/json",
		"application/graphql-response+json": graphqlResponseJSON,
		"text/html, application/graphql-response+json;q=0.9": graphqlResponseJSON,
		"text/html": graphqlResponseJSON,
	} {
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader("{}"))
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		if got := responseContentType(nil, r, false); got != want {
			t.Errorf("Accept %q: %s, want %s", accept, got, want)
		}
	}
	protocol := gqlerror.List{{Message: "bad", Extensions: map[string]any{"code": errcode.ParseFailed}}}
	if statusFor(protocol, true) != http.StatusBadRequest || statusFor(protocol, false) != http.StatusUnprocessableEntity {
		t.Error("a protocol error is not 400 under graphql-response+json and 422 under json")
	}
	if statusFor(gqlerror.List{{Message: "no"}}, true) != http.StatusOK {
		t.Error("an error that is not of the protocol is not 200")
	}
}

// WriteResponse gives an HTTP response its length: the body is sent whole,
// not chunked, on either path and whatever its size; the pooled buffers
// never mix two bodies.
func TestWriteResponseLength(t *testing.T) {
	big := `{"s":"` + strings.Repeat("x", 100<<10) + `"}`
	resps := []*graphql.Response{
		{Data: json.RawMessage(`{"a":1}`)},
		{Data: json.RawMessage(big)},
		{Data: json.RawMessage(`{"a":1}`), Errors: gqlerror.List{{Message: "no"}}},
		{Data: json.RawMessage(`{"b":2}`)},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		_ = json.NewDecoder(r.Body).Decode(&i)
		WriteResponse(w, resps[i])
	}))
	defer srv.Close()
	for round := 0; round < 3; round++ {
		for i, resp := range resps {
			want, _ := json.Marshal(resp)
			res, err := http.Post(srv.URL, "application/json", strings.NewReader(strconv.Itoa(i)))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if string(got) != string(want) {
				t.Errorf("response %d: body %.80s, want %.80s", i, got, want)
			}
			if res.ContentLength != int64(len(want)) || len(res.TransferEncoding) != 0 {
				t.Errorf("response %d: length %d, transfer encoding %v; want length %d", i, res.ContentLength, res.TransferEncoding, len(want))
			}
		}
	}
}
