package app

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"doubleinst/handlers"
	"doubleinst/platform"
)

var tracer = otel.Tracer("app")

func routes() {
	mux := http.NewServeMux()
	mux.Handle("/users", otelhttp.NewHandler(http.HandlerFunc(handlers.Users), "users")) // want `handler http.HandlerFunc\(handlers.Users\) starts its own SERVER span \(handlers.go:17\), but it is served through otelhttp.NewHandler \(line 19\), which already creates the SERVER span; each request is traced twice: make the handler's span INTERNAL`
	mux.Handle("/health", otelhttp.NewHandler(http.HandlerFunc(handlers.Health), "health"))
	http.ListenAndServe(":8080", otelhttp.NewMiddleware("api")(handlers.Orders{})) // want `handler handlers.Orders{} starts its own SERVER span \(handlers.go:24\)`
}

func ginRoutes() {
	r := platform.NewRouter("app")
	r.GET("/items", items)
	r.Use(otelhttpFree)
	http.ListenAndServe(":8080", otelhttp.NewHandler(r, "app")) // want `otelhttp.NewHandler wraps r, which already uses otelgin.Middleware \(platform.go:16\)`
}

func otelhttpFree(c *gin.Context) {}

func items(c *gin.Context) {
	_, span := tracer.Start(c.Request.Context(), "items", trace.WithSpanKind(trace.SpanKindServer)) // want `items starts a SERVER span, but it is served through otelgin.Middleware \(platform.go:16\)`
	defer span.End()
}

func muxRoutes() {
	platform.Mux.HandleFunc("/stock", stock)
}

func stock(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "stock", trace.WithSpanKind(trace.SpanKindServer)) // want `stock starts a SERVER span, but it is served through otelhttp.NewHandler \(platform.go:24\)`
	defer span.End()
}
