package extract

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("extract")

func ignored(w http.ResponseWriter, r *http.Request) {
	ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	_, span := tracer.Start(r.Context(), "ignored") // want `span "ignored" is started from r.Context\(\), not from ctx extracted from the incoming request on line \d+: the caller's trace is lost and this span starts a new trace`
	defer span.End()
	_ = ctx
}

func fresh(w http.ResponseWriter, r *http.Request) {
	var prop propagation.TraceContext
	remote := prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	_, span := tracer.Start(context.Background(), "fresh") // want `span "fresh" is started from context.Background\(\), not from remote extracted`
	defer span.End()
	_ = remote
}

func fromCtx(ctx context.Context, carrier propagation.MapCarrier) { // want fromCtx:"startsSpan\\(0\\)"
	parent := otel.GetTextMapPropagator().Extract(ctx, carrier)
	_, span := tracer.Start(ctx, "consume") // want `span "consume" is started from ctx, not from parent extracted`
	defer span.End()
	_ = parent
}

// Not reported: the extracted context is used, derived from, or linked.

func used(w http.ResponseWriter, r *http.Request) {
	ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	_, span := tracer.Start(ctx, "used")
	defer span.End()
}

func reassigned(ctx context.Context, carrier propagation.MapCarrier) { // want reassigned:"startsSpan\\(0\\)"
	ctx = otel.GetTextMapPropagator().Extract(ctx, carrier)
	_, span := tracer.Start(ctx, "reassigned")
	defer span.End()
}

func derived(w http.ResponseWriter, r *http.Request) {
	ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	tctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, span := tracer.Start(tctx, "derived")
	defer span.End()
}

func linkedConsumer(ctx context.Context, carrier propagation.MapCarrier) {
	producer := otel.GetTextMapPropagator().Extract(ctx, carrier)
	_, span := tracer.Start(ctx, "process", trace.WithLinks(trace.LinkFromContext(producer)))
	defer span.End()
}

func baggageOnly(w http.ResponseWriter, r *http.Request) {
	bctx := propagation.Baggage{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	_, span := tracer.Start(r.Context(), "baggage")
	defer span.End()
	_ = bctx
}

// Not reported: the extracted context is checked for a remote parent
// first, and the local context is the fallback.
func fallback(ctx context.Context, carrier propagation.MapCarrier) { // want fallback:"startsSpan\\(0\\)"
	remote := otel.GetTextMapPropagator().Extract(ctx, carrier)
	if trace.SpanContextFromContext(remote).IsValid() {
		ctx = remote
	} else {
		_, span := tracer.Start(ctx, "local")
		span.End()
	}
}
