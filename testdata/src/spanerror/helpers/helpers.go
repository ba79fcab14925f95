// Package helpers holds error helpers used from another package.
package helpers

import (
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Fail records err and marks the span failed.
func Fail(span trace.Span, err error) { // want Fail:"recordsError\\(0\\)" Fail:"setsErrorStatus\\(0\\)"
	if err == nil {
		return
	}
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
}

// Record records err only.
func Record(err error, span trace.Span) { // want Record:"recordsError\\(1\\)"
	span.RecordError(err)
}
