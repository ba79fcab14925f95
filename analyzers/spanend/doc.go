// Package spanend defines an Analyzer that reports spans that are not ended
// on every path out of the function that started them.
//
// # Analyzer spanend
//
// spanend: span not ended on every path, so it is never exported
//
// The analyzer follows every span started with (trace.Tracer).Start, with a
// configured start function, or with a helper that returns a span its
// caller must end, along every path of the function's control flow (SSA),
// and reports the start when some return, or the end of a loop iteration,
// is reached before the span is ended. Ownership may leave the function
// instead: the span (or a context carrying it) is returned, stored in a
// field, map, slice or channel, passed to a function that ends it on every
// path, captured by a closure or goroutine that ends it, or ended in a
// defer. Facts carry this across packages: returnsSpan(i) for helpers such
// as startSpanForQuery(ctx, name) (context.Context, trace.Span), whose
// callers are checked instead; endsSpan(i) for helpers that end the span
// they are passed; endsField(f) for methods such as Close that end the span
// held in a field of their receiver. A span whose result is discarded
// (tracer.Start as a statement, or _ for the span) is reported too, unless
// the context that carries it leaves the function. Paths that panic, or
// call a function that never returns (os.Exit, log.Fatal, or a helper of
// the module whose every path does), are not followed, and spans of the
// no-op tracer (go.opentelemetry.io/otel/trace/noop) are not checked. A
// helper that follows the (span, err) convention, returning a nil span
// whenever it returns an error, needs no End on its error path
// (returnsSpan(i, nil on error j)).
//
// # Why
//
// The SDK exports a span only when it ends: a span that is never ended is
// lost, with everything recorded on it, and it stays in memory until its
// tracer provider shuts down. Its children appear orphaned in the backend.
//
// When the span is never ended anywhere in the function, the suggested fix
// inserts defer span.End() right after the statement that starts it
// (outside loops only, where a defer would pile up).
//
// # Bad
//
//	ctx, span := tracer.Start(ctx, "load")
//	if err := load(ctx); err != nil {
//		return err // span leaks
//	}
//	span.End()
//	return nil
//
// # Good
//
//	ctx, span := tracer.Start(ctx, "load")
//	defer span.End()
//	return load(ctx)
//
// # Options
//
//   - start-functions: qualified names of further functions that start a
//     span the caller must end, e.g. example.com/telemetry.StartSpan or
//     (*example.com/telemetry.Client).StartSpan. Default: none.
//   - end-functions: qualified names of functions that end the span passed
//     to them, e.g. example.com/telemetry.EndWithCause. Default: none.
//   - tests: also check _test.go files. Default false: tests leave spans
//     open on purpose and take nil spans from helpers that fail.
package spanend
