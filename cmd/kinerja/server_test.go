package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"
)

// server is `kinerja serve` run by a test on a free port.
type server struct {
	t      *testing.T
	base   string
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startServer runs the server on the SQLite file db with the environment
// environ and waits until it serves.
func startServer(t *testing.T, db string, environ map[string]string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	s := &server{t: t, logs: &syncBuffer{}, cancel: cancel, done: done}
	go func() {
		done <- run(ctx, []string{"-db", db, "-addr", "127.0.0.1:0"}, env(environ), io.Discard, s.logs)
	}()
	addr := regexp.MustCompile(`graphql=http://([0-9.:]+)/graphql`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(s.logs.String()); m != nil {
			s.base = "http://" + m[1]
			t.Cleanup(func() { _ = s.stop() })
			return s
		}
		select {
		case err := <-s.done:
			t.Fatalf("the server stopped: %v\n%s", err, s.logs)
		default:
		}
	}
	cancel()
	t.Fatalf("the server did not start:\n%s", s.logs)
	return nil
}

// stop cancels the server's context, as SIGTERM does, and returns what run
// returned.
func (s *server) stop() error {
	s.cancel()
	if s.done == nil {
		return nil
	}
	err := <-s.done
	s.done = nil
	return err
}

// gqlResponse is a GraphQL response.
type gqlResponse struct {
	Status int
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// post sends a GraphQL request as the holder of token ("" for none).
func (s *server) post(token, query string, vars map[string]any) (gqlResponse, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, s.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return gqlResponse{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return gqlResponse{}, err
	}
	defer resp.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return gqlResponse{}, err
	}
	out.Status = resp.StatusCode
	return out, nil
}

// login returns a token for a demo user.
func (s *server) login(username string) string {
	s.t.Helper()
	resp, err := s.post("", `mutation($u: String!) { login(username: $u, password: "kinerja-demo") { token } }`, map[string]any{"u": username})
	if err != nil || len(resp.Errors) > 0 {
		s.t.Fatalf("login %s: %v %+v", username, err, resp.Errors)
	}
	return resp.Data["login"].(map[string]any)["token"].(string)
}

// get returns the status and body of a GET of path.
func (s *server) get(path string, header map[string]string) (int, string, http.Header) {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.base+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}
