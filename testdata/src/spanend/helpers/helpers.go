// Package helpers holds span helpers used from another package.
package helpers

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("helpers")

// StartSpanForQuery returns a span its caller must end.
func StartSpanForQuery(ctx context.Context, q string) (context.Context, trace.Span) { // want StartSpanForQuery:"returnsSpan\\(1\\)"
	return tracer.Start(ctx, q)
}

// Finish ends the span it is passed.
func Finish(err error, span trace.Span) { // want Finish:"endsSpan\\(1\\)"
	if err != nil {
		span.RecordError(err)
	}
	span.End()
}

// Op owns a span until Close.
type Op struct {
	name string
	span trace.Span
}

// NewOp starts the operation's span; Close ends it.
func NewOp(ctx context.Context) *Op {
	_, span := tracer.Start(ctx, "op")
	return &Op{name: "op", span: span}
}

// Close ends the operation's span.
func (o *Op) Close() { // want Close:"endsField\\(span\\)"
	o.span.End()
}

// Client starts spans for its callers.
type Client struct{ t trace.Tracer }

// StartSpan returns a span its caller must end.
func (c *Client) StartSpan(ctx context.Context) (trace.Span, context.Context) { // want StartSpan:"returnsSpan\\(0\\)"
	ctx, span := c.t.Start(ctx, "client")
	return span, ctx
}

// StartChecked follows the (span, err) convention: a nil span with an error.
func StartChecked(ctx context.Context, name string) (context.Context, trace.Span, error) { // want StartChecked:"returnsSpan\\(1, nil on error 2\\)"
	if name == "" {
		return ctx, nil, errNoName
	}
	ctx, span := tracer.Start(ctx, name)
	return ctx, span, nil
}

var errNoName = errorString("no name")

type errorString string

func (e errorString) Error() string { return string(e) }
