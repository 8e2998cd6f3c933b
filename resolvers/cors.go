package resolvers

import (
	"net/http"
	"strings"

	"github.com/rs/cors"
)

// DefaultCORSHeaders are the request headers browsers may send cross-origin
// unless HandlerOptions.AllowedHeaders says otherwise.
var DefaultCORSHeaders = []string{"Authorization", "Content-Type", "Accept", "X-Request-Id"}

// corsHandler lets browsers on the configured origins call the API, through
// github.com/rs/cors. A preflight (OPTIONS with Access-Control-Request-Method)
// is always answered as a preflight, 204 without a body, whatever the
// configuration: with no origin allowed it carries no Access-Control-Allow-*
// header, so the browser refuses the call. Tokens travel in the Authorization
// header, never in cookies, so credentials are allowed only for a list of
// origins and never together with "*".
func corsHandler(opts HandlerOptions, next http.Handler) http.Handler {
	origins := make([]string, 0, len(opts.AllowedOrigins))
	anyOrigin := false
	for _, o := range opts.AllowedOrigins {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		switch o {
		case "":
		case "*":
			anyOrigin = true
		default:
			origins = append(origins, o)
		}
	}
	headers := opts.AllowedHeaders
	if len(headers) == 0 {
		headers = DefaultCORSHeaders
	}
	c := cors.Options{
		AllowedMethods:     []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:     headers,
		ExposedHeaders:     []string{"Retry-After", "X-Request-Id"},
		MaxAge:             600,
		AllowCredentials:   opts.AllowCredentials && !anyOrigin,
		OptionsPassthrough: false,
	}
	switch {
	case anyOrigin:
		c.AllowedOrigins = []string{"*"}
	case len(origins) > 0:
		c.AllowedOrigins = origins
	default:
		// rs/cors allows every origin when given none: allow none instead.
		c.AllowOriginFunc = func(string) bool { return false }
	}
	return cors.New(c).Handler(next)
}
