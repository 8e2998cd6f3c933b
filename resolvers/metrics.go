package resolvers

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kinerja/kinerja/internal/obs"
)

// maxOperationLabels bounds the operation names the metrics tell apart;
// further names count as "other".
const maxOperationLabels = 100

// metrics are the Prometheus metrics of one handler, in a registry of their
// own. No label holds user data: operation names are bounded, codes and
// routes are fixed sets.
type metrics struct {
	reg        *prometheus.Registry
	duration   *prometheus.HistogramVec
	requests   *prometheus.CounterVec
	errors     *prometheus.CounterVec
	inFlight   prometheus.Gauge
	operations operationLabels
}

// newMetrics returns the metrics of r's handler: its own, the store's, the
// Go runtime's and the process's, and the build.
func (r *Resolver) newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kinerja_graphql_request_duration_seconds",
			Help:    "Time to serve a GraphQL request, by operation name (anonymous: unnamed; none: refused before it ran; other: past the bound of names).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kinerja_http_requests_total",
			Help: "HTTP requests served, by route and status.",
		}, []string{"route", "status"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kinerja_graphql_errors_total",
			Help: "GraphQL errors returned, by extensions.code.",
		}, []string{"code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kinerja_graphql_requests_in_flight",
			Help: "GraphQL requests being served.",
		}),
		operations: operationLabels{seen: map[string]bool{}},
	}
	b := obs.Build()
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "kinerja_build_info",
		Help:        "The build of the server: always 1, its labels tell the version.",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision, "goversion": b.GoVersion},
	})
	build.Set(1)
	m.reg.MustRegister(m.duration, m.requests, m.errors, m.inFlight, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if r.Store != nil {
		cs, err := r.Store.Collectors()
		if err != nil {
			r.Log.Error("metrics: the database's collectors", "err", err)
		}
		m.reg.MustRegister(cs...)
	}
	return m
}

// begin counts a request of route as in flight and returns the function
// that records it when done.
func (m *metrics) begin(route string) func(info *obs.Request, status int, elapsed time.Duration) {
	if route == "/graphql" {
		m.inFlight.Inc()
	}
	return func(info *obs.Request, status int, elapsed time.Duration) {
		m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
		if route != "/graphql" {
			return
		}
		m.inFlight.Dec()
		op := info.Operation()
		m.duration.WithLabelValues(m.operations.label(op, info.User() != 0)).Observe(elapsed.Seconds())
	}
}

// ExtensionName implements graphql.HandlerExtension.
func (m *metrics) ExtensionName() string { return "KinerjaMetrics" }

// Validate implements graphql.HandlerExtension.
func (m *metrics) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation notes the operation's name for the access line and the
// metrics.
func (m *metrics) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if info := obs.RequestFrom(ctx); info != nil {
		oc := graphql.GetOperationContext(ctx)
		name := oc.OperationName
		if oc.Operation != nil && oc.Operation.Name != "" {
			name = oc.Operation.Name
		}
		if name == "" {
			name = "anonymous"
		}
		info.SetOperation(name)
	}
	return next(ctx)
}

// InterceptResponse counts the errors of a response by code. It is
// registered after protocolCodes, so it sees the codes as clients do.
func (m *metrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		if !ourCodes[code] {
			code = "OTHER"
		}
		m.errors.WithLabelValues(code).Inc()
	}
	return resp
}

// handler serves the metrics to whom may read them: with token set, the
// holders of "Authorization: Bearer <token>"; else clients on this machine
// (a loopback address) whose request no proxy relayed.
func (m *metrics) handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !metricsAllowed(req, token) {
			http.Error(w, "metrics: forbidden (see KINERJA_METRICS_TOKEN)", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, req)
	})
}

// metricsAllowed reports whether req may read the metrics.
func metricsAllowed(req *http.Request, token string) bool {
	if token != "" {
		scheme, got, ok := strings.Cut(req.Header.Get("Authorization"), " ")
		return ok && strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) == 1
	}
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if req.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		return false
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Unmap().IsLoopback()
}

// operationLabels bounds the operation names used as label values: the
// first maxOperationLabels names seen from authenticated callers, so that
// anonymous clients cannot fill the set.
type operationLabels struct {
	mu   sync.Mutex
	seen map[string]bool
}

// label returns the label value of the operation name (as the request
// recorded it) of a request, authenticated or not.
func (o *operationLabels) label(name string, authenticated bool) string {
	switch {
	case name == "":
		return "none"
	case name == "anonymous":
		return name
	case len(name) > 64:
		return "other"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen[name] {
		return name
	}
	if !authenticated || len(o.seen) >= maxOperationLabels {
		return "other"
	}
	o.seen[name] = true
	return name
}
