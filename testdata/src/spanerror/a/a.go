package a

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("a")

func work(ctx context.Context) error { return nil }

func recordOnly(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err) // want `RecordError records an error but span "span" can end at line 21 with its status unset`
		return err
	}
	return nil
}

func recordAndStatus(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		return err
	}
	return nil
}

func statusFirst(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.SetStatus(codes.Error, "failed")
		span.RecordError(err)
		return err
	}
	return nil
}

func explicitEnd(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "x")
	err := work(ctx)
	if err != nil {
		span.RecordError(err) // want `can end at line 54 with its status unset`
	}
	span.End()
}

func statusOk(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "x")
	err := work(ctx)
	span.RecordError(err) // want `can end at line 62`
	span.SetStatus(codes.Ok, "")
	span.End()
}

// A deferred function that sets the status covers every return.
func deferredStatus(ctx context.Context) (err error) {
	ctx, span := tracer.Start(ctx, "x")
	defer func() {
		if err != nil {
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}()
	if err = work(ctx); err != nil {
		span.RecordError(err)
		return err
	}
	return nil
}

// A span from the context is not ended here: whoever ends it may set the status.
func fromContext(ctx context.Context) error {
	span := trace.SpanFromContext(ctx)
	if err := work(ctx); err != nil {
		span.RecordError(err)
		return err
	}
	return nil
}

// A helper that sets the status on the span it is passed.
func fail(span trace.Span, err error) { // want fail:"recordsError\\(0\\)" fail:"setsErrorStatus\\(0\\)"
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
}

func usesFail(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err)
		fail(span, err)
		return err
	}
	return nil
}

// A helper that records only: its callers are checked.
func record(span trace.Span, err error) { // want record:"recordsError\\(0\\)"
	span.RecordError(err)
}

func usesRecord(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		record(span, err) // want `record records an error but span "span" can end at line 118 with its status unset`
		return err
	}
	return nil
}

// The span is handed back: the caller decides.
func handedBack(ctx context.Context) (trace.Span, error) {
	_, span := tracer.Start(ctx, "x")
	if err := work(ctx); err != nil {
		span.RecordError(err)
		return span, err
	}
	return span, nil
}

func nonIdentErr(ctx context.Context) {
	_, span := tracer.Start(ctx, "x")
	defer span.End()
	span.RecordError(errors.New("boom")) // want `RecordError records an error`
}

// A deferred closure records the error; the span ends right after it, in
// the deferred End registered first (found on openfga).
func deferredRecord(ctx context.Context) (err error) {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	defer func() {
		if err != nil {
			span.RecordError(err) // want `RecordError records an error but span "span" can end at line 148 with its status unset`
		}
	}()
	return work(ctx)
}

func deferredRecordAndStatus(ctx context.Context) (err error) {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	defer func() {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
	}()
	return work(ctx)
}
