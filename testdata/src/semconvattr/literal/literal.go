package literal

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"
)

// KeyValue literals write keys too.
func literals(span trace.Span, r *log.Record, code int) {
	span.SetAttributes(
		attribute.KeyValue{Key: "http.request.method", Value: attribute.StringValue("GET")},
		attribute.KeyValue{Key: "http.status_code", Value: attribute.IntValue(code)},         // want `attribute key "http.status_code" is deprecated .*renamed to "http.response.status_code"`
		attribute.KeyValue{Key: "server.port", Value: attribute.StringValue("443")},          // want `attribute "server.port" is int .* but a string value is written; .*: use Int64Value`
		attribute.KeyValue{Key: attribute.Key("orderId"), Value: attribute.StringValue("o")}, // custom spelling: only with the naming option
		attribute.KeyValue{Key: "http.request.method", Value: attribute.StringValue("get")},  // want `value "get" of attribute "http.request.method" differs only in case`
	)
	r.AddAttributes(log.KeyValue{Key: "http.request.methd", Value: log.StringValue("GET")}) // want `did you mean "http.request.method"`
}
