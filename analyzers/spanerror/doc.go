// Package spanerror defines an Analyzer that reports errors recorded on a
// span whose status is never set to codes.Error.
//
// # Analyzer spanerror
//
// spanerror: error recorded on a span that ends with its status unset
//
// The analyzer follows each span.RecordError(err) (and each call to a
// helper that records an error on the span it is passed without setting
// its status) along the paths of the function's control flow, and reports
// it when the span can reach span.End, or a return that runs a deferred
// span.End, before span.SetStatus(codes.Error, ...) is called. A helper
// that sets the status counts (setsErrorStatus facts carry helpers across
// packages, and recordsError facts carry helpers that only record), and so
// does a deferred function that records or sets the status; a span handed
// to another function, stored or returned is not followed further.
//
// A cancellation is not a failure: a RecordError on a path where the code
// has just found that the error is context.Canceled (errors.Is(err,
// context.Canceled), or context.DeadlineExceeded when the code tests for
// it explicitly) needs no error status, so such paths are not reported.
//
// With the error-returns option, it also reports each return of a non-nil
// error (one built with errors.New or fmt.Errorf, or checked against nil on
// the way) on a path where the function's span, ended by a defer, saw
// neither RecordError nor an error status.
//
// # Why
//
// RecordError only adds an "exception" event; the status of the span stays
// Unset, so tracing backends show the request as successful and error-rate
// queries and alerts, which read the status, miss it.
//
// The suggested fix adds span.SetStatus(codes.Error, err.Error()) after the
// RecordError statement when span and err are plain identifiers and codes
// is imported (or can be added to the import block) under a name that
// nothing shadows.
//
// # Bad
//
//	if err != nil {
//		span.RecordError(err)
//		return err
//	}
//
// # Good
//
//	if err != nil {
//		span.RecordError(err)
//		span.SetStatus(codes.Error, err.Error())
//		return err
//	}
//
// # Options
//
//   - tests: also check _test.go files. Default false.
//   - error-returns: also report returns of a non-nil error where the span
//     saw neither RecordError nor SetStatus(codes.Error). Default: false.
package spanerror
