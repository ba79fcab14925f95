// Package otelhttp is a hermetic stub of
// go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp (signatures
// of v0.59.0, the last version with WithRouteTag, DefaultClient and Get).
package otelhttp

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"go.opentelemetry.io/otel/trace"
)

type Option interface{ apply(*config) }

type config struct{}

type optionFunc func(*config)

func (o optionFunc) apply(c *config) { o(c) }

func WithTracerProvider(provider trace.TracerProvider) Option { return optionFunc(func(*config) {}) }
func WithSpanOptions(opts ...trace.SpanStartOption) Option    { return optionFunc(func(*config) {}) }
func WithPublicEndpoint() Option                              { return optionFunc(func(*config) {}) }
func WithServerName(server string) Option                     { return optionFunc(func(*config) {}) }
func WithSpanNameFormatter(f func(operation string, r *http.Request) string) Option {
	return optionFunc(func(*config) {})
}

func NewHandler(handler http.Handler, operation string, opts ...Option) http.Handler { return handler }

func NewMiddleware(operation string, opts ...Option) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler { return h }
}

func WithRouteTag(route string, h http.Handler) http.Handler { return h }

type Transport struct{ rt http.RoundTripper }

func NewTransport(base http.RoundTripper, opts ...Option) *Transport { return &Transport{rt: base} }

func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) { return t.rt.RoundTrip(r) }

var DefaultClient = &http.Client{Transport: NewTransport(http.DefaultTransport)}

func Get(ctx context.Context, targetURL string) (resp *http.Response, err error)  { return nil, nil }
func Head(ctx context.Context, targetURL string) (resp *http.Response, err error) { return nil, nil }
func Post(ctx context.Context, targetURL, contentType string, body io.Reader) (resp *http.Response, err error) {
	return nil, nil
}
func PostForm(ctx context.Context, targetURL string, data url.Values) (resp *http.Response, err error) {
	return nil, nil
}
