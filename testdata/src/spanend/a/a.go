package a

import (
	"context"
	"errors"
	"fmt"
	"log"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("a")

func work(ctx context.Context) error { return nil }

func deferred(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "deferred")
	defer span.End()
	return work(ctx)
}

// An early return in a function with no error result: go-spancheck misses it.
func earlyReturnNoError(ctx context.Context, ok bool) {
	_, span := tracer.Start(ctx, "early") // want `span "span" started by tracer.Start is not ended on the return at line 27; an unended span is never exported`
	if !ok {
		return
	}
	span.End()
}

func earlyReturnInt(ctx context.Context, ok bool) int {
	_, span := tracer.Start(ctx, "early") // want `is not ended on the return at line 35`
	if !ok {
		return 1
	}
	span.End()
	return 0
}

// A span started in a loop must be ended in each iteration: go-spancheck misses it.
func loop(ctx context.Context, items []string) {
	for _, it := range items {
		_, span := tracer.Start(ctx, it) // want `span "span" started by tracer.Start is not ended at the end of each loop iteration`
		if it == "" {
			continue
		}
		span.End()
	}
}

func loopOK(ctx context.Context, items []string) {
	for _, it := range items {
		ctx, span := tracer.Start(ctx, it)
		_ = work(ctx)
		span.End()
	}
}

func discarded(ctx context.Context) {
	tracer.Start(ctx, "x")        // want `the span started by tracer.Start is discarded, so it is never ended and never exported`
	_, _ = tracer.Start(ctx, "y") // want `the span started by tracer.Start is discarded`
}

// The context that carries the span leaves the function: its caller ends
// the span with trace.SpanFromContext.
func ctxReturned(ctx context.Context) context.Context {
	ctx, _ = tracer.Start(ctx, "x")
	return ctx
}

func ctxStored(ctx context.Context, r *request) {
	ctx, _ = tracer.Start(ctx, "x")
	r.ctx = ctx
}

type request struct{ ctx context.Context }

func fromContext(ctx context.Context) {
	ctx, _ = tracer.Start(ctx, "x")
	defer trace.SpanFromContext(ctx).End()
	_ = work(ctx)
}

// A wrapper that returns the span: its callers are checked instead.
func startSpanForQuery(ctx context.Context, q string) (context.Context, trace.Span) { // want startSpanForQuery:"returnsSpan\\(1\\)"
	return tracer.Start(ctx, "query "+q)
}

func usesWrapper(ctx context.Context) error {
	ctx, span := startSpanForQuery(ctx, "select") // want `span "span" started by startSpanForQuery is not ended on the return at line 93`
	if err := work(ctx); err != nil {
		return err
	}
	span.End()
	return nil
}

func usesWrapperOK(ctx context.Context) error {
	ctx, span := startSpanForQuery(ctx, "q")
	defer span.End()
	return work(ctx)
}

// A helper that ends the span it is passed.
func finish(span trace.Span, err error) { // want finish:"endsSpan\\(0\\)"
	if err != nil {
		span.RecordError(err)
	}
	span.End()
}

func usesFinish(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "f")
	err := work(ctx)
	finish(span, err)
	return err
}

// A helper that ends it on some paths only does not count.
func maybeFinish(span trace.Span, err error) {
	if err != nil {
		span.End()
	}
}

func usesMaybeFinish(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "f") // want `is never ended`
	err := work(ctx)
	maybeFinish(span, err)
	return err
}

// A struct owns the span; its Close ends it.
type spanHolder struct{ span trace.Span }

func (h *spanHolder) Close() { // want Close:"endsField\\(span\\)"
	if h.span != nil {
		h.span.End()
	}
}

func newHolder(ctx context.Context) *spanHolder {
	_, span := tracer.Start(ctx, "held")
	return &spanHolder{span: span}
}

func (h *spanHolder) start(ctx context.Context) {
	_, h.span = tracer.Start(ctx, "held")
}

func closureEnds(ctx context.Context) func() {
	_, span := tracer.Start(ctx, "c")
	return func() { span.End() }
}

func goroutineEnds(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "g")
	go func() {
		defer span.End()
		_ = work(ctx)
	}()
}

func sent(ctx context.Context, ch chan trace.Span) {
	_, span := tracer.Start(ctx, "s")
	ch <- span
}

func mapped(ctx context.Context, m map[string]trace.Span) {
	_, span := tracer.Start(ctx, "m")
	m["x"] = span
}

func appended(ctx context.Context, items []string) []trace.Span {
	var spans []trace.Span
	for _, it := range items {
		_, span := tracer.Start(ctx, it)
		spans = append(spans, span)
	}
	return spans
}

// The span of the previous iteration is ended at the top of the next one
// and after the loop.
func rolling(ctx context.Context, items []string) {
	var span trace.Span
	for _, it := range items {
		if span != nil {
			span.End()
		}
		_, span = tracer.Start(ctx, it)
	}
	if span != nil {
		span.End()
	}
}

func fatal(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "fatal")
	if err := work(ctx); err != nil {
		log.Fatal(err)
	}
	span.End()
}

func panics(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "panics")
	if err := work(ctx); err != nil {
		panic(err)
	}
	span.End()
}

func deferClosure(ctx context.Context) (err error) {
	ctx, span := tracer.Start(ctx, "dc")
	defer func() {
		if err != nil {
			span.RecordError(err)
		}
		span.End()
	}()
	return work(ctx)
}

func twoReturns(ctx context.Context, a, b bool) error {
	_, span := tracer.Start(ctx, "two") // want `is not ended on the return at line 229 \(and 1 other path\)`
	if a {
		return errors.New("a")
	}
	if b {
		return errors.New("b")
	}
	span.End()
	return nil
}

func printed(ctx context.Context, ok bool) {
	_, span := tracer.Start(ctx, "p") // want `is not ended on the return at line 242`
	fmt.Println(span)
	if ok {
		return
	}
	span.End()
}

func conditionalStart(ctx context.Context, child bool) {
	var span trace.Span
	if child {
		ctx, span = tracer.Start(ctx, "child")
	} else {
		ctx, span = tracer.Start(ctx, "root", trace.WithNewRoot())
	}
	defer span.End()
	_ = work(ctx)
}

func inClosure(ctx context.Context) func() {
	return func() {
		_, span := tracer.Start(ctx, "lit") // want `is not ended on the return at line 262`
		if ctx == nil {
			return
		}
		span.End()
	}
}

func implicitEnd(ctx context.Context, ok bool) {
	_, span := tracer.Start(ctx, "implicit") // want `is not ended when the function ends at line 273`
	if ok {
		span.End()
	}
}

// The deferred closure was set up before the span was started.
func deferredBeforeStart(ctx context.Context) error {
	var span trace.Span
	defer func() {
		if span != nil {
			span.End()
		}
	}()
	ctx, span = tracer.Start(ctx, "late")
	return work(ctx)
}

// A captured span ended in the function itself.
func capturedAndEnded(ctx context.Context) {
	_, span := tracer.Start(ctx, "cap")
	f := func() { span.AddEvent("x") }
	f()
	span.End()
}

// A cleanup function handed back to the caller.
func cleanup(ctx context.Context) (context.Context, func()) {
	ctx, span := tracer.Start(ctx, "cleanup")
	return ctx, func() { span.End() }
}

// The context carrying the span is handed to a goroutine that ends it.
func ctxToGoroutine(ctx context.Context) {
	ctx, _ = tracer.Start(ctx, "bg")
	go func() {
		defer trace.SpanFromContext(ctx).End()
		_ = work(ctx)
	}()
}

// Returns a span it has already ended (a test helper making a parent): no
// returnsSpan fact, so its callers owe nothing.
func endedParent(ctx context.Context) (context.Context, trace.Span) {
	ctx, span := tracer.Start(ctx, "parent")
	defer span.End()
	return ctx, span
}

func usesEndedParent(ctx context.Context) trace.SpanContext {
	_, span := endedParent(ctx)
	return span.SpanContext()
}
