package types

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

func types(span trace.Span, code string) {
	span.SetAttributes(attribute.String("http.response.status_code", "200"))             // want `attribute "http.response.status_code" is int in semantic conventions 1.44.0, but a string value is written; .*: use Int64`
	span.SetAttributes(attribute.Key("http.response.status_code").String(code))          // want `but a string value is written; .*: use .Int64`
	span.SetAttributes(attribute.Float64("http.response.status_code", 200))              // want `is int .* but a double value is written`
	span.SetAttributes(attribute.Int64("http.request.body.size", 10))                    // ok
	span.SetAttributes(attribute.Int("server.port", 443))                                // ok
	span.SetAttributes(attribute.String("http.request.header.x-id", "1"))                // want `attribute "http.request.header.x-id" is string\[\] in .* use StringSlice`
	span.SetAttributes(attribute.StringSlice("http.request.header.x-id", []string{"1"})) // ok
	span.SetAttributes(attribute.Int("http.request.method", 1))                          // want `attribute "http.request.method" is string enum`
}
