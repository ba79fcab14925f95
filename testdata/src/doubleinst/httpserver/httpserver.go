package httpserver

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("httpserver")

func users(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "users", trace.WithSpanKind(trace.SpanKindServer)) // want `users starts a SERVER span, but it is served through otelhttp.NewHandler \(line 46\), which already creates the SERVER span for the request; each request is traced twice: drop trace.WithSpanKind\(trace.SpanKindServer\) to make this an INTERNAL child span`
	defer span.End()
}

// orders starts an INTERNAL child span: correct.
func orders(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "load orders")
	defer span.End()
	_, span2 := tracer.Start(r.Context(), "compute", trace.WithSpanKind(trace.SpanKindInternal))
	defer span2.End()
}

// standalone starts a SERVER span but is never served through instrumentation.
func standalone(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "standalone", trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()
}

type api struct{}

func (api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "api", trace.WithSpanKind(trace.SpanKindServer)) // want `ServeHTTP starts a SERVER span, but it is served through otelhttp.NewMiddleware \(line 67\)`
	defer span.End()
}

func nested() http.Handler {
	return otelhttp.NewHandler(otelhttp.NewHandler(http.HandlerFunc(orders), "inner"), "outer") // want `otelhttp.NewHandler wraps a handler already wrapped by otelhttp.NewHandler \(line 41\); each request gets two SERVER spans: remove one of the wrappers`
}

func routesAndMux() {
	mux := http.NewServeMux()
	mux.Handle("/users", otelhttp.NewHandler(http.HandlerFunc(users), "users"))
	mux.Handle("/orders", otelhttp.WithRouteTag("/orders", http.HandlerFunc(orders)))
	http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "server")) // want `otelhttp.NewHandler wraps mux, whose routes are already wrapped by otelhttp.NewHandler \(line 46\); each request gets two SERVER spans: wrap either the routes or the mux, not both`
}

// routeTags is the recommended pattern: route tags inside, one wrapper outside.
func routeTags() {
	mux := http.NewServeMux()
	mux.Handle("/orders", otelhttp.WithRouteTag("/orders", http.HandlerFunc(orders)))
	mux.HandleFunc("/late", late) // registered before the mux is wrapped
	http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "server"))
}

func viaVariables() http.Handler {
	var h http.Handler = http.HandlerFunc(orders)
	h = otelhttp.NewHandler(h, "first")
	h = otelhttp.NewHandler(h, "second") // want `otelhttp.NewHandler wraps a handler already wrapped by otelhttp.NewHandler \(line 61\)`
	return h
}

func middleware() http.Handler {
	return otelhttp.NewMiddleware("api")(api{})
}

func middlewareTwice(h http.Handler) http.Handler {
	mw := otelhttp.NewMiddleware("api")
	return mw(otelhttp.NewHandler(h, "inner")) // want `otelhttp.NewMiddleware wraps a handler already wrapped by otelhttp.NewHandler \(line 72\)`
}

// conditional wraps once, in one place, under a flag.
func conditional(enabled bool, mux *http.ServeMux) http.Handler {
	var handler http.Handler = mux
	if enabled {
		handler = otelhttp.NewHandler(handler, "server")
	}
	return handler
}

// twoServers serves the same mux on two listeners, each wrapped once.
func twoServers(mux *http.ServeMux) {
	go http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "public"))
	http.ListenAndServe(":9090", otelhttp.NewHandler(mux, "admin"))
}

var _ = context.Background

func late(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "late", trace.WithSpanKind(trace.SpanKindServer)) // want `late starts a SERVER span, but it is served through otelhttp.NewHandler \(line 56\)`
	defer span.End()
}

// branches wraps once on each path of the if, then again in the switch.
func branches(mode string, h http.Handler) http.Handler {
	if mode == "public" {
		h = otelhttp.NewHandler(h, "public")
	} else {
		h = otelhttp.NewHandler(h, "internal")
	}
	switch mode {
	case "a":
		h = otelhttp.NewMiddleware("a")(h) // want `otelhttp.NewMiddleware wraps a handler already wrapped by otelhttp.NewHandler \(line 100\)`
	case "b":
		h = otelhttp.NewMiddleware("b")(h) // want `otelhttp.NewMiddleware wraps a handler already wrapped by otelhttp.NewHandler \(line 100\)`
	}
	return h
}

type server struct {
	mux   *http.ServeMux
	admin *http.ServeMux
}

// fields: routes wrapped on one mux, the other mux wrapped as a whole.
func (s *server) fields() {
	s.mux.Handle("/users", otelhttp.NewHandler(http.HandlerFunc(orders), "users"))
	go http.ListenAndServe(":9090", otelhttp.NewHandler(s.admin, "admin"))
	http.ListenAndServe(":8080", otelhttp.NewHandler(s.mux, "server")) // want `otelhttp.NewHandler wraps s.mux, whose routes are already wrapped by otelhttp.NewHandler \(line 120\)`
}
