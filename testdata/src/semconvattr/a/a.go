package a

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

const statusKey = "http.status_code" // want `attribute key "http.status_code" is deprecated in semantic conventions 1.44.0: renamed to "http.response.status_code"`

const methodKey = attribute.Key("http.request.methd") // want `attribute key "http.request.methd" is not defined by semantic conventions 1.44.0, which owns its namespace; did you mean "http.request.method"\?`

func deprecated(span trace.Span, code int) {
	span.SetAttributes(attribute.Int("http.status_code", code))       // want `attribute key "http.status_code" is deprecated in semantic conventions 1.44.0: renamed to "http.response.status_code"; consumers of the current conventions will not find it`
	span.SetAttributes(attribute.Key("http.url").String("https://x")) // want `attribute key "http.url" is deprecated .*renamed to "url.full"`
	span.SetAttributes(attribute.Int(statusKey, code))
	span.SetAttributes(attribute.Int(statusKey, code))
	// No replacement: no fix.
	span.SetAttributes(attribute.String("net.peer.name", "db")) // want `attribute key "net.peer.name" is deprecated in semantic conventions 1.44.0 \(uncategorized\) with no replacement`
	// The replacement is an int, the value a string: no fix.
	span.SetAttributes(attribute.String("http.status_code", "200")) // want `attribute key "http.status_code" is deprecated`
}

func typos(ctx context.Context, span trace.Span, c metric.Int64Counter) {
	span.SetAttributes(methodKey.String("GET"))
	c.Add(ctx, 1, metric.WithAttributes(attribute.String("http.request.methd", "GET"))) // want `did you mean "http.request.method"\?`
	span.SetAttributes(attribute.String("otel.custom", "x"))                            // want `attribute key "otel.custom" is in the otel namespace, which is reserved`
	// Defined by the specification (the metrics SDK's overflow attribute),
	// not by the registry: regression test from go.opentelemetry.io/otel/sdk/metric.
	span.SetAttributes(attribute.Bool("otel.metric.overflow", true))
	// Unknown keys in an owned namespace with no clear candidate: custom
	// keys are allowed there.
	span.SetAttributes(attribute.String("http.request.tenant_id", "t"))
	span.SetAttributes(attribute.String("db.redis.command_args", "x"))
}

func enums(span trace.Span, method string) {
	span.SetAttributes(attribute.String("http.request.method", "get")) // want `value "get" of attribute "http.request.method" differs only in case from the well-known value "GET"`
	span.SetAttributes(attribute.String("http.request.method", "GET"))
	span.SetAttributes(attribute.String("http.request.method", "PROPFIND")) // open enum: custom methods are allowed
	span.SetAttributes(attribute.String("http.request.method", method))     // not a constant
	span.SetAttributes(attribute.String("otel.status_code", "FAILED"))      // want `value "FAILED" is not allowed for attribute "otel.status_code", whose values are a closed set: "OK", "ERROR"`
	span.SetAttributes(attribute.String("otel.status_code", "ERROR"))
	span.SetAttributes(attribute.String("db.system.name", "postgres")) // open enum: not reported
}

func naming(span trace.Span, l log.Logger) {
	// A custom key whose intent is a registry key: the conventions' key is
	// suggested (not the key respelled).
	span.SetAttributes(attribute.String("userId", "u"))      // want `custom attribute key "userId" is not defined by the conventions, but "user.id" of semantic conventions 1.44.0 is; consumers of the conventions look for that key: use it if it holds the same value`
	span.SetAttributes(attribute.String("user-agent", "ua")) // want `custom attribute key "user-agent" is not defined by the conventions, but "user_agent.original" of semantic conventions 1.44.0 is`
	// Other spellings of custom keys are the team's choice: reported only
	// with the naming option (semconvattr/naming).
	span.SetAttributes(attribute.String("order-id", "o"))
	span.SetAttributes(attribute.String("shop..order", "o"))
	span.SetAttributes(attribute.String("app.order_id", "o"))     // ok
	span.SetAttributes(attribute.String("k8s.custom_label", "o")) // ok: owned namespace, no candidate
	span.SetAttributes(attribute.String("component", "x"))        // ok
	var r log.Record
	r.AddAttributes(log.String("orderID", "o"))
	r.AddAttributes(log.Int64("http.status_code", 1))     // want `attribute key "http.status_code" is deprecated`
	r.AddAttributes(log.Bytes("http.request.methd", nil)) // want `did you mean "http.request.method"`
}

func dynamic(span trace.Span, k string) {
	span.SetAttributes(attribute.String(k, "v"))            // not a constant
	span.SetAttributes(attribute.Key(k + ".x").String("v")) // not a constant
}
