package graphiql_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// chromium returns the path of a Chromium to drive, or skips the test (fails
// it on CI, which installs one).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("KINERJA_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium on PATH: .ci/run installs Debian's chromium")
	}
	t.Skip("no Chromium on PATH (apt-get install chromium, or set KINERJA_CHROMIUM)")
	return ""
}

// artifacts returns the directory for files a test keeps (screenshots):
// KINERJA_TEST_ARTIFACTS, else .artifacts at the top of the repository.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("KINERJA_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", ".artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser starts headless Chromium (bin) that can resolve no host but
// loopback, and returns its context, bounded to 90 seconds after the start.
func browser(t *testing.T, bin string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// The first Run starts the browser; a timeout goes on later steps only.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestGraphiQLInBrowser opens the GraphiQL page in headless Chromium that can
// resolve no host but loopback, signs in as the demo ADMIN, runs a query and
// reads its result from the result pane. Every request the page makes must go
// to the server itself.
func TestGraphiQLInBrowser(t *testing.T) {
	bin := chromium(t)
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	srv := httptest.NewServer(api.Handler)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	ctx := browser(t, bin)

	const query = `{ achievementSummary(year: 2023) { withCapaian category } }`
	var who, result string
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.graphiql-container`),
		chromedp.SendKeys(`#username`, "admin"),
		chromedp.SendKeys(`#password`, testdb.Password),
		chromedp.Click(`#signin`),
		chromedp.WaitVisible(`#who`),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) (err error) {
			who, err = chromedp.Text(`#who`)(ctx, tg)
			return err
		}),
		// GraphiQL remounts with the token; set its query editor and run.
		chromedp.WaitVisible(`.graphiql-query-editor .CodeMirror`),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[chromedp.Void](`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(`+jsString(query)+`)`)(ctx, tg)
			return err
		}),
		chromedp.Click(`.graphiql-execute-button`),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) (err error) {
			result, err = chromedp.Poll[string](`(() => { const r = document.querySelector('.result-window'); const s = r ? r.innerText : ''; return s.includes('withCapaian') ? s : false })()`)(ctx, tg)
			return err
		}),
	)
	if shot, serr := chromedp.Run(ctx, chromedp.FullScreenshot(100)); serr == nil {
		if werr := os.WriteFile(filepath.Join(artifacts(t), "graphiql.png"), shot, 0o644); werr != nil {
			t.Error(werr)
		}
	} else {
		t.Logf("screenshot: %v", serr)
	}
	if err != nil {
		t.Fatalf("browser: %v (result pane: %q)", err, result)
	}
	if !strings.Contains(who, "admin") || !strings.Contains(who, "ADMIN") {
		t.Errorf("signed-in bar = %q, want the admin user and its role", who)
	}
	flat := strings.Join(strings.Fields(result), "")
	for _, want := range []string{`"withCapaian":27`, `"category":"SANGAT_TINGGI"`} {
		if !strings.Contains(flat, want) {
			t.Errorf("result pane %q lacks %s", flat, want)
		}
	}
	// Every resource the page loaded or fetched came from the server.
	requests, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.href].concat(performance.getEntriesByType('resource').map(e => e.name))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(requests) < 5 {
		t.Errorf("the page made %d requests (%q), want its page, scripts, stylesheets and API calls", len(requests), requests)
	}
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != host) {
			t.Errorf("the page requested %q: only the server itself (%s) may be asked", r, host)
		}
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}

// TestGraphiQLSubscription subscribes to the approval events in GraphiQL,
// signed in as the operator of Bagian Organisasi, and sees its submission
// arrive in the result pane.
func TestGraphiQLSubscription(t *testing.T) {
	bin := chromium(t)
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	// posted counts the subscriptions GraphiQL sent over HTTP.
	var posted atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method == http.MethodPost {
			body, _ := io.ReadAll(req.Body)
			req.Body = io.NopCloser(bytes.NewReader(body))
			defer func() {
				if bytes.Contains(body, []byte("approvalEvents")) {
					posted.Add(1)
				}
			}()
		}
		api.Handler.ServeHTTP(w, req)
	}))
	defer srv.Close()
	ctx := browser(t, bin)

	const query = `subscription { approvalEvents { action orgUnit { code } } }`
	var result string
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.graphiql-container`),
		chromedp.SendKeys(`#username`, "bagian.organisasi"),
		chromedp.SendKeys(`#password`, testdb.Password),
		chromedp.Click(`#signin`),
		chromedp.WaitVisible(`#who`),
		chromedp.WaitVisible(`.graphiql-query-editor .CodeMirror`),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[chromedp.Void](`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(`+jsString(query)+`)`)(ctx, tg)
			return err
		}),
		chromedp.Click(`.graphiql-execute-button`),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	runs := int64(1)
	for st.Events().Subscribers() == 0 {
		if ctx.Err() != nil {
			t.Fatal("GraphiQL never subscribed")
		}
		// GraphiQL runs the document it parsed last, which may still be the
		// text set before, and sends it as a query: run again once that is
		// answered.
		if posted.Load() >= runs {
			if err := chromedp.Do(ctx, chromedp.Click(`.graphiql-execute-button`)); err != nil {
				t.Fatal(err)
			}
			runs++
		}
		time.Sleep(20 * time.Millisecond)
	}
	u, err := st.UserByUsername(ctx, "bagian.organisasi")
	if err != nil {
		t.Fatal(err)
	}
	op := &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, UnitPath: u.UnitPath}
	if _, err := st.SubmitPeriod(ctx, op, u.OrgUnitID, 2024, domain.Q1); err != nil {
		t.Fatal(err)
	}
	result, err = chromedp.Run(ctx, chromedp.Poll[string](`(() => { const r = document.querySelector('.result-window'); const s = r ? r.innerText : ''; return s.includes('SUBMIT') ? s : false })()`))
	if err != nil {
		t.Fatalf("the event never reached the result pane: %v", err)
	}
	flat := strings.Join(strings.Fields(result), "")
	if !strings.Contains(flat, `"action":"SUBMIT"`) || !strings.Contains(flat, `"code":"BAG-ORGANISASI"`) {
		t.Errorf("result pane %q, want the submission of BAG-ORGANISASI", flat)
	}
}
