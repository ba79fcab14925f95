package a

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

var tracer = otel.Tracer("a")

func load(ctx context.Context, id string) error { // want load:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "load")
	defer span.End()
	return nil
}

func save(ctx context.Context) error { return load(ctx, "x") } // want save:"startsSpan\\(0\\)"

// Rule 1: a fresh context while one is in scope.

func fromParam(ctx context.Context) {
	_, span := tracer.Start(context.Background(), "from.param") // want `span "from.param" is started from context.Background\(\) while ctx is in scope: this span starts a new trace instead of continuing the caller's`
	defer span.End()
}

func fromTODO(ctx context.Context) {
	_, span := tracer.Start(context.TODO(), "todo") // want `span "todo" is started from context.TODO\(\) while ctx is in scope`
	span.End()
}

func handler(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(context.Background(), "handler") // want `span "handler" is started from context.Background\(\) while r.Context\(\) is in scope`
	defer span.End()
}

func nested(ctx context.Context) { // want nested:"startsSpan\\(0\\)"
	ctx2, span := tracer.Start(ctx, "outer")
	defer span.End()
	_, child := tracer.Start(context.Background(), "inner") // want `span "inner" is started from context.Background\(\) while ctx2 of span "outer" is in scope: this span starts a new trace instead of becoming a child of span "outer"`
	child.End()
	_ = ctx2
}

func requestInLoop(w http.ResponseWriter, r *http.Request, items []string) {
	for range items {
		_, span := tracer.Start(context.Background(), "item") // want `span "item" is started from context.Background\(\) while r.Context\(\) is in scope`
		span.End()
	}
}

func capturedInLiteral(ctx context.Context) {
	do(func() {
		_, span := tracer.Start(context.Background(), "captured") // want `span "captured" is started from context.Background\(\) while ctx is in scope`
		span.End()
		_ = ctx
	})
}

func do(f func()) { f() }

// Not reported: deliberate new roots and background work.

func newRoot(ctx context.Context) {
	_, span := tracer.Start(context.Background(), "root", trace.WithNewRoot())
	span.End()
}

func linked(ctx context.Context) {
	_, span := tracer.Start(context.Background(), "linked", trace.WithLinks(trace.LinkFromContext(ctx)))
	span.End()
}

func remoteParent(ctx context.Context, sc trace.SpanContext) {
	_, span := tracer.Start(trace.ContextWithRemoteSpanContext(context.Background(), sc), "remote")
	span.End()
	_, span2 := tracer.Start(trace.ContextWithSpanContext(context.Background(), sc), "local")
	span2.End()
}

func withoutCancel(ctx context.Context) {
	_, span := tracer.Start(context.WithoutCancel(ctx), "detached")
	span.End()
}

func background(ctx context.Context) {
	go func() {
		_, span := tracer.Start(context.Background(), "background")
		span.End()
	}()
}

func noContext() {
	_, span := tracer.Start(context.Background(), "main")
	span.End()
}

func worker(ctx context.Context, jobs <-chan string) {
	for range jobs {
		_, span := tracer.Start(context.Background(), "job")
		span.End()
	}
}

func noopTracer(ctx context.Context) {
	_, span := noop.NewTracerProvider().Tracer("").Start(context.Background(), "noop")
	span.End()
}

func unnamed(_ context.Context) {
	_, span := tracer.Start(context.Background(), "unnamed")
	span.End()
}

func opts(ctx context.Context, o ...trace.SpanStartOption) {
	_, span := tracer.Start(context.Background(), "opts", o...)
	span.End()
}

// Rule 2: the context returned by Start is dropped.

func dropped(ctx context.Context) error { // want dropped:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "dropped") // want `the context returned by Start for span "dropped" is dropped and ctx is passed on while the span is open: the span load starts at line \d+ becomes a sibling, not a child`
	defer span.End()
	return load(ctx, "1")
}

func droppedTransitive(ctx context.Context) error { // want droppedTransitive:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "transitive") // want `the span save starts at line \d+ becomes a sibling`
	defer span.End()
	return save(ctx)
}

func droppedSibling(ctx context.Context) { // want droppedSibling:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "first") // want `span "second" started at line \d+ becomes a sibling, not a child`
	_, span2 := tracer.Start(ctx, "second")
	span2.End()
	span.End()
}

func droppedRequest(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "request") // want `the context returned by Start for span "request" is dropped and r.Context\(\) is passed on while the span is open: the span load starts`
	defer span.End()
	_ = load(r.Context(), "1")
}

func droppedUsedAfterEnd(ctx context.Context) { // want droppedUsedAfterEnd:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "ended") // want `span "ended" is dropped`
	_ = load(ctx, "1")
	span.End()
	_ = load(ctx, "2")
}

func droppedInLoopAssign(ctx context.Context, ids []string) { // want droppedInLoopAssign:"startsSpan\\(0\\)"
	var span trace.Span
	for _, id := range ids {
		_, span = tracer.Start(ctx, "loop") // want `span "loop" is dropped`
		_ = load(ctx, id)
		span.End()
	}
}

// Not reported: the old context is used only after the span ends, goes to
// something that starts no span, or holds the span again.

func endedFirst(ctx context.Context) { // want endedFirst:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "short")
	span.End()
	_ = load(ctx, "1")
}

func plainUse(ctx context.Context) error { // want plainUse:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "plain")
	defer span.End()
	return ctx.Err()
}

func reattached(ctx context.Context) error { // want reattached:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "reattached")
	defer span.End()
	ctx = trace.ContextWithSpan(ctx, span)
	return load(ctx, "1")
}

func inGoroutine(ctx context.Context) { // want inGoroutine:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "async")
	defer span.End()
	go func() { _ = load(ctx, "1") }()
}

func kept(ctx context.Context) error { // want kept:"startsSpan\\(0\\)"
	ctx, span := tracer.Start(ctx, "kept")
	defer span.End()
	return load(ctx, "1")
}

// Not reported: a span discarded at its start is never exported.

func discardedSibling(ctx context.Context) { // want discardedSibling:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "kept.open")
	_, _ = tracer.Start(ctx, "discarded")
	span.End()
}

func discardedFirst(ctx context.Context) { // want discardedFirst:"startsSpan\\(0\\)"
	_, _ = tracer.Start(ctx, "discarded.first")
	_, span := tracer.Start(ctx, "after")
	span.End()
}

// Not reported: a new trace linked to the caller's after the start (as
// openfga's cache controller does, so that background work does not
// pollute the request's trace).
func linkedAfter(parentCtx context.Context) {
	ctx, span := tracer.Start(context.Background(), "invalidate")
	defer span.End()
	link := trace.LinkFromContext(ctx)
	trace.SpanFromContext(parentCtx).AddLink(link)
}

// Reported without a fix: ctx, span := ... would declare a ctx that the
// if block never uses.
func innerBlock(ctx context.Context, traced bool) error { // want innerBlock:"startsSpan\\(0\\)"
	if traced {
		_, span := tracer.Start(ctx, "inner.block") // want `span "inner.block" is dropped`
		defer span.End()
	}
	return load(ctx, "1")
}

// Not reported: the goroutine reads the request, not its context.
func asyncAudit(w http.ResponseWriter, r *http.Request) {
	go func() {
		_, span := tracer.Start(context.Background(), "audit")
		defer span.End()
		_ = r.URL.Path
	}()
}
