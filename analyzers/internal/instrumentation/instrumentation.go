// Package instrumentation is the analyzers' knowledge of OpenTelemetry Go
// instrumentation libraries: the entry points that make a library create
// SERVER or CLIENT spans on the caller's behalf (otelhttp.NewHandler,
// otelgrpc.NewServerHandler, otelgin.Middleware, otelsql.Open, ...), with
// the span kind and protocol of the spans they create and the argument
// they instrument. Entries are keyed by fully qualified function or
// variable name (as types.Func.FullName spells it), resolved through
// types, never by identifier text.
package instrumentation

import (
	"go/types"
	"strings"

	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// SpanKind is the kind of span an entry makes the library create.
type SpanKind int

// Span kinds, with the values of go.opentelemetry.io/otel/trace.SpanKind.
const (
	Server SpanKind = 2
	Client SpanKind = 3
)

func (k SpanKind) String() string {
	if k == Server {
		return "SERVER"
	}
	return "CLIENT"
}

// Role says how an entry point instruments the program.
type Role int

const (
	// Handler wraps its argument Arg (a handler) and returns an
	// instrumented handler: otelhttp.NewHandler.
	Handler Role = iota
	// Middleware returns a middleware that wraps the handlers it is
	// applied to, by a router's Use or by calling it: otelmux.Middleware,
	// otelhttp.NewMiddleware.
	Middleware
	// Transport wraps its argument Arg (an http.RoundTripper):
	// otelhttp.NewTransport.
	Transport
	// ClientValue is an instrumented client value: otelhttp.DefaultClient.
	ClientValue
	// Request performs a request through an instrumented client:
	// otelhttp.Get.
	Request
	// StatsHandler is a gRPC stats handler: otelgrpc.NewServerHandler.
	StatsHandler
	// Interceptor is a gRPC interceptor: otelgrpc.UnaryServerInterceptor.
	Interceptor
	// Open returns an instrumented database handle: otelsql.Open.
	Open
	// Hook returns a tracer, monitor or hook that instruments the client
	// whose configuration it is stored in: otelpgx.NewTracer,
	// otelmongo.NewMonitor.
	Hook
	// Instrument instruments its argument Arg in place:
	// redisotel.InstrumentTracing, otelaws.AppendMiddlewares.
	Instrument
	// Annotate adds attributes to the library's span and creates none:
	// otelhttp.WithRouteTag. It is listed so that it is never mistaken for
	// a second wrapper.
	Annotate
)

// Entry is one instrumentation entry point.
type Entry struct {
	Name     string   // qualified name, e.g. "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp.NewHandler"
	Short    string   // how messages name it, e.g. "otelhttp.NewHandler"
	Kind     SpanKind // the kind of span the library creates
	Protocol string   // "http", "grpc", "sql", "redis", "mongodb", "aws"
	Role     Role
	Arg      int // the instrumented argument for Handler, Transport and Instrument; -1 otherwise
}

// Creates reports whether the entry makes the library create spans.
func (e *Entry) Creates() bool { return e.Role != Annotate }

// Import paths of the instrumentation libraries in the table.
const (
	OtelHTTP    = "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	OtelGRPC    = "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	OtelGin     = "go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	OtelMux     = "go.opentelemetry.io/contrib/instrumentation/github.com/gorilla/mux/otelmux"
	OtelEcho    = "go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho"
	OtelRestful = "go.opentelemetry.io/contrib/instrumentation/github.com/emicklei/go-restful/otelrestful"
	OtelChi     = "github.com/riandyrn/otelchi"
	OtelFiber   = "github.com/gofiber/contrib/otelfiber"
	OtelSQL     = "github.com/XSAM/otelsql"
	OtelPGX     = "github.com/exaring/otelpgx"
	RedisOtel   = "github.com/redis/go-redis/extra/redisotel"
	OtelMongo   = "go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver/mongo/otelmongo"
	OtelAWS     = "go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws"
)

func e(pkg, short, name string, kind SpanKind, proto string, role Role, arg int) *Entry {
	return &Entry{Name: pkg + "." + name, Short: short + "." + name, Kind: kind, Protocol: proto, Role: role, Arg: arg}
}

// entries is the built-in table. Packages with a major version suffix
// (otelfiber/v2, redisotel/v9) are matched without it, see Lookup.
var entries = []*Entry{
	// otelhttp (v0.4x–v0.72): server.
	e(OtelHTTP, "otelhttp", "NewHandler", Server, "http", Handler, 0),
	e(OtelHTTP, "otelhttp", "NewMiddleware", Server, "http", Middleware, -1),
	e(OtelHTTP, "otelhttp", "WithRouteTag", Server, "http", Annotate, 1),
	// otelhttp: client.
	e(OtelHTTP, "otelhttp", "NewTransport", Client, "http", Transport, 0),
	e(OtelHTTP, "otelhttp", "DefaultClient", Client, "http", ClientValue, -1),
	e(OtelHTTP, "otelhttp", "Get", Client, "http", Request, -1),
	e(OtelHTTP, "otelhttp", "Head", Client, "http", Request, -1),
	e(OtelHTTP, "otelhttp", "Post", Client, "http", Request, -1),
	e(OtelHTTP, "otelhttp", "PostForm", Client, "http", Request, -1),

	// otelgrpc: stats handlers (v0.45+) and the interceptors (removed in v0.62).
	e(OtelGRPC, "otelgrpc", "NewServerHandler", Server, "grpc", StatsHandler, -1),
	e(OtelGRPC, "otelgrpc", "NewClientHandler", Client, "grpc", StatsHandler, -1),
	e(OtelGRPC, "otelgrpc", "UnaryServerInterceptor", Server, "grpc", Interceptor, -1),
	e(OtelGRPC, "otelgrpc", "StreamServerInterceptor", Server, "grpc", Interceptor, -1),
	e(OtelGRPC, "otelgrpc", "UnaryClientInterceptor", Client, "grpc", Interceptor, -1),
	e(OtelGRPC, "otelgrpc", "StreamClientInterceptor", Client, "grpc", Interceptor, -1),

	// Router middlewares.
	e(OtelGin, "otelgin", "Middleware", Server, "http", Middleware, -1),
	e(OtelMux, "otelmux", "Middleware", Server, "http", Middleware, -1),
	e(OtelEcho, "otelecho", "Middleware", Server, "http", Middleware, -1),
	e(OtelRestful, "otelrestful", "OTelFilter", Server, "http", Middleware, -1),
	e(OtelChi, "otelchi", "Middleware", Server, "http", Middleware, -1),
	e(OtelFiber, "otelfiber", "Middleware", Server, "http", Middleware, -1),

	// Databases and caches.
	e(OtelSQL, "otelsql", "Open", Client, "sql", Open, -1),
	e(OtelSQL, "otelsql", "OpenDB", Client, "sql", Open, -1),
	e(OtelSQL, "otelsql", "Register", Client, "sql", Hook, -1),
	e(OtelSQL, "otelsql", "WrapDriver", Client, "sql", Hook, -1),
	e(OtelPGX, "otelpgx", "NewTracer", Client, "sql", Hook, -1),
	e(RedisOtel, "redisotel", "InstrumentTracing", Client, "redis", Instrument, 0),
	e(OtelMongo, "otelmongo", "NewMonitor", Client, "mongodb", Hook, -1),

	// AWS SDK v2.
	e(OtelAWS, "otelaws", "AppendMiddlewares", Client, "aws", Instrument, 0),
}

// Propagators are the functions through which a hook installed in a
// configuration reaches the client built from it: the result is
// instrumented when the argument at the given index is.
var Propagators = map[string]int{
	"database/sql.Open":                                           0, // the driver name from otelsql.Register
	"github.com/jackc/pgx/v5/pgxpool.NewWithConfig":               1,
	"github.com/jackc/pgx/v5.ConnectConfig":                       1,
	"github.com/jackc/pgx/v4/pgxpool.ConnectConfig":               1,
	"github.com/jackc/pgx/v4.ConnectConfig":                       1,
	"go.mongodb.org/mongo-driver/mongo.Connect":                   1,
	"go.mongodb.org/mongo-driver/mongo.NewClient":                 0,
	"go.mongodb.org/mongo-driver/v2/mongo.Connect":                0,
	"github.com/aws/aws-sdk-go-v2/service/s3.NewFromConfig":       0,
	"github.com/aws/aws-sdk-go-v2/service/dynamodb.NewFromConfig": 0,
	"github.com/aws/aws-sdk-go-v2/service/sqs.NewFromConfig":      0,
	"github.com/aws/aws-sdk-go-v2/service/sns.NewFromConfig":      0,
}

// Table is a lookup table: the built-in entries plus any configured extras.
type Table struct {
	byName map[string]*Entry
	extra  map[string]SpanKind // extra wrappers, role inferred from the signature
}

// New returns the built-in table extended with extra server and client
// wrappers, given as qualified names ("example.com/mw.Trace",
// "(*example.com/mw.Router).Traced").
func New(extraServer, extraClient []string) *Table {
	t := &Table{byName: map[string]*Entry{}, extra: map[string]SpanKind{}}
	for _, en := range entries {
		t.byName[en.Name] = en
	}
	for _, n := range extraServer {
		if n = strings.TrimSpace(n); n != "" {
			t.extra[n] = Server
		}
	}
	for _, n := range extraClient {
		if n = strings.TrimSpace(n); n != "" {
			t.extra[n] = Client
		}
	}
	return t
}

// Lookup returns the entry for the function or package-level variable
// obj, or nil.
func (t *Table) Lookup(obj types.Object) *Entry {
	if obj == nil || obj.Pkg() == nil {
		return nil
	}
	var name string
	switch obj := obj.(type) {
	case *types.Func:
		name = otelapi.FuncName(obj)
	case *types.Var:
		if obj.IsField() || obj.Parent() != obj.Pkg().Scope() {
			return nil
		}
		name = trimMajor(obj.Pkg().Path()) + "." + obj.Name()
	default:
		return nil
	}
	if en := t.byName[trimMajorName(name)]; en != nil {
		return en
	}
	if kind, ok := t.extra[name]; ok {
		if fn, ok := obj.(*types.Func); ok {
			return inferEntry(fn, name, kind)
		}
	}
	return nil
}

// inferEntry builds the entry of a configured extra wrapper from its
// signature: a parameter of type http.Handler makes a server Handler, of
// type http.RoundTripper a client Transport; a server function without one
// is a Middleware; a client function without one returns an instrumented
// client or handle (Open).
func inferEntry(fn *types.Func, name string, kind SpanKind) *Entry {
	short := fn.Name()
	if fn.Pkg() != nil {
		short = fn.Pkg().Name() + "." + fn.Name()
	}
	en := &Entry{Name: name, Short: short, Kind: kind, Protocol: "http", Arg: -1}
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		pt := params.At(i).Type()
		if kind == Server && otelapi.IsNamed(pt, "net/http", "Handler") {
			en.Role, en.Arg = Handler, i
			return en
		}
		if kind == Client && otelapi.IsNamed(pt, "net/http", "RoundTripper") {
			en.Role, en.Arg = Transport, i
			return en
		}
	}
	if kind == Server {
		en.Role = Middleware
	} else {
		en.Role, en.Protocol = Open, "client"
	}
	return en
}

// trimMajor removes a major version suffix (/v2, /v9) from an import path.
func trimMajor(path string) string {
	i := strings.LastIndex(path, "/v")
	if i < 0 {
		return path
	}
	for _, c := range path[i+2:] {
		if c < '0' || c > '9' {
			return path
		}
	}
	if i+2 == len(path) {
		return path
	}
	return path[:i]
}

// trimMajorName removes a major version suffix from the package part of a
// qualified function name "pkg/path.Name".
func trimMajorName(name string) string {
	if strings.HasPrefix(name, "(") {
		return name
	}
	i := strings.LastIndex(name, ".")
	if i < 0 {
		return name
	}
	return trimMajor(name[:i]) + name[i:]
}

// Propagates returns the index of the argument whose instrumentation fn's
// result inherits, or -1.
func Propagates(fn *types.Func) int {
	if i, ok := Propagators[otelapi.FuncName(fn)]; ok {
		return i
	}
	return -1
}

// Imports reports whether pkg imports one of the instrumentation packages
// of the built-in table.
func Imports(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if IsInstrumentationPath(imp.Path()) {
			return true
		}
	}
	return false
}

// IsInstrumentationPath reports whether path is one of the instrumentation
// packages of the built-in table.
func IsInstrumentationPath(path string) bool {
	path = trimMajor(path)
	for _, en := range entries {
		if strings.HasPrefix(en.Name, path+".") {
			return true
		}
	}
	return false
}
