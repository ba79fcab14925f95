// Package doubleinst defines an Analyzer that reports code creating the
// same span twice: hand-written spans and stacked wrappers on top of
// instrumentation libraries that already create them.
//
// # Analyzer doubleinst
//
// doubleinst: span created twice for the same request, RPC or query
//
// Instrumentation libraries create the SERVER and CLIENT spans of the
// operations they wrap. The analyzer reports:
//
//   - a handler served through server instrumentation (otelhttp.NewHandler,
//     otelhttp.NewMiddleware, a router using otelgin, otelmux, otelecho,
//     otelchi or otelfiber middleware, a mux wrapped as a whole) that starts
//     its own SERVER-kind span, directly or through a helper that starts it
//     and returns it, also when the handler is defined in another package
//     than the route, or the route is registered on a router built in
//     another package (facts carry both across packages); likewise a gRPC
//     service method that starts a SERVER span when its implementation is
//     registered on a server created with otelgrpc's stats handler or
//     interceptors in the arguments of grpc.NewServer;
//   - server instrumentation stacked twice: otelhttp.NewHandler around a
//     handler already wrapped, a mux whose routes are wrapped and that is
//     wrapped again as a whole, a router with otel middleware registered
//     twice (also on a group of a router that has it), otelhttp around a
//     gin, echo, mux or chi router that already uses its otel middleware;
//   - otelhttp.NewHandler around a *grpc.Server (served through its
//     ServeHTTP method) created with otelgrpc's stats handler or
//     interceptors: each RPC gets an HTTP and an RPC SERVER span (the fix
//     removes the wrapper where it is passed straight to another call);
//   - a transport wrapped by otelhttp.NewTransport twice;
//   - a CLIENT-kind span, or a span of unspecified kind carrying http.*,
//     url.* or db.* attributes, around a call made through an instrumented
//     HTTP client or transport (otelhttp.NewTransport, otelhttp.DefaultClient,
//     otelhttp.Get), or on a database or cache handle opened through otelsql,
//     otelpgx, redisotel or otelmongo, or an AWS client built from a
//     configuration instrumented by otelaws;
//   - a gRPC server or client with both the otelgrpc stats handler and the
//     otelgrpc interceptors, or with either installed twice, in the
//     options of grpc.NewServer, grpc.NewClient, grpc.Dial or
//     grpc.DialContext, or in an option slice a function builds.
//
// INTERNAL spans (trace.SpanKindInternal, or no kind and no protocol
// attributes) are child spans of the library's span and are never
// reported. otelhttp.WithRouteTag only annotates the library's span and is
// not a wrapper.
//
// Values are followed through local variables (a use sees the assignments
// before it, except those in another branch of the same if/else or
// switch), fields of the package's structs, package-level variables and
// functions that return an instrumented handler, router, client or handle,
// across packages. Not followed: fields of other packages' structs
// (otelhttp.NewTransport(client.Transport)), values passed through
// interfaces or channels, and in-house wrapping routers (a mux type whose
// Handle method wraps each route) unless listed in extra-server-wrappers.
// A CLIENT span is matched with calls after it in the same function; a
// span whose attributes name another protocol (messaging.*, rpc.*) is not.
//
// Covered libraries (entry points keyed by qualified name, resolved through
// types): go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp
// v0.44–v0.72 (NewHandler, NewMiddleware, WithRouteTag, NewTransport,
// DefaultClient, Get, Head, Post, PostForm);
// .../google.golang.org/grpc/otelgrpc v0.44–v0.72 (NewServerHandler,
// NewClientHandler, and the interceptors removed in v0.62);
// .../github.com/gin-gonic/gin/otelgin up to v0.65,
// .../github.com/gorilla/mux/otelmux up to v0.58,
// .../github.com/labstack/echo/otelecho up to v0.60 (Middleware);
// .../github.com/emicklei/go-restful/otelrestful (OTelFilter);
// github.com/riandyrn/otelchi v0.12 and github.com/gofiber/contrib/otelfiber
// v2 (Middleware); github.com/XSAM/otelsql v0.44 (Open, OpenDB, Register,
// WrapDriver); github.com/exaring/otelpgx v0.13 (NewTracer, through
// pgxpool.NewWithConfig and pgx.ConnectConfig);
// github.com/redis/go-redis/extra/redisotel/v9 (InstrumentTracing);
// .../go.mongodb.org/mongo-driver/mongo/otelmongo v0.40 (NewMonitor, through
// mongo.Connect); .../github.com/aws/aws-sdk-go-v2/otelaws v0.72
// (AppendMiddlewares, through the service clients' NewFromConfig).
//
// # Why
//
// Each duplicate span doubles the storage of the operation, breaks the
// parent/child structure (the handler's SERVER span becomes the child of
// the library's SERVER span, so the trace shows the request twice) and
// makes latency breakdowns misleading. Back ends that derive service maps
// and RED metrics from SERVER and CLIENT spans count the request twice.
//
// The suggested fix removes a redundant inner wrapper written inline
// (otelhttp.NewHandler(otelhttp.NewHandler(h, "a"), "b") becomes
// otelhttp.NewHandler(h, "b")), the second registration of an otel
// middleware, and an otelgrpc interceptor next to the otelgrpc stats
// handler.
//
// # Bad
//
//	mux.Handle("/users", otelhttp.NewHandler(http.HandlerFunc(users), "users"))
//	http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "server"))
//
//	func users(w http.ResponseWriter, r *http.Request) {
//		ctx, span := tracer.Start(r.Context(), "users", trace.WithSpanKind(trace.SpanKindServer))
//		defer span.End()
//		...
//	}
//
//	grpc.NewServer(
//		grpc.StatsHandler(otelgrpc.NewServerHandler()),
//		grpc.UnaryInterceptor(otelgrpc.UnaryServerInterceptor()),
//	)
//
// # Good
//
//	mux.Handle("/users", otelhttp.WithRouteTag("/users", http.HandlerFunc(users)))
//	http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "server"))
//
//	func users(w http.ResponseWriter, r *http.Request) {
//		ctx, span := tracer.Start(r.Context(), "load users") // INTERNAL child
//		defer span.End()
//		...
//	}
//
//	grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()))
//
// # Options
//
//   - extra-server-wrappers: qualified names of in-house functions that
//     create SERVER spans, e.g. "example.com/platform/mw.Trace" or
//     "(*example.com/platform/mw.Router).Traced". A function with an
//     http.Handler parameter wraps that handler; one without is a
//     middleware. Default: none.
//   - extra-client-wrappers: qualified names of in-house functions that
//     create CLIENT spans. A function with an http.RoundTripper parameter
//     wraps that transport; one without returns an instrumented client or
//     handle, whose method calls are traced. Default: none.
package doubleinst
