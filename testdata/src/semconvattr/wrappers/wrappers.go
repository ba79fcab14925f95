package wrappers

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// SetTag writes its key parameter: keys passed to it are checked where it is called.
func SetTag(span trace.Span, key, value string) { // want SetTag:"keyParams\\(1:string\\)"
	span.SetAttributes(attribute.String(key, value))
}

// Tag wraps SetTag.
func Tag(span trace.Span, k string) { // want Tag:"keyParams\\(1:string\\)"
	SetTag(span, k, "x")
}

// Attr writes its key with several kinds: the kind is unknown.
func Attr(k string, v any) attribute.KeyValue { // want Attr:"keyParams\\(0\\)"
	switch v := v.(type) {
	case int:
		return attribute.Int(k, v)
	default:
		return attribute.String(k, "")
	}
}

// Closures do not make their enclosing function a wrapper.
func Later(span trace.Span) func(string) {
	return func(k string) { span.SetAttributes(attribute.Bool(k, true)) }
}

func local(span trace.Span) {
	SetTag(span, "http.request.methd", "GET")        // want `did you mean "http.request.method"`
	Tag(span, "userId")                              // want `custom attribute key "userId" is not defined by the conventions, but "user.id"`
	SetTag(span, "http.response.status_code", "200") // want `attribute "http.response.status_code" is int .* but a string value is written; .* \(through the function called here\)`
	_ = Attr("http.response.status_code", 200)       // kind unknown: no type finding
	Later(span)("Bad-Key")                           // not followed into closures
}
