// Package dualfunc writes deprecated keys beside their replacements in
// some places only. Dual emission is writing both for the same telemetry
// (the same call, attribute list or function); a replacement written
// elsewhere in the package does not excuse the deprecated key (a miss
// found on real code).
package dualfunc

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

func oldOnly(span trace.Span, code int) {
	span.SetAttributes(attribute.Int("http.status_code", code)) // want `attribute key "http.status_code" is deprecated`
}

func newOnly(span trace.Span, code int) {
	span.SetAttributes(attribute.Int("http.response.status_code", code))
}

// The same function: both keys describe the same response.
func both(span trace.Span, code int) {
	span.SetAttributes(attribute.Int("http.status_code", code))
	span.SetAttributes(attribute.Int("http.response.status_code", code))
}

// The same attribute list, at package level.
var methodAttrs = []attribute.KeyValue{
	attribute.String("http.method", "GET"),
	attribute.String("http.request.method", "GET"),
}

// Elided composite literal types are attribute literals too.
var elided = []attribute.KeyValue{{Key: "http.target", Value: attribute.StringValue("/")}} // want `attribute key "http.target" is deprecated`
