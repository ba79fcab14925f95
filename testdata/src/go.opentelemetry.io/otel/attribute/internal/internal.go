// Package internal is a hermetic stub of go.opentelemetry.io/otel/attribute/internal,
// which the real attribute package imports: the analyzers then see the
// attribute package as an OpenTelemetry package that imports one, as on
// real code.
package internal

// SliceValue mirrors the real helper's signature.
func SliceValue[T bool | int64 | float64 | string](v []T) any { return v }
