// Package simpleprocessor defines an Analyzer that reports synchronous span
// and log export in production code.
//
// # Analyzer simpleprocessor
//
// simpleprocessor: synchronous span or log export in production code
//
// The analyzer reports uses of sdktrace.NewSimpleSpanProcessor,
// sdktrace.WithSyncer and sdklog.NewSimpleProcessor (from
// go.opentelemetry.io/otel/sdk/trace and go.opentelemetry.io/otel/sdk/log),
// resolved through types: aliased imports, dot imports and method values
// are found too, and so are calls from production code to helpers in
// allowed directories (examples, test helpers) that use them.
//
// # Why
//
// A simple processor exports each span or log record synchronously, on the
// goroutine that ends the span, so every request waits for the exporter's
// network round trip, and a slow or unreachable collector stalls the
// service. The OpenTelemetry Go SDK documents these processors as meant
// for testing and debugging, not for production; the batch processors
// export in the background.
//
// Findings are not reported in _test.go files, in files under the allow
// globs, or in a function that also builds a batch processor (directly or
// through a helper of its package): such code lets its user choose, as
// otelconf's "simple" processor type and telemetrygen's --batch=false do,
// or exports synchronously only to an in-process recorder beside a batched
// exporter. The suggested fix swaps the simple processor for the batch one:
// WithSyncer(x) becomes WithBatcher(x), NewSimpleSpanProcessor(x) becomes
// NewBatchSpanProcessor(x), and sdklog.NewSimpleProcessor(x) becomes
// sdklog.NewBatchProcessor(x) where the result is passed straight to a
// Processor parameter (elsewhere the result type would change). Remember
// to shut the provider down on exit so the last batch is flushed.
//
// # Bad
//
//	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
//
// # Good
//
//	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
//	defer tp.Shutdown(context.Background())
//
// # Options
//
//   - allow: globs (relative to the module root or the .otellint.yml
//     directory; "**" spans directories) of files where synchronous export
//     is fine. Default: example and test helper directories (example,
//     examples, testutil, testhelpers, testing, test, tests, and names
//     ending in test, tests or testing such as tracetest).
package simpleprocessor
