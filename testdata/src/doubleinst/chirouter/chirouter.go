package chirouter

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/riandyrn/otelchi"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("chirouter")

func routes() http.Handler {
	r := chi.NewRouter()
	r.Use(otelchi.Middleware("svc"))
	r.Use(otelhttp.NewMiddleware("svc")) // want `otelhttp.NewMiddleware is registered on r, which already has otelchi.Middleware \(line 17\); each request gets two SERVER spans: remove one`
	r.Get("/items", items)
	return r
}

func items(w http.ResponseWriter, req *http.Request) {
	_, span := tracer.Start(req.Context(), "items", trace.WithSpanKind(trace.SpanKindServer)) // want `items starts a SERVER span, but it is served through otelchi.Middleware \(line 17\)`
	defer span.End()
}

// once: otelchi alone, and a plain router wrapped by otelhttp.
func once() {
	r := chi.NewRouter()
	r.Use(otelchi.Middleware("svc"))
	plain := chi.NewRouter()
	http.ListenAndServe(":8080", otelhttp.NewHandler(plain, "plain"))
}
