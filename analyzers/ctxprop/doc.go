// Package ctxprop defines an Analyzer that reports spans and requests that
// lose the context in scope, so that trace continuity breaks.
//
// # Analyzer ctxprop
//
// ctxprop: the span's context is lost and the trace breaks
//
// The analyzer follows the context.Context a function has in scope: a
// context parameter, an *http.Request parameter (its Context()), or the
// context returned by an earlier (trace.Tracer).Start. In a function
// literal only the contexts it captures count, so a goroutine started for
// background work with no context captured is left alone. It reports:
//
//   - a span started from context.Background() or context.TODO() while a
//     context is in scope: the span starts a new trace. A deliberate new
//     root is not reported: trace.WithNewRoot() or trace.WithLinks(...)
//     among the options, a fresh context given a span context with
//     trace.ContextWithSpanContext or ContextWithRemoteSpanContext,
//     context.WithoutCancel(ctx), or a function that links the spans
//     (trace.LinkFromContext, span.AddLink). In a loop, only a context from a request
//     or an open span counts, not a context parameter alone: long-running
//     workers often start one trace per iteration;
//   - the context returned by Start dropped (_, span := tracer.Start(ctx,
//     ...)) while, with the span still open, the old context is passed to
//     something that creates spans: another Start, a function that starts
//     a span from its context parameter (known through facts across
//     packages), an otelhttp request (otelhttp.Get, ..., or a request
//     built with http.NewRequestWithContext(ctx, ...) and sent through an
//     otelhttp client), a gRPC client
//     call, or a call with a context on a database handle from otelsql:
//     that span becomes a sibling of the dropped one, not a child. A later
//     ctx = trace.ContextWithSpan(ctx, span) ends the search;
//   - a request built or sent without the context in scope
//     (http.NewRequest, http.Get/Head/Post/PostForm, (*http.Client).Get
//     and its siblings) when it goes through an otelhttp client or
//     transport (otelhttp.DefaultClient, an http.Client whose Transport
//     is otelhttp.NewTransport, followed through variables, fields and
//     functions, with facts), or when the code injects the request's own
//     context with a propagator: the request's span starts a new trace;
//   - a handler that extracts the incoming context
//     (ctx := propagator.Extract(r.Context(), carrier)) and then starts its
//     span from r.Context() or a fresh context instead: the caller's trace
//     is lost.
//
// Suggested fixes pass the context in scope to Start, keep the context
// Start returns in the old variable (ctx, span := tracer.Start(ctx, ...);
// offered only when ctx is a context.Context variable that is not used
// after an explicit span.End() and the assignment cannot make contexts
// nest in a loop), and turn http.NewRequest(...) into
// http.NewRequestWithContext(ctx, ...).
//
// Not reported either: _test.go files (unless the tests option is on),
// generated files, spans started on the no-op tracer, Start calls whose
// options are passed as opts..., and spans discarded at their start
// (spanend reports those). gRPC client calls (methods taking
// ...grpc.CallOption) are taken to be instrumented, since the connection
// is usually set up in another package.
//
// # Why
//
// OpenTelemetry carries the current span in the context.Context: a span
// started from a context becomes the child of the span in it, and
// instrumented clients inject that span into the outgoing request so the
// server's spans continue the same trace. A span started from
// context.Background() while a request's context is at hand starts a new
// trace, so the trace view shows two disconnected halves. A context
// dropped after Start makes every later span a sibling of the one just
// started rather than its child, and a request built without the context
// is sent with no trace at all.
//
// # Bad
//
//	func (s *Service) Get(ctx context.Context, id string) (*User, error) {
//		_, span := tracer.Start(ctx, "user.get")
//		defer span.End()
//		return s.repo.Load(ctx, id) // its span is a sibling of "user.get"
//	}
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		ctx, span := tracer.Start(context.Background(), "handle")
//		defer span.End()
//		req, _ := http.NewRequest("GET", backendURL, nil)
//		resp, err := client.Do(req) // client has an otelhttp transport
//	}
//
// # Good
//
//	func (s *Service) Get(ctx context.Context, id string) (*User, error) {
//		ctx, span := tracer.Start(ctx, "user.get")
//		defer span.End()
//		return s.repo.Load(ctx, id)
//	}
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		ctx, span := tracer.Start(r.Context(), "handle")
//		defer span.End()
//		req, _ := http.NewRequestWithContext(ctx, "GET", backendURL, nil)
//		resp, err := client.Do(req)
//	}
//
// # Options
//
//   - tests: also check _test.go files. Default false: tests often start
//     spans from a fresh context on purpose.
package ctxprop
