// Package round2 holds the false positives found on real code in the second
// precision round; none of them may be reported.
package round2

import (
	"context"
	"errors"
	"os"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("round2")

func work(ctx context.Context) error { return nil }

func endSpan(span trace.Span, err error) { // want endSpan:"endsSpan\\(0\\)"
	if err != nil {
		span.RecordError(err)
	}
	span.End()
}

// A span started outside a closure that is called at once, and ended by a
// deferred func literal inside it.
func immediateClosure(ctx context.Context) error {
	ctx, srcSpan := tracer.Start(ctx, "copy")
	if err := func() (retErr error) {
		defer func() { endSpan(srcSpan, retErr) }()
		return work(ctx)
	}(); err != nil {
		return err
	}
	return nil
}

// The same, with the span variable reassigned (so captured by reference).
func immediateClosureBoxed(ctx context.Context, again bool) error {
	ctx, srcSpan := tracer.Start(ctx, "copy")
	if again {
		ctx, srcSpan = tracer.Start(ctx, "copy again")
	}
	if err := func() (retErr error) {
		defer func() { endSpan(srcSpan, retErr) }()
		return work(ctx)
	}(); err != nil {
		return err
	}
	return nil
}

// start follows the (span, err) convention: on every path that returns a
// non-nil error the span is nil.
func start(ctx context.Context, name string) (context.Context, trace.Span, error) { // want start:"returnsSpan\\(1, nil on error 2\\)"
	if name == "" {
		return ctx, nil, errors.New("no name")
	}
	ctx, span := tracer.Start(ctx, name)
	return ctx, span, nil
}

func spanErrConvention(ctx context.Context) error {
	_, span, err := start(ctx, "x")
	if err == nil {
		span.End()
	}
	return err
}

func spanErrConventionEarly(ctx context.Context) error {
	ctx, span, err := start(ctx, "x")
	if err != nil {
		return err
	}
	defer span.End()
	return work(ctx)
}

// maybeStart returns a nil span when sampling is off, before anything starts.
func maybeStart(ctx context.Context, rate float64) (context.Context, trace.Span) { // want maybeStart:"returnsSpan\\(1\\)"
	if rate == 0 {
		return ctx, nil
	}
	return tracer.Start(ctx, "sampled")
}

func sampled(ctx context.Context, rate float64) error {
	ctx, span := maybeStart(ctx, rate)
	if span == nil {
		return work(ctx)
	}
	defer span.End()
	return work(ctx)
}

func die() { os.Exit(1) }

// die never returns: the return after it is unreachable.
func afterDie(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	if err := work(ctx); err != nil {
		die()
		return err
	}
	span.End()
	return nil
}

// A helper that returns the span even with an error does not follow the
// convention: the caller must end it on the error path too.
func startAlways(ctx context.Context, name string) (context.Context, trace.Span, error) { // want startAlways:"returnsSpan\\(1\\)"
	ctx, span := tracer.Start(ctx, name)
	if name == "" {
		return ctx, span, errors.New("no name")
	}
	return ctx, span, nil
}

func startAlwaysLeaks(ctx context.Context) error {
	_, span, err := startAlways(ctx, "x") // want `span "span" started by startAlways is not ended on the return at line 123`
	if err != nil {
		return err
	}
	span.End()
	return nil
}
