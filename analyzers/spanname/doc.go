// Package spanname defines an Analyzer that reports vague and
// high-cardinality span names.
//
// # Analyzer spanname
//
// spanname: vague or high-cardinality span names
//
// The analyzer checks the names given to spans by (trace.Tracer).Start and
// (trace.Span).SetName, resolved through types, and the names passed to
// wrapper functions that forward a parameter to one of them: a fact records
// that the wrapper's parameter becomes a span name, so
// traced(ctx, "inventory.reserve", f) is judged at the call site (in this
// package or any package importing the wrapper) and the wrapper itself is
// not reported. The operation given to otelhttp.NewHandler and
// otelhttp.NewMiddleware is the span name too, unless a
// WithSpanNameFormatter option is passed.
//
// It reports:
//
//   - vague names (severity warning): empty or blank names (except an
//     empty placeholder given to Start in a package that renames spans
//     with SetName, and names of spans started on the no-op tracer of
//     go.opentelemetry.io/otel/trace/noop, which are never exported), and a generic word on its own ("span",
//     "function_call", "handler", "process", "run", "execute", "task",
//     "test", "foo", "main", ...), compared case- and
//     separator-insensitively;
//   - high-cardinality names (severity error): names built from a value
//     that is not from a small bounded set: the raw request path or URI
//     (r.URL.Path, r.RequestURI, r.URL.String()), request input (headers,
//     form and query values, path parameters), generated IDs (google/uuid,
//     gofrs/uuid, rs/xid, segmentio/ksuid, oklog/ulid, crypto/rand bytes,
//     trace and span IDs), time values and error strings, found through
//     local variables, concatenation, fmt.Sprint*, strings, strconv and
//     functions whose results are known (facts carry them across
//     packages); and names built from a variable, parameter or field whose
//     name says it holds an identifier (its last word is id, uuid, guid,
//     ulid or email: "load order "+orderID, o.CustomerEmail);
//   - names formatted from a non-constant integer (strconv.Itoa(n), %d;
//     severity warning): usually an ID, index or counter;
//   - literal names that embed an ID (severity error): "GET /users/12345",
//     segments of five or more digits (shorter numbers are usually ports,
//     years or status codes), UUIDs, long hexadecimal strings and email
//     addresses.
//
// Bounded sources are fine: constants, enum-like typed constants, r.Method,
// r.Pattern, route templates of gin, echo, chi and gorilla/mux, fields of
// configuration structs (...Config, ...Options), and functions that only
// return constants. A name the analyzer cannot bound
// either way (a parameter, a struct field, a value from an unknown
// function) is not reported, unless the report-unknown option is set or
// the value's name says it is an identifier. A function whose span name
// comes from such a parameter (func load(ctx, orderID string)) is reported
// where it starts the span, not treated as a wrapper.
//
// The severity is in the diagnostic's Category: "error" or "warning".
//
// # Why
//
// A span name identifies a class of operations: backends group, sample and
// aggregate spans by name, and derive span metrics from it. A name that
// carries an ID, a path or a timestamp makes every span its own class, so
// nothing can be grouped, dashboards and span-metric series explode, and
// some backends drop or truncate the names. A vague name such as "handler"
// or "process" groups unrelated operations and tells the reader nothing.
// The OpenTelemetry specification asks for names with low cardinality that
// identify the operation, with the variable parts in attributes; for HTTP
// servers the name is the method and the route template.
//
// The suggested fix is offered only for a string literal that embeds an
// ID: the ID segments become placeholders ("GET /users/12345" becomes
// "GET /users/{id}"). Moving a dynamic part into an attribute needs the
// attribute's name, so it is left to the author.
//
// # Bad
//
//	ctx, span := tracer.Start(ctx, r.URL.Path)
//	ctx, span := tracer.Start(ctx, "order-"+uuid.NewString())
//	ctx, span := tracer.Start(ctx, "process")
//
// # Good
//
//	ctx, span := tracer.Start(ctx, r.Method+" "+r.Pattern,
//		trace.WithAttributes(semconv.URLPath(r.URL.Path)))
//	ctx, span := tracer.Start(ctx, "order.create",
//		trace.WithAttributes(attribute.String("order.id", id)))
//	ctx, span := tracer.Start(ctx, "inventory.reserve")
//
// # Options
//
//   - vague-names: generic words that are not span names on their own,
//     compared case- and separator-insensitively. Default: the list the
//     runtime checker uses too (span, function_call, func, function,
//     call, handler, handle, process, run, do, execute, exec, operation,
//     op, task, job, work, test, todo, foo, bar, baz, main, method,
//     request, unknown, unnamed, default, untitled, action, tmp, temp,
//     myspan, testspan, newspan).
//   - report-unknown: also report (as warnings) names built by
//     concatenation or formatting from values the analyzer cannot bound,
//     except values the semantic conventions put in span names (fields,
//     variables or getters named topic, queue, destination, table,
//     collection, service, method, operation, route, command, ...).
//     Default false.
//   - tests: also check _test.go files. Default false: tests use
//     throw-away names.
package spanname
