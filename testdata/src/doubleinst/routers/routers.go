package routers

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gorilla/mux/otelmux"
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("routers")

func ginTwice() {
	r := gin.New()
	r.Use(otelgin.Middleware("svc"))
	r.Use(otelgin.Middleware("svc")) // want `otelgin.Middleware is registered on r, which already has otelgin.Middleware \(line 21\); each request gets two SERVER spans: remove one`
	r.GET("/users", listUsers)
	r.Run(":8080")
}

func ginGroup() {
	r := gin.Default()
	r.Use(otelgin.Middleware("svc"))
	v1 := r.Group("/v1")
	v1.Use(gin.HandlerFunc(func(c *gin.Context) {}), otelgin.Middleware("v1")) // want `otelgin.Middleware is registered on v1, which already has otelgin.Middleware \(line 29\)`
	v1.GET("/users", func(c *gin.Context) {
		_, span := tracer.Start(c.Request.Context(), "users", trace.WithSpanKind(trace.SpanKindServer)) // want `this handler starts a SERVER span, but it is served through otelgin.Middleware \(line 29\)`
		defer span.End()
	})
}

// ginOnce is the recommended setup.
func ginOnce() {
	r := gin.New()
	r.Use(otelgin.Middleware("svc"))
	r.GET("/users", listUsers)
	r.GET("/health", func(c *gin.Context) {
		_, span := tracer.Start(c.Request.Context(), "check db")
		defer span.End()
	})
}

func listUsers(c *gin.Context) {
	_, span := tracer.Start(c.Request.Context(), "list users", trace.WithSpanKind(trace.SpanKindInternal))
	defer span.End()
}

func ginInOtelhttp() {
	r := gin.New()
	r.Use(otelgin.Middleware("svc"))
	http.ListenAndServe(":8080", otelhttp.NewHandler(r, "server")) // want `otelhttp.NewHandler wraps r, which already uses otelgin.Middleware \(line 56\); each request gets two SERVER spans: remove one of them`
}

func echoTwice() {
	e := echo.New()
	e.Use(otelecho.Middleware("svc"))
	g := e.Group("/api")
	g.Use(otelecho.Middleware("api")) // want `otelecho.Middleware is registered on g, which already has otelecho.Middleware \(line 62\)`
	e.Start(":8080")
}

func echoInOtelhttp() *http.Server {
	e := echo.New()
	e.Use(otelecho.Middleware("svc"))
	return &http.Server{Handler: otelhttp.NewHandler(e, "server")} // want `otelhttp.NewHandler wraps e, which already uses otelecho.Middleware \(line 70\)`
}

func muxTwice() {
	r := mux.NewRouter()
	r.Use(otelmux.Middleware("svc"))
	api := r.PathPrefix("/api").Subrouter()
	api.Use(otelmux.Middleware("api")) // want `otelmux.Middleware is registered on api, which already has otelmux.Middleware \(line 76\)`
	api.HandleFunc("/orders", orders)
	http.ListenAndServe(":8080", r)
}

func orders(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "orders", trace.WithSpanKind(trace.SpanKindServer)) // want `orders starts a SERVER span, but it is served through otelmux.Middleware \(line 76\)`
	defer span.End()
}

// muxOnce registers otelmux once, and a subrouter without it.
func muxOnce() {
	r := mux.NewRouter()
	r.Use(otelmux.Middleware("svc"))
	r.PathPrefix("/static").Handler(http.FileServer(http.Dir(".")))
	http.ListenAndServe(":8080", r)
}

// twoRouters each get the middleware once.
func twoRouters() {
	public := gin.New()
	public.Use(otelgin.Middleware("public"))
	admin := gin.New()
	admin.Use(otelgin.Middleware("admin"))
}

// startServerSpan is a helper that starts a SERVER span and returns it
// (adapted from a public gin service).
func startServerSpan(c *gin.Context, op string, opts ...trace.SpanStartOption) trace.Span {
	_, span := tracer.Start(c.Request.Context(), op, append(opts, trace.WithSpanKind(trace.SpanKindServer))...)
	return span
}

func ginHelper() {
	r := gin.New()
	r.Use(otelgin.Middleware("svc"))
	r.GET("/dicts", listDicts)
}

func listDicts(c *gin.Context) {
	span := startServerSpan(c, "list dicts") // want `listDicts \(through startServerSpan\) starts a SERVER span, but it is served through otelgin.Middleware \(line 113\)`
	defer span.End()
}
